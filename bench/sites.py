"""Build the benchmark's sites in a temporary folder (never in the repository).

Two variants of one site, both from a copy of the repository's docs and terms.yml:
- "hook": N generated checklists/*.yml and the repository's knowledge checks (quizzes/*.yml),
  the repository's hooks as configured (the checklist hook turns the YAML into pages, checks
  links and adds backlinks);
- "markdown": the same content written as ordinary Markdown (apbook.render output in
  docs/checklists/, docs/quizzes/ and their docs/zh/ twins, why-links filled, backlinks
  written under the cited headings), the nav listing the pages, and the checklist hook
  removed from `hooks:` (the parity, terms and site hooks stay).
Plus sites with N generated knowledge checks, to compare a quiz page's cost with a
checklist page's.
"""

from __future__ import annotations

import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[1]
for folder in ("hooks", "tests"):
    if str(ROOT / folder) not in sys.path:
        sys.path.insert(0, str(ROOT / folder))

from apbook import i18n, render  # noqa: E402
from apbook.links import backlinks_by_section  # noqa: E402
from apbook.loader import load_all  # noqa: E402
from apbook.model import Quiz  # noqa: E402
from apbook.parity import heading_ids  # noqa: E402
from sitebuild import copy_repo_sources, free_port, site_config  # noqa: E402, F401  (free_port: for bench/serve.py)

CHECKLIST_HOOK = "hooks/checklists_hook.py"
ITEMS_PER_CHECKLIST = 20
# A generated knowledge check: 5 questions of 4 options, each option with its explanation;
# its page carries about as much text as a generated checklist's (see quiz_yaml).
QUESTIONS_PER_QUIZ = 5
OPTIONS_PER_QUESTION = 4
_H1 = re.compile(r"^#\s+(.+?)\s*(\{[^}]*\})?\s*$", re.M)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")


def base_config(root: Path) -> dict[str, Any]:
    """The repository's mkdocs.yml with every path absolute, building from `root` (as the tests do)."""
    return site_config(root)


def write_config(root: Path, config: dict[str, Any]) -> Path:
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def link_targets() -> list[str]:
    """Every `page.md#id` with an explicit heading id present in both languages."""
    docs = ROOT / "docs"
    targets = []
    for page in sorted(docs.glob("*.md")):
        zh = docs / "zh" / page.name
        if not zh.exists():
            continue
        both = heading_ids(page.read_text(encoding="utf-8")) & heading_ids(zh.read_text(encoding="utf-8"))
        targets += [f"{page.name}#{anchor}" for anchor in sorted(both)]
    if not targets:
        raise SystemExit("bench: no heading with an explicit id in docs/ and docs/zh/: nothing for items to link to")
    return targets


def _document_fields(doc_id: str, n: int, today: date, noun: tuple[str, str]) -> dict[str, Any]:
    """The fields every generated document has (id, title, summary, owner, last_reviewed,
    order); `noun` names its kind in English and Chinese."""
    en, zh = noun
    return {
        "id": doc_id,
        "title": {"en": f"Benchmark {en} {n}", "zh": f"基准{zh} {n}"},
        "summary": {
            "en": f"A generated {en} number {n}, used only to measure the build.",
            "zh": f"第 {n} 份自动生成的{zh}，只用来测量构建速度。",
        },
        "owner": "AM",
        "last_reviewed": (today - timedelta(days=30)).isoformat(),
        "order": n,
    }


def checklist_yaml(n: int, targets: list[str], today: date) -> str:
    """One synthetic checklist: 20 items in 3 pause points (7, 7, 6), both languages."""
    cid = f"bench-{n:04d}"
    points = []
    item_no = 0
    for p, size in enumerate((7, 7, 6), start=1):
        items = []
        for _ in range(size):
            item_no += 1
            item: dict[str, Any] = {
                "id": f"step-{item_no:02d}",
                "text": {
                    "en": f"Confirm step {item_no} of checklist {n} with the **account team** before moving on",
                    "zh": f"推进之前，与**客户团队**确认第 {n} 份清单的第 {item_no} 步",
                },
                "link": targets[(n * 7 + item_no * 3) % len(targets)],
            }
            if item_no % 3 == 0:
                item["roles"] = ["AE", "AM"] if item_no % 2 else ["AD"]
            if item_no % 5 == 0:
                item["critical"] = True
            items.append(item)
        points.append({"id": f"point-{p}", "title": {"en": f"Pause point {p}", "zh": f"检查点 {p}"}, "items": items})
    data = {
        **_document_fields(cid, n, today, ("checklist", "清单")),
        "when": {"en": "Whenever the benchmark runs", "zh": "运行基准测试时"},
        "mode": "do-confirm" if n % 2 else "read-do",
        "pause_points": points,
    }
    if n <= 3:
        data["packs"] = ["pitch"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def quiz_yaml(n: int, targets: list[str], today: date) -> str:
    """One synthetic knowledge check: 5 questions of 4 options (one correct, every option
    explained), both languages."""
    qid = f"bench-quiz-{n:04d}"
    questions = []
    for q in range(1, QUESTIONS_PER_QUIZ + 1):
        options = []
        for o in range(1, OPTIONS_PER_QUESTION + 1):
            right = o == 1 + (n + q) % OPTIONS_PER_QUESTION
            options.append(
                {
                    "id": f"option-{o}",
                    "text": {
                        "en": f"Option {o}: agree the next step {o} with the **account team**",
                        "zh": f"选项 {o}：与**客户团队**商定第 {o} 个下一步",
                    },
                    "correct": right,
                    "explanation": {
                        "en": "Right: this keeps the client informed." if right else "Not quite: the client hears it too late.",
                        "zh": "对：这样客户随时知情。" if right else "不对：客户知道得太晚了。",
                    },
                }
            )
        questions.append(
            {
                "id": f"question-{q:02d}",
                "text": {
                    "en": f"Situation {q} of check {n}: the client asks for a change late on Friday. What do you do first?",
                    "zh": f"第 {n} 份自测的情境 {q}：客户周五傍晚提出修改。你先做什么？",
                },
                "link": targets[(n * 5 + q * 3) % len(targets)],
                "options": options,
            }
        )
    data = {
        **_document_fields(qid, n, today, ("knowledge check", "自测")),
        "area": {"en": "Benchmark", "zh": "基准测试"},
        "questions": questions,
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def make_hook_site(root: Path, n: int, *, quizzes: int | None = None, today: date | None = None) -> Path:
    """Variant A: N generated checklists in root/checklists, the repository's knowledge checks
    in root/quizzes (or `quizzes` generated ones), the repository's hooks. Returns mkdocs.yml."""
    today = today or date.today()
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copy(ROOT / "terms.yml", root / "terms.yml")
    folder = root / "checklists"
    folder.mkdir()
    targets = link_targets()
    for i in range(1, n + 1):
        (folder / f"bench-{i:04d}.yml").write_text(checklist_yaml(i, targets, today), encoding="utf-8")
    if quizzes is None:
        shutil.copytree(ROOT / "quizzes", root / "quizzes")
    else:
        (root / "quizzes").mkdir()
        for i in range(1, quizzes + 1):
            (root / "quizzes" / f"bench-quiz-{i:04d}.yml").write_text(quiz_yaml(i, targets, today), encoding="utf-8")
    return write_config(root, base_config(root))


def _nav_titles(nav: list[Any], into: dict[str, str]) -> dict[str, str]:
    for entry in nav:
        if isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str):
                    into[value] = title
                elif isinstance(value, list):
                    _nav_titles(value, into)
    return into


def _titles(docs: Path, config: dict[str, Any], lang: str) -> dict[str, tuple[str, dict[str, str]]]:
    """page -> (page title as in the nav, heading id -> heading title), from the sources."""
    nav = _nav_titles(config["nav"], {})
    i18n = next((p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p), {})
    translations = next((lg.get("nav_translations", {}) for lg in i18n.get("languages", []) if lg["locale"] == lang), {})
    found = {}
    for page in docs.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        h1 = _H1.search(text)
        headings = {}
        for line in text.splitlines():
            m = _HEADING.match(line)
            if m:
                headings[m.group(3)] = m.group(2).strip()
        title = nav.get(page.name) or (h1.group(1).strip() if h1 else page.stem)
        found[page.name] = (translations.get(title, title), headings)
    return found


def make_markdown_site(root: Path, hook_root: Path) -> Path:
    """Variant B: the generated pages of `hook_root`'s checklists and knowledge checks as
    ordinary Markdown files."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copy(ROOT / "terms.yml", root / "terms.yml")
    config = base_config(root)
    config["hooks"] = [h for h in config["hooks"] if not h.endswith(CHECKLIST_HOOK)]
    loaded = load_all(hook_root / "checklists", root=hook_root, quizzes=hook_root / "quizzes")
    checklists, quizzes = loaded.checklists, loaded.quizzes
    site_url = config.get("site_url") or "/"
    pack = [c for c in checklists if "pitch" in c.packs]
    for lang, prefix in (("en", ""), ("zh", "zh/")):
        docs = root / "docs" / prefix.rstrip("/") if prefix else root / "docs"
        titles = _titles(docs, config, lang)

        def resolve(link: str, titles: dict[str, Any] = titles, prefix: str = prefix) -> tuple[str, str] | None:
            page, _, anchor = link.partition("#")
            title, headings = titles.get(page, ("", {}))
            if anchor not in headings:
                return None
            stem = page[: -len(".md")]
            url = prefix + ("" if stem == "index" else stem + "/")
            href = get_relative_url(url, f"{prefix}checklists/x/")
            return f"{href}#{anchor}", f"{title} › {headings[anchor]}"

        out = docs / render.CHECKLIST_DIR
        out.mkdir(parents=True, exist_ok=True)
        for c in checklists:
            address = f"{site_url}{prefix}checklists/{c.id}/"
            md = render.render_checklist(c, lang, address=address)
            (out / f"{c.id}.md").write_text(render.fill_links(md, resolve, lang), encoding="utf-8")
        (out / "index.md").write_text(render.render_index(checklists, lang, has_pack=bool(pack)), encoding="utf-8")
        if pack:
            md = render.render_pack(pack, lang, address=lambda c, prefix=prefix: f"{site_url}{prefix}checklists/{c.id}/")
            (out / f"{render.PACK_ID}.md").write_text(render.fill_links(md, resolve, lang), encoding="utf-8")
        if quizzes:
            out = docs / render.QUIZ_DIR
            out.mkdir(parents=True, exist_ok=True)
            for q in quizzes:
                md = render.render_quiz(q, lang)
                (out / f"{q.id}.md").write_text(render.fill_links(md, resolve, lang), encoding="utf-8")
            (out / "index.md").write_text(render.render_quiz_index(quizzes, lang), encoding="utf-8")
        _write_backlinks(docs, [*checklists, *quizzes], lang, prefix)
    uris = ["checklists/index.md", *(render.page_uri(c.id) for c in checklists)]
    if pack:
        uris.append(render.page_uri(render.PACK_ID))
    _set_nav(config["nav"], "checklists/index.md", uris)
    if quizzes:
        _set_nav(config["nav"], "quizzes/index.md", ["quizzes/index.md", *(render.quiz_uri(q.id) for q in quizzes)])
    return write_config(root, config)


def _write_backlinks(docs: Path, documents: list[Any], lang: str, prefix: str) -> None:
    """The hook's backlink blocks, written under each cited heading of the Markdown source."""
    import checklists_hook  # the hook module's own block markup, so both variants match

    langs = i18n.Languages(lang, "en", ("en", "zh"))
    # The generated pages' addresses, as the hook finds them in MkDocs' Files.
    uris = [render.quiz_uri(d.id) if isinstance(d, Quiz) else render.page_uri(d.id) for d in documents]
    files = SimpleNamespace(src_uris={prefix + uri: SimpleNamespace(url=prefix + uri[: -len(".md")] + "/") for uri in uris})
    for page_uri, sections in backlinks_by_section(documents).items():
        path = docs / page_uri
        if not path.exists():
            continue
        stem = page_uri[: -len(".md")]
        url = prefix + ("" if stem == "index" else stem + "/")
        page = SimpleNamespace(url=url)
        lines = path.read_text(encoding="utf-8").splitlines()
        out = []
        for line in lines:
            out.append(line)
            m = _HEADING.match(line)
            if m and m.group(3) in sections:
                block = checklists_hook._backlink_block(sections[m.group(3)], page=page, files=files, langs=langs)
                out += ["", block, ""]
        path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _set_nav(nav: list[Any], index: str, uris: list[str]) -> bool:
    for i, entry in enumerate(nav):
        if isinstance(entry, dict):
            for title, value in entry.items():
                if value == index:
                    nav[i] = {title: uris}
                    return True
                if isinstance(value, list) and _set_nav(value, index, uris):
                    return True
    return False


def copy_real_site(root: Path, *, only_lang: str | None = None) -> Path:
    """The repository's own site (docs, checklists, knowledge checks, terms.yml) under `root`,
    config with absolute paths, watching what the repository's mkdocs.yml watches.
    `only_lang`: what `AP_ONLY_LANG=<lang>` gives (static-i18n's build_only_locale)."""
    if root.exists():
        shutil.rmtree(root)
    copy_repo_sources(root)
    config = base_config(root)
    config["watch"] = [
        str(root / "checklists"),
        str(root / "quizzes"),
        str(root / "terms.yml"),
        str(ROOT / "hooks"),
        str(ROOT / "schema"),
    ]
    if only_lang:
        i18n_config = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
        i18n_config["build_only_locale"] = only_lang
    return write_config(root, config)
