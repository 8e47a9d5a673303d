"""Checklist pages as readers use them (issue 12): honest printouts, one toolbar on the pack,
phones, the Chinese interface and zero axe findings."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ap_browser import ARTIFACTS, PAGES, demo, pdf_pages, ready
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

URL = "checklists/pitch-prep/"
PACK = "checklists/pitch-pack/"
PHONE = {"width": 390, "height": 844}
# Role codes kept in Chinese (each shown with its explanation), and the size unit.
CODES = {"AE", "AM", "AD", "BD", "MD", "KB"}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def printed(page: Page, name: str) -> tuple[Path, str]:
    """Prints the page to an A4 PDF; returns it with its text in drawing order."""
    path = ARTIFACTS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(path), format="A4")
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return path, flat(text)


@pytest.fixture
def demo_url(mini_site: Any, serve: Any) -> str:
    """A small checklist: two AE items, one AM, one AD and AM, one for everyone."""
    items = [("a", "AE"), ("b", "AM"), ("c", "AD, AM"), ("d", ""), ("e", "AE, planner")]
    site = mini_site(pages=PAGES, checklists={"demo.yml": demo(items)})
    assert site.ok, site.messages
    return serve(site.site) + "checklists/demo/"


def phone(browser: Any, base_url: str) -> Any:
    return browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=base_url)


# --- The role filter says what it hides, on screen and on paper


def test_filter_notice_on_screen_with_one_click_show_all(page: Page, demo_url: str) -> None:
    ready(page, demo_url)
    notice = page.locator(".ap-filter")
    expect(notice).to_be_hidden()
    page.locator(".ap-role").select_option("AE")
    expect(notice).to_be_visible()
    expect(notice).to_have_text("Showing AE (account executive) items only (2 hidden) · Show all")
    expect(page.locator(".ap-item:visible")).to_have_count(3)
    notice.get_by_role("button", name="Show all").click()
    expect(notice).to_be_hidden()
    expect(page.locator(".ap-item:visible")).to_have_count(5)
    expect(page.locator(".ap-role")).to_have_value("")
    assert page.evaluate("localStorage.getItem('ap:v1:role')") == ""


def test_filter_notice_in_chinese(page: Page, demo_url: str) -> None:
    ready(page, demo_url.replace("checklists/", "zh/checklists/"))
    page.locator(".ap-role").select_option("planner")
    expect(page.locator(".ap-role option:checked")).to_have_text("策划")
    expect(page.locator(".ap-filter")).to_have_text("只显示策划的项（隐藏 3 项） · 显示全部")


def test_printed_sheet_states_the_filter(page: Page, demo_url: str, poppler: None) -> None:
    ready(page, demo_url)
    _, text = printed(page, "demo-all.pdf")
    assert "hidden" not in text
    assert "Do a" in text and "Do b" in text
    page.locator(".ap-role").select_option("AM")
    _, text = printed(page, "demo-am.pdf")
    assert "Showing AM (account manager) items only (2 hidden)" in text
    assert "Show all" not in text
    assert "(2 hidden) ·" not in text
    assert "Do b" in text and "Do a" not in text


def test_printed_sheet_shows_the_run_name_unless_default(page: Page, demo_url: str, poppler: None) -> None:
    ready(page, demo_url)
    _, text = printed(page, "demo-default-run.pdf")
    assert "Run:" not in text
    page.locator(".ap-more > summary").click()
    page.locator(".ap-menu").get_by_role("button", name="New run").click()
    page.get_by_label("Name of the run").fill("Acme spring pitch")
    page.get_by_role("button", name="Save").click()
    _, text = printed(page, "demo-named-run.pdf")
    assert "Run: Acme spring pitch" in text
    ready(page, demo_url.replace("checklists/", "zh/checklists/"))
    _, text = printed(page, "demo-named-run-zh.pdf")
    assert "轮次：Acme spring pitch" in text


def test_print_layout_marks_critical_in_black_and_white(page: Page, poppler: None) -> None:
    ready(page, URL)
    _, text = printed(page, "pitch-prep-layout.pdf")
    assert "! CRITICAL" in text
    assert "Last reviewed" not in text, "the version is printed twice"
    assert text.count("Version:") == 1
    page.emulate_media(media="print")
    style = page.locator(".ap-critical").first.evaluate(
        "e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor, s.borderTopStyle, s.borderTopColor]; }"
    )
    assert style == ["rgb(0, 0, 0)", "rgba(0, 0, 0, 0)", "solid", "rgb(0, 0, 0)"]


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_rows_of_even_height_on_paper(page: Page, lang: str) -> None:
    page.set_viewport_size({"width": 703, "height": 1000})  # A4 less the 12 mm margins, at 96 dpi
    ready(page, lang + URL)
    page.emulate_media(media="print")
    rows = page.locator(".ap-item").evaluate_all(
        "items => items.map(i => [i.querySelector('label').getBoundingClientRect().height, i.getBoundingClientRect().height])"
    )
    # Every row whose text takes one line has the same height, whatever its badges and link.
    one_line = min(label for label, _ in rows)
    heights = {round(row) for label, row in rows if label < one_line * 1.5}
    assert len(heights) == 1, rows
    assert len([1 for label, _ in rows if label < one_line * 1.5]) >= len(rows) * 0.6
    # The section name (set beside the text) never runs into the next row.
    overflow = page.locator(".ap-item").evaluate_all(
        """items => items.map(i => i.querySelector('.ap-why').getBoundingClientRect().bottom
            - i.getBoundingClientRect().bottom).filter(d => d > 0.5)"""
    )
    assert overflow == []


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_checklists_index_fits_two_desktop_screens_and_reads_on_a_phone(browser: Any, base_url: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=base_url)
    page = context.new_page()
    ready(page, lang + "checklists/")
    rows = page.locator("tr.ap-card")
    assert rows.count() >= 18, "the index lists every current checklist"
    bottom = rows.last.evaluate("row => row.getBoundingClientRect().bottom + scrollY")
    assert bottom <= 2 * 800, f"the last checklist ends {bottom:.0f} px down"
    # The same columns in every group, so the eye runs straight down them.
    lefts = page.locator("table.ap-checklists td:nth-child(2)").evaluate_all(
        "cells => new Set(cells.map(c => Math.round(c.getBoundingClientRect().left))).size"
    )
    assert lefts == 1
    # A phone shows checklist, owner and progress on one line and "when" under them.
    page.set_viewport_size(PHONE)
    for row in rows.all()[:5]:
        title, when, owner, progress = (row.locator("td").nth(i).bounding_box() for i in range(4))
        assert title and when and owner and progress
        assert abs(progress["y"] - title["y"]) < title["height"] and owner["x"] > title["x"] + title["width"] - 1
        assert when["y"] >= title["y"] + title["height"] - 1
        assert row.locator("a").bounding_box()["height"] >= 44  # type: ignore[index]
    context.close()


def test_nothing_moves_when_the_script_fills_the_page(browser: Any, base_url: str) -> None:
    """The toolbar and progress lines have their place from the start (no layout shift)."""
    for viewport in (PHONE, {"width": 1280, "height": 800}):
        context = browser.new_context(viewport=viewport, base_url=base_url)
        page = context.new_page()
        page.add_init_script(
            """window.apShifts = [];
            const name = (s) => (s.node && s.node.nodeType === 1 ? s.node.className || s.node.nodeName : "");
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) window.apShifts.push(...entry.sources.map(name));
            }).observe({type: "layout-shift", buffered: true});"""
        )
        ready(page, URL)
        page.wait_for_timeout(300)
        moved = page.evaluate("window.apShifts")
        assert [name for name in moved if "ap-" in name or name in ("H2", "UL", "P")] == [], moved
        context.close()


def test_without_javascript_the_controls_that_need_it_are_hidden(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(URL)
    expect(page.locator(".ap-noscript")).to_be_visible()
    expect(page.locator(".ap-toolbar")).to_be_hidden()
    expect(page.locator(".ap-pp").first).to_be_hidden()
    expect(page.locator(".ap-item").first).to_be_visible()
    context.close()


def test_notes_box_where_space_allows(page: Page, demo_url: str, poppler: None) -> None:
    ready(page, demo_url)
    pdf, text = printed(page, "demo-notes.pdf")
    assert "Notes" in text
    assert pdf_pages(pdf) == 1
    expect(page.locator(".ap-notes")).to_be_hidden()  # paper only


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_every_checklist_with_a_notes_box_prints_on_one_page(page: Page, lang: str, poppler: None) -> None:
    ready(page, lang + "checklists/")
    ids = page.locator(".ap-card").evaluate_all("rows => rows.map(r => r.dataset.checklist)")
    assert ids
    with_notes = 0
    for checklist in ids:
        ready(page, f"{lang}checklists/{checklist}/")
        if page.locator(".ap-notes").count():
            with_notes += 1
            pdf, _ = printed(page, f"notes-{lang.strip('/') or 'en'}-{checklist}.pdf")
            assert pdf_pages(pdf) == 1, f"{lang}{checklist}: the notes box pushed the sheet to {pdf_pages(pdf)} pages"
    assert with_notes > 0


# --- The pitch pack: one toolbar, one Print button, one page per checklist


def test_pitch_pack_has_one_toolbar_and_one_print_button(page: Page) -> None:
    ready(page, PACK)
    expect(page.locator(".ap-toolbar .ap-status")).to_have_count(1)
    expect(page.get_by_role("button", name="Print", exact=True)).to_have_count(1)
    toolbar = page.locator(".ap-toolbar:has(.ap-status)")
    first_title = page.locator("h2.ap-pack-title").first
    assert toolbar.bounding_box()["y"] < first_title.bounding_box()["y"], "the toolbar is not at the top"
    total = page.locator(".ap-box").count()
    expect(toolbar.locator(".ap-status")).to_have_text(f"0 of {total}")
    page.locator(".ap-box").nth(3).check()
    expect(toolbar.locator(".ap-status")).to_have_text(f"1 of {total}")
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    ready(page, PACK)
    page.get_by_role("button", name="Print", exact=True).click()
    assert page.evaluate("window.__printed") == 1


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_each_pack_checklist_prints_on_one_page(page: Page, lang: str, poppler: None) -> None:
    ready(page, lang + PACK)
    checklists = page.locator(".ap-checklist").count()
    pdf, _ = printed(page, f"pack-{lang.strip('/') or 'en'}.pdf")
    assert pdf_pages(pdf) == checklists


def test_pack_filter_states_hidden_items_per_checklist(page: Page, poppler: None) -> None:
    ready(page, PACK)
    page.locator(".ap-role").select_option("AE")
    notices = page.locator(".ap-filter:visible")
    expect(notices.first).to_contain_text("Showing AE (account executive) items only")
    _, text = printed(page, "pack-ae.pdf")
    hidden = page.locator(".ap-filter").evaluate_all("ps => ps.filter(p => !p.hidden).map(p => p.firstChild.textContent)")
    for line in hidden:
        assert flat(line).rstrip(" ·") in text


# --- Phones


def test_phone_first_item_soon_compact_toolbar_and_big_tap_targets(browser: Any, base_url: str) -> None:
    context = phone(browser, base_url)
    page = context.new_page()
    for url in (URL, "zh/" + URL):
        ready(page, url)
        top = page.locator(".ap-item").first.evaluate("e => e.getBoundingClientRect().top + scrollY")
        assert top + 44 < 1.5 * PHONE["height"], f"first item at {top}px"
        toolbar = page.locator(".ap-toolbar")
        assert toolbar.bounding_box()["height"] < 200
        expect(toolbar.locator(".ap-run")).to_be_visible()
        expect(toolbar.locator("button.ap-primary")).to_be_visible()
        expect(toolbar.locator(".ap-menu button").first).to_be_hidden()
        toolbar.locator(".ap-more > summary").tap()
        targets = page.locator(
            ".ap-toolbar :is(button, select, summary, .ap-menu label):visible, .ap-item label, .ap-item .ap-why"
        )
        sizes = targets.evaluate_all(
            "els => els.map(e => [e.textContent.trim().slice(0, 30), Math.round(e.getBoundingClientRect().height)])"
        )
        small = [size for size in sizes if size[1] < 44]
        assert small == [], f"tap targets under 44 px: {small[:5]}"
    context.close()


def test_phone_in_page_form_targets(browser: Any, base_url: str) -> None:
    context = phone(browser, base_url)
    page = context.new_page()
    ready(page, URL)
    page.locator(".ap-more > summary").tap()
    page.locator(".ap-menu").get_by_role("button", name="Rename").tap()
    form = page.locator(".ap-form")
    heights = form.locator("input, button").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert len(heights) == 3 and min(heights) >= 44, heights
    context.close()


# --- Chinese is Chinese


def ascii_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{2,}", text)) - CODES


def test_chinese_interface_has_no_english(page: Page) -> None:
    ready(page, "zh/" + URL)
    strings = json.loads(page.locator("script.ap-ui").text_content() or "{}")
    for key, value in strings.items():
        if isinstance(value, str):
            assert ascii_words(value) == set(), f"{key}: {value!r}"
            half_width = re.search(r"[\u4e00-\u9fff][:;,?!()]|[:;,?!()][\u4e00-\u9fff]", value)
            assert not half_width, f"half-width punctuation: {value!r}"
    page.locator(".ap-role").select_option("AE")
    page.locator(".ap-more > summary").click()
    shown = " ".join(
        page.locator(".ap-toolbar, .ap-filter:visible, .ap-pp").all_inner_texts()
        + page.locator(".ap-toolbar option").all_inner_texts()
    )
    assert ascii_words(shown) == set(), shown
    page.locator(".ap-menu").get_by_role("button", name="重命名").click()
    assert ascii_words(page.locator(".ap-form").inner_text()) == set()
    assert (page.locator(".ap-name").get_attribute("placeholder") or "").startswith("例如：")


# --- Accessibility: axe finds nothing, in both palettes and both widths


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_nothing_on_a_checklist(browser: Any, base_url: str, scheme: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme, base_url=base_url)
    page = context.new_page()
    for url in (URL, "zh/" + URL):
        ready(page, url)
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        # Ticked rows, an open menu, an active filter and an in-page form: every state the reader sees.
        page.locator(".ap-role").select_option(index=1)
        page.locator(".ap-box:visible").nth(0).check()
        page.locator(".ap-box:visible").nth(1).check()
        page.locator(".ap-more > summary").click()
        results = Axe().run(page, context=".md-content")
        found = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]
        assert found == [], f"{url} {scheme} {width}px"
        page.locator(".ap-menu button").nth(1).click()
        results = Axe().run(page, context=".ap-toolbar")
        assert results.response["violations"] == []
    context.close()
