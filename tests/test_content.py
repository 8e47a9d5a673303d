"""The playbook content: every source idea is taught, in both languages, in our own words."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from apbook.parity import heading_ids
from sitebuild import ROOT

DOCS = ROOT / "docs"
SHARED = ROOT.parent / "shared"
PLAYBOOK = [
    "knowing-the-client.md",
    "listening.md",
    "communication.md",
    "honest-counsel.md",
    "expectations.md",
    "strategy.md",
    "pitching.md",
    "meetings.md",
    "team-and-process.md",
    "finance.md",
]


def ideas() -> list[dict[str, str]]:
    with open(ROOT / "tests" / "fixtures" / "source_ideas.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def text(rel: str) -> str:
    return (DOCS / rel).read_text(encoding="utf-8")


def test_every_source_document_is_mapped():
    sources = {idea["source"] for idea in ideas()}
    assert sources == {"000", "001", "002", "003", "004"}


@pytest.mark.parametrize("idea", ideas(), ids=lambda i: f"{i['source']}:{i['at']}")
def test_mapped_section_exists_in_both_languages(idea: dict[str, str]):
    page, _, anchor = idea["at"].partition("#")
    for rel in (page, f"zh/{page}"):
        assert anchor in heading_ids(text(rel)), f"docs/{rel} has no section #{anchor} for: {idea['idea']}"


@pytest.mark.parametrize("page", PLAYBOOK)
def test_playbook_page_shape(page: str):
    en, zh = text(page), text(f"zh/{page}")
    ids = heading_ids(en)
    assert {"common-mistakes", "check-yourself"} <= ids
    assert ids == heading_ids(zh)
    words = len(re.findall(r"[A-Za-z']+", re.sub(r"\{#[^}]+\}|\([^)]*\.md[^)]*\)", "", en)))
    assert 500 <= words <= 1500, f"{page}: {words} words"
    assert len(re.findall(r"[\u4e00-\u9fff]", zh)) >= 600, f"zh/{page} is too thin"


def test_every_heading_has_an_explicit_id():
    for path in sorted(DOCS.rglob("*.md")):
        fenced = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            if not fenced and re.match(r"^#{2,6}\s", line):
                assert re.search(r"\{[^}]*#[a-z0-9-]+[^}]*\}\s*$", line), (
                    f"{path.relative_to(ROOT)}:{number}: heading without {{#id}}"
                )


def test_home_routes_each_reader():
    for rel in ("index.md", "zh/index.md"):
        home = text(rel)
        assert {"new-staff", "browsing", "before-a-pitch", "common-questions"} <= heading_ids(home)
        for target in (
            "start-here.md",
            "communication.md#indirect-no",
            "expectations.md#response-rules",
            "checklists/pitch-prep.md",
        ):
            assert target in home, f"docs/{rel} does not link {target}"


def test_reader_questions_are_answered_where_the_home_page_says():
    """'That could be challenging' and 'how soon to answer an email' in either language."""
    assert "that could be challenging" in text("communication.md").lower()
    assert re.search(r"有点?难度", text("zh/communication.md"))
    assert re.search(r"how soon", text("expectations.md"), re.I)
    assert re.search(r"多久|多快", text("zh/expectations.md"))


def test_term_base_defines_the_agency_terms():
    """The glossary is generated from terms.yml (tests/test_terms.py checks that they agree)."""
    with open(ROOT / "terms.yml", encoding="utf-8") as f:
        terms = yaml.safe_load(f)["terms"]
    words = " | ".join(f"{t['en']} | {t['zh']} | {' '.join(t.get('abbr', []))}" for t in terms)
    for term in ("AE", "AM", "AD", "BD", "MD", "PIC", "KPI", "ROI", "TVC", "planner", "traffic", "brief", "pitch", "retainer"):
        assert re.search(rf"\b{re.escape(term)}\b", words, re.I), term
    for term in ("比稿", "提案", "简报", "会议纪要", "变更单", "结案报告", "签样", "营销"):
        assert term in words, term


def test_sources_page_credits_each_source():
    for rel in ("sources.md", "zh/sources.md"):
        page = text(rel)
        assert {"eleven-international", "nuance", "ten-things", "account-management-guide", "three-myths"} <= heading_ids(page)
        for name in ("Mindy Liu", "Eleven International", "Laura Petrolino", "Arment Dietrich", "PR Daily"):
            assert name in page, f"docs/{rel} does not credit {name}"


def test_originality_check_is_clean():
    tool = SHARED / "tools" / "originality.py"
    if not tool.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing: CI needs ../shared beside the clone")
        pytest.skip("../shared/tools/originality.py is not beside this clone")
    run = subprocess.run([sys.executable, str(tool)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no passage repeats" in run.stdout


def test_content_plan_lists_every_page():
    plan = (ROOT / "CONTENT.md").read_text(encoding="utf-8")
    for path in sorted(DOCS.glob("*.md")):
        assert f"`{path.name}`" in plan, f"CONTENT.md does not list {path.name}"


def test_no_raw_html_or_outside_links_in_pages():
    for path in sorted(Path(DOCS).rglob("*.md")):
        page = path.read_text(encoding="utf-8")
        assert not re.search(r"\]\((?:https?:)?//", page), f"{path}: external link"
        assert not re.search(r"<(script|iframe|img|link)\b", page, re.I), f"{path}: raw HTML"
