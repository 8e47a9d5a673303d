"""Post-process the search index that Material's search plugin wrote for the whole site.

- `clean`: checklist items are indexed by their own words only. Material keeps the text of
  every element of an item (`li.ap-item`): the item's label, then its badges and its "Why"
  link glued on without a space ("word for wordCriticalADWhy: Pitching › Opening"). The
  built page says which part is the label (`li.ap-item > label`, the contract that
  checklist.js relies on too), so each such list entry is cut after its label's text
  (keeping the word breaks Material's Chinese segmentation put there).
- `split`: mkdocs-static-i18n writes one merged index; each language gets its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

_LIST_ENTRY = re.compile(r"<li>(.*?)</li>", re.S)
# Whitespace, and U+200B that Material's Chinese segmentation (jieba) puts between words.
_GAP = re.compile(r"[\s\u200b]+")


def _key(text: str) -> str:
    return _GAP.sub("", text)


def _keep(entry: str, significant: int) -> str:
    """The start of `entry` that holds its first `significant` non-gap characters."""
    seen = 0
    for i, char in enumerate(entry):
        if not _GAP.match(char):
            seen += 1
            if seen == significant:
                return entry[: i + 1]
    return entry


class _Items(HTMLParser):
    """{an item's whole text without gaps, escaped as in the index: length of its label's}."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: dict[str, int] = {}
        self._depth = 0  # element depth inside the current li.ap-item (0: outside)
        self._label_depth = 0
        self._whole: list[str] = []
        self._label: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("input", "br", "img", "wbr", "hr"):
            return  # void elements never close
        if self._depth:
            self._depth += 1
            if self._label_depth:
                self._label_depth += 1
            elif tag == "label" and self._depth == 2:
                self._label_depth = 1
        elif tag == "li" and "ap-item" in (dict(attrs).get("class") or "").split():
            self._depth, self._whole, self._label = 1, [], []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("input", "br", "img", "wbr", "hr") or not self._depth:
            return
        self._depth -= 1
        if self._label_depth:
            self._label_depth -= 1
        if not self._depth:
            whole = _key(escape("".join(self._whole), quote=False))
            label = _key(escape("".join(self._label), quote=False))
            if label and whole != label and whole.startswith(label):
                self.items[whole] = len(label)

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._whole.append(data)
            if self._label_depth:
                self._label.append(data)


def article_items(page: str, article: str) -> dict[str, int]:
    """The checklist items of one page's `<article>…</article>` (`page`: its location, for
    callers that cache the result per page): {whole text: length of its label}."""
    if "ap-item" not in article:
        return {}
    parser = _Items()
    parser.feed(article)
    return parser.items


ItemsOf = Callable[[str, str], dict[str, int]]


def _page_items(site: Path, location: str, cache: dict[str, dict[str, int]], items_of: ItemsOf) -> dict[str, int]:
    page = location.split("#", 1)[0]
    if page not in cache:
        path = site / page / "index.html" if not page or page.endswith("/") else site / page
        items: dict[str, int] = {}
        if path.is_file():
            html = path.read_text(encoding="utf-8")
            # Only the page's content: the nav around it lists every page of the site, so
            # parsing it too would make the whole clean-up grow with the square of the size.
            start, end = html.find("<article"), html.rfind("</article>")
            if 0 <= start < end:
                html = html[start : end + len("</article>")]
            items = items_of(page, html)
        cache[page] = items
    return cache[page]


def clean(index: dict[str, Any], site: Path, *, items_of: ItemsOf = article_items) -> dict[str, Any]:
    """The index with each checklist item's entry reduced to the item's own words.
    `items_of(page, article)` parses a page's article (`article_items`, or a cache of it)."""
    cache: dict[str, dict[str, int]] = {}
    docs = []
    for doc in index.get("docs", []):
        items = _page_items(site, doc.get("location", ""), cache, items_of)
        if items and "<li>" in doc.get("text", ""):

            def label(match: re.Match[str], items: dict[str, int] = items) -> str:
                size = items.get(_key(match.group(1)))
                return match.group(0) if size is None else f"<li>{_keep(match.group(1), size).strip()}</li>"

            doc = {**doc, "text": _LIST_ENTRY.sub(label, doc["text"])}
        docs.append(doc)
    return {**index, "docs": docs}


def split(index: dict[str, Any], default: str, others: list[str]) -> dict[str, dict[str, Any]]:
    """{lang: index}. Locations of another language lose their `<lang>/` prefix, because
    that language's pages search from their own base URL (`/<lang>/`)."""
    docs = index.get("docs", [])
    result: dict[str, dict[str, Any]] = {}
    prefixes = {lang: f"{lang}/" for lang in others}
    for lang in [default, *others]:
        if lang == default:
            mine = [d for d in docs if not any(d["location"].startswith(p) for p in prefixes.values())]
        else:
            p = prefixes[lang]
            mine = [{**d, "location": d["location"][len(p) :]} for d in docs if d["location"].startswith(p)]
        result[lang] = {**index, "docs": mine}
    return result
