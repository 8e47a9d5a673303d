"""Sample data shared by the tests: pages and a checklist for the tests that build small
sites, and the fixture corpora of checklists and quizzes with their golden messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from apbook.loader import load_checklist, load_quiz

PAGES = {
    "index.md": "# Home\n\nWelcome.\n",
    "zh/index.md": "# 首页\n\n欢迎。\n",
    "pitching.md": "# Pitching\n\n## Rehearse {#rehearse}\n\nRun it through.\n\n## Close {#close}\n\nEnd well.\n",
    "zh/pitching.md": "# 提案\n\n## 彩排 {#rehearse}\n\n过一遍。\n\n## 收尾 {#close}\n\n好好收尾。\n",
    "strategy.md": "# Strategy\n\n## Briefing {#briefing}\n\nBrief well.\n",
    "zh/strategy.md": "# 策略\n\n## 简报 {#briefing}\n\n好好写简报。\n",
}

CHECKLIST = """\
id: demo
title: {en: Demo checklist, zh: 演示清单}
summary: {en: A demo., zh: 演示用。}
when: {en: In tests, zh: 测试时}
mode: read-do
owner: AM
last_reviewed: 2026-11-01
packs: [pitch]
pause_points:
  - id: before
    title: {en: Before, zh: 之前}
    items:
      - id: rehearse
        text: {en: Hold the **rehearsal**, zh: 完成**彩排**}
        link: pitching.md#rehearse
        roles: [AE]
      - id: brief
        text: {en: Write the brief, zh: 写好简报}
        link: strategy.md#briefing
"""


@dataclass(frozen=True)
class Corpus:
    """The fixture files of one kind in tests/fixtures/<kind>/: valid/ and invalid/ files, and
    expected.yml with the golden messages of each invalid file (read as `<kind>/<name>`)."""

    kind: str
    loader: Callable[..., tuple[Any, list]]
    today: date

    @property
    def folder(self) -> Path:
        return Path(__file__).parent / "fixtures" / self.kind

    @property
    def expected(self) -> Path:
        return self.folder / "expected.yml"

    @property
    def invalid(self) -> list[Path]:
        return sorted((self.folder / "invalid").glob("*.yml"))

    def load(self, path: Path):
        return self.loader(path, shown=f"{self.kind}/{path.name}", today=self.today)

    def golden(self) -> dict:
        with open(self.expected, encoding="utf-8") as f:
            return yaml.safe_load(f)


CHECKLISTS = Corpus("checklists", load_checklist, date(2026, 11, 23))
QUIZZES = Corpus("quizzes", load_quiz, date(2026, 11, 24))
