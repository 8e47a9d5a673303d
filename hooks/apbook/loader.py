"""Load the authors' YAML documents (checklists, knowledge checks) into plain models.

One path for every kind: read and parse the file (`yamlfile`), run the named checks
(`validate`), build the model. Every problem is collected as a `Problem` with the file, the
line and the entry it concerns, so one build reports all of them; no input raises.

A `Kind` says what differs between checklists and knowledge checks: folder, schema,
nesting, reserved ids, extra checks and how to build the model. Results are cached per
file by (size, mtime): under `mkdocs serve` an edit re-reads only the edited file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import validate as v
from .model import Checklist, Document, Item, LoadResult, Option, PausePoint, Problem, Question, Quiz, Text
from .yamlfile import DataPath, YamlProblem, parse_yaml, read_text

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"
MAX_ITEMS_PER_PAUSE = 9
STALE_AFTER_DAYS = 365

Lines = dict[DataPath, int]


@dataclass(frozen=True)
class Kind:
    folder: str  # "checklists"
    schema: Path
    shape: v.Shape
    reserved: frozenset[str]  # ids of pages the generator writes in the same folder
    checks: tuple[Callable[[dict[str, Any]], list[v.Finding]], ...]
    build: Callable[[dict[str, Any], Lines, str, bool], Document]


# ---------------------------------------------------------------- checks of one kind


def _pause_point_sizes(data: dict[str, Any]) -> list[v.Finding]:
    found = []
    for path, point, depth in v.entries(data, CHECKLIST.shape):
        items = point.get("items")
        if depth == 0 and isinstance(items, list) and len(items) > MAX_ITEMS_PER_PAUSE:
            found.append(
                v.Finding(
                    path,
                    f"{len(items)} items in one pause point; keep it to {MAX_ITEMS_PER_PAUSE} or fewer "
                    "(long checklists stop being used)",
                    fatal=False,
                )
            )
    return found


def _a_correct_option(data: dict[str, Any]) -> list[v.Finding]:
    found = []
    for path, question, depth in v.entries(data, QUIZ.shape):
        options = question.get("options")
        if depth != 0 or not isinstance(options, list) or not options:
            continue
        flags = [o.get("correct") if isinstance(o, dict) else None for o in options]
        if all(isinstance(flag, bool) for flag in flags) and not any(flags):  # else the schema says what is wrong
            found.append(v.Finding((*path, "options"), "no option is marked correct: mark at least one 'correct: true'"))
    return found


# ---------------------------------------------------------------- building models


def _text(value: dict[str, str]) -> Text:
    """Both languages, each on one line (a block scalar's line breaks become spaces)."""
    return Text(en=" ".join(value["en"].split()), zh=" ".join(value["zh"].split()))


def _document_fields(data: dict[str, Any], lines: Lines, shown: str, review_due: bool) -> dict[str, Any]:
    """The fields every kind shares (`model.Document`), as keyword arguments for its model."""
    return {
        "id": data["id"],
        "title": _text(data["title"]),
        "summary": _text(data["summary"]),
        "owner": data["owner"],
        "last_reviewed": date.fromisoformat(data["last_reviewed"]),
        "path": shown,
        "line": lines.get(("id",), 1),
        "order": data.get("order", 100),
        "review_due": review_due,
    }


def _build_checklist(data: dict[str, Any], lines: Lines, shown: str, review_due: bool) -> Checklist:
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
        **_document_fields(data, lines, shown, review_due),
        when=_text(data["when"]),
        mode=data["mode"],
        pause_points=tuple(points),
        packs=tuple(data.get("packs", ())),
        group=data.get("group", "account"),
    )


def _build_quiz(data: dict[str, Any], lines: Lines, shown: str, review_due: bool) -> Quiz:
    questions = tuple(
        Question(
            id=question["id"],
            text=_text(question["text"]),
            link=question["link"],
            line=lines.get(("questions", q), 0),
            options=tuple(Option(o["id"], _text(o["text"]), o["correct"], _text(o["explanation"])) for o in question["options"]),
        )
        for q, question in enumerate(data["questions"])
    )
    return Quiz(
        **_document_fields(data, lines, shown, review_due),
        area=_text(data["area"]),
        questions=questions,
        week=data.get("week"),
    )


CHECKLIST = Kind(
    folder="checklists",
    schema=SCHEMA_DIR / "checklist.schema.json",
    shape=v.Shape("checklist", (v.Level("pause_points", "pause point"), v.Level("items", "item"))),
    reserved=frozenset({"index", "pitch-pack"}),
    checks=(_pause_point_sizes,),
    build=_build_checklist,
)
QUIZ = Kind(
    folder="quizzes",
    schema=SCHEMA_DIR / "quiz.schema.json",
    shape=v.Shape("quiz", (v.Level("questions", "question"), v.Level("options", "option", unique_in_document=False))),
    reserved=frozenset({"index"}),
    checks=(_a_correct_option,),
    build=_build_quiz,
)


# ---------------------------------------------------------------- one file


def load_document(
    path: Path, kind: Kind, *, shown: str | None = None, today: date | None = None
) -> tuple[Document | None, list[Problem]]:
    """Load one file. Returns the model (None if it has fatal problems) and every problem."""
    shown = shown or path.as_posix()
    try:
        data, lines = parse_yaml(read_text(path))
    except YamlProblem as e:
        return None, [Problem(shown, e.line or 1, e.message)]
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}"
        return None, [
            Problem(shown, 1, f"a {kind.shape.noun} file must be a mapping of keys (id, title, ...), but this one is {what}")
        ]

    def line_of(data_path: DataPath) -> int | None:
        for end in range(len(data_path), -1, -1):
            if data_path[:end] in lines:
                return lines[data_path[:end]]
        return None

    schema = v.schema_findings(data, kind.schema)
    findings = [
        *schema,
        *v.text_findings(data, {f.path for f in schema}),
        *v.id_findings(data, kind.shape, file_stem=path.stem, reserved=kind.reserved, line_of=line_of),
        *v.review_findings(data, today or date.today(), stale_after_days=STALE_AFTER_DAYS),
        *(finding for check in kind.checks for finding in check(data)),
    ]
    problems = sorted(
        (Problem(shown, line_of(f.path), f.message, label(data, f.path, kind.shape), f.fatal, f.notice) for f in findings),
        key=lambda p: p.line or 0,
    )
    if any(p.fatal for p in problems):
        return None, problems
    return kind.build(data, lines, shown, any(p.notice for p in problems)), problems


def label(data: dict[str, Any], path: DataPath, shape: v.Shape) -> str:
    """Name the entry a data path is inside, e.g. "item 'rehearse'" or "checklist 'pitch-prep'"."""
    name = f"{shape.noun} '{data['id']}'" if isinstance(data.get("id"), str) else f"{shape.noun}"
    node: Any = data
    for depth, level in enumerate(shape.levels):
        position = 2 * depth
        if len(path) < position + 2 or path[position] != level.key or not isinstance(path[position + 1], int):
            break
        children = node.get(level.key) if isinstance(node, dict) else None
        index = path[position + 1]
        node = children[index] if isinstance(children, list) and isinstance(index, int) and index < len(children) else None
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            name = f"{level.noun} '{node['id']}'"
        else:
            name = f"{level.noun} #{index + 1} of {name}" if isinstance(index, int) else name
    return name


def load_checklist(path: Path, *, shown: str | None = None, today: date | None = None) -> tuple[Checklist | None, list[Problem]]:
    checklist, problems = load_document(path, CHECKLIST, shown=shown, today=today)
    assert checklist is None or isinstance(checklist, Checklist)
    return checklist, problems


def load_quiz(path: Path, *, shown: str | None = None, today: date | None = None) -> tuple[Quiz | None, list[Problem]]:
    quiz, problems = load_document(path, QUIZ, shown=shown, today=today)
    assert quiz is None or isinstance(quiz, Quiz)
    return quiz, problems


# ---------------------------------------------------------------- a folder

_Signature = tuple[int, int, date]
_cache: dict[tuple[Path, str], tuple[_Signature, Document | None, list[Problem]]] = {}


def _cached(path: Path, kind: Kind, shown: str, today: date) -> tuple[Document | None, list[Problem]]:
    """`load_document`, re-run only when the file's size or mtime (or the date) changed."""
    try:
        stat = path.stat()
        signature: _Signature | None = (stat.st_size, stat.st_mtime_ns, today)
    except OSError:
        signature = None
    key = (path, kind.folder)
    if signature is not None and key in _cache and _cache[key][0] == signature:
        return _cache[key][1], _cache[key][2]
    document, problems = load_document(path, kind, shown=shown, today=today)
    if signature is not None:
        _cache[key] = (signature, document, problems)
    return document, problems


def folder_entries(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files to load, and the entries that look like a mistake, with what to say."""
    load, odd = [], []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        suffix = path.suffix
        if suffix in (".yml", ".yaml"):
            load.append(path)
        elif suffix.lower() in (".yml", ".yaml"):
            odd.append((path, f"not loaded: write the extension in lower case ('{path.stem}{suffix.lower()}')"))
        elif not path.name.startswith(".") and not path.is_dir():
            odd.append((path, f"not loaded: {folder.name}/ holds only <id>.yml files"))
    return load, odd


def load_folder(
    folder: Path, kind: Kind, *, root: Path | None = None, today: date | None = None
) -> tuple[list[Document], list[Problem]]:
    """Every document of a folder, sorted by order and id, and every problem found."""
    today = today or date.today()
    documents: dict[str, Document] = {}
    problems: list[Problem] = []
    load, odd = folder_entries(folder)

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix() if root else path.as_posix()

    problems += [Problem(shown(path), None, message) for path, message in odd]
    for path in load:
        document, found = _cached(path, kind, shown(path), today)
        problems += found
        if document is None:
            continue
        if document.id in documents:
            first = documents[document.id]
            problems.append(
                Problem(
                    shown(path),
                    document.line,
                    f"duplicate {kind.shape.noun} id '{document.id}' (also in {first.path})",
                    f"{kind.shape.noun} '{document.id}'",
                )
            )
            continue
        documents[document.id] = document
    return sorted(documents.values(), key=lambda d: (d.order, d.id)), problems


def load_all(folder: Path, *, root: Path | None = None, today: date | None = None, quizzes: Path | None = None) -> LoadResult:
    """Every checklist in `folder` (and every knowledge check in `quizzes`)."""
    result = LoadResult()
    checklists, result.problems = load_folder(folder, CHECKLIST, root=root, today=today)
    result.checklists = [c for c in checklists if isinstance(c, Checklist)]
    if quizzes is not None:
        found, problems = load_folder(quizzes, QUIZ, root=root, today=today)
        result.quizzes = [q for q in found if isinstance(q, Quiz)]
        result.problems += problems
    return result
