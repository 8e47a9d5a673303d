"""Property-based tests: generated checklists, valid and mutated, loaded and built.

The result is always either a good checklist (every item rendered and linked) or a clean
failure naming the file and, where there is one, the line and the item. Never a
traceback. The example budget is fixed and derandomized, so CI runs are repeatable.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from apbook.loader import load_checklist
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import build_site, site_config
from test_checklist_build import PAGES

TODAY = date(2026, 11, 23)
LINKS = ["pitching.md#rehearse", "pitching.md#close", "strategy.md#briefing"]
ROLES = ["AE", "AM", "AD", "BD", "MD", "planner", "creative", "media", "traffic", "finance"]

ids = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
# Odd Unicode welcome (CJK, RTL, emoji, combining marks, ideographic space); markup is not.
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="<>&[]()`*_\\#{}|!\ufeff"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "")
texts = st.fixed_dictionaries({"en": words, "zh": words})


@st.composite
def items(draw: st.DrawFn) -> list[dict[str, Any]]:
    names = draw(st.lists(ids, min_size=1, max_size=9, unique=True))
    result = []
    for name in names:
        item: dict[str, Any] = {"id": name, "text": draw(texts), "link": draw(st.sampled_from(LINKS))}
        if draw(st.booleans()):
            item["roles"] = draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=3, unique=True))
        if draw(st.booleans()):
            item["critical"] = draw(st.booleans())
        result.append(item)
    return result


@st.composite
def checklists(draw: st.DrawFn) -> dict[str, Any]:
    point_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    points = []
    seen: set[str] = set()
    for pid in point_ids:
        its = [i for i in draw(items()) if i["id"] not in seen]
        seen.update(i["id"] for i in its)
        if its:
            points.append({"id": pid, "title": draw(texts), "items": its})
    if not points:
        points = [
            {
                "id": "only",
                "title": {"en": "Only", "zh": "唯一"},
                "items": [{"id": "x", "text": {"en": "X", "zh": "某"}, "link": LINKS[0]}],
            }
        ]
    return {
        "id": "gen",
        "title": draw(texts),
        "summary": draw(texts),
        "when": draw(texts),
        "mode": draw(st.sampled_from(["read-do", "do-confirm"])),
        "owner": draw(st.sampled_from(ROLES)),
        "last_reviewed": "2026-11-01",
        "pause_points": points,
    }


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*path, i))
    return found


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


MUTATIONS = ["drop", "retype", "unknown-key", "duplicate-item", "broken-anchor", "outside-link", "missing-zh", "html"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    data = copy.deepcopy(draw(checklists()))
    kind = draw(st.sampled_from(MUTATIONS))
    first_item = data["pause_points"][0]["items"][0]
    if kind == "drop":
        path = draw(
            st.sampled_from([p for p in _paths(data) if p and isinstance(p[-1], str) and p[-1] not in ("roles", "critical")])
        )
        del _get(data, path[:-1])[path[-1]]
    elif kind == "retype":
        path = draw(st.sampled_from([p for p in _paths(data) if p]))
        parent = _get(data, path[:-1])
        parent[path[-1]] = draw(st.sampled_from([42, True, None, ["list"], {"k": "v"}, 1.5]))
    elif kind == "unknown-key":
        path = draw(st.sampled_from([p for p in _paths(data) if isinstance(_get(data, p), dict)]))
        _get(data, path)["lnik"] = "oops"
    elif kind == "duplicate-item":
        data["pause_points"][0]["items"].append(copy.deepcopy(first_item))
    elif kind == "broken-anchor":
        first_item["link"] = "pitching.md#no-such-heading"
    elif kind == "outside-link":
        first_item["link"] = draw(st.sampled_from(["https://x.example/#a", "javascript:alert(1)", "file:///etc/passwd"]))
    elif kind == "missing-zh":
        del first_item["text"]["zh"]
    elif kind == "html":
        first_item["text"]["en"] = "<img src=x onerror=alert(1)>"
    return data, kind


def _write(tmp: Path, data: dict[str, Any]) -> Path:
    path = tmp / "gen.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


WHERE = re.compile(r"^checklists/gen\.yml(:\d+)?: ")


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=checklists())
def test_valid_documents_load_with_every_item(tmp_path: Path, data: dict[str, Any]):
    checklist, problems = load_checklist(_write(tmp_path, data), shown="checklists/gen.yml", today=TODAY)
    assert problems == [], [str(p) for p in problems]
    assert checklist is not None
    assert [i.id for i in checklist.items] == [i["id"] for p in data["pause_points"] for i in p["items"]]
    assert [i.text.en for i in checklist.items] == [i["text"]["en"] for p in data["pause_points"] for i in p["items"]]


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_mutated_documents_fail_cleanly_naming_file_and_line(tmp_path: Path, case: tuple[dict[str, Any], str]):
    data, kind = case
    checklist, problems = load_checklist(_write(tmp_path, data), shown="checklists/gen.yml", today=TODAY)
    if kind == "broken-anchor":  # only the build, which knows the pages, can tell
        assert checklist is not None
        return
    if checklist is not None:  # e.g. retyping `critical` to True or dropping nothing that matters
        assert not any(p.fatal for p in problems)
        return
    assert problems
    for problem in problems:
        assert WHERE.match(str(problem)), str(problem)
        assert problem.line is not None


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=checklists(), case=mutated())
def test_builds_render_every_item_or_fail_cleanly(tmp_path_factory, data: dict[str, Any], case: tuple[dict[str, Any], str]):
    for document, broken in ((data, False), (case[0], True)):
        root = tmp_path_factory.mktemp("prop")
        for rel, text in PAGES.items():
            (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / "docs" / rel).write_text(text, encoding="utf-8")
        (root / "checklists").mkdir()
        _write(root / "checklists", document)
        result = build_site(
            root, site_config(root, nav=["index.md", "pitching.md", "strategy.md", {"Checklists": "checklists/index.md"}])
        )
        if result.ok:
            for lang in ("", "zh/"):
                page = (result.site / lang / "checklists" / "gen" / "index.html").read_text(encoding="utf-8")
                for point in document["pause_points"]:
                    for item in point["items"]:
                        assert f'data-item="{item["id"]}"' in page
                assert "ap-link:" not in page and "ap-broken" not in page
                assert "<img src=x" not in page
        else:
            assert broken, f"a valid document failed to build: {result.messages}"
            warnings = result.warnings()
            assert warnings, result.error
            assert all(w.startswith("WARNING: checklists/gen.yml") for w in warnings), warnings


def _agree(data: Any) -> None:
    from apbook.loader import schema_valid, schema_validator

    slow = not list(schema_validator().iter_errors(data))
    assert schema_valid(data) == slow, f"fastjsonschema and jsonschema disagree on {data!r}"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(case=mutated())
def test_fast_and_full_schema_checks_agree_on_mutated_documents(case: tuple[dict[str, Any], str]):
    _agree(case[0])


@settings(max_examples=100, deadline=None, derandomize=True)
@given(data=checklists())
def test_fast_and_full_schema_checks_agree_on_valid_documents(data: dict[str, Any]):
    _agree(data)
    _agree({**data, "last_reviewed": "2026-02-30"})  # a date the pattern allows but the calendar does not


def test_fast_and_full_schema_checks_agree_on_every_fixture_and_real_checklist():
    from apbook.loader import parse_yaml

    root = Path(__file__).resolve().parents[1]
    files = sorted((root / "tests" / "fixtures" / "checklists").rglob("*.yml")) + sorted((root / "checklists").glob("*.yml"))
    assert len(files) > 40
    for path in files:
        try:
            data, _ = parse_yaml(path.read_text(encoding="utf-8-sig"))
        except Exception:  # YAML errors are the loader's business, not the schema's
            continue
        _agree(data)
