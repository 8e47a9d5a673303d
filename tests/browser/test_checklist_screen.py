"""Checklist pages on screen: ticks, runs, storage trouble, tabs, roles, keyboard, languages."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from ap_browser import PAGES, demo, ready
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

URL = "checklists/pitch-prep/"
KEY = "ap:v1:checklist:pitch-prep"


def stored(page: Page, key: str = KEY) -> Any:
    raw = page.evaluate("key => localStorage.getItem(key)", key)
    return None if raw is None else json.loads(raw)


def box(page: Page, item: str) -> Any:
    return page.locator(f'.ap-box[data-item="{item}"]')


def items(page: Page) -> list[str]:
    return page.locator(".ap-box").evaluate_all("boxes => boxes.map(b => b.dataset.item)")


def own_errors(errors: list[str]) -> list[str]:
    return [e for e in errors if "checklist.js" in e]


def test_tick_survives_reload_and_untick_too(page: Page, errors: list[str]) -> None:
    ready(page, URL)
    first = items(page)[0]
    label = page.locator(f'label[for="ap-pitch-prep--{first}"]').inner_text()
    # The accessible name of the checkbox is the item text.
    page.get_by_role("checkbox", name=label, exact=True).check()
    total = len(items(page))
    expect(page.locator(".ap-toolbar .ap-status")).to_have_text(f"1 of {total}")
    assert stored(page)["runs"]["default"]["ticks"] == {first: True}
    page.reload()
    expect(box(page, first)).to_be_checked()
    expect(page.locator(".ap-toolbar .ap-status")).to_have_text(f"1 of {total}")
    box(page, first).uncheck()
    page.reload()
    expect(page.locator(".ap-toolbar .ap-status")).to_have_text(f"0 of {total}")
    expect(box(page, first)).not_to_be_checked()
    assert errors == []


def test_pause_point_and_index_progress(page: Page) -> None:
    ready(page, URL)
    first = items(page)[0]
    box(page, first).check()
    pause = page.locator(f'.ap-box[data-item="{first}"]').locator("xpath=ancestor::ul[1]")
    n = pause.locator(".ap-box").count()
    expect(pause.locator("xpath=preceding-sibling::p[1][@class='ap-pp']")).to_have_text(f"1 of {n}")
    ready(page, "checklists/")
    expect(page.locator('span.ap-progress[data-checklist="pitch-prep"]')).to_have_text(
        f"1 of {len(items_on(page, 'pitch-prep'))}"
    )
    ready(page, "zh/checklists/")
    expect(page.locator('span.ap-progress[data-checklist="pitch-prep"]')).to_have_text(re.compile(r"^已完成 1/\d+$"))


def items_on(page: Page, checklist: str) -> list[str]:
    return (page.locator(f'.ap-card[data-checklist="{checklist}"]').get_attribute("data-items") or "").split()


def test_language_switcher_keeps_ticks(page: Page) -> None:
    ready(page, URL)
    ticked = items(page)[:2]
    for item in ticked:
        box(page, item).check()
    # Let Material fetch the sitemaps first: once it has them it may reroute the click.
    page.wait_for_load_state("networkidle")
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-header a.md-select__link[hreflang="zh"]').click()
    expect(page).to_have_url(re.compile(r"/zh/checklists/pitch-prep/$"))
    expect(page.locator("html[data-ap-ready]")).to_have_attribute("lang", "zh")
    for item in items(page):
        if item in ticked:
            expect(box(page, item)).to_be_checked()
        else:
            expect(box(page, item)).not_to_be_checked()
    expect(page.locator(".ap-toolbar .ap-status")).to_have_text(f"已完成 {len(ticked)}/{len(items(page))}")


def test_ticks_follow_item_ids_across_rebuilds(page: Page, mini_site: Any, serve: Any) -> None:
    site = mini_site(pages=PAGES, checklists={"demo.yml": demo([("alpha", ""), ("beta", "")])})
    assert site.ok, site.messages
    url = serve(site.site) + "checklists/demo/"
    ready(page, url)
    box(page, "alpha").check()
    box(page, "beta").check()
    # A new item inserted before a ticked one: ticks stay on their items, the new one is unticked.
    assert mini_site(pages=PAGES, checklists={"demo.yml": demo([("alpha", ""), ("new", ""), ("beta", "")])}).ok
    ready(page, url)
    assert items(page) == ["alpha", "new", "beta"]
    expect(box(page, "alpha")).to_be_checked()
    expect(box(page, "new")).not_to_be_checked()
    expect(box(page, "beta")).to_be_checked()
    expect(page.locator(".ap-status")).to_have_text("2 of 3")
    # Reordered, one removed: surviving ticks stay on their items.
    assert mini_site(pages=PAGES, checklists={"demo.yml": demo([("beta", ""), ("new", "")])}).ok
    ready(page, url)
    assert items(page) == ["beta", "new"]
    expect(box(page, "beta")).to_be_checked()
    expect(box(page, "new")).not_to_be_checked()
    expect(page.locator(".ap-status")).to_have_text("1 of 2")
    # The removed item's tick was kept harmlessly: restored, it comes back ticked.
    assert mini_site(pages=PAGES, checklists={"demo.yml": demo([("alpha", ""), ("beta", ""), ("new", "")])}).ok
    ready(page, url)
    expect(box(page, "alpha")).to_be_checked()
    expect(page.locator(".ap-status")).to_have_text("2 of 3")


def menu(page: Page, name: str) -> None:
    """Opens the toolbar's "More" menu and clicks one of its buttons."""
    page.locator(".ap-more > summary").click()
    page.locator(".ap-menu").get_by_role("button", name=name, exact=True).click()


def test_runs_create_switch_rename_reset_delete(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    ready(page, URL)
    first, second = items(page)[:2]
    run = page.locator(".ap-run")
    form = page.locator(".ap-toolbar form.ap-form")
    box(page, first).check()
    menu(page, "New run")
    # An in-page field, focused; Cancel leaves everything as it was.
    expect(form.get_by_label("Name of the run")).to_be_focused()
    form.get_by_role("button", name="Cancel").click()
    expect(form).to_have_count(0)
    expect(run.locator("option")).to_have_text(["Default run"])
    menu(page, "New run")
    form.get_by_label("Name of the run").fill("Acme spring pitch")
    form.get_by_label("Name of the run").press("Enter")
    expect(run.locator("option:checked")).to_have_text("Acme spring pitch")
    expect(box(page, first)).not_to_be_checked()
    box(page, second).check()
    run.select_option(label="Default run")
    expect(box(page, first)).to_be_checked()
    expect(box(page, second)).not_to_be_checked()
    run.select_option(label="Acme spring pitch")
    expect(box(page, second)).to_be_checked()
    menu(page, "Rename")
    expect(form.get_by_label("Name of the run")).to_have_value("Acme spring pitch")
    form.get_by_label("Name of the run").fill("Acme autumn pitch")
    form.get_by_role("button", name="Save").click()
    expect(run.locator("option:checked")).to_have_text("Acme autumn pitch")
    # Reset and delete ask first, in the page.
    menu(page, "Reset")
    expect(form).to_contain_text("Untick every item of the run “Acme autumn pitch”?")
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(box(page, second)).to_be_checked()
    menu(page, "Reset")
    form.get_by_role("button", name="Reset").click()
    expect(box(page, second)).not_to_be_checked()
    state = stored(page)
    assert state["runs"][state["current"]] | {"updated": 0} == {"name": "Acme autumn pitch", "ticks": {}, "updated": 0}
    menu(page, "Delete")
    expect(form).to_contain_text("Delete the run “Acme autumn pitch” and its ticks?")
    form.get_by_role("button", name="Delete").click()
    expect(run.locator("option")).to_have_text(["Default run"])
    expect(box(page, first)).to_be_checked()
    assert list(stored(page)["runs"]) == ["default"]
    assert dialogs == [], "the browser's own prompt or confirm was used"
    # The runs are there after a reload too.
    page.reload()
    expect(box(page, first)).to_be_checked()


def test_run_tools_load_when_the_menu_first_opens(page: Page, errors: list[str]) -> None:
    """Readers who only tick never download checklist-runs.js; opening "More" fetches it once."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    ready(page, URL)
    box(page, items(page)[0]).check()
    page.reload()
    expect(box(page, items(page)[0])).to_be_checked()
    assert [url for url in requested if "checklist-runs" in url] == []
    with page.expect_response(lambda response: "checklist-runs.js" in response.url) as response:
        page.locator(".ap-more > summary").click()
    assert response.value.ok
    page.locator(".ap-menu").get_by_role("button", name="Rename", exact=True).click()
    expect(page.locator(".ap-form").get_by_label("Name of the run")).to_be_focused()
    page.keyboard.press("Escape")
    menu(page, "New run")
    expect(page.locator(".ap-form")).to_have_count(1)
    assert len([url for url in requested if "checklist-runs" in url]) == 1
    assert own_errors(errors) == []


def test_run_tools_that_cannot_load_say_so_and_ticks_still_work(page: Page) -> None:
    page.route("**/checklist-runs.js", lambda route: route.abort())
    ready(page, URL)
    first = items(page)[0]
    menu(page, "New run")
    expect(page.get_by_role("alert")).to_have_text("The run tools could not be loaded: reload the page and try again.")
    expect(page.locator(".ap-form")).to_have_count(0)
    box(page, first).check()
    assert stored(page)["runs"]["default"]["ticks"] == {first: True}
    # Once the file can be fetched again, the next use loads it (no reload needed).
    page.unroute("**/checklist-runs.js")
    menu(page, "New run")
    expect(page.locator(".ap-form").get_by_label("Name of the run")).to_be_focused()
    expect(page.locator(".ap-alert")).to_be_empty()


def test_export_then_import_restores_and_bad_file_is_refused(page: Page, tmp_path: Any) -> None:
    ready(page, URL)
    ticked = items(page)[:2]
    for item in ticked:
        box(page, item).check()
    with page.expect_download() as download:
        menu(page, "Export")
    exported = tmp_path / "run.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["checklist"] == "pitch-prep"
    assert data["run"]["ticks"] == dict.fromkeys(ticked, True)
    menu(page, "Reset")
    page.locator(".ap-form").get_by_role("button", name="Reset").click()
    expect(page.locator(".ap-box:checked")).to_have_count(0)
    page.locator(".ap-file").set_input_files(exported)
    for item in ticked:
        expect(box(page, item)).to_be_checked()
    expect(page.get_by_role("alert")).to_have_text("Run imported.")
    before = stored(page)
    bad_files = [
        b"{not json",
        json.dumps({**data, "checklist": "another-checklist"}).encode(),
        json.dumps({**data, "run": {"ticks": ["a"]}}).encode(),
    ]
    for bad in bad_files:
        page.evaluate("document.querySelector('.ap-alert').textContent = ''")
        page.locator(".ap-file").set_input_files({"name": "broken.json", "mimeType": "application/json", "buffer": bad})
        alert = page.get_by_role("alert")
        expect(alert).to_be_visible()
        expect(alert).to_contain_text("nothing was changed")
        assert stored(page) == before
    for item in ticked:
        expect(box(page, item)).to_be_checked()


def test_keyboard_only_tab_and_space(page: Page) -> None:
    ready(page, URL)
    first = items(page)[0]
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ap-box')"):
            break
    else:
        pytest.fail("Tab never reached a checkbox")
    focused = page.evaluate("document.activeElement.dataset.item")
    assert focused == first
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused checkbox has no visible focus style"
    page.keyboard.press("Space")
    expect(box(page, first)).to_be_checked()
    assert stored(page)["runs"]["default"]["ticks"] == {first: True}


def test_touch_tap_ticks(browser: Any, base_url: str) -> None:
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800}, base_url=base_url)
    page = context.new_page()
    ready(page, URL)
    first = items(page)[0]
    page.locator(f'label[for="ap-pitch-prep--{first}"]').tap()
    expect(box(page, first)).to_be_checked()
    context.close()


BLOCKED = """Object.defineProperty(window, "localStorage", {
  configurable: true, get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });"""
FULL = """Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };"""


def test_storage_blocked_page_works_for_the_visit(page: Page, errors: list[str]) -> None:
    page.add_init_script(BLOCKED)
    ready(page, URL)
    first = items(page)[0]
    box(page, first).check()
    expect(page.locator(".ap-status")).to_have_text(f"1 of {len(items(page))}")
    expect(page.locator(".ap-notice").first).to_contain_text("ticks last for this visit only")
    assert own_errors(errors) == []


def test_storage_full_notice(page: Page, errors: list[str]) -> None:
    page.add_init_script(FULL)
    ready(page, URL)
    first = items(page)[0]
    box(page, first).check()
    expect(page.locator(".ap-notice").first).to_contain_text("ticks last for this visit only")
    expect(box(page, first)).to_be_checked()
    box(page, items(page)[1]).check()
    expect(page.locator(".ap-status")).to_have_text(f"2 of {len(items(page))}")
    assert own_errors(errors) == []


def test_corrupt_data_set_aside_other_checklists_untouched(page: Page, errors: list[str]) -> None:
    other = json.dumps(
        {"version": 1, "current": "default", "runs": {"default": {"name": "", "ticks": {"x": True}, "updated": 1}}}
    )
    ready(page, URL)
    page.evaluate(
        "([k, o]) => { localStorage.setItem(k, '{not json'); localStorage.setItem('ap:v1:checklist:other', o); }", [KEY, other]
    )
    ready(page, URL)
    expect(page.locator(".ap-notice").first).to_contain_text("could not be read")
    expect(page.locator(".ap-status")).to_have_text(f"0 of {len(items(page))}")
    aside = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('ap:v1:corrupt:pitch-prep:'))")
    assert len(aside) == 1
    assert page.evaluate("k => localStorage.getItem(k)", aside[0]) == "{not json"
    assert page.evaluate("localStorage.getItem('ap:v1:checklist:other')") == other
    box(page, items(page)[0]).check()
    assert stored(page)["runs"]["default"]["ticks"] == {items(page)[0]: True}
    assert own_errors(errors) == []


@pytest.mark.parametrize("old", ["flat", "list", "ticks"])
def test_older_format_is_migrated(page: Page, old: str) -> None:
    ready(page, URL)
    first = items(page)[0]
    data = {"flat": {first: True}, "list": [first], "ticks": {"ticks": {first: True}}}[old]
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(data)])
    ready(page, URL)
    expect(box(page, first)).to_be_checked()
    state = stored(page)
    assert state["version"] == 1
    assert state["runs"]["default"]["ticks"] == {first: True}


def test_two_tabs_stay_in_step(page: Page, context: Any) -> None:
    ready(page, URL)
    other = context.new_page()
    ready(other, URL)
    first, second = items(page)[:2]
    box(page, first).check()
    expect(box(other, first)).to_be_checked()
    box(other, second).check()
    expect(box(page, second)).to_be_checked()
    # Neither write lost the other tab's tick.
    assert stored(page)["runs"]["default"]["ticks"] == {first: True, second: True}
    box(page, first).uncheck()
    expect(box(other, first)).not_to_be_checked()
    expect(other.locator(".ap-status")).to_have_text(f"1 of {len(items(page))}")


def test_role_filter_hides_other_roles_and_is_remembered(page: Page, mini_site: Any, serve: Any) -> None:
    site = mini_site(pages=PAGES, checklists={"demo.yml": demo([("a", "AE"), ("b", "AM"), ("c", "AD, AM"), ("d", "")])})
    assert site.ok, site.messages
    url = serve(site.site) + "checklists/demo/"
    ready(page, url)
    role = page.locator(".ap-role")
    names = ["All roles", "AE (account executive)", "AM (account manager)", "AD (account director)"]
    expect(role.locator("option")).to_have_text(names)
    role.select_option("AM")
    for item, shown in {"a": False, "b": True, "c": True, "d": True}.items():
        expect(page.locator(f'.ap-item[data-item="{item}"]')).to_be_visible() if shown else expect(
            page.locator(f'.ap-item[data-item="{item}"]')
        ).to_be_hidden()
    page.reload()
    expect(page.locator('.ap-item[data-item="a"]')).to_be_hidden()
    expect(role).to_have_value("AM")
    assert page.evaluate("localStorage.getItem('ap:v1:role')") == "AM"
    role.select_option("")
    expect(page.locator(".ap-item")).to_have_count(4)
    expect(page.locator(".ap-item:visible")).to_have_count(4)


def test_init_is_idempotent(page: Page) -> None:
    ready(page, URL)
    box(page, items(page)[0]).check()
    # Loaded twice, and Material announcing a new document: still one toolbar per checklist.
    page.add_script_tag(url="/assets/checklist.js")
    page.evaluate("window.document$ && window.document$.next(document)")
    expect(page.locator(".ap-toolbar .ap-run")).to_have_count(page.locator(".ap-toolbar").count())
    expect(page.locator(".ap-pp")).to_have_count(page.locator("ul.ap-items").count())
    expect(page.locator(".ap-toolbar .ap-status")).to_have_text(f"1 of {len(items(page))}")
    box(page, items(page)[1]).check()
    expect(page.locator(".ap-toolbar .ap-status")).to_have_text(f"2 of {len(items(page))}")
