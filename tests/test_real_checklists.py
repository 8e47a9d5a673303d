"""The repository's own checklists: complete, linked in both languages, printable."""

from __future__ import annotations

import re
from datetime import date

import pytest
from apbook.loader import load_all
from sitebuild import ROOT
from test_content import PLAYBOOK

RESULT = load_all(ROOT / "checklists", root=ROOT, today=date.today())
CHECKLISTS = RESULT.checklists
EXPECTED_IDS = {
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
}


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
    missing = sorted((set(PLAYBOOK) | {"start-here.md"}) - cited)
    assert missing == [], f"no checklist item cites {missing}"


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda c: c.id)
def test_checklist_follows_the_rules(checklist):
    assert checklist.owner and checklist.last_reviewed <= date.today()
    for point in checklist.pause_points:
        assert 5 <= len(point.items) <= 9, f"{checklist.id}/{point.id}: {len(point.items)} items"
    for item in checklist.items:
        assert len(item.text.en.split()) <= 14, f"{checklist.id}/{item.id} is long: {item.text.en}"
        assert item.text.en[0].isupper()


def test_pitch_checklists_form_the_pitch_pack_and_fit_a_page():
    pitch = [c for c in CHECKLISTS if "pitch" in c.packs]
    assert {c.id for c in pitch} == {"pitch-prep", "pitch-day", "pitch-follow-up"}
    for checklist in pitch:
        assert len(checklist.items) <= 25, f"{checklist.id} has {len(checklist.items)} items: too many for one A4 page"


def test_roles_are_named_where_it_matters():
    with_roles = [item for c in CHECKLISTS for item in c.items if item.roles]
    assert len(with_roles) >= len([i for c in CHECKLISTS for i in c.items]) // 2
    assert any("finance" in item.roles for c in CHECKLISTS if c.id == "budget-invoicing" for item in c.items)
