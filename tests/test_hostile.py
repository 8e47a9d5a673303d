"""Hostile checklist files: each case has its own test, failing if its protection goes."""

from __future__ import annotations

import hashlib
import re
import time
from datetime import date
from pathlib import Path

import pytest
from apbook.loader import load_all, load_checklist
from apbook.render import heading_text, inline, render_checklist
from apbook.yamlfile import MAX_FILE_BYTES
from samples import CHECKLIST, PAGES

TODAY = date(2026, 11, 23)
MINIMAL = (Path(__file__).parent / "fixtures" / "checklists" / "valid" / "minimal.yml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str | bytes, name: str = "minimal.yml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    checklist, problems = load_checklist(path, shown=f"checklists/{path.name}", today=TODAY)
    assert checklist is None, "a hostile file was accepted"
    return [str(p) for p in problems]


def test_alias_bomb_is_refused_quickly(tmp_path: Path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    start = time.monotonic()
    assert messages(path) == ["checklists/minimal.yml:1: YAML anchors ('&name') are not allowed"]
    assert time.monotonic() - start < 2


def test_alias_without_anchor_is_refused(tmp_path: Path):
    path = write(tmp_path, MINIMAL.replace("owner: AE", "owner: *role"))
    assert any("owner" not in m and ":6:" in m and "YAML" in m for m in messages(path)), messages(path)


def test_very_large_file_is_refused_before_parsing(tmp_path: Path):
    path = write(tmp_path, MINIMAL + "# padding\n" * (5 * MAX_FILE_BYTES // 10))
    size = path.stat().st_size
    assert messages(path) == [f"checklists/minimal.yml:1: file is {size} bytes; the limit is {MAX_FILE_BYTES}"]


def test_non_utf8_bytes_are_unreadable(tmp_path: Path):
    path = write(tmp_path, MINIMAL.encode("utf-8").replace("勾选".encode(), "勾选".encode("gb18030")))
    assert messages(path) == ["checklists/minimal.yml:1: not UTF-8 text (byte 336): save the file as UTF-8"]


def test_byte_order_mark_is_accepted(tmp_path: Path):
    checklist, problems = load_checklist(write(tmp_path, "\ufeff" + MINIMAL), today=TODAY)
    assert checklist is not None and problems == []


def test_crlf_line_endings_keep_line_numbers(tmp_path: Path):
    text = MINIMAL.replace("link: pitching.md#rehearse", "lnik: pitching.md#rehearse").replace("\n", "\r\n")
    assert "checklists/minimal.yml:14: item 'only-item': unknown key 'lnik'" in " ".join(messages(write(tmp_path, text)))


def test_tabs_are_a_syntax_error_with_a_line(tmp_path: Path):
    text = MINIMAL.replace("      - id: only-item", "\t- id: only-item")
    assert messages(write(tmp_path, text))[0].startswith("checklists/minimal.yml:12: YAML syntax error")


def test_empty_file(tmp_path: Path):
    assert messages(write(tmp_path, "")) == [
        "checklists/minimal.yml:1: a checklist file must be a mapping of keys (id, title, ...), but this one is empty"
    ]


def test_list_instead_of_mapping(tmp_path: Path):
    assert "but this one is a list" in messages(write(tmp_path, "- a\n- b\n"))[0]


@pytest.mark.parametrize("bad_id", ["../etc", "has space", "<b>x</b>", "客户", "UPPER", "a--b", "-a", "a" * 65])
def test_unsafe_ids_are_refused(tmp_path: Path, bad_id: str):
    text = MINIMAL.replace("id: only-item", f"id: '{bad_id}'")
    assert any(
        "is not allowed: use lower-case letters" in m or "characters; at most 64" in m for m in messages(write(tmp_path, text))
    )


@pytest.mark.parametrize(
    "text, reason",
    [
        ("<script>alert(1)</script>", "HTML is not allowed"),
        ("<img src=x onerror=alert(1)>", "HTML is not allowed"),
        ("[x](javascript:alert(1))", "links are not allowed"),
        ("&lt;b&gt;", "HTML is not allowed"),
        ("<https://evil.example>", "HTML is not allowed"),
    ],
)
def test_markup_in_text_is_refused(tmp_path: Path, text: str, reason: str):
    yaml_text = MINIMAL.replace("text: {en: Tick this, zh: 勾选这一项}", f"text: {{en: '{text}', zh: 勾选这一项}}")
    assert any(reason in m and "item 'only-item'" in m for m in messages(write(tmp_path, yaml_text)))


@pytest.mark.parametrize(
    "link", ["https://evil.example/#x", "file:///etc/passwd#x", "javascript:alert(1)", "//evil/#x", "../../etc.md#x"]
)
def test_links_that_are_not_playbook_sections_are_refused(tmp_path: Path, link: str):
    text = MINIMAL.replace("link: pitching.md#rehearse", f"link: '{link}'")
    assert any("is not a playbook section" in m for m in messages(write(tmp_path, text)))


def test_renderer_escapes_even_without_validation():
    """Defence in depth: if a bad text slipped past validation it is still inert."""
    from apbook.model import Checklist, Item, PausePoint, Text

    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    item = Item(id="x", text=Text(evil, evil), link="pitching.md#rehearse", line=1)
    point = PausePoint(id="p", title=Text(evil, evil), items=(item,), line=1)
    checklist = Checklist(
        id="c", title=Text(evil, evil), summary=Text(evil, evil), when=Text(evil, evil), mode="read-do", owner="AE",
        last_reviewed=TODAY, pause_points=(point,), path="checklists/c.yml",
    )  # fmt: skip
    for lang in ("en", "zh"):
        page = render_checklist(checklist, lang, address=evil)
        assert "<script>alert" not in page and "<img" not in page
        # The only script element is the page's own JSON data block (never executed).
        assert re.findall(r"<script[^>]*>", page) == ['<script type="application/json" class="ap-ui">']
    assert inline(evil).count("&lt;") == 3
    assert "<" not in heading_text(evil)


def test_hostile_texts_never_reach_the_built_site(mini_site):
    hostile = CHECKLIST.replace("Write the brief", "<script>alert(1)</script>")
    result = mini_site(pages=PAGES, checklists={"demo.yml": hostile}, strict=False)
    for page in result.site.rglob("*.html"):
        assert "<script>alert(1)" not in page.read_text(encoding="utf-8"), page


def test_two_builds_are_byte_identical(tmp_path: Path):
    from sitebuild import build_site, site_config

    digests = []
    for run in ("one", "two"):
        root = tmp_path / run
        (root / "checklists").mkdir(parents=True)
        (root / "checklists" / "demo.yml").write_text(CHECKLIST, encoding="utf-8")
        for rel, text in PAGES.items():
            (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / "docs" / rel).write_text(text, encoding="utf-8")
        config = site_config(root, nav=["index.md", "pitching.md", "strategy.md", {"Checklists": "checklists/index.md"}])
        config["site_dir"] = str(tmp_path / "out" / run)
        assert build_site(root, config).ok
        out = tmp_path / "out" / run
        digests.append(
            {
                p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(out.rglob("*"))
                if p.is_file() and p.suffix != ".gz"  # sitemap.xml.gz carries gzip's timestamp
            }
        )
    assert digests[0] == digests[1]


# ---------------------------------------------------------------- the hostile corpus (issue 13)
# One case each: (name, the file's text, the exact messages). No case may raise.

DEEP = 5_000


def _replace(old: str, new: str) -> str:
    assert old in MINIMAL
    return MINIMAL.replace(old, new)


CORPUS = [
    ("nested-5000", "id: " + "[" * DEEP + "]" * DEEP + "\n", ["checklists/minimal.yml:1: nested more than 32 levels deep"]),
    ("nested-50000", "id: " + "[" * 50_000 + "\n", ["checklists/minimal.yml:1: nested more than 32 levels deep"]),
    ("unreal-date", _replace('last_reviewed: "2026-10-01"', "last_reviewed: 2026-02-30"),
     ["checklists/minimal.yml:7: '2026-02-30' is not a real date (YYYY-MM-DD)"]),
    ("int-tag", _replace("owner: AE", "owner: !!int abc"), ["checklists/minimal.yml:6: 'abc' cannot be read as int"]),
    ("bool-tag", _replace("owner: AE", "owner: !!bool maybe"), ["checklists/minimal.yml:6: 'maybe' cannot be read as bool"]),
    ("timestamp-tag", _replace("owner: AE", "owner: !!timestamp x"),
     ["checklists/minimal.yml:6: 'x' is not a real date (YYYY-MM-DD)"]),
    ("huge-number", _replace("owner: AE", "order: " + "9" * 5000 + "\nowner: AE"),
     ["checklists/minimal.yml:6: number with 5000 digits is too long"]),
    ("lone-surrogate", _replace("en: Tick this", 'en: "Tick \\ud800 this"'),
     ["checklists/minimal.yml:13: item 'only-item': text.en: character U+D800 (a control character) is not allowed in text"]),
    ("nul", _replace("en: Tick this", 'en: "Tick \\0 this"'),
     ["checklists/minimal.yml:13: item 'only-item': text.en: character U+0000 (a control character) is not allowed in text"]),
    ("bidi-override", _replace("en: Tick this", 'en: "Tick \\u202e this"'),
     ["checklists/minimal.yml:13: item 'only-item': text.en: character U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed in text"]),
    ("raw-nul", _replace("en: Tick this", "en: Tick \x00 this"),
     ["checklists/minimal.yml:13: character U+0000 is not allowed in YAML (a control character?)"]),
    ("reserved-index", _replace("id: minimal", "id: index"),
     ["checklists/minimal.yml:1: checklist 'index': id 'index' is reserved for a generated page: choose another id and file name"]),
    ("reserved-pack", _replace("id: minimal", "id: pitch-pack"),
     ["checklists/minimal.yml:1: checklist 'pitch-pack': id 'pitch-pack' is reserved for a generated page: choose another id and file name"]),
    ("js-property-id", _replace("id: only-item", "id: constructor"),
     ["checklists/minimal.yml:12: item 'constructor': id 'constructor' is reserved (browsers treat it as an object property)"]),
    ("proto-id", _replace("id: only-item", "id: __proto__"),
     ["checklists/minimal.yml:12: item '__proto__': id '__proto__' is not allowed: use lower-case letters, digits and single hyphens"]),
    ("tostring-id", _replace("id: only-item", "id: toString"),
     ["checklists/minimal.yml:12: item 'toString': id 'toString' is not allowed: use lower-case letters, digits and single hyphens"]),
    ("hasownproperty-id", _replace("id: only-item", "id: hasOwnProperty"),
     ["checklists/minimal.yml:12: item 'hasOwnProperty': id 'hasOwnProperty' is not allowed: use lower-case letters, digits and single hyphens"]),
    ("tag-on-mapping", _replace("title: {en: Only moment, zh: 唯一时间点}", "title: !!omap {en: Only moment, zh: 唯一时间点}"),
     ["checklists/minimal.yml:10: YAML tags ('tag:yaml.org,2002:omap') are not allowed on a mapping"]),
    ("tag-on-list", _replace("    items:\n", "    items: !custom\n"),
     ["checklists/minimal.yml:11: YAML tags ('!custom') are not allowed on a list"]),
    ("date-in-text", _replace("en: Tick this", "en: 2026-01-31"),
     ["checklists/minimal.yml:13: item 'only-item': text.en: 2026-01-31 is read as a date: put the text in quotes"]),
    ("too-long-text", _replace("en: Tick this", "en: " + "word " * 400),
     ["checklists/minimal.yml:13: item 'only-item': text.en: 1999 characters; at most 500"]),
    ("generated-link", _replace("link: pitching.md#rehearse", "link: checklists/index.md#pitch"), []),
]  # fmt: skip


@pytest.mark.parametrize(
    "name, text, expected", [c for c in CORPUS if c[2]], ids=lambda v: v if isinstance(v, str) and len(v) < 30 else ""
)
def test_hostile_corpus_exact_messages(tmp_path: Path, name: str, text: str, expected: list[str]):
    assert messages(write(tmp_path, text)) == expected


def test_too_long_text_is_not_echoed(tmp_path: Path):
    (message,) = messages(write(tmp_path, _replace("en: Tick this", "en: " + "word " * 400)))
    assert "word word" not in message


def test_line_breaks_in_titles_are_normalised(tmp_path: Path):
    text = _replace(
        "title: {en: Only moment, zh: 唯一时间点}", "title:\n      en: |\n        Only\n        moment {#x}\n      zh: 唯一时间点"
    )
    checklist, problems = load_checklist(write(tmp_path, text), today=TODAY)
    assert problems == [] and checklist is not None
    assert checklist.pause_points[0].title.en == "Only moment {#x}"
    page = render_checklist(checklist, "en")
    heading = next(line for line in page.splitlines() if line.startswith("## "))
    assert heading == "## Only moment \\{\\#x\\} {#only}"


def test_odd_entries_in_the_folder_are_reported(tmp_path: Path):
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "minimal.yml").write_text(MINIMAL, encoding="utf-8")
    (folder / "other.YML").write_text(MINIMAL, encoding="utf-8")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    (folder / ".#minimal.yml").symlink_to(tmp_path / "nowhere")
    (folder / ".DS_Store").write_text("x", encoding="utf-8")
    result = load_all(folder, root=tmp_path, today=TODAY)
    assert [c.id for c in result.checklists] == ["minimal"]
    assert [str(p) for p in result.problems] == [
        "checklists/notes.txt: not loaded: checklists/ holds only <id>.yml files",
        "checklists/other.YML: not loaded: write the extension in lower case ('other.yml')",
        "checklists/.#minimal.yml:1: cannot read: not a regular file (a broken link or an editor's lock file?)",
    ]
