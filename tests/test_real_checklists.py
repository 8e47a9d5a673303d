"""The repository's own checklists: complete, linked in both languages, printable."""

from __future__ import annotations

import re
from datetime import date

import pytest
from apbook.loader import load_all
from sitebuild import ROOT
from test_content import PLAYBOOK

# Pinned: a review falling due must never fail the tests (make review reports it).
REVIEWED_BY = date(2026, 11, 24)
RESULT = load_all(ROOT / "checklists", root=ROOT, today=REVIEWED_BY)
CHECKLISTS = RESULT.checklists
EXPECTED_IDS = {
    "new-business-go-no-go",
    "pitch-prep",
    "pitch-day",
    "pitch-follow-up",
    "project-kickoff",
    "client-meeting",
    "creative-brief-review",
    "weekly-status-report",
    "cross-cultural-call",
    "budget-invoicing",
    "client-request",
    "first-two-weeks",
    "wechat-group-setup",
    "content-sign-off",
    "change-request",
    "supplier-onboarding",
    "handover",
    "crisis-first-hours",
}
# Every page in docs/ is a playbook page except these three (they explain, they do not teach).
NOT_PLAYBOOK = {"index.md", "glossary.md", "sources.md"}
PAGES = {p.name for p in (ROOT / "docs").glob("*.md")} - NOT_PLAYBOOK

# Names every JavaScript object inherits: an item id like these would collide with the
# checklist script's per-id lookups ("constructor" is the one the id pattern allows).
JS_OBJECT_NAMES = {
    "constructor",
    "__proto__",
    "tostring",
    "tolocalestring",
    "valueof",
    "hasownproperty",
    "isprototypeof",
    "propertyisenumerable",
}

# A checklist item is something you can confirm you did. These openings describe a
# behaviour or an attitude instead; they belong in the pages. A small, honest list: it
# catches the usual slips ("read the room", "hear the worry", "be patient"), not every one.
BEHAVIOUR_OPENINGS = ("listen", "hear ", "be ", "notice ", "watch ", "stay ", "feel ", "remember ", "try to ", "never ", "always")
BEHAVIOUR_PHRASES = ("read the room", "hear the worry", "listen for", "listen to", "keep an open mind")
BEHAVIOUR_PHRASES_ZH = ("察言观色", "听出", "读懂", "留意", "用心")


def test_repository_checklists_load_without_problems():
    assert [str(p) for p in RESULT.problems] == []
    assert {c.id for c in CHECKLISTS} == EXPECTED_IDS


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda c: c.id)
def test_every_item_lands_on_a_heading_in_both_languages(real_site, checklist):
    for item in checklist.items:
        page = item.page.removesuffix(".md")
        page = "" if page == "index" else page + "/"
        for lang in ("", "zh/"):
            html = real_site.page(f"{lang}{page}")
            assert re.search(rf'<h[1-6][^>]*\bid="{re.escape(item.anchor)}"', html), (
                f"{checklist.path}:{item.line}: item '{item.id}': no heading #{item.anchor} in /{lang}{page}"
            )
        built = real_site.page(f"checklists/{checklist.id}/")
        assert re.search(rf'data-item="{item.id}".*?<a class="ap-why" href="[^"]*{page}#{item.anchor}"', built, re.S)


def test_every_playbook_page_is_cited():
    cited = {item.page for c in CHECKLISTS for item in c.items}
    assert set(PLAYBOOK) | {"start-here.md"} <= PAGES
    missing = sorted(PAGES - cited)
    assert missing == [], f"no checklist item cites {missing}"


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda c: c.id)
def test_checklist_follows_the_rules(checklist):
    assert checklist.owner and checklist.last_reviewed <= date.today()
    for point in checklist.pause_points:
        assert 5 <= len(point.items) <= 9, f"{checklist.id}/{point.id}: {len(point.items)} items"
    for item in checklist.items:
        assert len(item.text.en.split()) <= 14, f"{checklist.id}/{item.id} is long: {item.text.en}"
        assert item.text.en[0].isupper()


def test_ids_are_not_javascript_object_names():
    for checklist in CHECKLISTS:
        ids = [checklist.id] + [p.id for p in checklist.pause_points] + [i.id for i in checklist.items]
        clashes = [i for i in ids if i.lower() in JS_OBJECT_NAMES]
        assert clashes == [], f"{checklist.path}: ids {clashes} are JavaScript object property names"


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda c: c.id)
def test_items_are_actions_not_behaviours(checklist):
    for item in checklist.items:
        en = item.text.en.lower().replace("*", "")
        assert not en.startswith(BEHAVIOUR_OPENINGS), f"{checklist.path}:{item.line}: '{item.text.en}' is a behaviour"
        assert not any(p in en for p in BEHAVIOUR_PHRASES), f"{checklist.path}:{item.line}: '{item.text.en}' is a behaviour"
        assert not any(p in item.text.zh for p in BEHAVIOUR_PHRASES_ZH), f"{checklist.path}:{item.line}: '{item.text.zh}'"


def test_the_contact_report_has_one_deadline():
    """Wherever an item sends the contact report (会议纪要), the deadline is 24 hours."""
    for checklist in CHECKLISTS:
        for item in checklist.items:
            en, zh = item.text.en.lower(), item.text.zh
            if ("contact report" in en and "send" in en) or ("纪要" in zh and "发" in zh):
                assert "24 hours" in en and "24 小时" in zh, f"{checklist.path}:{item.line}: '{item.text.en}'"
            assert "same day" not in en or "report" not in en, f"{checklist.path}:{item.line}: '{item.text.en}'"


def test_pitch_checklists_form_the_pitch_pack_and_fit_a_page():
    pitch = [c for c in CHECKLISTS if "pitch" in c.packs]
    assert {c.id for c in pitch} == {"pitch-prep", "pitch-day", "pitch-follow-up"}
    for checklist in pitch:
        assert len(checklist.items) <= 25, f"{checklist.id} has {len(checklist.items)} items: too many for one A4 page"


def test_roles_are_named_where_it_matters():
    with_roles = [item for c in CHECKLISTS for item in c.items if item.roles]
    assert len(with_roles) >= len([i for c in CHECKLISTS for i in c.items]) // 2
    assert any("finance" in item.roles for c in CHECKLISTS if c.id == "budget-invoicing" for item in c.items)


def test_every_checklist_names_its_group():
    """The group decides where a checklist is listed; the default hides a forgotten one."""
    for checklist in CHECKLISTS:
        text = (ROOT / checklist.path).read_text(encoding="utf-8")
        assert re.search(r"^group: ", text, re.M), f"{checklist.path}: no group"
    groups = {c.group for c in CHECKLISTS}
    assert groups == {"pitch", "account", "money", "crisis", "onboarding"}
