"""The rebuild caches of `mkdocs serve` (apbook.servecache) serve exactly what a fresh build writes.

Each test builds a small bilingual site the way `mkdocs serve` does (one process, the hook
modules loaded once, `on_startup(command="serve")`, a new config per rebuild) and compares
it with a build of the same sources without the caches.
"""

from __future__ import annotations

import filecmp
import importlib
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from apbook import servecache
from material.plugins.search.plugin import SearchIndex
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from samples import CHECKLIST, PAGES
from sitebuild import ROOT, WarningCollector, build_mini

BROKEN = "# Notes\n\nSee [the missing page](nowhere.md).\n"
PAGES_WITH_A_BROKEN_LINK = {**PAGES, "notes.md": BROKEN, "zh/notes.md": BROKEN.replace("Notes", "笔记")}


@pytest.fixture(autouse=True)
def _caches_off_afterwards() -> Iterator[None]:
    yield
    servecache.enable(False)  # the hook modules (and this switch) outlive the test


def _site(root: Path) -> Path:
    """Sources of a small site in `root` (first built without caches) and its mkdocs.yml.
    The theme overrides are a copy, so a test can edit a template."""
    shutil.copytree(ROOT / "overrides", root / "overrides")
    build_mini(root, pages=PAGES_WITH_A_BROKEN_LINK, checklists={"demo.yml": CHECKLIST}, strict=False)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(str(ROOT / "overrides"), str(root / "overrides")), encoding="utf-8"
    )
    return config


def _build(config_file: Path, site: Path, *, command: str | None = None) -> list[str]:
    """One build as `mkdocs serve` runs it (a new config each time); `command`: also run the
    startup event first, as `mkdocs serve` / `mkdocs build` do once per process."""
    config = load_config(str(config_file), site_dir=str(site))
    if command is not None:
        config.plugins.on_startup(command=command, dirty=False)  # type: ignore[arg-type]
    handler = WarningCollector()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        build(config)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return handler.messages


def _differences(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only, recursively."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return found


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_cached_rebuild_serves_what_a_fresh_build_writes(tmp_path: Path):
    config = _site(tmp_path)
    served = tmp_path / "served"
    _build(config, served, command="serve")
    assert servecache.enabled()
    # An author edits a checklist item (its page, the pack and a backlink change) and a page.
    _edit(tmp_path / "checklists" / "demo.yml", "Hold the **rehearsal**", "Hold the **dress rehearsal**")
    _edit(tmp_path / "checklists" / "demo.yml", "完成**彩排**", "完成**带妆彩排**")
    _edit(tmp_path / "docs" / "strategy.md", "Brief well.", "Brief well, early.")
    _edit(tmp_path / "docs" / "zh" / "strategy.md", "好好写简报。", "客户专员好好写简报。")  # a term to avoid
    rebuilt = _build(config, served)
    assert servecache.stats.markdown_hits > 0 and servecache.stats.search_hits > 0  # the caches were used

    servecache.enable(False)
    fresh = tmp_path / "fresh"
    assert sorted(_build(config, fresh)) == sorted(rebuilt)
    assert any("客户专员" in m for m in rebuilt)
    assert servecache.stats.markdown_hits == servecache.stats.markdown_misses == 0
    assert _differences(served, fresh) == []
    assert "dress rehearsal" in (served / "checklists" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "带妆\u200b彩排" in (served / "zh" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Brief well, early." in (served / "strategy" / "index.html").read_text(encoding="utf-8")


def test_each_rebuild_logs_the_warnings_of_unchanged_pages(tmp_path: Path):
    config = _site(tmp_path)
    first = _build(config, tmp_path / "served", command="serve")
    hits = servecache.stats.markdown_hits
    again = _build(config, tmp_path / "served")
    assert servecache.stats.markdown_hits > hits  # notes.md was not rendered again...
    broken = [m for m in again if "nowhere.md" in m]
    assert broken and broken == [m for m in first if "nowhere.md" in m]  # ...yet its warnings were logged again


def test_an_edited_template_is_compiled_again(tmp_path: Path):
    config = _site(tmp_path)
    served = tmp_path / "served"
    _build(config, served, command="serve")
    _edit(tmp_path / "overrides" / "main.html", "{% block site_meta %}", "{% block site_meta %}<!-- ap-edited-template -->")
    _build(config, served)
    assert "ap-edited-template" in (served / "pitching" / "index.html").read_text(encoding="utf-8")


def test_mkdocs_build_never_uses_the_caches(tmp_path: Path):
    config = _site(tmp_path)
    _build(config, tmp_path / "built", command="build")
    assert not servecache.enabled()
    assert servecache.stats == servecache.Stats()


def test_the_mkdocs_and_material_names_the_caches_wrap_still_exist(tmp_path: Path):
    config = load_config(str(_site(tmp_path)))
    file = File("pitching.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    page = Page("Pitching", file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    assert [name for name in servecache.PAGE_ATTRIBUTES if not hasattr(page, name)] == []
    assert page.present_anchor_ids is not None and "rehearse" in page.present_anchor_ids
    assert callable(SearchIndex.add_entry_from_context) and SearchIndex().entries == []
    assert callable(Theme.get_env)


def test_the_server_looks_for_changes_every_fifth_of_a_second(tmp_path: Path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path))  # as MkDocs watches docs_dir before on_serve
        assert {e.timeout for e in server.observer.emitters} == {0.5}
        site_hook = importlib.import_module("site_hook")
        assert site_hook.on_serve(server, config=None, builder=None) is server
        (tmp_path / "checklists").mkdir()
        server.watch(str(tmp_path / "checklists"))  # as the `watch:` paths, after on_serve
        assert {e.timeout for e in server.observer.emitters} == {site_hook.POLL_SECONDS} == {0.2}
    finally:
        server.server_close()
