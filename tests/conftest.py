"""Shared fixtures: build real sites (the repository's, or small ones) into tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sitebuild import BuildResult, build_mini, build_site, copy_repo_sources


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
        return build_mini(tmp_path, pages=pages, checklists=checklists, strict=strict)

    return make
