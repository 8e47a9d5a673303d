"""The repository's own knowledge checks: valid, answerable, linked in both languages.

These tests read the YAML files directly (PyYAML + jsonschema), so they run without a
site build and hold whether or not the quiz engine is installed.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
QUIZ_DIR = ROOT / "quizzes"
SCHEMA = json.loads((ROOT / "schema" / "quiz.schema.json").read_text(encoding="utf-8"))
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/quiz.schema.json"
HEADING_ID = re.compile(r"^#{1,6} .*\{#([a-z0-9-]+)\}\s*$", re.M)
# Names a browser object already has: an id like this would clash with saved answers
# kept in a plain JavaScript object.
JS_NAMES = {
    "constructor",
    "prototype",
    "hasownproperty",
    "isprototypeof",
    "propertyisenumerable",
    "tolocalestring",
    "tostring",
    "valueof",
    "length",
    "name",
    "caller",
    "arguments",
}
# Only inline Markdown: no raw HTML, no Markdown links or bare URLs.
FORBIDDEN_TEXT = re.compile(r"<[A-Za-z/!]|\]\(|https?://|javascript:", re.I)

QUIZ_FILES = sorted(QUIZ_DIR.glob("*.yml"))


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    if isinstance(data.get("last_reviewed"), date):
        data["last_reviewed"] = data["last_reviewed"].isoformat()  # YAML reads it as a date, as the engine does
    return data


QUIZZES = {path.stem: load(path) for path in QUIZ_FILES}


def heading_ids(page: Path) -> set[str]:
    return set(HEADING_ID.findall(page.read_text(encoding="utf-8"))) if page.is_file() else set()


def texts(quiz: dict[str, Any]):
    """Every bilingual text in a check, with a label saying where it is."""
    for key in ("title", "summary", "area"):
        yield key, quiz[key]
    for question in quiz["questions"]:
        yield question["id"], question["text"]
        for option in question["options"]:
            where = f"{question['id']}/{option['id']}"
            yield where, option["text"]
            yield where + " (explanation)", option["explanation"]


def test_enough_checks_and_questions():
    assert len(QUIZZES) >= 8, f"only {len(QUIZZES)} knowledge checks"
    total = sum(len(q["questions"]) for q in QUIZZES.values())
    assert total >= 60, f"only {total} questions in all"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_file_is_valid_against_the_schema(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    jsonschema.validate(QUIZZES[path.stem], SCHEMA, format_checker=jsonschema.FormatChecker())
    assert QUIZZES[path.stem]["id"] == path.stem


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_ids_unique_and_safe(path):
    quiz = QUIZZES[path.stem]
    question_ids = [q["id"] for q in quiz["questions"]]
    assert len(question_ids) == len(set(question_ids)), f"{path.name}: duplicate question ids"
    for question in quiz["questions"]:
        option_ids = [o["id"] for o in question["options"]]
        assert len(option_ids) == len(set(option_ids)), f"{path.name}: {question['id']}: duplicate option ids"
        for some_id in [question["id"], *option_ids]:
            assert some_id.replace("-", "") not in JS_NAMES, f"{path.name}: id '{some_id}' is a JavaScript name"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_questions_are_answerable(path):
    for question in QUIZZES[path.stem]["questions"]:
        options = question["options"]
        where = f"{path.name}: question '{question['id']}'"
        assert 3 <= len(options) <= 5, f"{where}: {len(options)} options"
        correct = [o for o in options if o["correct"] is True]
        assert correct, f"{where}: no correct option"
        assert len(correct) < len(options), f"{where}: every option is correct"
        # The page adds "choose all that apply" itself when more than one option is right,
        # so the question text must not say it (it would be wrong, or said twice).
        assert "choose all" not in question["text"]["en"].lower(), f"{where}: the page adds 'choose all that apply'"
        assert "可多选" not in question["text"]["zh"], f"{where}: the page adds '可多选'"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_every_link_lands_on_a_heading_in_both_languages(path):
    for question in QUIZZES[path.stem]["questions"]:
        page, _, anchor = question["link"].partition("#")
        for docs in (ROOT / "docs", ROOT / "docs" / "zh"):
            assert anchor in heading_ids(docs / page), (
                f"{path.name}: question '{question['id']}': link '{question['link']}': "
                f"no heading with id '{anchor}' in {(docs / page).relative_to(ROOT)}"
            )


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_text_is_plain_and_bilingual(path):
    for where, text in texts(QUIZZES[path.stem]):
        for lang in ("en", "zh"):
            assert not FORBIDDEN_TEXT.search(text[lang]), f"{path.name}: {where} [{lang}]: HTML or link in text"
        assert re.search(r"[\u4e00-\u9fff]", text["zh"]), f"{path.name}: {where}: Chinese text has no Chinese"
        assert not re.search(r"[\u4e00-\u9fff][,.;:?!]", text["zh"]), (
            f"{path.name}: {where}: half-width punctuation after Chinese: {text['zh']}"
        )


def test_no_two_questions_share_a_text():
    seen: dict[str, str] = {}
    for quiz_id, quiz in QUIZZES.items():
        for question in quiz["questions"]:
            for lang in ("en", "zh"):
                key = lang + ":" + " ".join(question["text"][lang].split()).lower()
                where = f"{quiz_id}/{question['id']}"
                assert key not in seen, f"{where} repeats the {lang} text of {seen[key]}"
                seen[key] = where
