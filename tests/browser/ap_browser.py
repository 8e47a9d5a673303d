"""Helpers shared by the browser tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from playwright.sync_api import Page, expect

# Screenshots, PDFs and their PNG renderings, to look at after a run.
ARTIFACTS = Path(os.environ.get("AP_BROWSER_ARTIFACTS", "/tmp/ap-browser-artifacts"))

ASSETS = Path(__file__).resolve().parents[2] / "docs" / "assets"

# Pages of a small bilingual site for `mini_site`, with the repository's checklist assets.
PAGES = {
    **{
        f"assets/{name}": (ASSETS / name).read_text(encoding="utf-8")
        for name in ("checklist.js", "checklist-runs.js", "saved-data.js", "elements.js", "checklist.css", "playbook.css")
    },
    "index.md": "# Home\n\nWelcome.\n",
    "zh/index.md": "# 首页\n\n欢迎。\n",
    "pitching.md": "# Pitching\n\n## Rehearse {#rehearse}\n\nRun it through.\n\n## Close {#close}\n\nEnd well.\n",
    "zh/pitching.md": "# 提案\n\n## 彩排 {#rehearse}\n\n过一遍。\n\n## 收尾 {#close}\n\n好好收尾。\n",
}


def demo(items: list[tuple[str, str]]) -> str:
    """A one-pause-point checklist `demo` with these (id, roles) items."""
    lines = [
        "id: demo",
        "title: {en: Demo checklist, zh: 演示清单}",
        "summary: {en: A demo., zh: 演示用。}",
        "when: {en: In tests, zh: 测试时}",
        "mode: read-do",
        "owner: AM",
        "last_reviewed: 2026-11-01",
        "pause_points:",
        "  - id: before",
        "    title: {en: Before, zh: 之前}",
        "    items:",
    ]
    for item, roles in items:
        lines += [
            f"      - id: {item}",
            f"        text: {{en: Do {item}, zh: 完成 {item}}}",
            "        link: pitching.md#rehearse",
        ]
        if roles:
            lines.append(f"        roles: [{roles}]")
    return "\n".join(lines) + "\n"


def ready(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("html[data-ap-ready]")).to_have_count(1)


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
