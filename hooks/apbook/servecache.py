"""Caches that make a `mkdocs serve` rebuild cheap. Off unless the command is `serve`.

Under `mkdocs serve` every save rebuilds the whole site (both languages: the i18n plugin
runs the build a second time), and MkDocs keeps hook modules loaded between rebuilds, so
what this module keeps survives from one rebuild to the next. Each cache holds the result
of one pure step, keyed by everything that step reads: a hit hands back exactly what the
step would have produced, so the served site is the site `mkdocs build` writes. Measured on
the real site (BENCHMARK.md, "Where the time goes in a serve rebuild"), Markdown, search and
template compilation were about 70 % of a rebuild's CPU time.

- Markdown: `Page.render` (MkDocs 1.6.1, `mkdocs/structure/pages.py`) sets `content`,
  `toc`, `_title_from_render`, `present_anchor_ids` and `links_to_anchors`, and logs a
  warning for each broken link. Keyed by the page's Markdown (after every
  `on_page_markdown`), its file's paths, every file's URL and inclusion (links are resolved
  against them), the Markdown settings and the link-check settings; the warnings are
  recorded and logged again on a hit. A site whose Markdown reads other files
  (`pymdownx.snippets`) is never cached.
- Search: Material 9.8.1's `SearchIndex.add_entry_from_context`
  (`material/plugins/search/plugin.py`): the index entries of one page (an HTML parse and
  jieba's segmentation of every Chinese run). Keyed by what it reads: the page's URL,
  title, HTML, table of contents and `search` / `title` / `tags` metadata, and the jieba
  dictionaries configured.
- Our own steps (`memo`): the generated pages' Markdown per document and language (the
  loader hands back the same document object while its file is unchanged), the search
  clean-up's parse of each checklist page, the term check of each unchanged source file.
- Templates: Jinja's own bytecode cache (`jinja2.BytecodeCache`, keyed by template file and
  source checksum), shared by the environments MkDocs and Material create on each rebuild,
  so the theme's templates are compiled once per process instead of several times per
  rebuild.

`poll_every` shortens the server's change detection (below). `tests/test_servecache.py`
builds the same site with and without these caches and compares every output file and
warning, and fails when one of the names above disappears after an upgrade.
"""

from __future__ import annotations

import copy
import hashlib
import logging
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

# What Page.render sets (MkDocs 1.6.1); the test checks that a rendered page has them all.
PAGE_ATTRIBUTES = ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")
SEARCH_PLUGINS = ("material/search", "search")
UNCACHEABLE_EXTENSIONS = ("pymdownx.snippets",)  # reads other files: not keyed here

T = TypeVar("T")
_pages_log = logging.getLogger("mkdocs.structure.pages")


@dataclass
class Stats:
    """Hits and misses since the caches were switched on (the tests read them)."""

    markdown_hits: int = 0
    markdown_misses: int = 0
    search_hits: int = 0
    search_misses: int = 0


stats = Stats()
_enabled = False


def enable(on: bool = True) -> None:
    """Switch the caches on (`mkdocs serve`) or off, forgetting what they hold."""
    global _enabled, stats
    _enabled = on
    _markdown.clear()
    _search.clear()
    _memo.clear()
    _bytecode.clear()
    stats = Stats()


def enabled() -> bool:
    return _enabled


# ---------------------------------------------------------------- our own steps

_memo: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}


def memo(slot: Hashable, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """`make()`, or under `mkdocs serve` the value it gave last time for `slot` if `key` is
    the same. Key parts are compared by identity first, then by equality: a document the
    loader handed back unchanged is the same object; an edited one is a new, unequal one."""
    if not _enabled:
        return make()
    hit = _memo.get(slot)
    if hit is not None and len(hit[0]) == len(key) and all(a is b or a == b for a, b in zip(hit[0], key, strict=True)):
        return cast(T, hit[1])
    value = make()
    _memo[slot] = (key, value)
    return value


# ---------------------------------------------------------------- Markdown


@dataclass
class _Rendered:
    key: tuple[Any, ...]
    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # target src_uri -> {anchor: original link}
    records: list[logging.LogRecord]


_markdown: dict[tuple[str, str], _Rendered] = {}
_files_token: tuple[Files | None, str] = (None, "")


def cache_render(page: Page) -> None:
    """Make `page.render` (called by MkDocs right after the `on_page_markdown` events) answer
    from the cache when nothing it reads has changed since the last rebuild."""
    if not _enabled:
        return
    render = page.render

    def cached(config: MkDocsConfig, files: Files) -> None:
        extensions = [e if isinstance(e, str) else type(e).__name__ for e in config.markdown_extensions]
        if any(name in extensions for name in UNCACHEABLE_EXTENSIONS):
            render(config, files)
            return
        file = page.file
        key = (
            page.markdown,
            file.src_uri,
            file.dest_uri,
            file.url,
            str(file.inclusion),
            _files(files),
            repr((config.markdown_extensions, config.mdx_configs, dict(config.validation), config.use_directory_urls)),
            _pages_log.getEffectiveLevel(),
        )
        slot = (file.src_uri, file.dest_uri)
        hit = _markdown.get(slot)
        if hit is not None and hit.key == key and _restore(page, hit, files):
            stats.markdown_hits += 1
            return
        stats.markdown_misses += 1
        with _recording() as records:
            render(config, files)
        links = None
        if page.links_to_anchors is not None:
            links = {target.src_uri: dict(anchors) for target, anchors in page.links_to_anchors.items()}
        _markdown[slot] = _Rendered(
            key,
            page.content or "",
            copy.deepcopy(page.toc),
            page._title_from_render,
            set(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
            links,
            records,
        )

    page.render = cached  # type: ignore[method-assign]


def _restore(page: Page, hit: _Rendered, files: Files) -> bool:
    links = None
    if hit.links is not None:
        links = {}
        for src_uri, anchors in hit.links.items():
            target = files.get_file_from_path(src_uri)
            if target is None:
                return False  # cannot happen with the same file list; render instead
            links[target] = dict(anchors)
    page.content = hit.content
    page.toc = copy.deepcopy(hit.toc)
    page._title_from_render = hit.title
    page.present_anchor_ids = set(hit.anchors) if hit.anchors is not None else None
    page.links_to_anchors = links
    for record in hit.records:  # the warnings the rendering gave, said again
        logging.getLogger(record.name).handle(record)
    return True


def _files(files: Files) -> str:
    """A digest of every file's source path, URL and inclusion: what links resolve against.
    Computed once per build (MkDocs renders every page with the same `Files`)."""
    global _files_token
    if _files_token[0] is not files:
        listing = "\n".join(f"{f.src_uri}\t{f.dest_uri}\t{f.url}\t{f.inclusion}" for f in files)
        _files_token = (files, hashlib.blake2b(listing.encode("utf-8", "surrogatepass")).hexdigest())
    return _files_token[1]


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: dict[int, logging.LogRecord] = {}

    def emit(self, record: logging.LogRecord) -> None:
        self.records.setdefault(id(record), record)


@contextmanager
def _recording() -> Iterator[list[logging.LogRecord]]:
    """Every log record emitted meanwhile: MkDocs' loggers do not propagate to the root
    logger under the `mkdocs` command, Markdown's own loggers do."""
    recorder = _Recorder()
    loggers = [logging.getLogger("mkdocs"), logging.getLogger()]
    for logger in loggers:
        logger.addHandler(recorder)
    records: list[logging.LogRecord] = []
    try:
        yield records
    finally:
        for logger in loggers:
            logger.removeHandler(recorder)
        records += recorder.records.values()


# ---------------------------------------------------------------- search


_search: dict[str, tuple[tuple[Any, ...], list[dict[str, Any]]]] = {}


def cache_search(config: MkDocsConfig) -> None:
    """Make the search plugin's index of this build answer from the cache (Material creates
    a new index in each build's on_config, the i18n plugin's second build included)."""
    if not _enabled:
        return
    plugin = next((config.plugins[name] for name in SEARCH_PLUGINS if name in config.plugins), None)
    index = getattr(plugin, "search_index", None)
    if index is None or getattr(index, "_ap_cached", False):
        return
    add = index.add_entry_from_context
    dictionaries = (plugin.config.get("jieba_dict"), plugin.config.get("jieba_dict_user"))  # type: ignore[union-attr]

    def cached(page: Page) -> None:
        meta = {name: page.meta.get(name) for name in ("search", "title", "tags")}
        key = (page.url, page.title, page.content, _toc(page.toc), repr(meta), dictionaries)
        hit = _search.get(page.url)
        if hit is not None and hit[0] == key:
            stats.search_hits += 1
            index.entries.extend(copy.deepcopy(hit[1]))
            return
        stats.search_misses += 1
        before = len(index.entries)
        add(page)
        _search[page.url] = (key, copy.deepcopy(index.entries[before:]))

    index.add_entry_from_context = cached
    index._ap_cached = True


def _toc(items: TableOfContents | list[AnchorLink]) -> tuple[Any, ...]:
    return tuple((a.id, a.url, a.title, _toc(a.children)) for a in items)


# ---------------------------------------------------------------- templates


class _MemoryBytecode(jinja2.BytecodeCache):
    """Jinja's bytecode cache in memory: a bucket is found by template file and used only
    if the template's source checksum still matches (an edited template is compiled anew)."""

    def __init__(self, store: dict[str, bytes]) -> None:
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_bytecode: dict[tuple[Any, ...], dict[str, bytes]] = {}


def cache_templates(config: MkDocsConfig) -> None:
    """Give every Jinja environment this build's theme creates the shared bytecode cache."""
    if not _enabled:
        return
    theme = config.theme
    if getattr(theme, "_ap_cached", False):
        return
    get_env: Callable[[], jinja2.Environment] = theme.get_env

    def cached() -> jinja2.Environment:
        env = get_env()
        # Compiled code depends on the environment's syntax settings and extensions: one
        # store per combination (in practice one).
        settings = (
            tuple(sorted(env.extensions)),
            env.block_start_string,
            env.variable_start_string,
            env.comment_start_string,
            env.line_statement_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.optimized,
            repr(env.autoescape),
        )
        env.bytecode_cache = _MemoryBytecode(_bytecode.setdefault(settings, {}))
        return env

    theme.get_env = cached  # type: ignore[method-assign]
    theme._ap_cached = True  # type: ignore[attr-defined]


# ---------------------------------------------------------------- change detection


def poll_every(server: Any, seconds: float) -> None:
    """Look for changed files every `seconds` instead of every 0.5 s.

    MkDocs 1.6.1's `LiveReloadServer` watches with a watchdog `PollingObserver`
    (`server.observer`, interval 0.5 s): a save waits 0.25 s on average before the rebuild
    starts. watchdog 7.1 keeps the interval in `_timeout`, on the observer (for paths
    scheduled later) and on each emitter already scheduled (docs_dir, mkdocs.yml)."""
    observer = getattr(server, "observer", None)
    if observer is None or not hasattr(observer, "_timeout"):
        return
    observer._timeout = seconds
    for emitter in observer.emitters:
        emitter._timeout = seconds
