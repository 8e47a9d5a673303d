"""The term base (terms.yml): load and check it, find avoided variants in pages, checklists
and quizzes, and generate the glossary sections and the hover abbreviations from it.

Plain functions over plain data; `hooks/terms_hook.py` is the MkDocs glue.

Matching: an English variant matches as whole words, ignoring case ("repeat pitch" finds
"Repeat Pitch" but not "repeat pitching"); a Chinese variant matches anywhere (substring).
A space in a variant matches any run of spaces or line breaks (English) or any spacing,
including none (Chinese: "下 brief" also finds "下brief").

Exempt in pages (never reported): fenced code blocks, inline code, HTML comments, attribute
lists such as `{#id}`, link targets (`](page.md#id)`, `[ref]: url`, `<https://…>`), and a
blockquote that quotes a source, i.e. one that links to the sources page (`sources.md`) in
its attribution. In checklists and quizzes only the reader-visible texts (the values of
`en:` and `zh:`) are checked, inline code excepted. The glossary sections are generated
from terms.yml and never scanned (they list the variants on purpose).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from apbook.yamlfile import YamlProblem, parse_yaml, read_text

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema" / "terms.schema.json"
LANGS = ("en", "zh")
GROUPS = ("roles", "terms")

Path_ = tuple[str | int, ...]


# ---------------------------------------------------------------- the term base


@dataclass(frozen=True)
class Term:
    id: str
    group: str
    en: str
    zh: str
    definition: dict[str, str]
    abbr: tuple[str, ...] = ()
    avoid: dict[str, tuple[str, ...]] = field(default_factory=dict)
    link: str | None = None
    line: int = 0

    def preferred(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass
class TermBase:
    terms: list[Term] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "terms.yml:12: …", each fails the strict build


@cache
def _validator() -> Draft202012Validator:
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        return Draft202012Validator(json.load(f))


def load_terms(path: Path, shown: str = "terms.yml") -> TermBase:
    """Read and check terms.yml; a file that cannot be read is a problem like any other."""
    try:
        text = read_text(path)
    except YamlProblem as e:
        return TermBase(problems=[f"{shown}: {e.message}"])
    return parse_terms(text, shown)


def parse_terms(text: str, shown: str = "terms.yml") -> TermBase:
    """Check a term base's text: YAML, schema, unique ids and abbreviations, and avoided
    variants that clash with a preferred term. Every problem names `shown:<line>`."""
    try:
        data, lines = parse_yaml(text)
    except YamlProblem as e:
        return TermBase(problems=[f"{shown}:{e.line or 1}: {e.message}"])

    def at(path: Path_) -> str:
        while path and path not in lines:
            path = path[:-1]
        return f"{shown}:{lines.get(path, 1)}"

    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        problems = []
        for error in errors:
            path = tuple(error.absolute_path)
            where = "/".join(str(p) for p in path) or "the file"
            problems.append(f"{at(path)}: {where}: {error.message}")
        return TermBase(problems=problems)

    base = TermBase()
    for i, entry in enumerate(data["terms"]):
        avoid = {lang: tuple(entry.get("avoid", {}).get(lang, ())) for lang in LANGS}
        base.terms.append(
            Term(
                id=entry["id"],
                group=entry["group"],
                en=entry["en"],
                zh=entry["zh"],
                definition=dict(entry["definition"]),
                abbr=tuple(entry.get("abbr", ())),
                avoid={lang: variants for lang, variants in avoid.items() if variants},
                link=entry.get("link"),
                line=lines.get(("terms", i), 1),
            )
        )
    seen_ids: dict[str, int] = {}
    seen_abbr: dict[str, str] = {}
    for i, term in enumerate(base.terms):
        if term.id in seen_ids:
            base.problems.append(f"{at(('terms', i, 'id'))}: duplicate id '{term.id}' (first on line {seen_ids[term.id]})")
        seen_ids.setdefault(term.id, lines.get(("terms", i, "id"), term.line))
        for j, abbr in enumerate(term.abbr):
            if abbr in seen_abbr:
                base.problems.append(
                    f"{at(('terms', i, 'abbr', j))}: abbreviation '{abbr}' is already defined by '{seen_abbr[abbr]}'"
                )
            seen_abbr.setdefault(abbr, term.id)
    preferred = {lang: [(t, t.preferred(lang)) for t in base.terms] for lang in LANGS}
    for i, term in enumerate(base.terms):
        for lang, variants in term.avoid.items():
            for j, variant in enumerate(variants):
                pattern = variant_pattern(variant, lang)
                for other, word in preferred[lang]:
                    if pattern.search(word):
                        base.problems.append(
                            f"{at(('terms', i, 'avoid', lang, j))}: avoided variant '{variant}' of '{term.id}' matches "
                            f"the preferred term '{word}' of '{other.id}': writing the preferred term would fail the build"
                        )
    return base


# ---------------------------------------------------------------- finding avoided variants


@dataclass(frozen=True)
class Hit:
    shown: str  # the file as the author knows it: docs/zh/pitching.md
    line: int
    found: str  # the text as written
    term: Term
    lang: str  # the language of the variant

    def __str__(self) -> str:
        preferred = self.term.preferred(self.lang)
        return f"{self.shown}:{self.line}: '{self.found}' is avoided: write '{preferred}' (term '{self.term.id}')"


_ASCII_WORD = "A-Za-z0-9_"


def variant_pattern(variant: str, lang: str) -> re.Pattern[str]:
    """The regex that finds a variant in text (see the module docstring for the rule)."""
    words = variant.split()
    if lang == "zh":
        return re.compile(r"\s*".join(re.escape(w) for w in words), re.IGNORECASE)
    body = r"\s+".join(re.escape(w) for w in words)
    # Whole words in ASCII terms: a Chinese character next to an English variant is a boundary.
    return re.compile(rf"(?<![{_ASCII_WORD}]){body}(?![{_ASCII_WORD}])", re.IGNORECASE)


@dataclass(frozen=True)
class _Matcher:
    pattern: re.Pattern[str]
    needle: str  # the variant's first word, lower case: a text without it cannot match
    term: Term
    lang: str


@dataclass(frozen=True)
class _Matchers:
    avoided: list[_Matcher]
    preferred_zh: tuple[str, ...]  # a Chinese hit that runs into one of these is a false one


def _matchers(terms: Iterable[Term]) -> _Matchers:
    terms = list(terms)
    avoided = [
        _Matcher(variant_pattern(variant, lang), variant.split()[0].lower(), term, lang)
        for term in terms
        for lang, variants in term.avoid.items()
        for variant in variants
    ]
    return _Matchers(avoided, tuple(t.zh for t in terms))


def _find(text: str, matchers: _Matchers) -> list[tuple[int, str, _Matcher]]:
    """(offset, found text, matcher) for every avoided variant in `text`, by offset.

    A Chinese variant that overlaps a preferred Chinese term and ends inside it is not
    reported: "约会议" (book a meeting) holds "约会" only because it runs into "会议"."""
    found = []
    lowered = text.lower()
    for matcher in matchers.avoided:
        if matcher.needle not in lowered:
            continue
        for m in matcher.pattern.finditer(text):
            if matcher.lang == "zh" and _runs_into_preferred(text, m, matchers.preferred_zh):
                continue
            found.append((m.start(), m.group(0), matcher))
    return sorted(found, key=lambda f: (f[0], f[2].term.id))


def _runs_into_preferred(text: str, hit: re.Match[str], preferred: tuple[str, ...]) -> bool:
    start, end = hit.span()
    window = text[max(0, start - 20) : end + 20]
    offset = max(0, start - 20)
    for word in preferred:
        at = window.find(word)
        while at >= 0:
            w_start, w_end = offset + at, offset + at + len(word)
            if w_start < end and w_end > start and (w_start < start or w_end > end):
                return True
            at = window.find(word, at + 1)
    return False


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
_ATTR_LIST = re.compile(r"\{:?[ \t]*[#.][^{}\n]*\}")
_LINK_TARGET = re.compile(r"(?<=\]\()[^)\s]*")
_REF_DEFINITION = re.compile(r"^([ \t]*\[[^\]\n]+\]:[ \t]*)(\S+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]*>")
_SOURCE_LINK = re.compile(r"\]\((?:\.\./)*sources\.md[#)]")


def mask_markdown(text: str) -> str:
    """`text` with every exempt part blanked out (same length, line breaks kept)."""
    lines = text.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        m = _FENCE.match(line)
        if fence is None:
            if m:
                fence = m.group(1)
                lines[i] = " " * len(line)
        else:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end() :].strip():
                fence = None
            lines[i] = " " * len(line)
    _mask_source_quotes(lines)
    text = "\n".join(lines)
    text = _COMMENT.sub(_blank, text)
    text = _INLINE_CODE.sub(_blank, text)
    text = _ATTR_LIST.sub(_blank, text)
    text = _LINK_TARGET.sub(_blank, text)
    text = _REF_DEFINITION.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    return _AUTOLINK.sub(_blank, text)


def _mask_source_quotes(lines: list[str]) -> None:
    """Blank every blockquote that links to the sources page (a quotation of a source)."""
    i = 0
    while i < len(lines):
        if not lines[i].lstrip().startswith(">"):
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].lstrip().startswith(">"):
            j += 1
        if any(_SOURCE_LINK.search(line) for line in lines[i:j]):
            for k in range(i, j):
                lines[k] = " " * len(lines[k])
        i = j


def _line_starts(text: str) -> list[int]:
    return [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]


def check_markdown(text: str, terms: Iterable[Term], shown: str) -> list[Hit]:
    """Every avoided variant in a Markdown page, outside the exempt parts."""
    masked = mask_markdown(text)
    starts = _line_starts(masked)
    return [
        Hit(shown, bisect.bisect_right(starts, offset), found, matcher.term, matcher.lang)
        for offset, found, matcher in _find(masked, _matchers(terms))
    ]


def check_yaml(text: str, terms: Iterable[Term], shown: str) -> list[Hit]:
    """Every avoided variant in the `en:`/`zh:` texts of a checklist or quiz file.

    A file that does not parse gives no hits: its own loader reports the YAML problem."""
    matchers = _matchers(terms)
    lowered = text.lower()
    if not any(m.needle in lowered and m.pattern.search(text) for m in matchers.avoided):
        return []  # nothing to find in the raw text: skip parsing (most files, most builds)
    try:
        data, lines = parse_yaml(text)
    except YamlProblem:
        return []
    raw = text.split("\n")
    hits: list[Hit] = []
    for path, value in _texts(data):
        start = lines.get(path, 1)
        for _, found, matcher in _find(_INLINE_CODE.sub(_blank, value), matchers):
            hits.append(Hit(shown, _line_of(raw, start, matcher.pattern), found, matcher.term, matcher.lang))
    return hits


def _texts(data: Any, path: Path_ = ()) -> list[tuple[Path_, str]]:
    """(path, text) of every string under an `en` or `zh` key."""
    if isinstance(data, dict):
        return [pair for key, value in data.items() for pair in _texts(value, (*path, key))]
    if isinstance(data, list):
        return [pair for i, value in enumerate(data) for pair in _texts(value, (*path, i))]
    if isinstance(data, str) and path and path[-1] in LANGS:
        return [(path, data)]
    return []


def _line_of(raw: list[str], start: int, pattern: re.Pattern[str], reach: int = 40) -> int:
    """The line of a multi-line YAML text that holds the match (else the text's first line)."""
    for number in range(start, min(start + reach, len(raw) + 1)):
        if pattern.search(raw[number - 1]):
            return number
    return start


# ---------------------------------------------------------------- glossary and abbreviations


_HEADING = re.compile(r"^##[ \t]+.*\{[ \t]*#(?P<id>[a-z0-9-]+)[^}]*\}[ \t]*$")
_ANY_HEADING = re.compile(r"^#{1,2}[ \t]")


def render_glossary(
    markdown: str, terms: Iterable[Term], lang: str, section_title: Callable[[str], str | None]
) -> tuple[str, list[str]]:
    """Fill the `## … {#roles}` and `## … {#terms}` sections of a glossary page with a
    definition list of the entries of that group, in terms.yml order, at the end of the
    section. Returns the Markdown and the ids of the groups whose heading is missing.

    `section_title("page.md#id")` gives the link text for an entry's link, or None."""
    by_group = {group: [t for t in terms if t.group == group] for group in GROUPS}
    lines = markdown.split("\n")
    ends: dict[str, int] = {}  # group -> index of the line after its section
    current: str | None = None
    for i, line in enumerate(lines):
        if _ANY_HEADING.match(line):
            if current is not None:
                ends[current] = i
                current = None
            m = _HEADING.match(line)
            if m and m.group("id") in by_group:
                current = m.group("id")
    if current is not None:
        ends[current] = len(lines)
    for group, end in sorted(ends.items(), key=lambda item: -item[1]):
        block = [render_entry(t, lang, section_title) for t in by_group[group]]
        lines[end:end] = ["", *block]
    return "\n".join(lines), [g for g in GROUPS if g not in ends and by_group[g]]


def render_entry(term: Term, lang: str, section_title: Callable[[str], str | None]) -> str:
    """One definition-list entry (Markdown) of the glossary in `lang`, anchored at its id."""
    name = term.preferred(lang)
    abbr = [a for a in term.abbr if a != name]
    avoided = term.avoid.get(lang, ())
    link = f"[{section_title(term.link) or term.link}]({term.link})" if term.link else None
    if lang == "zh":
        title = name + (f"（{'、'.join(abbr)}）" if abbr else "")
        notes = [f"英文：{term.en}"]
        if avoided:
            notes.append("不说：" + "、".join(f"“{v}”" for v in avoided))
        if link:
            notes.append(f"详见：{link}")
        tail = "；".join(notes) + "。"
    else:
        title = _capitalise(name) + (f" ({', '.join(abbr)})" if abbr else "")
        notes = [f"Chinese: {term.zh}"]
        if avoided:
            notes.append("Not: " + ", ".join(f"“{v}”" for v in avoided))
        if link:
            notes.append(f"See: {link}")
        tail = " · ".join(notes)
    return f"{title} {{#{term.id}}}\n:   {term.definition[lang]}\n\n    {tail}\n"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def first_sentence(text: str, lang: str) -> str:
    if lang == "zh":
        head, stop, _ = text.partition("。")
        return head if stop else text.rstrip("。")
    m = re.search(r"(?<=[a-z0-9)])\.(\s|$)", text)
    return text[: m.start()] if m else text.rstrip(".")


def abbreviations(terms: Iterable[Term], lang: str) -> str:
    """The `*[AE]: …` lines (Markdown abbr extension) of every abbreviation, in `lang`."""
    out = []
    for term in terms:
        if lang == "zh":
            text = f"{term.zh}：{first_sentence(term.definition['zh'], 'zh')}"
        else:
            text = f"{_capitalise(term.en)}: {first_sentence(term.definition['en'], 'en')}"
        for abbr in term.abbr:
            out.append(f"*[{abbr}]: {text}")
    return "\n".join(out)


def section_title(markdown: str, anchor: str) -> str | None:
    """'Page title › Heading' for the heading with id `anchor` in a page's Markdown."""
    page = None
    heading = None
    for line in markdown.split("\n"):
        if page is None and line.startswith("# "):
            page = _plain(line[2:])
        m = re.match(r"^#{2,6}[ \t]+(.*?)[ \t]*\{[ \t]*#" + re.escape(anchor) + r"[ \t}]", line)
        if m:
            heading = _plain(m.group(1))
            break
    if heading is None:
        return None
    return f"{page} › {heading}" if page else heading


def _plain(text: str) -> str:
    text = re.sub(r"\{[^}]*\}\s*$", "", text)
    return re.sub(r"[*_`]", "", text).strip()
