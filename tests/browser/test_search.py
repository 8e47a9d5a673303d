"""Search in a real browser: each language finds its own pages, Chinese words mid-sentence."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

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
