"""MkDocs hook: the term base, terms.yml, enforced and turned into the glossary.

Thin glue over `apbook.terms`, which tests call directly.

- on_config: load and check terms.yml (cached; re-read when it changes under `mkdocs serve`).
  terms.yml sits next to mkdocs.yml; a site built elsewhere without one (tests, benchmark)
  uses the repository's.
- on_files (default language build only, so once per command): warn about every problem in
  terms.yml and every avoided variant in docs/**/*.md, checklists/*.yml and quizzes/*.yml,
  on the `mkdocs.plugins.terms` logger, naming file, line and preferred term; `--strict` fails.
- on_page_markdown: fill the `{#roles}` / `{#terms}` sections of glossary.md in each language
  from terms.yml, and append the language's abbreviation definitions (`*[AE]: …`) to every page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from apbook import i18n, servecache, terms
from apbook.loader import folder_entries
from apbook.yamlfile import YamlProblem, read_text
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.terms")

TERMS_FILE = "terms.yml"
REPOSITORY = Path(__file__).resolve().parents[1]
GLOSSARY = "glossary.md"
YAML_FOLDERS = ("checklists", "quizzes")


@dataclass
class _State:
    signature: tuple[str, int, int] | None = None
    base: terms.TermBase = field(default_factory=terms.TermBase)
    abbreviations: dict[str, str] = field(default_factory=dict)


_state = _State()


# ---------------------------------------------------------------- events


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    path = _terms_path(config)
    stat = path.stat() if path.is_file() else None
    signature = (str(path), stat.st_mtime_ns, stat.st_size) if stat else (str(path), 0, 0)
    if signature != _state.signature:
        _state.base = terms.load_terms(path, _shown(path, config))
        _state.abbreviations = {}
        _state.signature = signature
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if not i18n.languages(config).is_default:
        return files  # the other languages' builds: already reported
    for problem in _state.base.problems:
        log.warning(problem)
    for hit in _scan(config):
        log.warning(str(hit))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = i18n.file_locale(page.file, i18n.languages(config).default)
    if page.file.src_uri in (GLOSSARY, f"{lang}/{GLOSSARY}"):
        folder = Path(page.file.abs_src_path or config.docs_dir).parent
        markdown, missing = terms.render_glossary(markdown, _state.base.terms, lang, _section_titles(folder))
        for group in missing:
            log.warning(f"docs/{page.file.src_uri}: no '## … {{#{group}}}' heading: the {group} of {TERMS_FILE} are not listed")
    if lang not in _state.abbreviations:
        _state.abbreviations[lang] = terms.abbreviations(_state.base.terms, lang)
    return f"{markdown}\n\n{_state.abbreviations[lang]}\n"


# ---------------------------------------------------------------- helpers


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _terms_path(config: MkDocsConfig) -> Path:
    own = _root(config) / TERMS_FILE
    return own if own.is_file() else REPOSITORY / TERMS_FILE


def _shown(path: Path, config: MkDocsConfig) -> str:
    try:
        return path.resolve().relative_to(_root(config)).as_posix()
    except ValueError:
        return path.as_posix()


def _scan(config: MkDocsConfig) -> list[terms.Hit]:
    base = _state.base.terms
    if not base:
        return []
    hits: list[terms.Hit] = []
    for path in sorted(Path(config.docs_dir).rglob("*.md")):
        hits += _check(terms.check_markdown, path, config)
    for folder in YAML_FOLDERS:
        for path in folder_entries(_root(config) / folder)[0]:  # the files the loader reads
            hits += _check(terms.check_yaml, path, config)
    return hits


def _check(check: Callable[[str, list[terms.Term], str], list[terms.Hit]], path: Path, config: MkDocsConfig) -> list[terms.Hit]:
    """One file's hits; under `mkdocs serve`, checked again only when its text (or the term
    base) changed."""
    text, shown, base = _read(path), _shown(path, config), _state.base.terms
    return servecache.memo(("terms", check.__name__, shown), (text, base), lambda: check(text, base, shown))


def _read(path: Path) -> str:
    """The text of a file, or "" when it cannot be read (the loader or MkDocs says why)."""
    try:
        return read_text(path)
    except YamlProblem:
        return ""


def _section_titles(folder: Path) -> Callable[[str], str | None]:
    """Link text for `page.md#id` links from a page in `folder`: 'Page › Heading'."""
    pages: dict[str, str] = {}

    def title(link: str) -> str | None:
        page, _, anchor = link.partition("#")
        if page not in pages:
            path = folder / page
            pages[page] = _read(path) if path.is_file() else ""
        return terms.section_title(pages[page], anchor)

    return title
