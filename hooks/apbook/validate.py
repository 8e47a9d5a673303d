"""Named checks over one parsed author document (a checklist or a knowledge check).

Each check takes the document and returns `Finding`s: the data path a problem is about and
what to say. The loader turns paths into file lines and item labels. The checks are the
same for every kind of document; a `Shape` says where a kind keeps its nested entries.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .yamlfile import DataPath, YamlDate

# HTML in text is refused (and escaped anyway when rendered). Markdown links are refused
# too: an entry's `link` field is the only link it has.
_HTML = re.compile(r"<\s*[A-Za-z!/?]|&#?\w+;")
_MD_LINK = re.compile(r"\]\s*\(|\]\s*\[|<[a-z]+:")
# Names that JavaScript objects inherit and that the id pattern lets through.
JS_PROPERTY_IDS = frozenset({"constructor"})
_TEXT_KEYS = ("en", "zh")
# Bidirectional controls can make published text read differently from the source.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Finding:
    path: DataPath
    message: str
    fatal: bool = True
    notice: bool = False  # shown, but never fails a build (a review that is due)


@dataclass(frozen=True)
class Level:
    """One level of nested entries: the list key, what an entry is called, and whether its
    ids must be unique in the whole document or only among its siblings."""

    key: str
    noun: str
    unique_in_document: bool = True


@dataclass(frozen=True)
class Shape:
    noun: str  # "checklist", "quiz"
    levels: tuple[Level, ...]


# ---------------------------------------------------------------- the schema


@cache
def validator(schema_path: Path) -> Draft202012Validator:
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_findings(data: dict[str, Any], schema_path: Path) -> list[Finding]:
    errors = sorted(validator(schema_path).iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [_schema_finding(error) for error in errors]


def _schema_finding(error: ValidationError) -> Finding:
    """Say a schema error the way an author thinks about it (from the error's fields)."""
    path = tuple(error.absolute_path)
    name = field_name(path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    instance: Any = error.instance
    expected: Any = error.validator_value
    match error.validator:
        case "additionalProperties":
            known = list(schema.get("properties", {}))
            extra = sorted(set(instance) - set(known))[0]
            return Finding((*path, extra), f"unknown key '{extra}' (allowed here: {', '.join(known)})")
        case "required":
            missing = next(key for key in expected if key not in instance)
            if path and path[-1] in ("title", "summary", "when", "text", "area", "explanation"):
                return Finding(path, f"{name}: missing the '{missing}' text")
            return Finding(path, f"missing required field '{missing}'")
        case "format":
            return Finding(path, f"{name}: {short(instance)} is not a real date (YYYY-MM-DD)")
        case "enum":
            return Finding(path, f"{name}: {short(instance)} is not one of: {', '.join(map(str, expected))}")
        case "type":
            return Finding(path, f"{name}: expected {expected}, got {type(instance).__name__} {short(instance)}")
        case "minItems" if expected == 1:
            return Finding(path, f"{name}: must not be empty")
        case "minItems" | "maxItems":
            bound = "at least {} are needed" if error.validator == "minItems" else "at most {} are allowed"
            return Finding(path, f"{name}: {len(instance)} entries, but {bound.format(expected)}")
        case "minLength":
            return Finding(path, f"{name}: must not be empty")
        case "maxLength":
            return Finding(path, f"{name}: {len(instance)} characters; at most {expected}")
        case "pattern" if path and path[-1] == "link":
            return Finding(
                path,
                f"link {short(instance)} is not a playbook section: write it as page.md#heading-id (relative to docs/; no URLs)",
            )
        case "pattern" if path and path[-1] == "id":
            return Finding(path, f"id {short(instance)} is not allowed: use lower-case letters, digits and single hyphens")
        case "pattern" if expected == "\\S":
            return Finding(path, f"{name}: must not be blank")
    return Finding(path, f"{name}: {short(instance)} does not fit the schema ({error.validator} {short(expected)})")


# ---------------------------------------------------------------- texts


def texts(data: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, Any]]:
    """Every `en` / `zh` value of a document, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _TEXT_KEYS and not isinstance(value, dict | list):
                yield (*path, key), value
            else:
                yield from texts(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from texts(value, (*path, i))


def text_problem(value: object) -> str | None:
    """Why a text value is refused, or None. Texts are plain words with inline Markdown."""
    if isinstance(value, YamlDate):
        return f"{value} is read as a date: put the text in quotes"
    if not isinstance(value, str):
        return None  # the schema says what is wrong
    for char in value:
        if (unicodedata.category(char) in ("Cc", "Cs") and char not in "\n\t") or char in _BIDI:
            name = unicodedata.name(char, "a control character")
            return f"character U+{ord(char):04X} ({name}) is not allowed in text"
    if _HTML.search(value):
        return "HTML is not allowed in text (write plain words; use **bold** or *italic* for emphasis)"
    if _MD_LINK.search(value):
        return "links are not allowed in text: the 'link' field is the only link"
    return None


def text_findings(data: dict[str, Any], already: set[DataPath]) -> list[Finding]:
    found = []
    for path, value in texts(data):
        reason = text_problem(value)
        if reason and path not in already:
            found.append(Finding(path, f"{field_name(path)}: {reason}"))
    return found


# ---------------------------------------------------------------- ids


def entries(data: dict[str, Any], shape: Shape) -> Iterator[tuple[DataPath, dict[str, Any], int]]:
    """Every nested entry (a pause point, an item, a question ...) with its path and depth."""

    def walk(node: dict[str, Any], path: DataPath, depth: int) -> Iterator[tuple[DataPath, dict[str, Any], int]]:
        if depth == len(shape.levels):
            return
        children = node.get(shape.levels[depth].key)
        for i, child in enumerate(children if isinstance(children, list) else []):
            if isinstance(child, dict):
                child_path = (*path, shape.levels[depth].key, i)
                yield child_path, child, depth
                yield from walk(child, child_path, depth + 1)

    return walk(data, (), 0)


def id_findings(
    data: dict[str, Any], shape: Shape, *, file_stem: str, reserved: frozenset[str], line_of: Callable[[DataPath], int | None]
) -> list[Finding]:
    found = []
    doc_id = data.get("id")
    if isinstance(doc_id, str):
        if doc_id in reserved:
            found.append(Finding(("id",), f"id '{doc_id}' is reserved for a generated page: choose another id and file name"))
        elif doc_id != file_stem:
            found.append(Finding(("id",), f"id '{doc_id}' must match the file name '{file_stem}.yml'"))
    seen: dict[tuple[int, DataPath], dict[str, DataPath]] = {}
    for path, entry, depth in entries(data, shape):
        entry_id = entry.get("id")
        if not isinstance(entry_id, str):
            continue
        level = shape.levels[depth]
        if entry_id in JS_PROPERTY_IDS:
            found.append(Finding((*path, "id"), f"id '{entry_id}' is reserved (browsers treat it as an object property)"))
        scope = seen.setdefault((depth, () if level.unique_in_document else path[:-2]), {})
        if entry_id in scope:
            found.append(
                Finding((*path, "id"), f"duplicate {level.noun} id '{entry_id}' (first used on line {line_of(scope[entry_id])})")
            )
        else:
            scope[entry_id] = (*path, "id")
    return found


# ---------------------------------------------------------------- review date


def review_findings(data: dict[str, Any], today: date, *, stale_after_days: int) -> list[Finding]:
    reviewed = data.get("last_reviewed")
    when = parse_date(reviewed) if isinstance(reviewed, str) else None
    if when is None:
        return []  # missing or not a real date: the schema says so
    if when > today:
        return [Finding(("last_reviewed",), f"last_reviewed {reviewed} is in the future")]
    if (today - when).days > stale_after_days:
        return [
            Finding(
                ("last_reviewed",),
                f"review due: last reviewed on {reviewed}, over a year ago: review it and update last_reviewed",
                fatal=False,
                notice=True,
            )
        ]
    return []


# ---------------------------------------------------------------- helpers


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def field_name(path: DataPath) -> str:
    """The key path below the innermost list entry: ("pause_points", 0, "items", 1, "text", "en") -> "text.en"."""
    keys = list(path)
    position = ""
    if keys and isinstance(keys[-1], int):  # an entry of a list field, e.g. roles[2]
        position = f"[{int(keys.pop()) + 1}]"
    last_index = max((i for i, p in enumerate(keys) if isinstance(p, int)), default=-1)
    name = ".".join(str(p) for p in keys[last_index + 1 :])
    return f"{name}{position}" if name else "(top level)"


def short(value: object, limit: int = 60) -> str:
    """A value for a message, cut if long: a message never echoes a whole long value."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
