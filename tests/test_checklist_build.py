"""Build small bilingual sites with checklists in tmp_path and check what comes out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from samples import CHECKLIST, PAGES
from sitebuild import BuildResult, build_mini

FIXTURES = Path(__file__).parent / "fixtures" / "checklists"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The demo checklist over the sample pages, built once for the tests that only read it."""
    return build_mini(tmp_path_factory.mktemp("demo"), pages=PAGES, checklists={"demo.yml": CHECKLIST})


def test_checklist_pages_build_in_both_languages(demo_site: BuildResult):
    result = demo_site
    assert result.ok, result.messages
    assert result.warnings() == []
    for url in (
        "checklists/",
        "checklists/demo/",
        "checklists/pitch-pack/",
        "zh/checklists/",
        "zh/checklists/demo/",
        "zh/checklists/pitch-pack/",
    ):
        assert (result.site / url / "index.html").is_file(), url
    en, zh = result.page("checklists/demo/"), result.page("zh/checklists/demo/")
    assert "Hold the <strong>rehearsal</strong>" in en
    assert "完成<strong>彩排</strong>" in zh
    # Every item carries its checklist id and item id.
    assert re.search(
        r'<input type="checkbox" class="ap-box" id="ap-demo--rehearse" data-checklist="demo" data-item="rehearse"[ >]', en
    )
    assert 'data-roles="AE"' in en


def test_why_links_open_the_section_in_the_same_language(demo_site: BuildResult):
    result = demo_site
    en, zh = result.page("checklists/demo/"), result.page("zh/checklists/demo/")
    assert re.search(r'<a class="ap-why" href="\.\./\.\./pitching/#rehearse">.*Pitching › Rehearse</a>', en)
    assert re.search(r'<a class="ap-why" href="\.\./\.\./pitching/#rehearse">.*提案 › 彩排</a>', zh)
    assert "ap-link:" not in en + zh


def test_backlinks_show_on_cited_sections(demo_site: BuildResult):
    result = demo_site
    en, zh = result.page("pitching/"), result.page("zh/pitching/")
    # At the end of the cited section, collapsed: never between the heading and its text.
    block = re.search(r'<h2 id="rehearse".*?</h2>\s*<p>.*?(<details class="ap-backlinks">.*?</details>)\s*<h2', en, re.S)
    assert block, "no backlinks at the end of the cited section"
    assert 'href="../checklists/demo/#item-demo--rehearse"' in block.group(1)
    assert "Demo checklist › Hold the <strong>rehearsal</strong>" in block.group(1)
    assert "演示清单 › 完成<strong>彩排</strong>" in zh
    assert en.count('class="ap-backlinks"') == 1, "an uncited section got backlinks"


def test_switcher_sitemap_and_nav_know_generated_pages(demo_site: BuildResult):
    result = demo_site
    en, zh = result.page("checklists/demo/"), result.page("zh/checklists/demo/")
    assert re.search(r'href="\.\./\.\./zh/checklists/demo/" hreflang="zh"', en)
    assert re.search(r'href="\.\./\.\./\.\./checklists/demo/" hreflang="en"', zh)
    sitemap = (result.site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("checklists/demo/", "zh/checklists/demo/", "checklists/", "zh/checklists/"):
        assert f"<loc>http://127.0.0.1:8000/{url}</loc>" in sitemap, url
    # Nav: the checklist page is listed in each language under its own title.
    assert '<a href="checklists/demo/" class="md-nav__link">' in result.page("")
    assert "演示清单" in result.page("zh/")


def test_generated_pages_are_searchable_in_their_language(demo_site: BuildResult):
    result = demo_site
    en = json.loads((result.site / "search/search_index.json").read_text(encoding="utf-8"))
    zh = json.loads((result.site / "zh/search/search_index.json").read_text(encoding="utf-8"))
    assert any(d["location"] == "checklists/demo/" and d["title"] == "Demo checklist" for d in en["docs"])
    assert any(d["location"] == "checklists/demo/" and "演示" in d["title"] for d in zh["docs"])
    assert not any("演示" in d["title"] for d in en["docs"])


def test_index_is_one_row_per_checklist_grouped_by_stage(mini_site):
    second = CHECKLIST.replace("id: demo", "id: later").replace("mode: read-do", "mode: read-do\ngroup: money")
    result = mini_site(pages=PAGES, checklists={"demo.yml": CHECKLIST, "later.yml": second})
    index = result.page("checklists/")
    rows = re.findall(r'<tr class="ap-card" data-checklist="([a-z-]+)".*?</tr>', index, re.S)
    assert rows == ["demo", "later"]
    assert index.index('id="account"') < index.index('data-checklist="demo"') < index.index('id="money"')
    assert index.index('id="money"') < index.index('data-checklist="later"')
    row = re.search(r'<tr class="ap-card" data-checklist="demo".*?</tr>', index, re.S).group(0)
    assert 'href="demo/"' in row and "In tests" in row and '<abbr title="AM (account manager)">AM</abbr>' in row
    assert '<span class="ap-progress" data-checklist="demo">2 items</span>' in row
    zh = result.page("zh/checklists/")
    assert "预算、范围与开票" in zh and '<abbr title="AM（客户经理）">AM</abbr>' in zh


def test_pitch_pack_holds_pitch_checklists(demo_site: BuildResult):
    result = demo_site
    pack = result.page("checklists/pitch-pack/")
    assert 'id="demo"' in pack and "ap-pack-title" in pack
    assert 'id="demo--before"' in pack and 'data-item="rehearse"' in pack


def test_toolbar_and_paper_parts_are_markup_from_the_build(demo_site: BuildResult):
    """The script adds no markup: the toolbar, notices and notes box come from the build."""
    page, zh, pack = (demo_site.page(url) for url in ("checklists/demo/", "zh/checklists/demo/", "checklists/pitch-pack/"))
    toolbar = re.search(r'<div class="ap-toolbar" data-checklist="demo">.*?</div>\n', page, re.S)
    assert toolbar, "one toolbar for the checklist"
    assert '<option value="default">Default run</option>' in toolbar.group(0)
    # Without JavaScript a style sheet hides what needs the script.
    assert '<noscript><link rel="stylesheet" href="../../assets/noscript.css"></noscript>' in page
    actions = re.findall(r'data-action="([a-z-]+)"', toolbar.group(0))
    assert actions == ["print", "new-run", "rename", "reset", "delete", "export", "import"]
    assert '<option value="">All roles</option><option value="AE">AE (account executive)</option>' in toolbar.group(0)
    assert '<option value="">全部角色</option><option value="AE">AE（客户执行）</option>' in zh
    assert page.count('class="ap-toolbar') == 1 and pack.count('class="ap-toolbar') == 1
    # The pack's one toolbar filters roles and prints; runs belong to each checklist's own page.
    assert 'data-checklists="demo"' in pack and 'class="ap-run"' not in pack and "new-run" not in pack
    for html in (page, pack):
        assert re.search(r'<p class="ap-filter" data-checklist="demo" role="status" hidden>', html)
        assert '<p class="ap-print-run" data-checklist="demo"></p>' in html
        assert html.count('<p class="ap-pp" data-checklist="demo"></p>') == html.count('<ul class="ap-items"')
        assert '<div class="ap-notes">' in html
    assert '<div class="ap-notes">备注</div>' in zh


def test_roles_in_the_toolbar_come_in_reader_order():
    from types import SimpleNamespace

    from apbook.render import _page_roles

    items = [SimpleNamespace(roles=roles) for roles in (["planner", "AD"], ["finance", "AE"], ["BD", "AE"])]
    assert _page_roles([SimpleNamespace(items=items)]) == ["AE", "AD", "BD", "finance", "planner"]  # type: ignore[list-item]


@pytest.mark.parametrize(
    "link, expected",
    [
        ("pitching.md#rehersal", "no heading with id 'rehersal' in docs/pitching.md"),
        ("missing.md#rehearse", "page docs/missing.md does not exist"),
        ("checklists/demo.md#before", "points at a generated page"),
    ],
)
def test_broken_link_fails_strict_build_and_names_the_item(mini_site, link: str, expected: str):
    broken = CHECKLIST.replace("link: pitching.md#rehearse", f"link: {link}")
    result = mini_site(pages=PAGES, checklists={"demo.yml": broken})
    assert not result.ok
    wanted = f"WARNING: checklists/demo.yml:13: item 'rehearse': link '{link}': {expected}"
    assert any(m.startswith(wanted) for m in result.messages), result.messages


def test_anchor_missing_only_in_chinese_fails(mini_site):
    pages = {**PAGES, "zh/pitching.md": PAGES["zh/pitching.md"].replace("{#rehearse}", "{#rehearsal}")}
    result = mini_site(pages=pages, checklists={"demo.yml": CHECKLIST})
    assert not result.ok
    assert (
        "WARNING: checklists/demo.yml:13: item 'rehearse': link 'pitching.md#rehearse': "
        "no heading with id 'rehearse' in docs/zh/pitching.md" in result.messages
    ), result.messages


def test_page_missing_only_in_chinese_fails(mini_site):
    pages = {k: v for k, v in PAGES.items() if k != "zh/strategy.md"}
    result = mini_site(pages=pages, checklists={"demo.yml": CHECKLIST})
    assert not result.ok
    assert (
        "WARNING: checklists/demo.yml:17: item 'brief': link 'strategy.md#briefing': page docs/zh/strategy.md does not exist"
        in result.messages
    ), result.messages


def test_all_problems_of_a_build_are_reported_together(mini_site):
    broken = CHECKLIST.replace("pitching.md#rehearse", "pitching.md#nope").replace("strategy.md#briefing", "strategy.md#nada")
    bad_file = (FIXTURES / "invalid" / "unknown-key.yml").read_text(encoding="utf-8")
    result = mini_site(pages=PAGES, checklists={"demo.yml": broken, "unknown-key.yml": bad_file})
    assert not result.ok
    text = "\n".join(result.messages)
    for fragment in ("item 'rehearse': link 'pitching.md#nope'", "item 'brief': link 'strategy.md#nada'", "unknown key 'lnik'"):
        assert fragment in text, fragment


def test_invalid_checklist_fails_strict_build_without_traceback(mini_site):
    bad = (FIXTURES / "invalid" / "html-in-text.yml").read_text(encoding="utf-8")
    result = mini_site(pages=PAGES, checklists={"html-in-text.yml": bad})
    assert not result.ok
    assert any("html-in-text.yml:13: item 'only-item': text.en: HTML is not allowed" in m for m in result.messages)
    assert "Traceback" not in "\n".join(result.messages)


def test_unreadable_checklist_fails_strict_build_and_the_others_still_build(mini_site):
    result = mini_site(pages=PAGES, checklists={"demo.yml": CHECKLIST})
    assert result.ok
    (result.site.parent / "checklists" / "latin.yml").write_bytes(b"id: caf\xe9\n")
    again = mini_site(pages=PAGES)
    assert not again.ok
    assert "WARNING: checklists/latin.yml:1: not UTF-8 text (byte 7): save the file as UTF-8" in again.messages
    lenient = mini_site(pages=PAGES, strict=False)
    assert lenient.ok and (lenient.site / "checklists/demo/index.html").is_file()


def test_text_is_escaped_even_if_validation_is_bypassed():
    from apbook.render import heading_text, inline

    assert inline("<img src=x onerror=alert(1)> **b**") == "&lt;img src=x onerror=alert(1)&gt; <strong>b</strong>"
    assert inline('"quote" & `<code>`') == '"quote" &amp; <code>&lt;code&gt;</code>'
    # Inline Markdown by the Markdown library: markup inside code stays code.
    assert inline("`**not bold**` and **bold**") == "<code>**not bold**</code> and <strong>bold</strong>"
    assert inline("- not a list") == "- not a list"
    assert "<" not in heading_text("<script>alert(1)</script>")
    assert heading_text("Title {#evil}") == "Title \\{\\#evil\\}"


def test_too_many_items_warns_and_fails_strict(mini_site):
    many = CHECKLIST + "".join(
        f"      - id: extra-{i}\n        text: {{en: Extra {i}, zh: 额外{i}}}\n        link: pitching.md#close\n"
        for i in range(8)
    )
    result = mini_site(pages=PAGES, checklists={"demo.yml": many})
    assert not result.ok
    assert (
        "WARNING: checklists/demo.yml:10: pause point 'before': 10 items in one pause point; keep it to 9 or fewer"
        in "\n".join(result.messages)
    )
    lenient = mini_site(pages=PAGES, strict=False)
    assert lenient.ok and (lenient.site / "checklists/demo/index.html").is_file()
