"""Read checklist YAML files, validate them against the JSON Schema, build `Checklist`s.

Every problem is collected with the file, the line and the item it concerns, so one build
reports all of them. Only a file that cannot be read at all raises `UnreadableFile`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema
import yaml

if TYPE_CHECKING:  # jsonschema is imported only when a document fails the fast check
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from .model import Checklist, Item, LoadResult, PausePoint, Problem, Text

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema" / "checklist.schema.json"
MAX_FILE_BYTES = 1_000_000
MAX_ITEMS_PER_PAUSE = 9
STALE_AFTER_DAYS = 365

# HTML in text is refused (and escaped anyway when rendered). Markdown links are refused
# too: the item's `link` field is the only link an item has.
_HTML = re.compile(r"<\s*[A-Za-z!/?]|&#?\w+;")
_MD_LINK = re.compile(r"\]\s*\(|\]\s*\[|<[a-z]+:")

Path_ = tuple[Any, ...]


class UnreadableFile(Exception):
    """The file cannot be read at all (missing, not UTF-8, too large)."""


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema: dict[str, Any] = json.load(f)
    return schema


@lru_cache(maxsize=1)
def schema_validator() -> Draft202012Validator:
    """The full validator, whose errors say what is wrong (imported on first use: ~0.1 s)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@lru_cache(maxsize=1)
def schema_check() -> Callable[[Any], Any]:
    """The same schema compiled to Python by fastjsonschema: a fast yes/no. Only documents it
    rejects go through jsonschema, whose errors say what is wrong (tests check that the two
    always agree)."""
    # fastjsonschema knows drafts 4-7; the schema uses nothing whose meaning differs in 2020-12.
    schema = {**_schema(), "$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(schema, formats={"date": lambda value: _parse_date(value) is not None})


def schema_valid(data: Any) -> bool:
    try:
        schema_check()(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


class _YamlProblem(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _to_python(node: yaml.Node, loader: yaml.SafeLoader, path: Path_, lines: dict[Path_, int]) -> Any:
    """Turn a composed YAML node into plain data, recording each value's line by path."""
    lines[path] = _line(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _YamlProblem(_line(key_node), "merge keys ('<<') are not allowed")
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                raise _YamlProblem(_line(key_node), f"keys must be text, not {key!r}")
            if key in result:
                raise _YamlProblem(_line(key_node), f"duplicate key '{key}'")
            result[key] = _to_python(value_node, loader, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(child, loader, (*path, i), lines) for i, child in enumerate(node.value)]
    value = loader.construct_object(node)
    if isinstance(value, date):
        return value.isoformat()  # YAML reads 2026-01-31 as a date; the schema wants text
    return value


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (no alias bombs, no hidden sharing)."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _YamlProblem(event.start_mark.line + 1, "YAML aliases ('*name') are not allowed")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _YamlProblem(event.start_mark.line + 1, "YAML anchors ('&name') are not allowed")
        return super().compose_node(parent, index)


# libyaml's parser and composer (C) when PyYAML has them: about ten times faster than the
# pure-Python SafeLoader. The pure-Python loader above stays the reference: it words every
# error message, so any file the fast path cannot take as it is goes through it instead.
_CSafeLoader: type | None = getattr(yaml, "CSafeLoader", None)


class _UseReference(Exception):
    """The fast path hands the file to the pure-Python loader (errors, anchors, aliases)."""


def _has_anchor(text: str) -> bool:
    """Whether the document defines an anchor or uses an alias (scanned with libyaml)."""
    if "&" not in text:
        return False  # no anchor, hence no alias either (an alias to nothing is an error)
    assert _CSafeLoader is not None
    loader = _CSafeLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return True
        return False
    finally:
        loader.dispose()


def _parse_fast(text: str) -> tuple[Any, dict[Path_, int]]:
    assert _CSafeLoader is not None
    try:
        if _has_anchor(text):
            raise _UseReference
        loader = _CSafeLoader(text)
        try:
            return _compose(loader)
        finally:
            loader.dispose()
    except yaml.YAMLError:
        raise _UseReference from None


def _compose(loader: Any) -> tuple[Any, dict[Path_, int]]:
    """The single document of a loader as plain data, with each value's line by path."""
    node = loader.get_single_node()
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    return _to_python(node, loader, (), lines), lines


def parse_yaml(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document; return the data and a map from data path to line."""
    if _CSafeLoader is not None:
        try:
            return _parse_fast(text)
        except _UseReference:
            pass
    return _parse_reference(text)


def _parse_reference(text: str) -> tuple[Any, dict[Path_, int]]:
    """The pure-Python parse, which refuses anchors and aliases and words every error."""
    loader = _NoAliasLoader(text)
    try:
        return _compose(loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax error: {e.problem or e}"
        if e.context and e.context_mark and e.context_mark.line + 1 != line:
            message += f" ({e.context} started on line {e.context_mark.line + 1})"
        raise _YamlProblem(line, message) from None
    except yaml.YAMLError as e:
        raise _YamlProblem(None, f"YAML error: {e}") from None
    finally:
        loader.dispose()


def read_text(path: Path, shown: str | None = None) -> str:
    shown = shown or path.as_posix()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(f"{shown}: file is {size} bytes; checklists are limited to {MAX_FILE_BYTES}")
        with open(path, encoding="utf-8-sig", newline=None) as f:
            return f.read()
    except UnicodeDecodeError as e:
        raise UnreadableFile(f"{shown}: not UTF-8 text (byte {e.start}): save the file as UTF-8") from None
    except OSError as e:
        raise UnreadableFile(f"{shown}: cannot read: {e.strerror}") from None


def _label(data: Any, path: Path_) -> str | None:
    """Name the item or pause point a data path is inside, e.g. "item 'rehearse'"."""
    if not isinstance(data, dict):
        return None
    label = f"checklist '{data['id']}'" if isinstance(data.get("id"), str) else None
    points = data.get("pause_points")
    if len(path) >= 2 and path[0] == "pause_points" and isinstance(points, list) and isinstance(path[1], int):
        point = points[path[1]] if path[1] < len(points) else None
        if not isinstance(point, dict):
            return f"pause point #{path[1] + 1}"
        label = f"pause point '{point['id']}'" if isinstance(point.get("id"), str) else f"pause point #{path[1] + 1}"
        items = point.get("items")
        if len(path) >= 4 and path[2] == "items" and isinstance(items, list) and isinstance(path[3], int):
            item = items[path[3]] if path[3] < len(items) else None
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                return f"item '{item['id']}'"
            return f"item #{path[3] + 1} of {label}"
    return label


def _nearest_line(lines: dict[Path_, int], path: Path_) -> int | None:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _field(path: Path_) -> str:
    """The key path below the innermost list entry: ("pause_points", 0, "items", 1, "text", "en") -> "text.en"."""
    keys = list(path)
    position = ""
    if keys and isinstance(keys[-1], int):  # an entry of a list field, e.g. roles[2]
        position = f"[{keys.pop() + 1}]"
    last_index = max((i for i, p in enumerate(keys) if isinstance(p, int)), default=-1)
    name = ".".join(str(p) for p in keys[last_index + 1 :])
    return f"{name}{position}" if name else "(top level)"


def _schema_message(error: ValidationError) -> tuple[Path_, str]:
    """Say a schema error the way an author thinks about it; return the path it is about."""
    path = tuple(error.absolute_path)
    name = _field(path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(schema.get("properties", {})))  # type: ignore[arg-type]
        known = ", ".join(schema.get("properties", {}))
        return (*path, extra[0]), f"unknown key '{extra[0]}' (allowed here: {known})"
    if error.validator == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        key = missing.group(1) if missing else error.message
        if path and path[-1] in ("title", "summary", "when", "text"):
            return path, f"{name}: missing the '{key}' text"
        return path, f"missing required field '{key}'"
    if error.validator == "format":
        return path, f"{name}: {error.instance!r} is not a real date (YYYY-MM-DD)"
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)  # type: ignore[union-attr]
        return path, f"{name}: {error.instance!r} is not one of: {allowed}"
    if error.validator == "type":
        return path, f"{name}: expected {error.validator_value}, got {type(error.instance).__name__} {error.instance!r}"
    if error.validator == "minItems" and error.validator_value == 1:
        return path, f"{name}: must not be empty"
    if error.validator == "minLength":
        return path, f"{name}: must not be empty"
    if error.validator == "pattern":
        if path and path[-1] == "link":
            return path, (
                f"link {error.instance!r} is not a playbook section: write it as page.md#heading-id (relative to docs/; no URLs)"
            )
        if path and path[-1] == "id":
            return path, f"id {error.instance!r} is not allowed: use lower-case letters, digits and single hyphens"
        if error.validator_value == "\\S":
            return path, f"{name}: must not be blank"
        return path, f"{name}: {error.instance!r} is not in the expected form"
    return path, f"{name}: {error.message}"


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def check_text(value: str) -> str | None:
    """Why a text value is refused, or None. Texts are plain words with inline Markdown."""
    if _HTML.search(value):
        return "HTML is not allowed in text (write plain words; use **bold** or *italic* for emphasis)"
    if _MD_LINK.search(value):
        return "links are not allowed in text: the item's 'link' field is its link"
    return None


def _walk_texts(data: Any, path: Path_ = ()) -> list[tuple[Path_, str]]:
    found: list[tuple[Path_, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("en", "zh") and isinstance(value, str):
                found.append(((*path, key), value))
            else:
                found += _walk_texts(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _walk_texts(value, (*path, i))
    return found


def validate(data: Any, lines: dict[Path_, int], shown: str, *, file_stem: str, today: date) -> list[Problem]:
    """Every problem in one parsed checklist document (schema, ids, texts, advice)."""

    def problem(path: Path_, message: str, *, fatal: bool = True) -> Problem:
        return Problem(shown, _nearest_line(lines, path), message, _label(data, path), fatal)

    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        return [Problem(shown, 1, f"a checklist file must be a mapping of keys (id, title, ...), but this one is {kind}")]

    problems = []
    errors = [] if schema_valid(data) else list(schema_validator().iter_errors(data))
    for error in sorted(errors, key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        path, message = _schema_message(error)
        problems.append(problem(path, message))

    for path, value in _walk_texts(data):
        reason = check_text(value)
        if reason:
            problems.append(problem(path, f"{_field(path)}: {reason}"))

    if isinstance(data.get("id"), str) and data["id"] != file_stem:
        problems.append(problem(("id",), f"id '{data['id']}' must match the file name '{file_stem}.yml'"))

    reviewed = data.get("last_reviewed")
    if isinstance(reviewed, str):
        when = _parse_date(reviewed)  # not a real date: the schema's format check says so
        if when is None:
            pass
        elif (today - when).days > STALE_AFTER_DAYS:
            problems.append(
                problem(
                    ("last_reviewed",),
                    f"last reviewed on {reviewed}, over a year ago: review it and update last_reviewed",
                    fatal=False,
                )
            )
        elif when > today:
            problems.append(problem(("last_reviewed",), f"last_reviewed {reviewed} is in the future"))

    seen_points: dict[str, int] = {}
    seen_items: dict[str, int] = {}
    points = data.get("pause_points")
    for p, point in enumerate(points if isinstance(points, list) else []):
        if not isinstance(point, dict):
            continue
        pid = point.get("id")
        if isinstance(pid, str):
            if pid in seen_points:
                problems.append(
                    problem(
                        ("pause_points", p, "id"), f"duplicate pause point id '{pid}' (first used on line {seen_points[pid]})"
                    )
                )
            else:
                seen_points[pid] = _nearest_line(lines, ("pause_points", p, "id")) or 0
        items = point.get("items")
        if isinstance(items, list) and len(items) > MAX_ITEMS_PER_PAUSE:
            problems.append(
                problem(
                    ("pause_points", p),
                    f"{len(items)} items in one pause point; keep it to {MAX_ITEMS_PER_PAUSE} or fewer "
                    "(long checklists stop being used)",
                    fatal=False,
                )
            )
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            iid = item["id"]
            where = ("pause_points", p, "items", i, "id")
            if iid in seen_items:
                problems.append(problem(where, f"duplicate item id '{iid}' (first used on line {seen_items[iid]})"))
            else:
                seen_items[iid] = _nearest_line(lines, where) or 0
    return sorted(problems, key=lambda x: x.line or 0)


def _text(value: dict[str, str]) -> Text:
    return Text(en=value["en"], zh=value["zh"])


def build_checklist(data: dict[str, Any], lines: dict[Path_, int], shown: str) -> Checklist:
    """Build the model from data that passed `validate` without fatal problems."""
    points = []
    for p, point in enumerate(data["pause_points"]):
        items = tuple(
            Item(
                id=item["id"],
                text=_text(item["text"]),
                link=item["link"],
                line=lines.get(("pause_points", p, "items", i), 0),
                roles=tuple(item.get("roles", ())),
                critical=bool(item.get("critical", False)),
            )
            for i, item in enumerate(point["items"])
        )
        points.append(PausePoint(point["id"], _text(point["title"]), items, lines.get(("pause_points", p), 0)))
    return Checklist(
        id=data["id"],
        title=_text(data["title"]),
        summary=_text(data["summary"]),
        when=_text(data["when"]),
        mode=data["mode"],
        owner=data["owner"],
        last_reviewed=date.fromisoformat(data["last_reviewed"]),
        pause_points=tuple(points),
        path=shown,
        line=lines.get(("id",), 1),
        order=data.get("order", 100),
        packs=tuple(data.get("packs", ())),
        group=data.get("group", "account"),
    )


def load_checklist(path: Path, *, shown: str | None = None, today: date | None = None) -> tuple[Checklist | None, list[Problem]]:
    """Load one file. Returns the checklist (None if it has fatal problems) and every problem.

    Raises UnreadableFile when the file cannot be read at all.
    """
    shown = shown or path.as_posix()
    text = read_text(path, shown)
    try:
        data, lines = parse_yaml(text)
    except _YamlProblem as e:
        return None, [Problem(shown, e.line, e.message)]
    problems = validate(data, lines, shown, file_stem=path.stem, today=today or date.today())
    if any(p.fatal for p in problems):
        return None, problems
    return build_checklist(data, lines, shown), problems


def load_all(folder: Path, *, root: Path | None = None, today: date | None = None) -> LoadResult:
    """Load every `*.yml` / `*.yaml` in a folder, sorted, and check ids across files."""
    result = LoadResult()
    if not folder.is_dir():
        return result
    seen: dict[str, Checklist] = {}
    for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
        shown = path.relative_to(root).as_posix() if root else path.as_posix()
        checklist, problems = load_checklist(path, shown=shown, today=today)
        result.problems += problems
        if checklist is None:
            continue
        if checklist.id in seen:
            first = seen[checklist.id]
            result.problems.append(
                Problem(
                    shown,
                    checklist.line,
                    f"duplicate checklist id '{checklist.id}' (also in {first.path})",
                    f"checklist '{checklist.id}'",
                )
            )
            continue
        seen[checklist.id] = checklist
        result.checklists.append(checklist)
    result.checklists.sort(key=lambda c: (c.order, c.id))
    return result
