"""Check that each checklist item's link lands on a heading, and build backlinks.

Pure functions over plain data: the hook hands in, per language, a map from a page's
docs-relative path to its heading ids and titles (taken from the rendered pages).
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .model import Checklist, Item, Problem

_TAGS = re.compile(r"<[^>]+>")


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


def check_item_links(
    checklists: Iterable[Checklist],
    lang_dir: str,
    lookup: Callable[[str], Target | None],
    generated: set[str],
) -> list[Problem]:
    """Every item whose link does not land on a heading of an existing playbook page."""
    problems = []
    for checklist in checklists:
        for item in checklist.items:
            message = _link_problem(item, lang_dir, lookup, generated)
            if message:
                problems.append(Problem(checklist.path, item.line, message, f"item '{item.id}'"))
    return problems


def _link_problem(item: Item, lang_dir: str, lookup: Callable[[str], Target | None], generated: set[str]) -> str | None:
    where = f"link '{item.link}'"
    if item.page in generated:
        return f"{where}: points at a generated checklist page; link the playbook section that explains the item"
    target = lookup(item.page)
    if target is None:
        return f"{where}: page docs/{lang_dir}{item.page} does not exist"
    if item.anchor not in target.headings:
        return f"{where}: no heading with id '{item.anchor}' in {target.shown}"
    return None


@dataclass(frozen=True)
class Backlink:
    checklist: Checklist
    item: Item


def backlinks_by_section(checklists: Iterable[Checklist]) -> dict[str, dict[str, list[Backlink]]]:
    """page -> heading id -> the items that cite it, in checklist order."""
    found: dict[str, dict[str, list[Backlink]]] = defaultdict(lambda: defaultdict(list))
    for checklist in checklists:
        for item in checklist.items:
            page, _, anchor = item.link.partition("#")  # item.page, item.anchor
            found[page][anchor].append(Backlink(checklist, item))
    return found


def insert_backlinks(
    page_html: str,
    sections: Mapping[str, list[Backlink]],
    render_block: Callable[[list[Backlink]], str],
) -> str:
    """Put a backlinks block right after each cited heading of a rendered page."""
    for anchor, refs in sections.items():
        pattern = re.compile(rf'(<h([1-6])[^>]*\bid="{re.escape(anchor)}"[^>]*>.*?</h\2>)', re.S)
        match = pattern.search(page_html)
        if match:
            page_html = page_html[: match.end()] + render_block(refs) + page_html[match.end() :]
    return page_html
