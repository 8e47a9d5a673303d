"""Readers' saved progress under hostile or unusual data (issue 14).

Each test shows that the page still works (a tick is shown and counted), that the reader's
data is kept, or set aside and reported, and that nothing ran or polluted a prototype.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ap_browser import PAGES, demo, ready
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

URL = "checklists/pitch-prep/"
KEY = "ap:v1:checklist:pitch-prep"
JS_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty"]
# A payload that pollutes Object.prototype if copied with plain assignment or merged.
POLLUTE = {"polluted": "yes"}


def raw(page: Page, key: str = KEY) -> str | None:
    return page.evaluate("key => localStorage.getItem(key)", key)


def stored(page: Page, key: str = KEY) -> Any:
    value = raw(page, key)
    return None if value is None else json.loads(value)


def seed(page: Page, value: str, key: str = KEY, url: str = URL) -> None:
    """Puts a raw value in storage as an older or hostile page would have, then loads the page."""
    ready(page, url)
    page.evaluate("([k, v]) => { localStorage.clear(); localStorage.setItem(k, v); }", [key, value])
    ready(page, url)


def items(page: Page) -> list[str]:
    return page.locator(".ap-box").evaluate_all("boxes => boxes.map(b => b.dataset.item)")


def box(page: Page, item: str) -> Any:
    return page.locator(f'.ap-box[data-item="{item}"]')


def set_aside(page: Page, checklist: str = "pitch-prep") -> list[str]:
    keys = page.evaluate(f"Object.keys(localStorage).filter(k => k.startsWith('ap:v1:corrupt:{checklist}:'))")
    return [raw(page, key) for key in keys]


def still_works(page: Page, errors: list[str]) -> None:
    """Nothing polluted or thrown, and a fresh tick is shown, counted and saved."""
    assert page.evaluate("({}).polluted") is None
    assert page.evaluate("Object.prototype.hasOwnProperty('polluted')") is False
    assert [e for e in errors if "checklist.js" in e] == []
    boxes = page.locator(".ap-box:not(:checked)")
    item = boxes.first.get_attribute("data-item")
    before = page.locator(".ap-box:checked").count()
    boxes.first.check()
    expect(page.locator(".ap-toolbar .ap-status")).to_have_text(f"{before + 1} of {page.locator('.ap-box').count()}")
    if raw(page) is not None and page.locator(".ap-notice").filter(has_text="left untouched").count() == 0:
        state = stored(page)
        assert state["runs"][state["current"]]["ticks"][item] is True


def run_file(checklist: str = "pitch-prep", run_id: str = "acme", ticks: Any = None, **extra: Any) -> bytes:
    data = {"format": "ap-checklist-run", "version": 1, "checklist": checklist, "id": run_id}
    data["run"] = {"name": "Acme", "ticks": ticks if ticks is not None else {}, "updated": 1}
    return json.dumps({**data, **extra}).encode()


def import_bytes(page: Page, content: bytes, name: str = "run.json") -> None:
    page.locator(".ap-file").set_input_files({"name": name, "mimeType": "application/json", "buffer": content})


# --- Ids that are also names of JavaScript object properties


def test_imported_run_id_proto_is_refused_and_pages_keep_working(page: Page, errors: list[str]) -> None:
    ready(page, URL)
    first = items(page)[0]
    box(page, first).check()
    before = raw(page)
    hostile = b'{"format": "ap-checklist-run", "version": 1, "checklist": "pitch-prep", "id": "__proto__",'
    hostile += b' "run": {"name": "x", "ticks": {"__proto__": {"polluted": "yes"}, "constructor": true}}}'
    import_bytes(page, hostile)
    expect(page.get_by_role("alert")).to_contain_text("not a saved run of this checklist: nothing was changed")
    assert raw(page) == before
    for url in (URL, "checklists/", "checklists/pitch-pack/"):
        ready(page, url)
        assert page.evaluate("({}).polluted") is None
    ready(page, URL)
    expect(box(page, first)).to_be_checked()
    still_works(page, errors)


@pytest.mark.parametrize("run_id", ["toString", "hasOwnProperty", "../x", "a b", "-x", "x--y", "X", ""])
def test_imported_run_ids_must_match_the_id_pattern(page: Page, errors: list[str], run_id: str) -> None:
    ready(page, URL)
    import_bytes(page, run_file(run_id=run_id, ticks={items(page)[0]: True}))
    expect(page.get_by_role("alert")).to_contain_text("nothing was changed")
    assert raw(page) is None
    expect(page.locator(".ap-box:checked")).to_have_count(0)
    still_works(page, errors)


def test_imported_run_id_constructor_is_a_plain_run(page: Page, errors: list[str]) -> None:
    ready(page, URL)
    first = items(page)[0]
    import_bytes(page, run_file(run_id="constructor", ticks={first: True, "__proto__": POLLUTE}))
    expect(page.get_by_role("alert")).to_have_text("Run imported.")
    expect(page.locator(".ap-run option:checked")).to_have_text("Acme")
    expect(box(page, first)).to_be_checked()
    assert stored(page)["current"] == "constructor"
    page.reload()
    expect(box(page, first)).to_be_checked()
    still_works(page, errors)


@pytest.mark.parametrize("current", JS_NAMES)
def test_stored_current_named_like_a_js_property(page: Page, errors: list[str], current: str) -> None:
    first = "clarify-problem"
    state = {"version": 1, "current": current, "runs": {"default": {"name": "", "ticks": {first: True}, "updated": 1}}}
    seed(page, json.dumps(state))
    expect(box(page, first)).to_be_checked()
    assert stored(page)["current"] == "default"
    ready(page, "checklists/")
    card = page.locator('.ap-card[data-checklist="pitch-prep"]')
    expect(card.locator(".ap-progress")).to_have_text(f"1 of {len((card.get_attribute('data-items') or '').split())}")
    ready(page, "checklists/pitch-pack/")
    expect(box(page, first)).to_be_checked()
    ready(page, URL)
    still_works(page, errors)


def test_stored_run_ids_named_like_js_properties(page: Page, errors: list[str]) -> None:
    first, second = "clarify-problem", "business-goal"
    runs = {
        "__proto__": {"name": "proto", "ticks": {first: True}, "updated": 1},
        "constructor": {"name": "Kept", "ticks": {second: True}, "updated": 1},
        "toString": {"name": "bad id", "ticks": {}, "updated": 1},
        "hasOwnProperty": {"name": "bad id", "ticks": {}, "updated": 1},
    }
    original = json.dumps({"version": 1, "current": "__proto__", "runs": runs})
    seed(page, original)
    # "constructor" is a valid run id: kept. The others are not: the whole value is set aside first.
    expect(page.locator(".ap-run option")).to_have_text(["Kept"])
    expect(box(page, second)).to_be_checked()
    expect(page.locator(".ap-notice")).to_contain_text("Part of the saved progress")
    assert set_aside(page) == [original]
    assert list(stored(page)["runs"]) == ["constructor"]
    still_works(page, errors)


def test_item_ids_named_like_js_properties(page: Page, errors: list[str]) -> None:
    ready(page, URL)
    # The build refuses such ids; the script must cope all the same (edited markup, old builds).
    page.evaluate(
        """names => {
        document.querySelectorAll('.ap-box').forEach((b, i) => { if (i < names.length) b.dataset.item = names[i]; });
        window.dispatchEvent(new StorageEvent('storage', {key: null})); }""",
        JS_NAMES,
    )
    total = page.locator(".ap-box").count()
    for name in JS_NAMES:
        expect(box(page, name)).not_to_be_checked()
    expect(page.locator(".ap-toolbar .ap-status")).to_have_text(f"0 of {total}")
    for name in JS_NAMES:
        box(page, name).check()
    expect(page.locator(".ap-toolbar .ap-status")).to_have_text(f"4 of {total}")
    assert raw(page) is not None
    ticks = json.loads(raw(page) or "")["runs"]["default"]["ticks"]
    assert ticks == dict.fromkeys(JS_NAMES, True)
    for name in JS_NAMES:
        box(page, name).uncheck()
    expect(page.locator(".ap-toolbar .ap-status")).to_have_text(f"0 of {total}")
    assert json.loads(raw(page) or "")["runs"]["default"]["ticks"] == {}
    assert page.evaluate("({}).polluted") is None
    assert [e for e in errors if "checklist.js" in e] == []


def test_item_id_constructor_is_not_ticked_on_a_fresh_visit(page: Page, errors: list[str], mini_site: Any, serve: Any) -> None:
    # The build refuses the id `constructor`; a page built before that rule (or edited by
    # hand) may still carry it, so the built page is edited to hold it from the start.
    site = mini_site(pages=PAGES, checklists={"demo.yml": demo([("legacy-item", ""), ("beta", "")])})
    assert site.ok, site.messages
    built = site.site / "checklists" / "demo" / "index.html"
    built.write_text(built.read_text(encoding="utf-8").replace("legacy-item", "constructor"), encoding="utf-8")
    url = serve(site.site) + "checklists/demo/"
    ready(page, url)
    expect(box(page, "constructor")).not_to_be_checked()
    box(page, "constructor").check()
    page.reload()
    expect(box(page, "constructor")).to_be_checked()
    box(page, "constructor").uncheck()
    page.reload()
    expect(box(page, "constructor")).not_to_be_checked()


def test_stored_ticks_with_proto_keys_do_not_pollute(page: Page, errors: list[str]) -> None:
    value = '{"version": 1, "current": "default", "runs": {"default": {"name": "", "updated": 1, '
    value += '"ticks": {"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, '
    value += '"clarify-problem": true}}}}'
    seed(page, value)
    expect(box(page, "clarify-problem")).to_be_checked()
    ticks = stored(page)["runs"]["default"]["ticks"]
    assert ticks["clarify-problem"] is True
    still_works(page, errors)


# --- Older data is migrated, never silently dropped


def test_versionless_data_with_runs_is_migrated_not_overwritten(page: Page, errors: list[str]) -> None:
    first = "clarify-problem"
    seed(page, json.dumps({"current": "r1", "runs": {"r1": {"name": "Acme", "ticks": {first: True}}}}))
    expect(page.locator(".ap-run option:checked")).to_have_text("Acme")
    expect(box(page, first)).to_be_checked()
    state = stored(page)
    assert state["version"] == 1
    assert state["current"] == "r1"
    assert state["runs"]["r1"]["name"] == "Acme"
    assert state["runs"]["r1"]["ticks"] == {first: True}
    still_works(page, errors)


def test_tick_values_other_than_true_are_read_not_dropped(page: Page, errors: list[str]) -> None:
    ticks = {"clarify-problem": 1, "business-goal": "yes", "map-client-roles": False, "name-pitch-lead": None}
    seed(page, json.dumps({"version": 1, "current": "default", "runs": {"default": {"name": "", "ticks": ticks, "updated": 1}}}))
    expect(box(page, "clarify-problem")).to_be_checked()
    expect(box(page, "business-goal")).to_be_checked()
    expect(box(page, "map-client-roles")).not_to_be_checked()
    assert stored(page)["runs"]["default"]["ticks"] == {"clarify-problem": True, "business-goal": True}
    still_works(page, errors)


@pytest.mark.parametrize(
    "value",
    [
        '{"version": 1, "current": "default", "runs": {"default": {"name": "", "ticks": "clarify-problem"}}}',
        '{"version": 1, "current": "default", "runs": {"default": {"name": {"x": 1}, "ticks": {"clarify-problem": true}}}}',
        '["clarify-problem", 7]',
    ],
    ids=["ticks-not-a-map", "name-not-text", "list-with-a-number"],
)
def test_partly_unreadable_data_is_set_aside_and_the_rest_kept(page: Page, errors: list[str], value: str) -> None:
    seed(page, value)
    expect(page.locator(".ap-notice")).to_contain_text("Part of the saved progress for this checklist could not be read")
    assert set_aside(page) == [value]
    if 'ticks": {' in value or value.startswith("["):
        expect(box(page, "clarify-problem")).to_be_checked()
    still_works(page, errors)


@pytest.mark.parametrize("value", ["{not json", '{"version": 9, "runs": {}}', '"text"', "null"])
def test_unreadable_data_is_set_aside_and_reported(page: Page, errors: list[str], value: str) -> None:
    seed(page, value)
    expect(page.locator(".ap-notice")).to_contain_text("could not be read. A copy was set aside")
    assert set_aside(page) == [value]
    still_works(page, errors)


def test_large_unreadable_value_that_cannot_be_set_aside_is_left_untouched(page: Page, errors: list[str]) -> None:
    ready(page, URL)
    big = "{" + "x" * (4 * 1024 * 1024)
    page.evaluate("([k, v]) => { localStorage.clear(); localStorage.setItem(k, v); }", [KEY, big])
    # A copy does not fit beside it (that is the case under test).
    assert page.evaluate("v => { try { localStorage.setItem('probe', v); return true; } catch { return false; } }", big) is False
    ready(page, URL)
    notice = page.locator(".ap-notice")
    expect(notice).to_contain_text("no room to set a copy aside. It was left untouched")
    expect(notice).not_to_contain_text("A copy was set aside")
    assert set_aside(page) == []
    still_works(page, errors)
    expect(box(page, items(page)[0])).to_be_checked()
    assert raw(page) == big, "the stored value was written over"
    page.reload()
    expect(page.locator("html[data-ap-ready]")).to_have_count(1)
    assert raw(page) == big


# --- Imports: size, saving, reading


def test_oversized_import_is_refused_with_a_clear_message(page: Page, errors: list[str], tmp_path: Path) -> None:
    ready(page, URL)
    first = items(page)[0]
    box(page, first).check()
    before = raw(page)
    big = tmp_path / "big.json"
    ticks = {f"item-{n}": True for n in range(16 * 1024 * 1024 // 20)}
    big.write_bytes(run_file(ticks=ticks))
    assert big.stat().st_size > 15 * 1024 * 1024
    page.locator(".ap-file").set_input_files(big)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("larger than 256 KB")
    expect(alert).not_to_contain_text("imported")
    assert raw(page) == before
    page.reload()
    expect(page.locator(".ap-run option")).to_have_text(["Default run"])
    still_works(page, errors)


def test_import_that_cannot_be_saved_is_not_reported_as_imported(page: Page, errors: list[str]) -> None:
    ready(page, URL)
    first = items(page)[0]
    page.evaluate("""() => { Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); }; }""")
    import_bytes(page, run_file(ticks={first: True}))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("could not be saved")
    expect(alert).not_to_have_text("Run imported.")
    expect(page.locator(".ap-run option")).to_have_text(["Default run"])
    expect(box(page, first)).not_to_be_checked()
    page.reload()
    expect(page.locator(".ap-run option")).to_have_text(["Default run"])
    still_works(page, errors)


def test_file_that_cannot_be_read_is_reported(page: Page, errors: list[str]) -> None:
    page.add_init_script("File.prototype.text = () => Promise.reject(new DOMException('gone', 'NotReadableError'));")
    ready(page, URL)
    import_bytes(page, run_file(ticks={items(page)[0]: True}))
    expect(page.get_by_role("alert")).to_have_text("The file could not be read: nothing was changed.")
    assert raw(page) is None
    still_works(page, errors)


def test_import_of_a_valid_run_still_works(page: Page, errors: list[str]) -> None:
    ready(page, URL)
    first = items(page)[0]
    import_bytes(page, run_file(ticks={first: True, "gone-item": 1}))
    expect(page.get_by_role("alert")).to_have_text("Run imported.")
    expect(box(page, first)).to_be_checked()
    assert stored(page)["runs"]["acme"]["ticks"] == {first: True, "gone-item": True}
    still_works(page, errors)
