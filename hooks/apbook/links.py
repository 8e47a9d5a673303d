"""Check that every checklist item and quiz question links to a heading, and build backlinks.

Pure functions over plain data: the hook hands in, per language, a lookup from a page's
docs-relative path to its headings (taken from the rendered pages).
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .model import Checklist, Item, Problem, Question, Quiz

_TAGS = re.compile(r"<[^>]+>")
GENERATED_DIRS = ("checklists/", "quizzes/")


@dataclass(frozen=True)
class Target:
    """A page as the link checker sees it."""

    shown: str  # "docs/zh/pitching.md", for messages
    title: str
    headings: Mapping[str, str]  # heading id -> plain-text title
    url: str = ""  # the page's URL in the site, e.g. "zh/pitching/"


def plain(title_html: str) -> str:
    """Heading HTML (as in a table of contents) to plain text."""
    return html.unescape(_TAGS.sub("", title_html)).replace("\u00b6", "").strip()


def _noun(entry: Item | Question) -> str:
    return "question" if isinstance(entry, Question) else "item"


def check_links(
    documents: Iterable[Checklist | Quiz], languages: Sequence[str], lang: str, lookup: Callable[[str], Target | None]
) -> list[Problem]:
    """Every entry whose link does not land on a heading of a playbook page of `lang`.

    `languages` are all the site's languages, the default first; `lookup(page)` gives the
    rendered page `page` (docs-relative, e.g. "pitching.md") of `lang`, or None when `lang`
    has no such page of its own. Mistakes in the form of a link are reported for the default
    language only, so each is said once."""
    problems = []
    for document in documents:
        for entry in document.items:
            message = link_problem(entry.link, languages, lang, lookup)
            if message:
                problems.append(Problem(document.path, entry.line, message, f"{_noun(entry)} '{entry.id}'"))
    return problems


def link_problem(link: str, languages: Sequence[str], lang: str, lookup: Callable[[str], Target | None]) -> str | None:
    page, _, anchor = link.partition("#")
    where = f"link '{link}'"
    first, _, rest = page.partition("/")
    wrong_form = None
    if page.startswith(GENERATED_DIRS):
        wrong_form = f"{where}: points at a generated page; link the playbook section that explains it"
    elif rest and first in languages[1:]:
        wrong_form = f"{where}: link the default-language path '{rest}#{anchor}'; the same link serves every language"
    if wrong_form is not None:
        return wrong_form if lang == languages[0] else None
    target = lookup(page)
    if target is None:
        prefix = "" if lang == languages[0] else f"{lang}/"
        return f"{where}: page docs/{prefix}{page} does not exist"
    if anchor not in target.headings:
        return f"{where}: no heading with id '{anchor}' in {target.shown}"
    return None


@dataclass(frozen=True)
class Backlink:
    document: Checklist | Quiz
    entry: Item | Question


def backlinks_by_section(documents: Iterable[Checklist | Quiz]) -> dict[str, dict[str, list[Backlink]]]:
    """page -> heading id -> the entries that cite it, in document order."""
    found: dict[str, dict[str, list[Backlink]]] = defaultdict(lambda: defaultdict(list))
    for document in documents:
        for entry in document.items:
            found[entry.page][entry.anchor].append(Backlink(document, entry))
    return found


_HEADING = re.compile(r'<h([1-6])[^>]*\bid="([^"]+)"[^>]*>.*?</h\1>', re.S)


def insert_backlinks(
    page_html: str, sections: Mapping[str, list[Backlink]], render_block: Callable[[list[Backlink]], str]
) -> str:
    """Put a backlinks block at the end of each cited section (before the next heading of
    the same or a higher level), so it never stands between a heading and its text."""
    headings = [(m.start(), m.end(), int(m.group(1)), m.group(2)) for m in _HEADING.finditer(page_html)]
    inserts: list[tuple[int, str]] = []
    for i, (_, _, level, anchor) in enumerate(headings):
        if anchor not in sections:
            continue
        end = next((start for start, _, other, _ in headings[i + 1 :] if other <= level), len(page_html))
        inserts.append((end, str(render_block(sections[anchor]))))
    for position, block in sorted(inserts, key=lambda x: x[0], reverse=True):
        page_html = page_html[:position] + block + page_html[position:]
    return page_html
