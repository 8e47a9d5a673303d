"""The same advice everywhere: the contradictions issue 11 names, checked mechanically.

Each check is a small function over text, run on the real pages, checklists, quizzes and
terms.yml; the `*_catches_*` tests show that each one flags the contradiction it guards against.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sitebuild import ROOT

DOCS = ROOT / "docs"


def read(rel: str) -> str:
    return (DOCS / rel).read_text(encoding="utf-8")


def section(page: str, anchor: str) -> str:
    """The text of `## ... {#anchor}` up to the next `##` heading."""
    match = re.search(rf"^##[^\n]*\{{#{anchor}\}}\n(.*?)(?=^## |\Z)", page, re.M | re.S)
    assert match, f"no section #{anchor}"
    return match.group(1)


def blocks(markdown: str) -> Iterator[str]:
    """Paragraphs, list items and table rows, each joined onto one line."""
    for chunk in re.split(r"\n\s*\n", markdown):
        item: list[str] = []
        for line in chunk.splitlines():
            if not line.strip():
                continue
            if line.lstrip().startswith("|"):
                yield line.strip()
                continue
            if re.match(r"\s*(?:[-*]|\d+\.)\s", line) and item:
                yield " ".join(item)
                item = []
            item.append(line.strip())
        if item:
            yield " ".join(item)


def strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


@functools.cache
def units() -> tuple[tuple[str, str], ...]:
    """(where, text) for every block of every page and every string of every YAML source."""
    return tuple(_units())


def _units() -> Iterator[tuple[str, str]]:
    for path in sorted(DOCS.rglob("*.md")):
        for block in blocks(path.read_text(encoding="utf-8")):
            yield str(path.relative_to(ROOT)), block
    for path in [*sorted((ROOT / "checklists").glob("*.yml")), *sorted((ROOT / "quizzes").glob("*.yml")), ROOT / "terms.yml"]:
        with open(path, encoding="utf-8") as f:
            for text in strings(yaml.safe_load(f)):
                yield str(path.relative_to(ROOT)), text


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|(?<=[。！？])", text) if s.strip()]


NEGATED = re.compile(r"\b(?:never|not|don't|avoid)\b|不|别|勿", re.I)


# --- The pitch running order: questions before the closing line --------------------------------

QUESTIONS_ROW = re.compile(r"^\|[^|]*\|\s*(?:Questions|Q&A|问答)\b", re.I)
CLOSING_ROW = re.compile(r"^\|[^|]*\|\s*(?:Closing|结束语|收尾)", re.I)
QUESTIONS_LAST = [
    re.compile(r"\b(?:questions|Q&A)\b[^.]*\b(?:after|following)\s+(?:the|your)\s+(?:closing|close|last line)", re.I),
    re.compile(r"\b(?:closing line|close|closing)\b[^.]*\b(?:then|followed by)\b[^.]*\b(?:questions|Q&A)\b", re.I),
    re.compile(r"\b(?:questions|Q&A)\s+(?:come\s+|go\s+|are\s+)?(?:at the end|last)\b", re.I),
    re.compile(r"(?:结束语|收尾)之?后[^。]*(?:问答|提问)"),
    re.compile(r"(?:问答|提问)[^，。]*放在(?:最后|结束语之?后)"),
]


def running_order_problems(page: str) -> list[str]:
    rows = [line for line in page.splitlines() if line.startswith("|")]
    questions = [i for i, row in enumerate(rows) if QUESTIONS_ROW.search(row)]
    closing = [i for i, row in enumerate(rows) if CLOSING_ROW.search(row)]
    if not questions or not closing:
        return ["the running-order table has no questions row or no closing row"]
    if questions[0] > closing[0]:
        return [f"questions row comes after the closing row: {rows[questions[0]]}"]
    return []


def questions_last_problems(text: str) -> list[str]:
    found = []
    for sentence in sentences(text):
        for pattern in QUESTIONS_LAST:
            match = pattern.search(sentence)
            if match and not NEGATED.search(match.group(0)):
                found.append(sentence)
    return found


@pytest.mark.parametrize("rel", ["pitching.md", "zh/pitching.md"])
def test_running_order_table_puts_questions_before_the_closing_line(rel: str):
    assert running_order_problems(read(rel)) == [], f"docs/{rel}"


def test_no_text_puts_questions_after_the_closing_line():
    found = [f"{where}: {s}" for where, text in units() for s in questions_last_problems(text)]
    assert found == []


def test_running_order_checks_catch_the_old_order():
    swapped = "| 40–56 | Closing line and next step | AD |\n| 56–58 | Questions | Everyone |\n"
    assert running_order_problems(swapped)
    assert questions_last_problems("Finish with the closing line, then take questions.")
    assert questions_last_problems("问答放在结束语之后。")
    assert not questions_last_problems("Questions come before the closing line, never after it.")
    assert not questions_last_problems("问答一定放在结束语之前，不能放在之后。")


# --- One recap deadline: 24 hours --------------------------------------------------------------

RECAP = re.compile(r"\brecaps?\b|\bcontact reports?\b|\b(?:meeting|the|your|late) minutes\b|^minutes\b|纪要", re.I)
OTHER_DEADLINE = re.compile(
    r"\bsame[- ]day\b|\bend of (?:the )?(?:day|business)\b|\bEOD\b|\btonight\b|\bnext (?:morning|day)\b|\bby tomorrow\b"
    r"|\bwithin (?:(?!24\b)\d+|one|two|three|a|an) (?:working )?(?:hours?|days?|weeks?)\b"
    r"|\b(?!24\b)\d+[- ]hours?\b"
    r"|当天|当日|下班前|次日|第二天|明天|今晚|(?<!\d)(?!24\s*小时)\d+\s*(?:个)?小时|[一二两三]\s*(?:个)?(?:小时|天|日|工作日)内",
    re.I,
)


def recap_deadline_problems(text: str) -> list[str]:
    return [s for s in sentences(text) if RECAP.search(s) and OTHER_DEADLINE.search(s)]


def test_the_recap_has_one_deadline_everywhere():
    found = [f"{where}: {s}" for where, text in units() for s in recap_deadline_problems(text)]
    assert found == [], "a recap / contact report / 会议纪要 with a deadline other than 24 hours"


def test_recap_check_catches_a_second_deadline():
    for bad in (
        "Send the recap the same day.",
        "The contact report goes out within 48 hours.",
        "Send the contact report by end of day.",
        "会议纪要当天发出。",
        "48 小时内发会议纪要。",
    ):
        assert recap_deadline_problems(bad), bad
    assert not recap_deadline_problems("Send the contact report within 24 hours.")
    assert not recap_deadline_problems("会议纪要 24 小时内发出。")


# --- The response policy: every channel, set by the account director, the same hours ----------

OFFICE_HOURS = re.compile(r"(\d{1,2}:\d{2})\s*(?:to|–|-|至)\s*(\d{1,2}:\d{2})")


def response_policy_problems(policy: str, zh: bool) -> list[str]:
    problems = []
    if not re.search("微信" if zh else r"\bWeChat\b", policy):
        problems.append("does not cover WeChat")
    setter = r"由客户总监|客户总监（AD）[^。]*制定" if zh else r"account director sets|set by the account director"
    if not re.search(setter, policy):
        problems.append("does not say the account director sets it")
    return problems


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_response_rules_cover_wechat_and_are_set_by_the_account_director(lang: str):
    policy = section(read(f"{lang}expectations.md"), "response-rules")
    assert response_policy_problems(policy, zh=bool(lang)) == [], f"docs/{lang}expectations.md#response-rules"


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_group_response_policy_states_the_same_hours(lang: str):
    rules = OFFICE_HOURS.findall(section(read(f"{lang}expectations.md"), "response-rules"))
    groups = OFFICE_HOURS.findall(section(read(f"{lang}messaging-apps.md"), "response-expectations"))
    assert rules and groups and rules[0] == groups[0], (rules, groups)


def test_response_policy_check_catches_an_email_only_policy():
    assert response_policy_problems("Answer every email within one working day.", zh=False)
    assert response_policy_problems("邮件一个工作日内回复。", zh=True)


# --- Over-servicing: no "do more than promised" -----------------------------------------------

OVER_SERVICING = re.compile(
    r"\bmore than (?:you |we |was |they )?(?:promised|agreed|asked|the minimum)\b|\bunder-?promise|\bover-?deliver"
    r"|\bextra mile\b|\b(?:do|give) (?:a )?little (?:bit )?more\b|\bexceed (?:their|the client's) expectations\b"
    r"|多做一点|多做一些|多给一点|比(?:承诺|答应|约定)的?(?:还)?多|超出(?:承诺|客户的?预期)|额外惊喜",
    re.I,
)


def qualified_extra_effort() -> set[tuple[str, str]]:
    """The places that weigh extra effort against unbilled scope: the section on the scope page and
    the change-request pause point whose items say small, inside the scope, told and logged."""
    allowed = {
        (f"docs/{rel}", block)
        for rel in ("scope-and-change.md", "zh/scope-and-change.md")
        for block in blocks(section(read(rel), "extra-effort-or-unbilled-scope"))
    }
    with open(ROOT / "checklists" / "change-request.yml", encoding="utf-8") as f:
        (pause,) = [p for p in yaml.safe_load(f)["pause_points"] if p["id"] == "extra-given-free"]
    allowed |= {("checklists/change-request.yml", text) for text in pause["title"].values()}
    return allowed


def test_no_page_tells_staff_to_do_more_than_promised():
    allowed = qualified_extra_effort()
    found = [f"{where}: {text}" for where, text in units() if OVER_SERVICING.search(text) and (where, text) not in allowed]
    assert found == []


def test_extra_effort_is_weighed_against_unbilled_scope():
    assert "change order" in section(read("scope-and-change.md"), "extra-effort-or-unbilled-scope")
    assert "变更单" in section(read("zh/scope-and-change.md"), "extra-effort-or-unbilled-scope")


def test_over_servicing_check_catches_the_old_advice():
    assert OVER_SERVICING.search("Always do a little more than promised.")
    assert OVER_SERVICING.search("Under-promise and over-deliver.")
    assert OVER_SERVICING.search("每次都比答应的多做一点。")


# --- "Start on time" never applies to the client's decision maker ------------------------------

START_ON_TIME = re.compile(r"\bstart(?:s|ing)? on time\b|准时开始|照常开始|按时开始", re.I)
DECISION_MAKER = re.compile(r"decision[- ]?maker|decider|拍板", re.I)


def start_on_time_problems(text: str) -> bool:
    return bool(START_ON_TIME.search(text)) and not DECISION_MAKER.search(text)


def test_start_on_time_is_qualified_for_the_decision_maker():
    found = [f"{where}: {text}" for where, text in units() if start_on_time_problems(text)]
    assert found == []


def test_start_on_time_check_catches_the_unqualified_rule():
    assert start_on_time_problems("- Start on time even if someone is late.")
    assert start_on_time_problems("有人迟到也照常开始。")


# --- The PIC is one person ---------------------------------------------------------------------

SEVERAL_PICS = re.compile(r"\b(?:two|both|joint|co-?)\s*PICs?\b|PICs share|(?:两|几|多)(?:个|位|名)\s*(?:PIC|项目负责人)", re.I)


def test_pic_is_one_person_in_the_term_base_and_team_page():
    with open(ROOT / "terms.yml", encoding="utf-8") as f:
        (pic,) = [t for t in yaml.safe_load(f)["terms"] if "PIC" in t.get("abbr", [])]
    assert re.search(r"\bone (?:named )?person\b", pic["definition"]["en"]), pic["definition"]["en"]
    assert "一个人" in pic["definition"]["zh"], pic["definition"]["zh"]
    en = section(read("team-and-process.md"), "person-in-charge")
    zh = section(read("zh/team-and-process.md"), "person-in-charge")
    assert re.search(r"\b(?:single|one) (?:named )?person\b", en)
    assert re.search(r"一(?:个|位)(?:具体的|明确的)?(?:人|负责人)", zh)
    assert "AM" in pic["definition"]["en"] and "AM" in en and "AM" in zh


def test_no_text_splits_the_pic_role():
    found = [f"{where}: {text}" for where, text in units() if SEVERAL_PICS.search(text)]
    assert found == []
    assert SEVERAL_PICS.search("The AM and AD are joint PICs.")
    assert SEVERAL_PICS.search("这个项目有两位项目负责人。")


def test_the_checks_read_every_source():
    where = {w for w, _ in units()}
    for expected in (
        "docs/pitching.md",
        "docs/zh/meetings.md",
        "checklists/client-meeting.yml",
        "quizzes/meetings-reports.yml",
        "terms.yml",
    ):
        assert expected in {str(Path(w)) for w in where}, expected


# --- Each new topic page sends the reader to its checklist, in both languages --------------------

PAGE_CHECKLIST = {
    "handover.md": "handover",
    "crisis.md": "crisis-first-hours",
    "scope-and-change.md": "change-request",
    "messaging-apps.md": "wechat-group-setup",
    "procurement.md": "supplier-onboarding",
    "compliance.md": "content-sign-off",
    "new-business.md": "new-business-go-no-go",
}


@pytest.mark.parametrize("page", sorted(PAGE_CHECKLIST))
def test_topic_page_links_its_checklist_in_both_languages(page: str):
    checklist = PAGE_CHECKLIST[page]
    assert (ROOT / "checklists" / f"{checklist}.yml").exists()
    for rel in (page, f"zh/{page}"):
        assert f"](checklists/{checklist}.md)" in read(rel), f"docs/{rel} does not link checklists/{checklist}.md"
