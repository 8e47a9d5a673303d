"""MkDocs hook: checklists/*.yml -> validated, linked checklist pages in every language.

Thin glue over `apbook` (loader, render, links), which tests call directly.

Event order (the i18n plugin runs the whole build once per language, inside its own
on_post_build; every event below except on_config's file loading runs per language):
- on_config: load and validate every checklist (cached between the two language builds
  of one command; re-read when a file changes under `mkdocs serve`), add one nav entry
  per checklist under the "Checklists" section.
- on_files (priority -200, after i18n's -100): report load problems (once), add one
  generated page per checklist, the index and the pitch pack for the language being
  built, with the attributes i18n gives real files (switcher, sitemap).
- on_env: every page of the language is rendered: check each item's link against the
  target page's headings, fill in the "why" links, add backlinks under cited sections.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from apbook import render
from apbook.links import Backlink, Target, backlinks_by_section, check_item_links, insert_backlinks, plain
from apbook.loader import UnreadableFile, load_all
from apbook.model import Checklist, LoadResult, Problem
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.plugins.checklists")

CHECKLIST_DIR = "checklists"
INDEX_URI = "checklists/index.md"


@dataclass
class _State:
    signature: tuple[tuple[str, int, int], ...] | None = None
    result: LoadResult = field(default_factory=LoadResult)
    backlinks: dict[str, dict[str, list[Backlink]]] | None = None  # of `result`, the same for every language


_state = _State()


# ---------------------------------------------------------------- events


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    folder = _root(config) / CHECKLIST_DIR
    signature = _signature(folder)
    if signature != _state.signature:
        try:
            _state.result = load_all(folder, root=_root(config))
        except UnreadableFile as e:
            raise PluginError(f"Checklist file cannot be read: {e}") from None
        _state.signature = signature
        _state.backlinks = None
    if config.nav is not None:
        _inject_nav(config.nav, _page_uris(_state.result.checklists))
    return config


@event_priority(-200)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    lang, default, langs = _languages(config)
    if lang == default:  # i18n builds the default language first: report load problems once
        _report(_state.result.problems)
    checklists = _state.result.checklists
    for uri, content in _pages(checklists, lang, default, config):
        full = _localized(uri, lang, default)
        if full in files.src_uris:
            log.warning(f"docs/{full} clashes with a generated checklist page: remove or rename it")
            continue
        generated = File.generated(config, full, content=content)
        _give_i18n_attributes(generated, uri, lang, default, langs, config)
        files.append(generated)
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        # The sitemap template lists the files i18n recorded per language: add ours.
        i18n.i18n_files_per_language[lang] = files.documentation_pages()
    return files


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    lang, default, _ = _languages(config)
    checklists = _state.result.checklists
    if not checklists:
        return env
    prefix = _localized("", lang, default)
    generated = set(_generated_uris(checklists))
    targets: dict[str, Target | None] = {}

    def lookup(page_uri: str) -> Target | None:
        if page_uri not in targets:
            targets[page_uri] = _target(files, prefix + page_uri, lang, default)
        return targets[page_uri]

    _report(check_item_links(checklists, prefix, lookup, generated))

    # Fill in the "why" links of the generated pages.
    for uri in generated:
        page = _rendered(files, prefix + uri)
        if page is not None and page.content is not None:
            resolve: Callable[[str], tuple[str, str] | None] = partial(_resolve, page=page, lookup=lookup)
            page.content = render.fill_links(page.content, resolve, lang)

    # Backlinks under every cited section.
    if _state.backlinks is None:
        _state.backlinks = backlinks_by_section(checklists)
    for page_uri, sections in _state.backlinks.items():
        page = _rendered(files, prefix + page_uri)
        if page is not None and page.content is not None and page_uri not in generated:
            block: Callable[[list[Backlink]], str] = partial(_backlink_block, page=page, lang=lang, default=default)
            page.content = insert_backlinks(page.content, sections, block)
    return env


def _rendered(files: Files, src_uri: str) -> Page | None:
    file = files.src_uris.get(src_uri)
    return file.page if file is not None else None


# ---------------------------------------------------------------- helpers


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    if not folder.is_dir():
        return ()
    paths = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)


def _languages(config: MkDocsConfig) -> tuple[str, str, list[str]]:
    """(language being built, default language, all built languages)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return "en", "en", ["en"]
    return i18n.current_language or i18n.default_language, i18n.default_language, list(i18n.build_languages)


def _localized(uri: str, lang: str, default: str) -> str:
    return uri if lang == default else f"{lang}/{uri}"


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        log.warning(str(problem))


def _page_uris(checklists: list[Checklist]) -> list[str]:
    return [INDEX_URI, *_generated_uris(checklists)]


def _generated_uris(checklists: list[Checklist]) -> list[str]:
    uris = [render.page_uri(c.id) for c in checklists]
    if any("pitch" in c.packs for c in checklists):
        uris.append(render.page_uri(render.PACK_ID))
    return uris


def _inject_nav(nav: list[Any], pages: list[str]) -> bool:
    """Make the nav entry of checklists/index.md a section holding every checklist page."""
    for i, entry in enumerate(nav):
        if isinstance(entry, dict):
            for title, value in entry.items():
                if value == INDEX_URI or (isinstance(value, list) and value and value[0] == INDEX_URI):
                    nav[i] = {title: pages}
                    return True
                if isinstance(value, list) and _inject_nav(value, pages):
                    return True
    return False


def _address(config: MkDocsConfig, uri: str) -> str:
    url = uri[: -len(".md")] + "/"
    return (config.site_url or "/") + url


def _pages(checklists: list[Checklist], lang: str, default: str, config: MkDocsConfig) -> list[tuple[str, str]]:
    prefix = _localized("", lang, default)
    pages = [
        (render.page_uri(c.id), render.render_checklist(c, lang, address=_address(config, prefix + render.page_uri(c.id))))
        for c in checklists
    ]
    pack = [c for c in checklists if "pitch" in c.packs]
    index = render.render_index(checklists, lang, has_pack=bool(pack))
    pages.append((INDEX_URI, index))
    if pack:
        address = lambda c: _address(config, prefix + render.page_uri(c.id))  # noqa: E731
        pages.append((render.page_uri(render.PACK_ID), render.render_pack(pack, lang, address=address)))
    return pages


def _give_i18n_attributes(file: File, uri: str, lang: str, default: str, langs: list[str], config: MkDocsConfig) -> None:
    """The attributes mkdocs-static-i18n gives real files, so the switcher and sitemap work."""
    file.locale = lang  # type: ignore[attr-defined]
    file.locale_alternate_of = lang  # type: ignore[attr-defined]
    file.localization = None if lang == default else lang  # type: ignore[attr-defined]
    file.norm_src_uri = uri  # type: ignore[attr-defined]
    alternates = {lang: file}
    for other in langs:
        if other != lang:
            twin = File.generated(config, _localized(uri, other, default), content="")
            twin.locale = other  # type: ignore[attr-defined]
            alternates[other] = twin
    file.alternates = alternates  # type: ignore[attr-defined]


def _target(files: Files, src_uri: str, lang: str, default: str) -> Target | None:
    file = files.src_uris.get(src_uri)
    if file is None or file.page is None or file.page.content is None:
        return None
    if getattr(file, "locale", lang) != lang:
        return None  # a fallback copy of the default language is not a translation
    headings: dict[str, str] = {}
    _collect(file.page.toc.items if file.page.toc else [], headings)
    return Target(shown=f"docs/{src_uri}", title=plain(file.page.title or ""), headings=headings, url=file.url)


def _collect(items: list[AnchorLink], into: dict[str, str]) -> None:
    for anchor in items:
        into[anchor.id] = plain(anchor.title)
        _collect(anchor.children, into)


def _resolve(link: str, *, page: Page, lookup: Callable[[str], Target | None]) -> tuple[str, str] | None:
    page_uri, _, anchor = link.partition("#")
    target = lookup(page_uri)
    if target is None or anchor not in target.headings:
        return None
    return f"{get_relative_url(target.url, page.url)}#{anchor}", f"{target.title} › {target.headings[anchor]}"


def _backlink_block(refs: list[Backlink], *, page: Page, lang: str, default: str) -> str:
    items = []
    for ref in refs:
        url = _localized(f"checklists/{ref.checklist.id}/", lang, default)
        href = f"{get_relative_url(url, page.url)}#item-{ref.checklist.id}--{ref.item.id}"
        items.append(
            f'<li><a href="{html.escape(href)}">{html.escape(ref.checklist.title.get(lang))} › '
            f"{render.inline(ref.item.text.get(lang))}</a></li>"
        )
    return (
        # A note, not a landmark: one page can cite many sections.
        f'<div class="ap-backlinks"><p>{render.t(lang, "backlinks")}</p><ul>{"".join(items)}</ul></div>'
    )
