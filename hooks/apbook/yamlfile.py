"""Read one YAML file written by an author into plain data, with the line of every value.

PyYAML's `SafeLoader`, restricted to what a checklist, a knowledge check or the term base
needs. libyaml (C) parses and composes when it is installed: the benchmark measured it
seven times faster than the pure-Python parser, which at 100 checklists decides whether the
hook costs more than 10 % of the build. Before libyaml composes, a walk over its event
stream (a loop, no recursion) refuses deep nesting, anchors and aliases; any file libyaml
does not take as it is goes to the pure-Python loader, which words every message, so the
messages are the same either way. Every way a file can be wrong ends as a
`YamlProblem(line, message)`; nothing else escapes, whatever the input:

- the file cannot be read, is not UTF-8 or is too large;
- YAML syntax errors (with the line where the construct started);
- anchors and aliases (no alias bombs, no hidden sharing), merge keys, duplicate keys,
  keys that are not text;
- nesting deeper than `MAX_DEPTH`, refused while composing, before Python recursion can fail;
- tags: none on mappings and lists; on scalars only YAML's own (`!!str`, `!!int` ...);
- scalars YAML types but cannot build (`2026-02-30`, `!!int abc`, `!!bool maybe`,
  `!!timestamp x`, numbers with thousands of digits).

Dates are kept as the text the author wrote, marked as `YamlDate` so a validator can refuse
a date where text is expected (an unquoted `2026-01-31` in a title).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 18

DataPath = tuple[str | int, ...]

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}


class YamlProblem(Exception):
    """What is wrong with a YAML file, and the line (None when it is about the whole file)."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class YamlDate(str):
    """A value YAML reads as a date, kept as the text written (e.g. "2026-11-24")."""


def read_text(path: Path, *, limit: int = MAX_FILE_BYTES) -> str:
    """The file's text (UTF-8, a BOM allowed). Raises YamlProblem if it cannot be read."""
    try:
        if not path.is_file():
            raise YamlProblem(None, "cannot read: not a regular file (a broken link or an editor's lock file?)")
        size = path.stat().st_size
        if size > limit:
            raise YamlProblem(None, f"file is {size} bytes; the limit is {limit}")
        with open(path, encoding="utf-8-sig", newline=None) as f:
            return f.read()
    except UnicodeDecodeError as e:
        raise YamlProblem(None, f"not UTF-8 text (byte {e.start}): save the file as UTF-8") from None
    except OSError as e:
        raise YamlProblem(None, f"cannot read: {e.strerror or e}") from None


def _line(node: yaml.Node | yaml.Event) -> int:
    mark = node.start_mark
    return mark.line + 1 if mark is not None else 1


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and deep nesting while composing."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(_line(event), "YAML aliases ('*name') are not allowed")
        if getattr(event, "anchor", None):
            raise YamlProblem(_line(event), "YAML anchors ('&name') are not allowed")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlProblem(_line(event), f"nested more than {MAX_DEPTH} levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_CSafeLoader: Any = getattr(yaml, "CSafeLoader", None)


def parse_yaml(text: str) -> tuple[Any, dict[DataPath, int]]:
    """Parse one YAML document; return the data and a map from each value's path to its line."""
    if _CSafeLoader is not None and _plain_and_shallow(text):
        loader = _CSafeLoader(text)
        try:
            node = loader.get_single_node()
            lines: dict[DataPath, int] = {}
            return (None if node is None else _to_python(node, loader, (), lines)), lines
        except yaml.YAMLError:
            pass  # the pure-Python loader below says what is wrong, in its words
        finally:
            loader.dispose()
    return _parse_reference(text)


def _plain_and_shallow(text: str) -> bool:
    """Whether libyaml reads the text with no anchor, no alias and no deep nesting (walked
    over its events, so a document nested thousands of levels never reaches a composer)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_CSafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return False
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return False
    return True


def _parse_reference(text: str) -> tuple[Any, dict[DataPath, int]]:
    """The pure-Python parse: refuses anchors, aliases and deep nesting, words every error."""
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        lines: dict[DataPath, int] = {}
        data = None if node is None else _to_python(node, loader, (), lines)
        return data, lines
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax error: {e.problem or e}"
        if e.context and e.context_mark and e.context_mark.line + 1 != line:
            message += f" ({e.context} started on line {e.context_mark.line + 1})"
        raise YamlProblem(line, message) from None
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        raise YamlProblem(line, f"character U+{e.character:04X} is not allowed in YAML (a control character?)") from None
    except yaml.YAMLError as e:
        raise YamlProblem(None, f"YAML error: {e}") from None
    finally:
        if loader is not None:
            loader.dispose()


def _to_python(node: yaml.Node, loader: yaml.SafeLoader, path: DataPath, lines: dict[DataPath, int]) -> Any:
    """A composed node as plain data (dict, list, str, int, float, bool, None)."""
    lines[path] = _line(node)
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise YamlProblem(_line(node), f"YAML tags ('{node.tag}') are not allowed on a mapping")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem(_line(key_node), "merge keys ('<<') are not allowed")
                raise YamlProblem(_line(key_node), f"keys must be text, not {_short(key_node.value)}")
            key = key_node.value
            if key in result:
                raise YamlProblem(_line(key_node), f"duplicate key {_short(key)}")
            result[key] = _to_python(value_node, loader, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise YamlProblem(_line(node), f"YAML tags ('{node.tag}') are not allowed on a list")
        return [_to_python(child, loader, (*path, i), lines) for i, child in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node, loader)


def _scalar(node: yaml.ScalarNode, loader: yaml.SafeLoader) -> Any:
    tag, raw = node.tag, node.value
    if tag not in _SCALAR_TAGS:
        raise YamlProblem(_line(node), f"YAML tag '{tag}' is not allowed (write plain values)")
    if tag.endswith(":str"):
        return raw
    if tag.endswith(":timestamp"):
        if not _is_real_date(raw):
            raise YamlProblem(_line(node), f"{_short(raw)} is not a real date (YYYY-MM-DD)")
        return YamlDate(raw)
    if tag.endswith(":int") and sum(c.isdigit() for c in raw) > MAX_NUMBER_DIGITS:
        raise YamlProblem(_line(node), f"number with {sum(c.isdigit() for c in raw)} digits is too long")
    try:
        return loader.construct_object(node, deep=True)
    except Exception:  # PyYAML raises ValueError, KeyError, ... for values it typed but cannot build
        kind = tag.rsplit(":", 1)[-1]
        raise YamlProblem(_line(node), f"{_short(raw)} cannot be read as {kind}") from None


def _is_real_date(raw: str) -> bool:
    try:
        date.fromisoformat(raw)
    except ValueError:
        return False
    return True


def _short(value: object, limit: int = 40) -> str:
    """A value for a message: quoted, and cut if long (never echo a whole huge value)."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")
