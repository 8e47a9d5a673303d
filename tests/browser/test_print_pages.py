"""Ordinary playbook pages on paper (Chromium's print to PDF, A4): every sheet names the page
and its address in the footer, with a page number; headings print dark and never end a sheet;
tables fit the sheet."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ap_browser import ARTIFACTS, pdf_pages, pdf_text
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PAGES = ["start-here/", "expectations/", "crisis/", "zh/start-here/", "zh/expectations/", "zh/crisis/"]


def _print(page: Page, url: str, base_url: str) -> tuple[Path, str, list[str]]:
    page.goto(base_url + url)
    title = page.locator(".md-content h1").first.inner_text().replace("¶", "").strip()
    headings = [h.replace("¶", "").strip() for h in page.locator(".md-content h2, .md-content h3").all_inner_texts()]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"page-{url.strip('/').replace('/', '-')}.pdf"
    page.pdf(path=str(pdf), format="A4")
    return pdf, title, headings


@pytest.mark.parametrize("url", PAGES)
def test_every_sheet_carries_the_page_title_address_and_number(page: Page, poppler: None, base_url: str, url: str) -> None:
    pdf, title, _ = _print(page, url, base_url)
    pages = pdf_pages(pdf)
    assert pages >= 2, "pick a page long enough to need several sheets"
    for n in range(1, pages + 1):
        text = pdf_text(pdf, n)
        foot = [line.strip() for line in text.splitlines() if line.strip()][-3:]
        joined = " ".join(foot)
        assert title in joined, f"sheet {n} of {url}: no title in the footer {foot}"
        assert re.search(rf"http://\S+/{re.escape(url)}", joined), f"sheet {n} of {url}: no address in the footer {foot}"
        assert f"{n} / {pages}" in joined or f"{n}/{pages}" in joined.replace(" ", ""), f"sheet {n}: no page number in {foot}"


@pytest.mark.parametrize("url", PAGES)
def test_no_heading_ends_a_sheet(page: Page, poppler: None, base_url: str, url: str) -> None:
    pdf, title, headings = _print(page, url, base_url)
    stranded = []
    for n in range(1, pdf_pages(pdf)):  # the last sheet may end anywhere
        lines = [line.strip() for line in pdf_text(pdf, n).splitlines() if line.strip()]
        body = [line for line in lines if title not in line and not re.fullmatch(r"\d+ / \d+", line)]
        if body and any(body[-1] == h or (len(body[-1]) > 8 and h.startswith(body[-1])) for h in headings):
            stranded.append(f"sheet {n} ends with the heading {body[-1]!r}")
    assert stranded == []


@pytest.mark.parametrize("url", ["expectations/", "zh/start-here/"])
def test_headings_print_dark_and_tables_fit_the_sheet(page: Page, base_url: str, url: str) -> None:
    # The printable width of an A4 sheet inside Material's 25 mm margins: 160 mm = 605 px.
    page.set_viewport_size({"width": 605, "height": 900})
    page.goto(base_url + url)
    page.emulate_media(media="print")
    colours = page.locator(".md-content h1, .md-content h2, .md-content h3").evaluate_all(
        "els => [...new Set(els.map(e => getComputedStyle(e).color))]"
    )
    assert colours == ["rgb(0, 0, 0)"], colours
    overflow = page.locator(".md-content table").evaluate_all(
        """els => {
            const edge = document.querySelector(".md-content").getBoundingClientRect().right + 1;
            return els.filter(t => t.getBoundingClientRect().right > edge).map(t => t.rows[0].innerText.slice(0, 60));
        }"""
    )
    assert page.locator(".md-content table").count() > 0
    assert overflow == [], f"tables wider than the sheet: {overflow}"


def test_checklist_pages_keep_their_own_print_footer(real_site: Any) -> None:
    """The sheet footer is for playbook pages; checklists print their own address line."""
    assert 'class="ap-sheet-foot"' in real_site.page("pitching/")
    assert 'class="ap-sheet-foot"' not in real_site.page("checklists/pitch-prep/")
