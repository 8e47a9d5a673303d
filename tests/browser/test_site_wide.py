"""Whole-site browser checks: no outside request anywhere; every pitch checklist on one A4 page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ap_browser import pdf_pages
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_no_built_page_makes_a_request_outside_the_site(page: Page, real_site: Any, outside: list[str]) -> None:
    """Crawl every page of both languages (404 pages included) and record every request."""
    site = real_site.site
    urls = sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))
    assert len([u for u in urls if u.startswith("zh/")]) >= 20 and len(urls) >= 40
    for url in urls:
        page.goto(url, wait_until="networkidle")
    assert outside == []


@pytest.mark.parametrize("lang", ["", "zh/"], ids=["en", "zh"])
@pytest.mark.parametrize("checklist", ["pitch-prep", "pitch-day", "pitch-follow-up"])
def test_each_pitch_checklist_prints_on_one_a4_page(page: Page, poppler: None, tmp_path: Path, lang: str, checklist: str) -> None:
    page.goto(f"{lang}checklists/{checklist}/")
    page.wait_for_selector("html[data-ap-ready]")
    pdf = tmp_path / f"{checklist}.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf_pages(pdf) == 1
