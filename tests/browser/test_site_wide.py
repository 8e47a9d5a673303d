"""Whole-site browser checks: the language alternates and switchers, every pitch checklist on
one A4 page (the crawl of every page for failed or outside requests is in test_a11y.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from ap_browser import pdf_pages
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


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
