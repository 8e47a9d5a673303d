"""Search in a real browser: each language finds its own pages, Chinese words mid-sentence,
a section titled as the reader's question first, and checklist items by their own words."""

from __future__ import annotations

import json
import re
from html import unescape as html_unescape
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sitebuild import ROOT

pytestmark = pytest.mark.browser


def search(page: Any, url: str, query: str) -> list[str]:
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    # Material does not re-run a query typed before its worker has loaded the index:
    # nudge it with a keystroke until results show, as a reader would (bounded).
    for _ in range(40):
        try:
            page.locator(".md-search-result__item").first.wait_for(timeout=500)
            break
        except PlaywrightTimeout:
            box.press("End")
            box.type(" ")
            box.press("Backspace")
    links = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    return [urlparse(link).path for link in links]


def test_chinese_page_finds_chinese_pages_only(page: Any, base_url: str):
    paths = search(page, base_url + "zh/pitching/", "彩排")
    assert paths and all(p.startswith("/zh/") for p in paths), paths
    assert any(p.startswith("/zh/pitching/") for p in paths)


def test_english_page_finds_english_pages_only(page: Any, base_url: str):
    paths = search(page, base_url + "pitching/", "rehearse")
    assert paths and not any(p.startswith("/zh/") for p in paths), paths
    assert any(p.startswith("/pitching/") for p in paths)


def test_two_character_word_inside_a_chinese_sentence_is_found(page: Any, base_url: str):
    """开票 only ever appears inside longer sentences; jieba segments it out."""
    paths = search(page, base_url + "zh/", "开票")
    assert any(p.startswith("/zh/finance/") for p in paths), paths


@pytest.mark.parametrize(
    "url, query, answer",
    [
        ("", "challenging", "/communication/"),
        ("zh/", "难度", "/zh/communication/"),
        ("", "email", "/expectations/"),
        ("zh/", "回复", "/zh/expectations/"),
    ],
)
def test_new_reader_questions_are_found_by_search(page: Any, base_url: str, url: str, query: str, answer: str):
    """'The client said that could be challenging' and 'how soon to answer an email'."""
    paths = search(page, base_url + url, query)
    assert any(p.startswith(answer) for p in paths), paths


# --- Sections rank by their title ------------------------------------------------------------


def results(page: Any, url: str, query: str) -> list[str]:
    """Every result link (page and section, in the order shown) as path#fragment, after the
    reader types `query` and presses End (Material searches on keyup)."""
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    box.type(query)
    for _ in range(40):
        box.press("End")
        try:
            page.locator(".md-search-result__item").first.wait_for(timeout=500)
            break
        except PlaywrightTimeout:
            pass
    page.wait_for_timeout(200)  # a query typed before the index was ready reruns on End
    box.press("End")
    page.wait_for_timeout(200)
    links = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    return [urlparse(link).path + (f"#{urlparse(link).fragment}" if urlparse(link).fragment else "") for link in links]


def _pause_points() -> list[tuple[str, str, str, str]]:
    """(checklist id, pause point id, English title, Chinese title) from checklists/*.yml."""
    found = []
    for path in sorted((ROOT / "checklists").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for point in data.get("pause_points", []):
            found.append((data["id"], point["id"], point["title"]["en"], point["title"]["zh"]))
    return found


def _questions() -> list[tuple[str, str, str]]:
    """Reader questions that are a pause point's title ("the day before"), in both languages,
    where that title belongs to one pause point only."""
    points = _pause_points()
    out = []
    for checklist, point, en, zh in points:
        if not re.search(r"\b(day|days|night) before\b", en, re.I):
            continue
        for lang, title in (("", en), ("zh/", zh)):
            if sum(1 for p in points if p[2 if not lang else 3] == title) == 1:
                out.append((lang, title, f"{checklist}#{point}"))
    return out


QUESTIONS = _questions()


def test_there_are_title_questions_to_ask():
    assert len(QUESTIONS) >= 4, QUESTIONS  # "the day before" and its Chinese at least


@pytest.mark.parametrize("lang, title, where", QUESTIONS, ids=[f"{q[0] or 'en/'}{q[2]}" for q in QUESTIONS])
def test_a_section_titled_as_the_question_comes_first(page: Any, base_url: str, lang: str, title: str, where: str):
    """'the day before' finds the 'day before' pause point before 'Two days before'; the pitch
    pack repeats the pitch checklists' pause points, so its copy counts too."""
    checklist, point = where.split("#")
    query = title.lower() if not lang else title
    found = [r for r in results(page, base_url + lang, query) if "#" in r]
    assert found, f"{query!r}: no section found"
    accepted = {f"/{lang}checklists/{checklist}/#{point}", f"/{lang}checklists/pitch-pack/#{checklist}--{point}"}
    assert found[0] in accepted, f"{query!r}: first section is {found[0]}, expected {sorted(accepted)}; all: {found[:6]}"


def test_search_runs_materials_own_worker_by_its_own_name(real_site: Any):
    """The template names no hashed asset: the worker wrapper gets Material's file name from
    Material's own config block, and that file exists."""
    html = real_site.page("pitching/")
    match = re.search(r'"search": "\.\./assets/javascripts/workers/playbook-search\.js\?worker=([\w.]+\.js)"', html)
    assert match, "the search worker is not wrapped"
    assert (real_site.site / "assets" / "javascripts" / "workers" / match.group(1)).is_file()
    template = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    assert not re.search(r"\.[0-9a-f]{8}\.min\.js", template), "overrides/main.html names a hashed asset"
    assert '"translations"' not in template, "overrides/main.html copies Material's config block"


# --- The index holds clean text -------------------------------------------------------------


def _labels(html: str) -> list[str]:
    items = re.findall(r'<li class="ap-item[^"]*"[^>]*>(.*?)</li>', html, re.S)
    labels = [re.search(r"<label[^>]*>(.*?)</label>", item, re.S) for item in items]
    return [re.sub(r"<[^>]+>", "", m.group(1)) for m in labels if m]


@pytest.mark.parametrize("lang", ["", "zh/"], ids=["en", "zh"])
def test_checklist_items_are_indexed_by_their_own_words(real_site: Any, lang: str):
    """No badge, role or 'Why' text glued to an item ("word for wordCriticalADWhy: ...")."""
    index = json.loads((real_site.site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {}
    for doc in index["docs"]:
        for entry in re.findall(r"<li>(.*?)</li>", doc["text"], re.S):
            entries.setdefault(doc["location"].split("#")[0], set()).add(html_unescape(entry.replace("\u200b", "")).strip())
    checked = 0
    for path in sorted((real_site.site / lang / "checklists").glob("*/index.html")):
        location = path.parent.relative_to(real_site.site / lang).as_posix() + "/"
        mine = entries.get(location, set())
        for label in _labels(path.read_text(encoding="utf-8")):
            label = html_unescape(label).strip()
            near = [e for e in mine if e.startswith(label[:12])][:2]
            assert label in mine, f"{lang}{location}: {label!r} is not indexed on its own; near: {near}"
            checked += 1
    assert checked > 100
