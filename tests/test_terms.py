"""The term base (terms.yml): valid and complete, the glossary pages generated from it, and
avoided variants in pages and checklists failing the strict build with file, line and the
preferred term."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from apbook.terms import Term, check_markdown, check_yaml, load_terms, parse_terms
from samples import CHECKLIST, PAGES
from sitebuild import ROOT

TERMS = load_terms(ROOT / "terms.yml")
BY_ID = {t.id: t for t in TERMS.terms}

# Terms the issue and the writing rules name: each must have an entry.
REQUIRED = {
    "account-executive": ("AE", "客户执行"),
    "account-manager": ("AM", "客户经理"),
    "account-director": ("AD", "客户总监"),
    "business-director": ("business director", "业务总监"),
    "new-business-development": ("BD", "新业务拓展"),
    "managing-director": ("MD", "总经理"),
    "person-in-charge": ("PIC", "项目负责人"),
    "planner": ("planner", "策划"),
    "creative-director": ("CD", "创意总监"),
    "media": ("media", "媒介"),
    "traffic": ("traffic", "流程"),
    "finance": ("finance", "财务"),
    "studio": ("studio", "制作部"),
    "pitch": ("pitch", "比稿"),
    "presentation": ("presentation", "提案"),
    "brief": ("brief", "简报"),
    "creative-brief": ("creative brief", "创意简报"),
    "contact-report": ("contact report", "会议纪要"),
    "status-report": ("status report", "周报"),
    "account-plan": ("account plan", "客户经营计划"),
    "kpi": ("KPI", "关键绩效指标"),
    "roi": ("ROI", "投资回报率"),
    "scope-of-work": ("scope of work", "工作范围"),
    "scope-creep": ("scope creep", "范围蔓延"),
    "change-order": ("change order", "变更单"),
    "timesheet": ("timesheet", "工时表"),
    "over-servicing": ("over-servicing", "过度服务"),
    "leave-behind": ("leave-behind", "留存资料"),
    "running-order": ("running order", "流程表"),
    "proposition": ("proposition", "核心主张"),
    "mandatories": ("mandatories", "必备元素"),
    "key-visual": ("KV", "主视觉"),
    "tvc": ("TVC", "电视广告片"),
    "ppm": ("PPM", "拍摄前会议"),
    "po": ("PO", "采购订单"),
    "rate-card": ("rate card", "费率卡"),
    "pitch-fee": ("pitch fee", "比稿费"),
    "rfp": ("RFP", "比稿邀请函"),
    "credentials": ("credentials", "资质介绍"),
    "chemistry-meeting": ("chemistry meeting", "初次见面会"),
    "supplier-onboarding": ("supplier onboarding", "供应商入库"),
    "three-quote-rule": ("three-quote rule", "三方比价"),
    "holding-statement": ("holding statement", "临时声明"),
    "social-listening": ("social listening", "舆情监测"),
    "kol": ("KOL", "达人"),
    "wrap-report": ("wrap report", "结案报告"),
    "proof-sign-off": ("proof sign-off", "签样"),
    "vat-special-invoice": ("VAT special invoice", "专票"),
    "vat-ordinary-invoice": ("VAT ordinary invoice", "普票"),
    "tax-number": ("tax number", "税号"),
    "wip-meeting": ("WIP", "工作进度会"),
    "job-list": ("job list", "工作进度表"),
    "handover": ("handover", "客户交接"),
    "escalation": ("escalation", "升级"),
    "craft": ("craft", "手艺"),
    "marketing": ("marketing", "营销"),
}

# Variants the writing rules forbid: each must be in the avoid list of the right entry.
FORBIDDEN = {
    ("presentation", "en"): "repeat pitch",
    ("business-director", "en"): "BD director",
    ("brief", "zh"): "下 brief",
    ("marketing", "zh"): "行销",
    ("craft", "zh"): "工艺",
    ("meeting", "zh"): "约会",
}


def line_of(text: str, needle: str) -> int:
    """The number (from 1) of the one line of text that holds needle."""
    numbers = [n for n, line in enumerate(text.split("\n"), 1) if needle in line]
    assert len(numbers) == 1, (needle, numbers)
    return numbers[0]


def _terms(*entries: Term) -> list[Term]:
    return list(entries) or TERMS.terms


# ---------------------------------------------------------------- the term base


def test_terms_yml_is_valid_and_covers_the_playbook():
    assert TERMS.problems == []
    assert len(TERMS.terms) >= 55
    assert {t.group for t in TERMS.terms} == {"roles", "terms"}
    for term_id, (en, zh) in REQUIRED.items():
        term = BY_ID.get(term_id)
        assert term is not None, f"terms.yml has no '{term_id}'"
        assert en in (term.en, *term.abbr), term_id
        assert term.zh == zh, term_id
    for (term_id, lang), variant in FORBIDDEN.items():
        assert variant in BY_ID[term_id].avoid.get(lang, ()), (term_id, variant)
    assert "24 hours" in BY_ID["contact-report"].definition["en"]
    assert "24 小时" in BY_ID["contact-report"].definition["zh"]


def test_chinese_definitions_use_full_width_punctuation():
    for term in TERMS.terms:
        text = term.definition["zh"]
        assert text.endswith("。"), term.id
        assert not re.search(r"[\u4e00-\u9fff][,.;:?!()]|[,.;:?!(][\u4e00-\u9fff]", text), term.id


SMALL_TERMS = """\
terms:
  - id: account-executive
    group: roles
    en: account executive
    zh: 客户执行
    abbr: [AE]
    definition: {en: The entry-level account role., zh: 客户部的入门岗位。}
    avoid:
      zh: [客户专员]
  - id: business-director
    group: roles
    en: business director
    zh: 业务总监
    definition: {en: The senior leader., zh: 高层主管。}
  - id: account-manager
    group: roles
    en: account manager
    zh: 客户经理
    definition: {en: Runs accounts., zh: 负责客户的日常经营。}
"""


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "  - id: account-manager",
            "  - id: account-executive",
            "terms.yml:15: duplicate id 'account-executive' (first on line 2)",
        ),
        (
            "      zh: [客户专员]",
            "      zh: [业务总监]",
            "terms.yml:9: avoided variant '业务总监' of 'account-executive' matches "
            "the preferred term '业务总监' of 'business-director'",
        ),
        ("      zh: [客户专员]", "      zh: [客户执行部]", None),
        (
            "      zh: [客户专员]",
            "      zh: [执行]",
            "terms.yml:9: avoided variant '执行' of 'account-executive' matches the preferred term '客户执行'",
        ),
        (
            "    group: roles\n    en: business",
            "    group: role\n    en: business",
            "terms.yml:11: terms/1/group: 'role' is not one of",
        ),
        (
            "    en: account manager",
            "    en: account manager\n    abbr: [AE]",
            "terms.yml:18: abbreviation 'AE' is already defined by 'account-executive'",
        ),
        (
            "    en: account manager",
            "    en: account manager\n    avoid: {en: []}",
            "terms.yml:18: terms/2/avoid/en: [] should be non-empty",
        ),
    ],
    ids=[
        "duplicate-id",
        "avoids-another-preferred",
        "longer-is-fine",
        "inside-preferred",
        "schema",
        "duplicate-abbr",
        "empty-avoid",
    ],
)
def test_terms_yml_problems_name_the_line(old: str, new: str, message: str | None):
    assert parse_terms(SMALL_TERMS).problems == []
    assert old in SMALL_TERMS
    problems = parse_terms(SMALL_TERMS.replace(old, new, 1)).problems
    if message is None:
        assert problems == []
    else:
        assert any(p.startswith(message) for p in problems), problems


def test_yaml_syntax_error_in_terms_names_the_line():
    problems = parse_terms("terms:\n  - id: x\n    en: [unclosed\n").problems
    assert len(problems) == 1 and problems[0].startswith("terms.yml:"), problems
    assert re.match(r"terms\.yml:[34]: ", problems[0]), problems


# ---------------------------------------------------------------- finding variants


def test_english_is_whole_word_and_case_insensitive_chinese_is_substring():
    text = "A Repeat  Pitch here.\nA repeat-pitch id, repeat pitching, repeatpitch.\n我们的行销方案\n下brief 和 下 brief\n"
    hits = check_markdown(text, TERMS.terms, "docs/x.md")
    assert [(h.line, h.found) for h in hits] == [(1, "Repeat  Pitch"), (3, "行销"), (4, "下brief"), (4, "下 brief")]
    assert str(hits[1]) == "docs/x.md:3: '行销' is avoided: write '营销' (term 'marketing')"
    assert str(hits[0]) == "docs/x.md:1: 'Repeat  Pitch' is avoided: write 'presentation' (term 'presentation')"


def test_a_variant_wrapped_over_two_lines_is_found_on_its_first_line():
    hits = check_markdown("Ask the\nBD\ndirector first.\n", TERMS.terms, "docs/x.md")
    assert [(h.line, h.term.id) for h in hits] == [(2, "business-director")]


def test_chinese_variant_running_into_a_preferred_term_is_not_reported():
    assert check_markdown("约会议时先确认议程。\n", TERMS.terms, "docs/zh/x.md") == []
    hits = check_markdown("周五和客户约会，谈方案。\n", TERMS.terms, "docs/zh/x.md")
    assert [(h.found, h.term.id) for h in hits] == [("约会", "meeting")]


@pytest.mark.parametrize(
    "text",
    [
        "```text\nour plan\n\n行销\n```\n",
        "````markdown\n```\n\n行销\n\n```\n````\n",
        "    - item\n\n    ```\n\n    行销\n    ```\n",
        "Write `BD director` in code.\n",
        "<!-- repeat pitch: old wording\n   行销 -->\n",
        '## Heading {#heading data-note="repeat pitch"}\n',
        "See [the section](finance.md#repeat-pitch) and [x](工艺.md).\n",
        "[ref]: https://example.com/行销\n",
        "> The old name was 行销 and a repeat pitch.\n> — [Nuance](sources.md#nuance)\n",
    ],
    ids=["fence", "nested-fence", "indented-fence", "inline-code", "comment", "attr-list", "link", "ref", "source-quote"],
)
def test_exempt_parts_are_not_reported(text: str):
    assert check_markdown(text, TERMS.terms, "docs/x.md") == []


def test_a_blockquote_without_a_source_is_checked():
    hits = check_markdown("Intro.\n\n> Our 行销 plan, said by us.\n", TERMS.terms, "docs/zh/x.md")
    assert [(h.line, h.found) for h in hits] == [(3, "行销")]


def test_text_after_a_fence_is_checked_again():
    hits = check_markdown("```\n行销\n```\n\n行销\n", TERMS.terms, "docs/zh/x.md")
    assert [h.line for h in hits] == [5]


def test_yaml_texts_are_checked_with_the_line_of_the_variant():
    assert check_yaml(CHECKLIST, TERMS.terms, "checklists/demo.yml") == []
    text = CHECKLIST.replace(
        "text: {en: Hold the **rehearsal**, zh: 完成**彩排**}",
        "text:\n          en: >-\n            Hold the\n            repeat pitch\n          zh: 完成`行销`彩排",
    )
    assert text != CHECKLIST
    hits = check_yaml(text + "\n# 行销 in a comment\n", TERMS.terms, "checklists/demo.yml")
    line = line_of(text, "repeat pitch")
    assert [str(h) for h in hits] == [
        f"checklists/demo.yml:{line}: 'repeat pitch' is avoided: write 'presentation' (term 'presentation')"
    ]
    assert check_yaml("id: 行销\nlink: repeat pitch\n", TERMS.terms, "x.yml") == []
    assert check_yaml("a: [unclosed\n", TERMS.terms, "x.yml") == []


# ---------------------------------------------------------------- built sites


def test_avoided_variants_fail_the_strict_build_naming_file_line_and_term(mini_site):
    pages = {
        **PAGES,
        "pitching.md": PAGES["pitching.md"] + "\nNever call it a repeat pitch.\n",
        "zh/pitching.md": PAGES["zh/pitching.md"]
        + "\n整合行销。\n\n```\n行销 in code\n```\n\n> 行销，引自资料。——[来源](sources.md#nuance)\n",
        "sources.md": "# Sources\n\n## Nuance {#nuance}\n\nA source.\n",
        "zh/sources.md": "# 资料来源\n\n## Nuance {#nuance}\n\n一份资料。\n",
    }
    checklist = (
        CHECKLIST
        + "      - id: owner\n        text: {en: Ask the BD director, zh: 问业务总监}\n        link: pitching.md#rehearse\n"
    )
    result = mini_site(pages=pages, checklists={"demo.yml": checklist})
    assert not result.ok
    # Each on the line it stands on; the 行销 in code and in the sourced quote are not reported.
    en_line = line_of(pages["pitching.md"], "repeat pitch")
    zh_line = line_of(pages["zh/pitching.md"], "整合行销")
    yml_line = line_of(checklist, "BD director")
    expected = [
        f"WARNING: docs/pitching.md:{en_line}: 'repeat pitch' is avoided: write 'presentation' (term 'presentation')",
        f"WARNING: docs/zh/pitching.md:{zh_line}: '行销' is avoided: write '营销' (term 'marketing')",
        f"WARNING: checklists/demo.yml:{yml_line}: 'BD director' is avoided: write 'business director' "
        "(term 'business-director')",
    ]
    terms_warnings = [m for m in result.messages if "is avoided" in m]
    assert sorted(terms_warnings) == sorted(expected), result.messages


def test_glossary_pages_list_exactly_the_terms_in_both_languages(mini_site):
    pages = {
        **PAGES,
        "index.md": "# Home\n\nEvery page explains its KPIs.\n",
        "glossary.md": (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"),
        "zh/glossary.md": (ROOT / "docs" / "zh" / "glossary.md").read_text(encoding="utf-8"),
    }
    # Not strict: the entries link to pages this small site does not have.
    result = mini_site(pages=pages, strict=False)
    assert not [m for m in result.messages if re.search(r"is avoided|terms\.yml:|are not listed", m)], result.messages
    for url, lang in (("glossary/", "en"), ("zh/glossary/", "zh")):
        page = result.page(url)
        for group in ("roles", "terms"):
            section = re.search(rf'<h2 id="{group}".*?(?=<h2 |</article>)', page, re.S)
            assert section, (url, group)
            listed = re.findall(r'<dt id="([a-z0-9-]+)">', section.group(0))
            assert listed == [t.id for t in TERMS.terms if t.group == group], (url, group)
        for term in TERMS.terms:
            dt = re.search(rf'<dt id="{term.id}">(.*?)</dt>\s*<dd>(.*?)</dd>', page, re.S)
            assert dt, (url, term.id)
            shown = html.unescape(re.sub(r"<[^>]+>", "", dt.group(1) + dt.group(2)))
            assert term.preferred(lang).lower() in shown.lower(), (url, term.id)
            assert re.sub(r"\s+", " ", term.definition[lang]) in re.sub(r"\s+", " ", shown), (url, term.id)
            for variant in term.avoid.get(lang, ()):
                assert f"“{variant}”" in shown, (url, term.id, variant)
            if term.link:
                page_md, anchor = term.link.split("#")
                # Resolved where this small site has the page, left as written where it has not.
                assert f'href="../{page_md[:-3]}/#{anchor}"' in dt.group(2) or f'href="{term.link}"' in dt.group(2), term.id
    # The hover abbreviations come from the same file, in each language.
    en, zh = result.page("glossary/"), result.page("zh/glossary/")
    assert re.search(r'<abbr title="Account executive: The entry-level account role">AE</abbr>', en)
    assert re.search(r'<abbr title="客户执行：客户部的入门岗位">AE</abbr>', zh)
    assert re.search(r'<abbr title="Key performance indicator: [^"]*">KPIs</abbr>', result.page(""))


def test_a_broken_terms_yml_fails_the_build_naming_its_line(mini_site, tmp_path: Path):
    broken = (ROOT / "terms.yml").read_text(encoding="utf-8").replace("  - id: account-manager", "  - id: account-executive", 1)
    (tmp_path / "terms.yml").write_text(broken, encoding="utf-8")
    line = broken.split("\n").index("  - id: account-executive", broken.split("\n").index("  - id: account-executive") + 1) + 1
    result = mini_site(pages=PAGES)
    assert not result.ok
    assert any(m.startswith(f"WARNING: terms.yml:{line}: duplicate id 'account-executive'") for m in result.messages), (
        result.messages
    )
