"""The home page is task-first: "start here" and a card for each job people come for, all on
the first screen of a 1280x800 desktop and a 390x844 phone, in both languages; the Chinese
interface is Chinese (palette toggle, full-width punctuation)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from ap_browser import ARTIFACTS
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

SCREENS = {"desktop": (1280, 800), "phone": (390, 844)}
# The jobs, in order: where each card leads (relative to the language root).
CARDS = [
    "start-here/",
    "checklists/pitch-prep/",
    "checklists/pitch-day/",
    "checklists/pitch-follow-up/",
    "checklists/client-meeting/",
    "checklists/weekly-status-report/",
    "checklists/budget-invoicing/",
    "crisis/",
]


@pytest.mark.parametrize("lang", ["", "zh/"], ids=["en", "zh"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_job_card_is_on_the_first_screen(browser: Browser, base_url: str, screen: str, lang: str) -> None:
    w, h = SCREENS[screen]
    phone = screen == "phone"
    context = browser.new_context(viewport={"width": w, "height": h}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    try:
        page.goto(base_url + lang)
        cards = page.locator(".md-content .grid.cards > ul > li")
        assert cards.count() == len(CARDS)
        hrefs = cards.locator("a").evaluate_all("els => els.map(e => e.pathname)")
        assert hrefs == [f"/{lang}{c}" for c in CARDS]
        for i in range(cards.count()):
            box = cards.nth(i).bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= h, f"card {i + 1} ends at {box} on a {w}x{h} screen"
            assert box["height"] >= 44, "each card is one large tap target"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"home-{lang.strip('/') or 'en'}-{screen}.png"))
        # The whole card is the link: a tap on the card's blank corner opens the job.
        box = cards.nth(1).bounding_box()
        assert box
        page.mouse.click(box["x"] + box["width"] - 6, box["y"] + box["height"] - 6)
        page.wait_for_url(f"**/{lang}checklists/pitch-prep/")
    finally:
        context.close()


def test_home_sections_other_pages_link_to_are_still_there(real_site: Any) -> None:
    for lang in ("", "zh/"):
        html = real_site.page(lang)
        for section in ("new-staff", "browsing", "before-a-pitch", "common-questions", "how-this-site-works"):
            assert f'id="{section}"' in html, f"/{lang}: #{section}"


@pytest.mark.parametrize(
    "lang, dark, light", [("", "Switch to dark mode", "Switch to light mode"), ("zh/", "切换到深色模式", "切换到浅色模式")]
)
def test_palette_toggle_speaks_the_page_language(real_site: Any, lang: str, dark: str, light: str) -> None:
    html = real_site.page(lang + "pitching/")
    titles = re.findall(r'<label class="md-header__button md-icon" title="([^"]+)" for="__palette_\d"', html)
    assert titles == [dark, light], titles


def test_chinese_interface_has_no_english_and_full_width_punctuation(real_site: Any) -> None:
    """Header, navigation, footer and their labels on a Chinese page: Chinese words and
    full-width punctuation (the page text itself is checked by the content tests)."""
    html = real_site.page("zh/pitching/")
    chrome = re.sub(r"<script.*?</script>|<article.*?</article>|<svg.*?</svg>", "", html, flags=re.S)
    labels = re.findall(r'(?:title|aria-label|placeholder)="([^"]+)"', chrome)
    text = re.sub(r"<[^>]+>", " ", chrome)
    english = set(re.findall(r"[A-Za-z]{2,}", " ".join([text, *labels]))) - {"English", "KPI", "AE", "AM", "AD", "PR"}
    assert english == set(), english
    half_width = [s for s in labels if re.search(r"[\u4e00-\u9fff][:;,?!]|[:;,?!][\u4e00-\u9fff]|[\u4e00-\u9fff]: ", s)]
    assert half_width == [], half_width
