"""Sample pages and checklists shared by the tests that build small sites."""

from __future__ import annotations

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
