"""Knowledge checks in the browser (docs/assets/quiz.js and quiz.css): answering and feedback,
saved answers (reload, language switch, edited files, hostile or blocked storage), retry,
keyboard-only use, the page without JavaScript, both printouts, the index score and axe."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any, Literal

import pytest
from ap_browser import ARTIFACTS, ready
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

QUIZ = "expectations"  # has single- and multiple-answer questions
KEY = f"ap:v1:quiz:{QUIZ}"
URL = f"quizzes/{QUIZ}/"


@pytest.fixture
def site(base_url: str) -> str:
    """The repository's site with its knowledge checks (conftest's real_site, built once per session)."""
    return base_url


def questions(page: Page) -> list[dict[str, Any]]:
    """The questions on the page as the markup states them: id, multiple, options, correct."""
    return page.locator("fieldset.ap-question").evaluate_all(
        """sets => sets.map(f => ({
            id: f.dataset.question, multiple: f.dataset.multiple === "true",
            options: [...f.querySelectorAll(".ap-answer .ap-explanation")].map(li => li.dataset.option),
            correct: [...f.querySelectorAll('.ap-answer .ap-explanation[data-correct="true"]')].map(li => li.dataset.option),
            explanations: Object.fromEntries(
                [...f.querySelectorAll(".ap-answer .ap-explanation")].map(li => [li.dataset.option, li.textContent])),
        }))"""
    )


def first(page: Page, multiple: bool) -> dict[str, Any]:
    return next(q for q in questions(page) if q["multiple"] == multiple)


def fieldset(page: Page, question: dict[str, Any]) -> Any:
    return page.locator(f'fieldset.ap-question[data-question="{question["id"]}"]')


def option(page: Page, question: dict[str, Any], value: str) -> Any:
    return fieldset(page, question).locator(f'.ap-option[value="{value}"]')


def wrong(question: dict[str, Any]) -> str:
    return next(o for o in question["options"] if o not in question["correct"])


def stored(page: Page, key: str = KEY) -> Any:
    raw = page.evaluate("key => localStorage.getItem(key)", key)
    return None if raw is None else json.loads(raw)


def store(page: Page, value: str, key: str = KEY) -> None:
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, value])


def score(page: Page) -> Any:
    return page.locator(".ap-quiz-toolbar .ap-quiz-score")


def own_errors(errors: list[str]) -> list[str]:
    return [e for e in errors if "quiz.js" in e]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- answering


def test_single_answer_feedback_at_once_and_locked(page: Page, site: str, errors: list[str]) -> None:
    ready(page, site + URL)
    total = len(questions(page))
    expect(score(page)).to_have_text(f"0 of {total} right")
    question = first(page, multiple=False)
    choice = wrong(question)
    result = fieldset(page, question).locator(".ap-result")
    expect(result).to_have_attribute("aria-live", "polite")
    expect(result).to_be_empty()
    option(page, question, choice).check()
    # Wrong: the verdict, the chosen option's explanation, the right one's, and the why-link.
    expect(result.locator(".ap-verdict")).to_have_text("Not right. The right answer is below.")
    shown = result.locator(".ap-explanation").evaluate_all("items => items.map(li => li.dataset.option)")
    assert shown == [o for o in question["options"] if o == choice or o in question["correct"]]
    expect(result.locator(f'.ap-explanation[data-option="{choice}"]')).to_have_text(question["explanations"][choice])
    why = fieldset(page, question).locator(".ap-answer a.ap-why")
    expect(result.locator("a.ap-why")).to_have_attribute("href", why.get_attribute("href") or "")
    expect(fieldset(page, question)).to_have_attribute("data-result", "wrong")
    mark = fieldset(page, question).locator(f'.ap-option-row:has([value="{choice}"]) .ap-mark')
    expect(mark).to_have_text("Your answer: not right")
    # Locked: every option is disabled, the choice stays.
    for value in question["options"]:
        expect(option(page, question, value)).to_be_disabled()
    expect(option(page, question, choice)).to_be_checked()
    expect(score(page)).to_have_text(f"0 of {total} right")
    assert stored(page) == {"version": 1, "answers": {question["id"]: [choice]}}
    assert own_errors(errors) == []


def test_multiple_answer_needs_exactly_the_right_set(page: Page, site: str) -> None:
    ready(page, site + URL)
    question = first(page, multiple=True)
    box = fieldset(page, question)
    check = box.locator("button.ap-check")
    # Nothing chosen: Check says so and keeps the question open.
    check.click()
    expect(box.locator(".ap-choose-first")).to_have_text("Choose at least one option, then check.")
    # One right option only: not right, nothing is evaluated before Check.
    option(page, question, question["correct"][0]).check()
    expect(box.locator(".ap-result")).to_be_empty()
    expect(box.locator(".ap-choose-first")).to_be_empty()
    check.click()
    expect(box).to_have_attribute("data-result", "wrong")
    expect(check).to_be_hidden()
    missed = box.locator('.ap-option-row[data-mark="missed"] .ap-mark')
    expect(missed).to_have_count(len(question["correct"]) - 1)
    expect(missed.first).to_have_text("Right answer")
    expect(score(page)).to_have_text(f"0 of {len(questions(page))} right")
    # Retry, then exactly the right set: right.
    retry(page)
    expect(check).to_be_visible()
    for value in question["correct"]:
        option(page, question, value).check()
    check.click()
    expect(box).to_have_attribute("data-result", "right")
    expect(box.locator(".ap-verdict")).to_have_text("Right.")
    expect(score(page)).to_have_text(f"1 of {len(questions(page))} right")
    assert stored(page)["answers"] == {question["id"]: question["correct"]}


def retry(page: Page) -> None:
    page.get_by_role("button", name="Start again").click()
    page.get_by_role("button", name="Clear my answers").click()


def test_retry_asks_in_the_page_then_clears_this_check_only(page: Page, site: str) -> None:
    page.on("dialog", lambda dialog: pytest.fail(f"a browser dialog was used: {dialog.message}"))
    ready(page, site + URL)
    store(page, json.dumps({"version": 1, "answers": {"q": ["a"]}}), "ap:v1:quiz:other")
    question = first(page, multiple=False)
    option(page, question, question["correct"][0]).check()
    expect(score(page)).to_have_text(re.compile(r"^1 of \d+ right$"))
    # Cancel keeps everything.
    page.get_by_role("button", name="Start again").click()
    expect(page.locator(".ap-quiz-confirm")).to_contain_text("Clear all your answers to this check and start again?")
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator(".ap-quiz-confirm")).to_have_count(0)
    expect(option(page, question, question["correct"][0])).to_be_checked()
    retry(page)
    expect(page.locator(".ap-quiz-alert")).to_have_text("Your answers were cleared.")
    expect(score(page)).to_have_text(re.compile(r"^0 of \d+ right$"))
    for value in question["options"]:
        expect(option(page, question, value)).to_be_enabled()
        expect(option(page, question, value)).not_to_be_checked()
    expect(fieldset(page, question).locator(".ap-result")).to_be_empty()
    expect(fieldset(page, question).locator(".ap-mark")).to_have_count(0)
    assert stored(page) == {"version": 1, "answers": {}}
    assert stored(page, "ap:v1:quiz:other") == {"version": 1, "answers": {"q": ["a"]}}
    # Answerable again.
    option(page, question, wrong(question)).check()
    expect(fieldset(page, question)).to_have_attribute("data-result", "wrong")


# ---------------------------------------------------------------- saved answers


def test_answers_survive_reload_language_switch_and_show_on_the_index(page: Page, site: str) -> None:
    ready(page, site + URL)
    single = first(page, multiple=False)
    multiple = first(page, multiple=True)
    total = len(questions(page))
    option(page, single, single["correct"][0]).check()
    for value in multiple["correct"]:
        option(page, multiple, value).check()
    fieldset(page, multiple).locator(".ap-check").click()
    expect(score(page)).to_have_text(f"2 of {total} right")
    page.reload()
    expect(page.locator("html[data-ap-ready]")).to_have_count(1)
    expect(score(page)).to_have_text(f"2 of {total} right")
    expect(option(page, single, single["correct"][0])).to_be_checked()
    expect(option(page, single, single["correct"][0])).to_be_disabled()
    expect(fieldset(page, multiple)).to_have_attribute("data-result", "right")
    # The header's language switcher: the same answers on the Chinese page.
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-header a.md-select__link[hreflang="zh"]').click()
    expect(page).to_have_url(re.compile(rf"/zh/quizzes/{QUIZ}/$"))
    expect(page.locator("html[data-ap-ready]")).to_have_attribute("lang", "zh")
    expect(score(page)).to_have_text(f"答对 2 题，共 {total} 题")
    expect(option(page, single, single["correct"][0])).to_be_checked()
    expect(fieldset(page, single).locator(".ap-verdict")).to_have_text("答对了。")
    # The index of both languages shows the score; an unanswered check keeps its question count.
    ready(page, site + "quizzes/")
    expect(page.locator(f'span.ap-score[data-quiz="{QUIZ}"]')).to_have_text(f"2 of {total} right")
    expect(page.locator('span.ap-score[data-quiz="finance"]')).to_have_text(re.compile(r"^\d+ questions$"))
    ready(page, site + "zh/quizzes/")
    expect(page.locator(f'span.ap-score[data-quiz="{QUIZ}"]')).to_have_text(f"答对 2 题，共 {total} 题")


def test_chinese_interface_reads_as_chinese(page: Page, site: str) -> None:
    ready(page, site + "zh/" + URL)
    single = first(page, multiple=False)
    multiple = first(page, multiple=True)
    option(page, single, wrong(single)).check()
    fieldset(page, multiple).locator(".ap-check").click()
    page.get_by_role("button", name="重新作答").click()
    shown = " ".join(
        page.locator(".ap-quiz-toolbar, .ap-result, .ap-mark, .ap-choose-first, .ap-check").all_inner_texts()
        + page.locator(".ap-print-kind, .ap-print-name").all_text_contents()
    )
    assert "答错了，正确答案见下方。" in shown and "你的选择：不对" in shown and "正确答案" in shown
    assert "请至少选择一项，再核对答案。" in shown and "确定清空本套自测的全部作答，从头开始吗？" in shown
    assert "答题纸" in shown and "参考答案" in shown and "姓名" in shown
    # Only the words of the options and explanations may be English (AE, KPI, PO...), never the interface.
    interface = re.sub(
        r"[A-Z]{2,}",
        "",
        page.locator(".ap-quiz-toolbar").inner_text()
        + " ".join(page.locator(".ap-verdict, .ap-mark, .ap-choose-first, .ap-check").all_inner_texts()),
    )
    assert not re.search(r"[A-Za-z]{2,}", interface), interface


def test_answers_to_removed_questions_or_options_are_ignored_and_kept(page: Page, site: str) -> None:
    ready(page, site + URL)
    single = first(page, multiple=False)
    multiple = first(page, multiple=True)
    saved = {
        "gone-question": ["a"],  # the question was removed from the file
        single["id"]: ["gone-option"],  # the option was removed
        multiple["id"]: [multiple["correct"][0], "gone-option"],
    }
    store(page, json.dumps({"version": 1, "answers": saved}))
    page.reload()
    expect(page.locator("html[data-ap-ready]")).to_have_count(1)
    expect(score(page)).to_have_text(re.compile(r"^0 of \d+ right$"))
    expect(page.locator(".ap-result:not(:empty)")).to_have_count(0)
    expect(page.locator(".ap-option:disabled")).to_have_count(0)
    expect(page.locator(".ap-quiz-notice")).to_have_count(0)
    # Answering another question keeps the stale answers as they were.
    other = next(q for q in questions(page) if q["id"] not in saved)
    option(page, other, other["correct"][0]).check()
    assert stored(page)["answers"] == {**saved, other["id"]: [other["correct"][0]]}


HOSTILE = [
    '{"version": 1, "answers": {"__proto__": {"polluted": "yes"}, "constructor": ["prototype"], "QUESTION": ["RIGHT"]}}',
    '{"__proto__": {"polluted": "yes"}, "version": 1, "answers": {"__proto__": ["polluted"], "QUESTION": ["RIGHT"]}}',
    '{"version": 1, "answers": {"QUESTION": "RIGHT", "other": {"0": "a"}, "x": [1, 2], "Bad Id": ["a"]}}',
    '{"version": 1, "answers": {"QUESTION": ["RIGHT", "RIGHT"]}}',
    '{"version": 2, "answers": {"QUESTION": ["RIGHT"]}}',
    '["QUESTION"]',
    "{not json",
    "null",
    "HUGE",
]


@pytest.mark.parametrize("raw", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_storage_is_set_aside_and_the_page_works(page: Page, site: str, errors: list[str], raw: str) -> None:
    ready(page, site + URL)
    question = first(page, multiple=False)
    right = question["correct"][0]
    raw = raw.replace("QUESTION", question["id"]).replace("RIGHT", right)
    if raw == "HUGE":
        raw = json.dumps({"version": 1, "answers": {question["id"]: [right]}, "pad": "x" * 300_000})
    store(page, raw)
    page.reload()
    expect(page.locator("html[data-ap-ready]")).to_have_count(1)
    assert page.evaluate("({}).polluted") is None
    assert page.evaluate("Object.getPrototypeOf({}) === Object.prototype && !('polluted' in Object.prototype)")
    expect(page.locator(".ap-quiz-notice")).to_contain_text("A copy was set aside")
    aside = page.evaluate(f"Object.keys(localStorage).filter(k => k.startsWith('ap:v1:corrupt:quiz:{QUIZ}:'))")
    assert len(aside) == 1 and page.evaluate("k => localStorage.getItem(k)", aside[0]) == raw
    # The stored value is now readable; a readable answer was kept.
    data = stored(page)
    assert data["version"] == 1 and all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", k) for k in data["answers"])
    kept = data["answers"].get(question["id"]) == [right]
    expect(score(page)).to_have_text(re.compile(rf"^{int(kept)} of \d+ right$"))
    # The page works: answer another question, reload, no second copy.
    other = next(q for q in questions(page) if not q["multiple"] and q["id"] != question["id"])
    option(page, other, other["correct"][0]).check()
    expect(fieldset(page, other)).to_have_attribute("data-result", "right")
    page.reload()
    expect(fieldset(page, other)).to_have_attribute("data-result", "right")
    expect(page.locator(".ap-quiz-notice")).to_have_count(0)
    assert page.evaluate(f"Object.keys(localStorage).filter(k => k.startsWith('ap:v1:corrupt:quiz:{QUIZ}:')).length") == 1
    assert own_errors(errors) == []


BLOCKED = """Object.defineProperty(window, "localStorage", {
  configurable: true, get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });"""
FULL = """Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };"""


@pytest.mark.parametrize("script", [BLOCKED, FULL], ids=["blocked", "full"])
def test_storage_blocked_or_full_the_page_still_works(page: Page, site: str, errors: list[str], script: str) -> None:
    page.add_init_script(script)
    ready(page, site + URL)
    notice = page.locator(".ap-quiz-notice")
    if script == BLOCKED:  # said at once; full storage is found on the first write
        expect(notice).to_contain_text("your answers will not be kept")
    question = first(page, multiple=False)
    option(page, question, question["correct"][0]).check()
    expect(fieldset(page, question)).to_have_attribute("data-result", "right")
    expect(score(page)).to_have_text(re.compile(r"^1 of \d+ right$"))
    expect(page.locator(".ap-quiz-notice")).to_have_text(
        "This browser is not keeping data for this site: your answers will not be kept after this visit."
    )
    assert own_errors(errors) == []


def test_unreadable_data_left_untouched_when_no_room_for_a_copy(page: Page, site: str) -> None:
    ready(page, site + URL)
    store(page, "{not json")
    page.add_init_script(FULL)
    page.reload()
    expect(page.locator("html[data-ap-ready]")).to_have_count(1)
    expect(page.locator(".ap-quiz-notice")).to_contain_text("They were left untouched")
    question = first(page, multiple=False)
    option(page, question, question["correct"][0]).check()
    expect(fieldset(page, question)).to_have_attribute("data-result", "right")
    assert page.evaluate("k => localStorage.getItem(k)", KEY) == "{not json"


# ---------------------------------------------------------------- keyboard, phone, no JavaScript


def focused(page: Page) -> Any:
    return page.evaluate(
        """() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {tag: e.tagName, cls: e.className, value: e.value || "", text: e.textContent.trim().slice(0, 60),
                outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2}; }"""
    )


def test_keyboard_only(page: Page, site: str) -> None:
    ready(page, site + URL)
    single = first(page, multiple=False)
    multiple = first(page, multiple=True)
    assert questions(page).index(multiple) < questions(page).index(single), "the test expects the multiple question first"
    page.locator(".ap-summary").click()  # a starting point above the toolbar, without focusing anything
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Print questions" and focused(page)["outline"]
    for _ in range(3):
        page.keyboard.press("Tab")
    # Checkboxes: Tab to each, Space ticks, Tab to Check, Enter checks.
    assert focused(page)["value"] == multiple["options"][0] and focused(page)["outline"]
    for value in multiple["options"]:
        if value in multiple["correct"]:
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
    assert "ap-check" in focused(page)["cls"].split() and focused(page)["outline"]
    page.keyboard.press("Enter")
    expect(fieldset(page, multiple)).to_have_attribute("data-result", "right")
    assert "ap-result" in focused(page)["cls"] and focused(page)["outline"]
    # The why-link, then the disclosure: Enter opens it.
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "A" and focused(page)["outline"]
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "SUMMARY"
    page.keyboard.press("Enter")
    expect(fieldset(page, multiple).locator("details.ap-answer")).to_have_attribute("open", "")
    page.keyboard.press("Tab")  # the why-link inside the disclosure
    page.keyboard.press("Tab")
    # Radios: Tab enters the group, arrows move without answering, Space answers.
    assert focused(page)["value"] == single["options"][0] and focused(page)["outline"]
    page.keyboard.press("ArrowDown")
    expect(option(page, single, single["options"][1])).to_be_checked()
    expect(fieldset(page, single).locator(".ap-result")).to_be_empty()
    page.keyboard.press("Space")
    expect(fieldset(page, single).locator(".ap-verdict")).to_have_count(1)
    assert stored(page)["answers"][single["id"]] == [single["options"][1]]
    assert "ap-result" in focused(page)["cls"]
    # Retry from the keyboard: the toolbar button, then the confirmation with Enter.
    page.locator(".ap-summary").click()
    for _ in range(3):
        page.keyboard.press("Tab")
    assert focused(page)["text"] == "Start again"
    page.keyboard.press("Enter")
    assert focused(page)["text"] == "Clear my answers"
    page.keyboard.press("Enter")
    expect(page.locator(".ap-option:disabled")).to_have_count(0)
    # Enter on a radio answers too.
    option(page, single, single["options"][0]).focus()
    page.keyboard.press("Enter")
    assert stored(page)["answers"] == {single["id"]: [single["options"][0]]}


def test_phone_tap_targets_and_dark_screenshot(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark", has_touch=True)
    page = context.new_page()
    ready(page, site + URL)
    question = first(page, multiple=False)
    option(page, question, wrong(question)).check()
    small = page.locator(
        ".ap-option-row label, .ap-quiz button:visible, details.ap-answer > summary, .ap-question a.ap-why:visible"
    ).evaluate_all(
        "els => els.map(e => [e.textContent.trim().slice(0, 40), e.getBoundingClientRect().height]).filter(([, h]) => h < 44)"
    )
    assert small == []
    # A one-line option is as easy to tap as a long one.
    label = page.locator(".ap-option-row label").last
    label.evaluate("label => { label.textContent = 'OK'; }")
    assert (label.bounding_box() or {"height": 0})["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    fieldset(page, question).scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "quiz-phone-dark.png"))
    for index in ("quizzes/", "zh/quizzes/"):
        ready(page, site + index)
        expect(page.locator(f'span.ap-score[data-quiz="{QUIZ}"]')).to_contain_text(re.compile("right|答对"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{index} scrolls sideways"
    context.close()


def test_without_javascript_answers_stay_behind_the_disclosure(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + URL)
    expect(page.locator(".ap-noscript")).to_be_visible()
    expect(page.locator(".ap-quiz-toolbar")).to_be_hidden()  # empty: no box without its buttons
    answers = page.locator("details.ap-answer")
    expect(answers).to_have_count(len(questions(page)))
    expect(page.locator("details.ap-answer[open]")).to_have_count(0)
    expect(page.locator(".ap-explanation").first).to_be_hidden()
    expect(page.locator(".ap-option").first).to_be_visible()
    answers.first.locator("summary").click()
    expect(answers.first.locator(".ap-explanation").first).to_be_visible()
    expect(answers.first.locator("a.ap-why")).to_be_visible()
    context.close()


# ---------------------------------------------------------------- printouts


def print_with_button(page: Page, name: str, path: Path) -> str:
    """Press a print button (window.print stubbed), save the PDF, fire afterprint; the PDF's text."""
    page.evaluate("() => { window.apPrinted = 0; window.print = () => { window.apPrinted += 1; }; }")
    page.get_by_role("button", name=name).click()
    assert page.evaluate("window.apPrinted") == 1
    path.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(path), format="A4")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(page.locator("html.ap-print-sheet, html.ap-print-key")).to_have_count(0)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-l", "2", str(path), str(path.with_suffix(""))], check=True)
    return flat(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def test_question_sheet_and_answer_key(page: Page, site: str, poppler: None) -> None:
    ready(page, site + URL)
    all_questions = questions(page)
    legends = [flat(t) for t in page.locator(".ap-question legend").all_inner_texts()]
    labels = [flat(t) for t in page.locator(".ap-option-row label").all_inner_texts()]
    question = first(page, multiple=False)
    option(page, question, wrong(question)).check()  # the reader's own answer must not print
    explanations = [flat(e.split(" — ")[-1]) for q in all_questions for e in q["explanations"].values()]
    sheet = print_with_button(page, "Print questions", ARTIFACTS / "quiz-sheet.pdf")
    for text in ["Question sheet", "Name", "Date", *legends, *labels]:
        assert text in sheet, f"missing from the question sheet: {text!r}"
    absent = ["Show the answer", "Your answer", "Not right", "Print questions", "Answer key", "Account Playbook"]
    for text in [*explanations, *absent]:
        assert text not in sheet, f"the question sheet shows {text!r}"
    expect(page.locator("details.ap-answer[open]")).to_have_count(0)
    key = print_with_button(page, "Print answer key", ARTIFACTS / "quiz-key.pdf")
    for text in ["Answer key", *legends, *explanations]:
        assert text in key, f"missing from the answer key: {text!r}"
    for text in ["Show the answer", "Your answer", "Question sheet", "Print questions"]:
        assert text not in key, f"the answer key shows {text!r}"
    assert key.count("✓") == sum(len(q["correct"]) for q in all_questions)
    # The disclosures the key opened are closed again after printing.
    expect(page.locator("details.ap-answer[open]")).to_have_count(0)


# ---------------------------------------------------------------- axe


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", [URL, "quizzes/", "zh/" + URL])
def test_no_axe_violations(browser: Browser, site: str, url: str, scheme: Literal["light", "dark"]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    ready(page, site + url)
    if page.locator(".ap-question").count():
        # Answered questions too: marks, feedback, a wrong and a right verdict.
        single = first(page, multiple=False)
        option(page, single, wrong(single)).check()
        other = [q for q in questions(page) if not q["multiple"]][1]
        option(page, other, other["correct"][0]).check()
        page.locator("details.ap-answer").first.locator("summary").click()
        page.get_by_role("button", name=re.compile("Start again|重新作答")).click()
    results = Axe().run(page)
    context.close()
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if not (v["id"] == "landmark-unique" and all(n["html"].startswith('<nav class="md-nav"') for n in v["nodes"]))
    ]
    # Known and not this feature's: Material's nav sections with an index page (Checklists,
    # Knowledge checks) get an empty label, so their two nav landmarks share a name (moderate).
    assert bad == []
