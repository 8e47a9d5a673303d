"""Knowledge checks: the same loader as checklists, with a corpus of invalid files and their
exact messages (samples.QUIZZES; test_loader.py checks that each has a golden entry, for
quizzes as for checklists), and small bilingual sites with quiz pages built in tmp_path."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from samples import PAGES, QUIZZES
from sitebuild import BuildResult, build_site, site_config

FIXTURES = QUIZZES.folder
MINIMAL = (FIXTURES / "valid" / "minimal.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", QUIZZES.invalid, ids=lambda p: p.stem)
def test_invalid_quiz_gives_exact_messages(path: Path):
    quiz, problems = QUIZZES.load(path)
    assert quiz is None
    assert [str(p) for p in problems] == QUIZZES.golden()[path.name]


def test_valid_quiz_becomes_a_model():
    quiz, problems = QUIZZES.load(FIXTURES / "valid" / "minimal.yml")
    assert problems == [] and quiz is not None
    (question,) = quiz.questions
    assert [o.id for o in question.options] == ["rehearse", "improvise", "skip"]
    assert [o.correct for o in question.options] == [True, False, False]
    assert not question.multiple and question.page == "pitching.md" and question.anchor == "rehearse"


# ---------------------------------------------------------------- built sites


def _build(root: Path, quiz_text: str) -> BuildResult:
    for rel, text in PAGES.items():
        (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / rel).write_text(text, encoding="utf-8")
    (root / "quizzes").mkdir()
    (root / "quizzes" / "minimal.yml").write_text(quiz_text, encoding="utf-8")
    nav = ["index.md", "pitching.md", "strategy.md", {"Knowledge checks": "quizzes/index.md"}]
    return build_site(root, site_config(root, nav=nav))


@pytest.fixture(scope="module")
def quiz_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = _build(tmp_path_factory.mktemp("quiz"), MINIMAL)
    assert result.ok, result.messages
    return result


def test_quiz_pages_index_nav_and_sitemap_in_both_languages(quiz_site: BuildResult):
    en, zh = quiz_site.page("quizzes/minimal/"), quiz_site.page("zh/quizzes/minimal/")
    assert 'data-question="first"' in en and "What comes first?" in en and "先做什么？" in zh
    assert re.search(r'<input type="radio" class="ap-option" id="ap-minimal--first--rehearse"', en)
    # The answer and every explanation are in the page, behind a disclosure (no JavaScript needed).
    assert re.search(r'<details class="ap-answer">.*Rehearsal makes the difference\..*Never skip it\.', en, re.S)
    assert re.search(r'<a class="ap-why" href="\.\./\.\./pitching/#rehearse">.*Pitching › Rehearse</a>', en)
    assert re.search(r'<a class="ap-why" href="\.\./\.\./pitching/#rehearse">.*提案 › 彩排</a>', zh)
    assert 'data-quiz="minimal"' in quiz_site.page("quizzes/") and "最简自测" in quiz_site.page("zh/quizzes/")
    sitemap = (quiz_site.site / "sitemap.xml").read_text(encoding="utf-8") + (quiz_site.site / "zh" / "sitemap.xml").read_text(
        encoding="utf-8"
    )
    for url in ("quizzes/minimal/", "zh/quizzes/minimal/"):
        assert f"/{url}</loc>" in sitemap, url
    assert re.search(r'href="\.\./\.\./zh/quizzes/minimal/" hreflang="zh"', en)


def test_cited_section_lists_the_questions_that_test_it(quiz_site: BuildResult):
    page = quiz_site.page("pitching/")
    block = re.search(r'<details class="ap-backlinks">.*?</details>', page, re.S)
    assert block and 'href="../quizzes/minimal/#question-minimal--first"' in block.group(0)
    assert "Minimal check › What comes first?" in block.group(0)


def test_a_question_linking_a_missing_heading_fails_the_strict_build(tmp_path: Path):
    result = _build(tmp_path, MINIMAL.replace("pitching.md#rehearse", "pitching.md#rehersal"))
    assert not result.ok
    where = "quizzes/minimal.yml:9: question 'first'"
    assert f"WARNING: {where}: link 'pitching.md#rehersal': no heading with id 'rehersal' in docs/pitching.md" in result.messages


if __name__ == "__main__" and "--regen" in sys.argv:  # pragma: no cover - maintainer tool
    out = {path.name: [str(p) for p in QUIZZES.load(path)[1]] for path in QUIZZES.invalid}
    QUIZZES.expected.write_text(
        "# Golden messages for tests/fixtures/quizzes/invalid/*.yml. Regenerate only after reading every message:\n"
        "# PYTHONPATH=hooks:tests python tests/test_quiz_loader.py --regen\n"
        + yaml.safe_dump(out, allow_unicode=True, sort_keys=True, width=200),
        encoding="utf-8",
    )
