"""Shared fixtures: build real sites (the repository's, or small ones) into tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sitebuild import BuildResult, build_site, copy_repo_sources, site_config


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The repository's site, built strictly once per test session."""
    root = tmp_path_factory.mktemp("real")
    copy_repo_sources(root)
    result = build_site(root)
    assert result.ok, f"strict build of the repository failed: {result.error}\n" + "\n".join(result.messages)
    return result


@pytest.fixture
def mini_site(tmp_path: Path) -> Callable[..., BuildResult]:
    """Build a small bilingual site: `mini_site(pages={...}, checklists={...})`.

    pages maps a docs-relative path ("pitching.md", "zh/pitching.md") to Markdown;
    checklists maps a file name to YAML text. The nav lists every English page.
    """

    def make(*, pages: dict[str, str], checklists: dict[str, str] | None = None, strict: bool = True) -> BuildResult:
        for rel, text in pages.items():
            path = tmp_path / "docs" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        folder = tmp_path / "checklists"
        folder.mkdir(exist_ok=True)
        for name, text in (checklists or {}).items():
            (folder / name).write_text(text, encoding="utf-8")
        english = sorted(rel for rel in pages if not rel.startswith("zh/"))
        nav: list[Any] = [p for p in english]
        if checklists:
            nav.append({"Checklists": "checklists/index.md"})
        return build_site(tmp_path, site_config(tmp_path, nav=nav), strict=strict)

    return make
