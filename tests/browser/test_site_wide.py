"""Whole-site browser checks: no failed request and none outside the site on any page, the
language alternates and switchers, every pitch checklist on one A4 page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from ap_browser import pdf_pages
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


def test_no_page_makes_a_failed_request_or_one_outside_the_site(browser: Browser, base_url: str, real_site: Any) -> None:
    """Crawl every page of both languages (404 pages included) and record every request:
    none may fail (status >= 400, or no answer) and none may leave 127.0.0.1. Material asks
    for `sitemap.xml` next to each `<link rel="alternate">`; the search worker loads its
    index: both must be there (mkdocs-material #6582)."""
    site = real_site.site
    urls = sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))
    assert len([u for u in urls if u.startswith("zh/")]) >= 20 and len(urls) >= 40
    context = browser.new_context()
    page = context.new_page()
    current = {"url": ""}
    failed: list[str] = []
    outside: list[str] = []
    seen: set[str] = set()

    def response(r: Any) -> None:
        seen.add(urlsplit(r.url).path)
        if r.status >= 400:
            failed.append(f"/{current['url']}: {r.status} {r.url}")

    def request(r: Any) -> None:
        parts = urlsplit(r.url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1":
            outside.append(f"/{current['url']}: {r.url}")

    page.on("response", response)
    page.on("requestfailed", lambda r: failed.append(f"/{current['url']}: failed {r.url} ({r.failure})"))
    context.on("request", request)
    try:
        for url in urls:
            current["url"] = url
            page.goto(base_url + url, wait_until="networkidle")
    finally:
        context.close()
    assert failed == [], "\n".join(failed)
    assert outside == [], "\n".join(outside)
    assert {"/sitemap.xml", "/zh/sitemap.xml", "/search/search_index.json", "/zh/search/search_index.json"} <= seen


def test_language_alternates_point_at_language_roots_with_a_sitemap(real_site: Any) -> None:
    """Head alternates lead to each language's root (where its sitemap is); the switcher in
    the header still leads page to page; each sitemap lists its own language only."""
    zh = real_site.page("zh/pitching/")
    assert re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="(\w+)"', zh) == [("../../", "en"), ("../../zh/", "zh")]
    assert '<a href="../../pitching/" hreflang="en" class="md-select__link" target="_self">' in zh
    locs = re.findall(r"<loc>([^<]+)</loc>", (real_site.site / "zh" / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all("/zh/" in loc for loc in locs)
    assert any(loc.endswith("/zh/checklists/pitch-prep/") for loc in locs)


@pytest.mark.parametrize("lang", ["", "zh/"], ids=["en", "zh"])
def test_each_404_switcher_leads_to_the_language_homes(real_site: Any, lang: str) -> None:
    html = (real_site.site / lang / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]*)" hreflang="(\w+)" class="md-select__link" target="_self">', html)
    assert links == [("/", "en"), ("/zh/", "zh")], links


def test_switching_language_keeps_the_page(browser: Browser, base_url: str) -> None:
    """With the alternates at the language roots (and their sitemaps loaded), a click on the
    switcher still lands the reader on the same page in the other language, both ways."""
    context = browser.new_context()
    page = context.new_page()
    try:
        for start, other, expected in (("meetings/", "zh", "/zh/meetings/"), ("zh/meetings/", "en", "/meetings/")):
            page.goto(base_url + start, wait_until="networkidle")
            page.locator(".md-header .md-select").hover()
            page.locator(f'.md-header a.md-select__link[hreflang="{other}"]').click()
            page.wait_for_load_state("load")
            assert urlsplit(page.url).path == expected
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["", "zh/"], ids=["en", "zh"])
@pytest.mark.parametrize("checklist", ["pitch-prep", "pitch-day", "pitch-follow-up"])
def test_each_pitch_checklist_prints_on_one_a4_page(page: Page, poppler: None, tmp_path: Path, lang: str, checklist: str) -> None:
    page.goto(f"{lang}checklists/{checklist}/")
    page.wait_for_selector("html[data-ap-ready]")
    pdf = tmp_path / f"{checklist}.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf_pages(pdf) == 1
