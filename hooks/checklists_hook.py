"""MkDocs hook: checklists/*.yml and quizzes/*.yml -> validated, linked pages in every language.

Thin glue over `apbook` (loader, render, links, i18n), which tests call directly.

Event order (the i18n plugin runs the whole build once per language, inside its own
on_post_build; every event below runs once per language):
- on_config: load and validate every checklist and knowledge check (cached per file by
  size and mtime, so a `mkdocs serve` rebuild re-reads only what changed), and turn the nav
  entries of `checklists/index.md` and `quizzes/index.md` into sections listing the pages,
  checklists grouped by stage.
- on_files (priority -200, after i18n's -100): report load problems (in the default
  language's build only, so each is said once), add the generated pages of the language
  being built, with the attributes i18n gives real files (switcher, sitemap).
- on_env: every page of the language is rendered: check each entry's link against the
  target pages' headings in every language (default-language build), fill in the "why"
  links, add backlinks at the end of each cited section.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from apbook import i18n, render, servecache
from apbook.links import Backlink, Target, backlinks_by_section, check_links, insert_backlinks, plain
from apbook.loader import load_all
from apbook.model import Checklist, LoadResult, Problem, Quiz
from apbook.ui import GROUPS
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.plugins.checklists")

CHECKLIST_INDEX = "checklists/index.md"
QUIZ_INDEX = "quizzes/index.md"

_loaded = LoadResult()
_indexes: set[str] = set()  # the generated indexes this site has (its folder exists)


# ---------------------------------------------------------------- events


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _loaded, _indexes
    root = Path(config.config_file_path).resolve().parent
    _loaded = load_all(root / "checklists", root=root, quizzes=root / "quizzes")
    _indexes = {index for index in (CHECKLIST_INDEX, QUIZ_INDEX) if (root / index.partition("/")[0]).is_dir()}
    if config.nav is not None:
        _inject_nav(config.nav)
    return config


@event_priority(-200)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    langs = i18n.languages(config)
    if langs.is_default:  # i18n builds the default language first
        _report(_loaded.problems)
    for uri, content in _pages(langs, config):
        full = langs.prefix() + uri
        if full in files.src_uris:
            log.warning(f"docs/{full} clashes with a generated page: remove or rename it")
            continue
        generated = File.generated(config, full, content=content)
        i18n.give_attributes(generated, uri, langs, config)
        files.append(generated)
    i18n.record_pages(config, files)
    return files


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    langs = i18n.languages(config)
    documents: list[Checklist | Quiz] = [*_loaded.checklists, *_loaded.quizzes]
    if not documents:
        return env
    targets: dict[str, Target | None] = {}

    def lookup(page_uri: str) -> Target | None:
        if page_uri not in targets:
            targets[page_uri] = _target(i18n.source_file(files, page_uri, langs))
        return targets[page_uri]

    # Each language's build checks its own pages (only they are rendered in it).
    _report(check_links(documents, langs.all, langs.current, lookup))

    generated = {render.page_uri(c.id) for c in _loaded.checklists} | {render.quiz_uri(q.id) for q in _loaded.quizzes}
    generated |= {CHECKLIST_INDEX, QUIZ_INDEX, render.page_uri(render.PACK_ID)}
    for uri in generated:
        page = _rendered(files, langs.prefix() + uri)
        if page is not None and page.content is not None:
            resolve: Callable[[str], tuple[str, str] | None] = partial(_resolve, page=page, lookup=lookup)
            page.content = render.fill_links(page.content, resolve, langs.current)

    for page_uri, sections in backlinks_by_section(documents).items():
        source = i18n.source_file(files, page_uri, langs)
        page = source.page if source is not None else None
        if page is not None and page.content is not None:
            block: Callable[[list[Backlink]], str] = partial(_backlink_block, page=page, files=files, langs=langs)
            page.content = insert_backlinks(page.content, sections, block)
    return env


# ---------------------------------------------------------------- helpers


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        if problem.notice:
            log.info(str(problem))  # a review that is due: `make review` lists them
        else:
            log.warning(str(problem))


def _rendered(files: Files, src_uri: str) -> Page | None:
    file = files.src_uris.get(src_uri)
    return file.page if file is not None else None


def _inject_nav(nav: list[Any]) -> None:
    """The nav entries of the two generated indexes become sections listing their pages."""
    checklist_groups = [
        {names["en"]: [render.page_uri(c.id) for c in _loaded.checklists if c.group == group]}
        for group, names in GROUPS.items()
        if any(c.group == group for c in _loaded.checklists)
    ]
    if any("pitch" in c.packs for c in _loaded.checklists):
        checklist_groups.append(render.page_uri(render.PACK_ID))  # type: ignore[arg-type]
    _replace(nav, CHECKLIST_INDEX, [CHECKLIST_INDEX, *checklist_groups])
    _replace(nav, QUIZ_INDEX, [QUIZ_INDEX, *(render.quiz_uri(q.id) for q in _loaded.quizzes)])


def _replace(nav: list[Any], index: str, pages: list[Any]) -> bool:
    for entry in nav:
        if isinstance(entry, dict):
            for title, value in entry.items():
                if value == index or (isinstance(value, list) and value and value[0] == index):
                    entry[title] = pages
                    return True
                if isinstance(value, list) and _replace(value, index, pages):
                    return True
    return False


def _address(config: MkDocsConfig, file_uri: str) -> str:
    return (config.site_url or "/") + file_uri[: -len(".md")] + "/"


def _pages(langs: i18n.Languages, config: MkDocsConfig) -> list[tuple[str, str]]:
    """The generated pages of the language being built: (docs-relative uri, Markdown)."""
    lang, checklists, quizzes = langs.current, _loaded.checklists, _loaded.quizzes

    def address(uri: str) -> str:
        return _address(config, langs.prefix() + uri)

    # Under `mkdocs serve`, a page is rendered again only when its documents changed.
    def page(uri: str, documents: tuple[Any, ...], make: Callable[[], str]) -> tuple[str, str]:
        return uri, servecache.memo(("page", lang, uri), (address(uri), *documents), make)

    pages = [
        page(render.page_uri(c.id), (c,), partial(render.render_checklist, c, lang, address=address(render.page_uri(c.id))))
        for c in checklists
    ]
    pack = [c for c in checklists if "pitch" in c.packs]
    if CHECKLIST_INDEX in _indexes:
        index = partial(render.render_index, checklists, lang, has_pack=bool(pack))
        pages.append(page(CHECKLIST_INDEX, tuple(checklists), index))
    if pack:
        pack_page = partial(render.render_pack, pack, lang, address=lambda c: address(render.page_uri(c.id)))
        pages.append(page(render.page_uri(render.PACK_ID), tuple(pack), pack_page))
    pages += [page(render.quiz_uri(q.id), (q,), partial(render.render_quiz, q, lang)) for q in quizzes]
    if QUIZ_INDEX in _indexes:
        pages.append(page(QUIZ_INDEX, tuple(quizzes), partial(render.render_quiz_index, quizzes, lang)))
    return pages


def _target(file: File | None) -> Target | None:
    if file is None or file.page is None or file.page.content is None:
        return None
    headings: dict[str, str] = {}
    _collect(file.page.toc.items if file.page.toc else [], headings)
    return Target(shown=f"docs/{file.src_uri}", title=plain(file.page.title or ""), headings=headings, url=file.url)


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


def _backlink_block(refs: list[Backlink], *, page: Page, files: Files, langs: i18n.Languages) -> str:
    lang = langs.current
    links = []
    for ref in refs:
        if isinstance(ref.document, Quiz):
            uri, anchor = render.quiz_uri(ref.document.id), render.question_anchor(ref.document.id, ref.entry.id)
        else:
            uri, anchor = render.page_uri(ref.document.id), render.item_anchor(ref.document.id, ref.entry.id)
        file = files.src_uris.get(langs.prefix() + uri)
        if file is None:
            continue
        href = f"{get_relative_url(file.url, page.url)}#{anchor}"
        links.append(
            Markup('<li><a href="{}">{} › {}</a></li>').format(
                href, ref.document.title.get(lang), render.inline(ref.entry.text.get(lang))
            )
        )
    # A note, not a landmark (one page can cite many sections); collapsed, at the section's end.
    block = Markup('<details class="ap-backlinks"><summary>{} ({})</summary><ul>{}</ul></details>').format(
        render.t(lang, "backlinks"), len(links), Markup("").join(links)
    )
    return str(block)
