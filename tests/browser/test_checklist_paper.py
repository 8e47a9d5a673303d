"""Checklists on paper (PDF through Chromium's print), accessibility (axe) and offline loading."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ap_browser import ARTIFACTS, PAGES, pdf_pages, pdf_text, ready
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

NAV_TITLES = ["Knowing the client", "Glossary", "Table of contents", "Type to start searching"]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def raw_text(pdf: Path) -> str:
    """The PDF's text in drawing order, so that a label wrapped over two lines reads as one."""
    return flat(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)


def print_pdf(page: Page, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(path), format="A4")
    return path


def to_png(pdf: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(pdf.with_suffix(""))], check=True)
    return sorted(pdf.parent.glob(pdf.stem + "-*.png"))


def test_checklist_prints_on_one_a4_page(page: Page, poppler: None) -> None:
    ready(page, "checklists/pitch-prep/")
    page.screenshot(path=str(ARTIFACTS / "pitch-prep-screen.png"), full_page=True)
    labels = [flat(t) for t in page.locator(".ap-item label").all_inner_texts()]
    sections = [flat(t) for t in page.locator(".ap-item a.ap-why").evaluate_all("a => a.map(x => x.lastChild.textContent)")]
    hrefs = page.locator(".ap-item a.ap-why").evaluate_all("a => a.map(x => x.getAttribute('href'))")
    page.locator(".ap-box").first.check()
    pdf = print_pdf(page, ARTIFACTS / "pitch-prep.pdf")
    to_png(pdf)
    assert pdf_pages(pdf) == 1
    text = flat(pdf_text(pdf))
    for nav in NAV_TITLES:
        assert nav not in text, f"site chrome printed: {nav!r}"
    for field in ("Client", "Project / pitch", "Date", "Owner", "Version: ", "Address: "):
        assert field in text
    raw = raw_text(pdf)
    for label in labels:
        assert label in raw, f"item missing from the printout: {label!r}"
    for section in sections:
        assert section in raw
    for href in hrefs:
        assert href.lstrip("./") not in text, "a why-link printed its URL"
    for ui in ("New run", "Export", "Print with my ticks", "1 of"):
        assert ui not in text, f"toolbar printed: {ui!r}"
    # Empty boxes for a pen unless the reader asks for their ticks.
    assert "✓" not in text
    page.locator(".ap-more > summary").click()
    page.get_by_label("Print with my ticks").check()
    ticked = print_pdf(page, ARTIFACTS / "pitch-prep-ticks.pdf")
    assert pdf_text(ticked).count("✓") == 1
    assert pdf_pages(ticked) == 1


def test_print_button_prints(page: Page) -> None:
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    ready(page, "zh/checklists/pitch-prep/")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.__printed") == 1


def test_pitch_pack_starts_each_checklist_on_a_new_page(page: Page, poppler: None) -> None:
    ready(page, "checklists/pitch-pack/")
    titles = [flat(t).rstrip("¶").strip() for t in page.locator("h2.ap-pack-title").all_inner_texts()]
    assert titles
    pdf = print_pdf(page, ARTIFACTS / "pitch-pack.pdf")
    to_png(pdf)
    pages = pdf_pages(pdf)
    assert pages >= len(titles)
    starts: list[int] = []
    for number in range(1, pages + 1):
        lines = [line.strip() for line in pdf_text(pdf, number).splitlines() if line.strip()]
        first = [flat(line) for line in lines[:2]]  # the pack title may come first on page 1
        starts += [number for title in titles if title in first]
    assert len(starts) == len(titles), f"each checklist must start a page: {titles} found at {starts}"
    assert starts == sorted(set(starts))


def long_checklist(n: int) -> str:
    """A checklist of n items with realistic, fairly long texts over five pause points."""
    lines = [
        "id: long",
        "title: {en: A long checklist, zh: 一份长清单}",
        "summary: {en: Twenty-five items., zh: 二十五项。}",
        "when: {en: Before the pitch, zh: 提案之前}",
        "mode: do-confirm",
        "owner: AD",
        "last_reviewed: 2026-11-01",
        "pause_points:",
    ]
    for p in range(5):
        lines += [f"  - id: point-{p}", f"    title: {{en: Pause point number {p + 1}, zh: 第 {p + 1} 个暂停点}}", "    items:"]
        for i in range(n // 5):
            lines += [
                f"      - id: item-{p}-{i}",
                f"        text: {{en: Confirm with the client team that item {p}-{i} is agreed and written down, "
                f"zh: 与客户团队确认第 {p}-{i} 项已经商定并写成文字}}",
                "        link: pitching.md#rehearse",
                "        roles: [AM, AD]",
            ]
            if i == 0:
                lines.append("        critical: true")
    return "\n".join(lines) + "\n"


def test_twenty_five_items_fit_one_a4_page(page: Page, mini_site: Any, serve: Any, poppler: None, tmp_path: Path) -> None:
    site = mini_site(pages=PAGES, checklists={"long.yml": long_checklist(25)})
    assert site.ok, site.messages
    url = serve(site.site)
    for lang in ("", "zh/"):
        ready(page, url + lang + "checklists/long/")
        assert page.locator(".ap-item").count() == 25
        pdf = print_pdf(page, ARTIFACTS / f"long-{lang.strip('/') or 'en'}.pdf")
        if not lang:
            to_png(pdf)
        assert pdf_pages(pdf) == 1, f"25 items ({lang or 'en'}) took {pdf_pages(pdf)} pages"


AXE_PAGES = ["checklists/pitch-prep/", "checklists/", "pitching/"]


@pytest.mark.parametrize("url", AXE_PAGES + ["zh/" + url for url in AXE_PAGES])
def test_no_serious_axe_violations(page: Page, url: str) -> None:
    page.goto(url)
    if "checklists/" in url:
        expect(page.locator("html[data-ap-ready]")).to_have_count(1)
    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


def test_no_request_leaves_localhost(page: Page, outside: list[str]) -> None:
    for url in ("", "pitching/", "checklists/", "checklists/pitch-prep/", "checklists/pitch-pack/", "zh/checklists/pitch-prep/"):
        page.goto(url, wait_until="networkidle")
    assert outside == []
