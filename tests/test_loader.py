"""Unit tests of the checklist loader over a corpus of valid and invalid files."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from apbook.loader import load_all, load_checklist
from apbook.model import Problem
from samples import CHECKLISTS, QUIZZES, Corpus

FIXTURES = CHECKLISTS.folder
TODAY = CHECKLISTS.today
INVALID = CHECKLISTS.invalid
load = CHECKLISTS.load


@pytest.mark.parametrize("corpus", [CHECKLISTS, QUIZZES], ids=lambda c: c.kind)
def test_every_invalid_file_has_a_golden_entry(corpus: Corpus):
    assert corpus.invalid, f"no invalid {corpus.kind} in {corpus.folder}"
    assert sorted(p.name for p in corpus.invalid) == sorted(corpus.golden())


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_file_gives_exact_messages(path: Path):
    checklist, problems = load(path)
    expected = CHECKLISTS.golden()[path.name]
    assert [str(p) for p in problems] == expected["problems"]
    assert (checklist is not None) == expected["accepted"]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_every_message_names_file_and_line(path: Path):
    _, problems = load(path)
    assert problems, "an invalid file must produce at least one problem"
    for problem in problems:
        assert str(problem).startswith(f"checklists/{path.name}:{problem.line}:")
        assert problem.line is not None and problem.line >= 1


@pytest.mark.parametrize(
    "name, item",
    [
        ("unknown-key", "item 'only-item'"),
        ("duplicate-item", "item 'only-item'"),
        ("missing-zh", "item 'only-item'"),
        ("external-link", "item 'only-item'"),
        ("javascript-link", "item 'only-item'"),
        ("html-in-text", "item 'only-item'"),
        ("wrong-type-critical", "item 'only-item'"),
        ("empty-pause", "pause point 'only'"),
        ("missing-en-title", "pause point 'only'"),
    ],
)
def test_item_level_problems_name_the_item(name: str, item: str):
    _, problems = load(FIXTURES / "invalid" / f"{name}.yml")
    assert any(p.item == item for p in problems), [str(p) for p in problems]


def test_only_advice_lets_a_checklist_through():
    """Too many items and an overdue review are warnings: the checklist still renders."""
    for name in ("too-many-items", "stale"):
        checklist, problems = load(FIXTURES / "invalid" / f"{name}.yml")
        assert checklist is not None
        assert problems and not any(p.fatal for p in problems)


def test_valid_full_file_becomes_a_model():
    checklist, problems = load(FIXTURES / "valid" / "full.yml")
    assert problems == []
    assert checklist is not None
    assert checklist.id == "full"
    assert checklist.mode == "do-confirm"
    assert checklist.last_reviewed == date(2026, 11, 1)
    assert checklist.packs == ("pitch",)
    assert [p.id for p in checklist.pause_points] == ["first", "second"]
    assert [i.id for i in checklist.items] == ["one", "two", "three"]
    first = checklist.items[0]
    assert first.roles == ("AE", "AM") and first.critical
    assert first.page == "pitching.md" and first.anchor == "rehearse"
    assert first.text.get("zh") == "做*第一*件事"
    assert first.line == 15
    assert checklist.roles == ("AE", "AM")


def test_quoted_date_is_accepted():
    checklist, problems = load(FIXTURES / "valid" / "minimal.yml")
    assert problems == [] and checklist is not None
    assert checklist.last_reviewed == date(2026, 10, 1)


def test_not_utf8_is_a_problem_not_an_exception(tmp_path: Path):
    path = tmp_path / "latin.yml"
    path.write_bytes("id: caf\xe9\n".encode("latin-1"))
    checklist, problems = load_checklist(path, shown="checklists/latin.yml")
    assert checklist is None
    assert [str(p) for p in problems] == ["checklists/latin.yml:1: not UTF-8 text (byte 7): save the file as UTF-8"]


def test_bom_and_crlf_are_read(tmp_path: Path):
    path = tmp_path / "minimal.yml"
    text = (FIXTURES / "valid" / "minimal.yml").read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    checklist, problems = load_checklist(path, today=TODAY)
    assert problems == [] and checklist is not None


def test_load_all_reports_every_file_and_duplicate_ids(tmp_path: Path):
    text = (FIXTURES / "valid" / "minimal.yml").read_text(encoding="utf-8")
    (tmp_path / "minimal.yml").write_text(text, encoding="utf-8")
    (tmp_path / "minimal.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "broken.yml").write_text("id: [", encoding="utf-8")
    result = load_all(tmp_path, root=tmp_path.parent, today=TODAY)
    messages = [str(p) for p in result.problems]
    assert [c.id for c in result.checklists] == ["minimal"]
    assert any(m.startswith(f"{tmp_path.name}/broken.yml:1: YAML syntax error") for m in messages), messages
    assert any("duplicate checklist id 'minimal'" in m for m in messages), messages


def test_problem_formatting():
    assert str(Problem("checklists/a.yml", 3, "bad", "item 'x'")) == "checklists/a.yml:3: item 'x': bad"
    assert str(Problem("checklists/a.yml", None, "bad")) == "checklists/a.yml: bad"


if __name__ == "__main__" and "--regen" in sys.argv:  # pragma: no cover - maintainer tool
    out = {}
    for path in INVALID:
        checklist, problems = load(path)
        out[path.name] = {"accepted": checklist is not None, "problems": [str(p) for p in problems]}
    header = CHECKLISTS.expected.read_text(encoding="utf-8").split("\n", 2)
    CHECKLISTS.expected.write_text(
        "\n".join(header[:2]) + "\n" + yaml.safe_dump(out, allow_unicode=True, sort_keys=True, width=200), encoding="utf-8"
    )
