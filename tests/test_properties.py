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
from samples import PAGES
from sitebuild import build_site, site_config

TODAY = date(2026, 11, 23)
LINKS = ["pitching.md#rehearse", "pitching.md#close", "strategy.md#briefing"]
ROLES = ["AE", "AM", "AD", "BD", "MD", "planner", "creative", "media", "traffic", "finance"]

ids = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
# Odd Unicode welcome (CJK, RTL, emoji, combining marks, ideographic space); markup is not.
words = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
        # markup, and the bidirectional controls the loader refuses
        blacklist_characters="<>&[]()`*_\\#{}|!\ufeff\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
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
    # Texts are kept word for word, on one line (runs of white space become one space).
    assert [i.text.en for i in checklist.items] == [
        " ".join(i["text"]["en"].split()) for p in data["pause_points"] for i in p["items"]
    ]


# What each kind of mutation must be refused with (each check, switched off, fails this test).
REFUSED_WITH = {
    "drop": "missing",
    "unknown-key": "unknown key 'lnik'",
    "duplicate-item": "duplicate item id",
    "outside-link": "is not a playbook section",
    "missing-zh": "missing the 'zh' text",
    "html": "HTML is not allowed",
}


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_each_kind_of_mutation_is_refused_naming_file_and_line(tmp_path: Path, case: tuple[dict[str, Any], str]):
    data, kind = case
    checklist, problems = load_checklist(_write(tmp_path, data), shown="checklists/gen.yml", today=TODAY)
    if kind == "broken-anchor":  # only the build, which knows the pages, can tell (see the build test)
        assert checklist is not None
        return
    messages = [str(p) for p in problems]
    if kind == "retype" and checklist is not None:
        # The only retyping that stays valid: a `critical` flag given another boolean.
        assert all(isinstance(i.critical, bool) for i in checklist.items) and problems == [], messages
        return
    assert checklist is None, f"{kind}: accepted"
    if kind in REFUSED_WITH:
        assert any(REFUSED_WITH[kind] in m for m in messages), (kind, messages)
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
            if case[1] == "broken-anchor":
                assert any("no heading with id 'no-such-heading'" in w for w in warnings), warnings
        if broken and case[1] != "retype":
            assert not result.ok, f"{case[1]}: the mutated checklist was built"
