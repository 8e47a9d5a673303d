"""The bilingual site foundation, checked on a strict build of the repository."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from sitebuild import ROOT, read_config

NAV_PAGES = [
    "",
    "start-here/",
    "knowing-the-client/",
    "listening/",
    "communication/",
    "honest-counsel/",
    "expectations/",
    "strategy/",
    "pitching/",
    "meetings/",
    "team-and-process/",
    "finance/",
    "glossary/",
    "sources/",
    "checklists/",
]


def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("url", NAV_PAGES)
def test_page_exists_in_both_languages(real_site, url: str):
    en, zh = real_site.page(url), real_site.page(f"zh/{url}")
    assert '<html lang="en"' in en
    assert '<html lang="zh"' in zh


@pytest.mark.parametrize("url", NAV_PAGES)
def test_switcher_leads_to_the_same_page_in_the_other_language(real_site, url: str):
    for other, path in (("zh", url), ("en", f"zh/{url}")):
        html = real_site.page(path)
        match = re.search(rf'<a href="([^"]*)" hreflang="{other}" class="md-select__link" target="_self">', html)
        assert match, f"no {other} link in the switcher of /{path}"
        page_url = f"http://x/{path}"
        target = urlparse(urljoin(page_url, match.group(1))).path
        expected = f"/zh/{url}" if other == "zh" else f"/{url}"
        assert target == expected, f"/{path} switches to {target}, expected {expected}"


def test_site_names_per_language(real_site):
    assert "<title>Account Playbook</title>" in real_site.page("")
    assert re.search(r"<title>(首页 - )?客户经营手册</title>", real_site.page("zh/"))


def test_nav_is_translated(real_site):
    zh = real_site.page("zh/")
    for title in ("新人入门", "了解客户", "管理期望", "提案", "检查清单", "术语表"):
        assert title in zh, title


def test_each_language_has_its_own_404(real_site):
    en = (real_site.site / "404.html").read_text(encoding="utf-8")
    zh = (real_site.site / "zh" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in en and '<html lang="zh"' in zh
    assert '"base": "/"' in en and '"base": "/zh/"' in zh


def test_noindex_on_every_page(real_site):
    for page in built_pages(real_site.site):
        if page.name in ("404.html", "index.html"):
            assert '<meta name="robots" content="noindex, nofollow">' in page.read_text(encoding="utf-8"), page


def test_search_index_per_language(real_site):
    en = json.loads((real_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    zh = json.loads((real_site.site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    han = re.compile(r"[\u4e00-\u9fff]")
    zh_titles = [d["title"] for d in zh["docs"] if d["title"]]
    chinese = [t for t in zh_titles if han.search(t)]
    assert len(chinese) >= 0.95 * len(zh_titles), [t for t in zh_titles if not han.search(t)]
    assert not any(d["location"].startswith("zh/") for d in en["docs"] + zh["docs"])
    assert sum(1 for d in en["docs"] if han.search(d["title"])) <= 1  # only the language name 中文, if at all
    # Chinese pages search their own index: their base is /zh/.
    assert '"base": "../../zh/"' in real_site.page("zh/pitching/")
    assert '"base": ".."' in real_site.page("pitching/")


def test_chinese_index_is_segmented_for_search(real_site):
    """jieba splits Chinese text with U+200B, which the search separator splits on, so a
    two-character word in the middle of a sentence is its own token."""
    zh = json.loads((real_site.site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(zh["config"]["separator"])
    assert separator.split("甲\u200b乙") == ["甲", "乙"]
    tokens = set()
    for doc in zh["docs"]:
        tokens.update(separator.split(re.sub(r"<[^>]+>", " ", doc["text"])))
    for word in ("彩排", "客户", "开票", "简报"):
        assert word in tokens, word
    sentence = next(d["text"] for d in zh["docs"] if "彩排" in d["text"])
    assert "\u200b" in sentence


OUTSIDE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


class _Loads(HTMLParser):
    """Collect every URL the browser would load: src, link href (stylesheets, icons ...)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("src", "srcset", "data-src", "poster"):
            if a.get(key):
                self.urls.append(a[key] or "")
        if tag == "link" and a.get("href") and (a.get("rel") or "") not in ("alternate", "canonical"):
            self.urls.append(a["href"] or "")


def test_no_page_loads_anything_from_another_host(real_site):
    for page in built_pages(real_site.site):
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        outside = [u for u in parser.urls if OUTSIDE.match(u) or u.startswith(("http:", "https:"))]
        assert outside == [], f"{page}: {outside}"
        assert "fonts.googleapis" not in page.read_text(encoding="utf-8")


def test_config_forbids_google_fonts_and_instant_navigation():
    config = read_config()
    assert config["theme"]["font"] is False
    assert "navigation.instant" not in config["theme"]["features"]
    assert config["validation"]["links"] == {
        "not_found": "warn",
        "anchors": "warn",
        "absolute_links": "warn",
        "unrecognized_links": "warn",
    }
    assert "checklists" in config["watch"] and "hooks" in config["watch"]


def test_abbreviations_have_hover_definitions_in_each_language(real_site):
    en, zh = real_site.page("glossary/"), real_site.page("zh/glossary/")
    assert re.search(r'<abbr title="[^"]*[Aa]ccount [Ee]xecutive[^"]*">AE</abbr>', en)
    assert re.search(r'<abbr title="[^"]*客户执行[^"]*">AE</abbr>', zh)
    assert re.search(r"<abbr title=[^>]*>KPI</abbr>", real_site.page("expectations/"))


def test_missing_translation_fails_strict_build(mini_site):
    result = mini_site(pages={"index.md": "# Home\n", "zh/index.md": "# 首页\n", "extra.md": "# Extra\n\n## Part {#part}\n"})
    assert not result.ok
    assert "WARNING: docs/extra.md has no zh translation: add docs/zh/extra.md" in result.messages


def test_missing_heading_id_fails_strict_build(mini_site):
    result = mini_site(
        pages={
            "index.md": "# Home\n\n## One {#one}\n\n## Two {#two}\n",
            "zh/index.md": "# 首页\n\n## 一 {#one}\n\n## 三 {#three}\n",
        }
    )
    assert not result.ok
    assert "WARNING: docs/zh/index.md is missing heading ids of docs/index.md: two" in result.messages
    assert "WARNING: docs/index.md is missing heading ids of docs/zh/index.md: three" in result.messages


def test_chinese_page_without_english_original_fails(mini_site):
    result = mini_site(pages={"index.md": "# Home\n", "zh/index.md": "# 首页\n", "zh/only.md": "# 只有中文\n"})
    assert not result.ok
    assert "WARNING: docs/zh/only.md has no en original: add docs/only.md" in result.messages


def test_parity_ignores_ids_in_code_blocks():
    from apbook.parity import heading_ids

    text = "## Real {#real}\n\n```\n## Not a heading {#fake}\n```\n\n### Also { #also .cls }\n"
    assert heading_ids(text) == {"real", "also"}


def test_shared_storage_code_is_written_into_each_script(real_site, tmp_path):
    """saved-data.js and elements.js exist once in the sources and in every built script that includes them."""
    from apbook.assets import expand_includes

    (tmp_path / "part.js").write_text("function shared() {}\n", encoding="utf-8")
    text, used = expand_includes("(() => {\n  // @include part.js\n  shared();\n})();\n", tmp_path)
    assert text == "(() => {\nfunction shared() {}\n  shared();\n})();\n" and used == {tmp_path / "part.js"}
    shared = {"saved-data.js": "function savedData(onFailure)", "elements.js": "function h(tag,attributes,...children)"}
    includes = {
        "checklist.js": ["saved-data.js"],
        "quiz.js": ["saved-data.js", "elements.js"],
        "checklist-runs.js": ["elements.js"],
    }
    for name, parts in includes.items():
        source = (ROOT / "docs" / "assets" / name).read_text(encoding="utf-8")
        built = (real_site.site / "assets" / name).read_text(encoding="utf-8")
        assert "@include" not in built, name
        for part in parts:
            assert f"// @include {part}" in source and shared[part] in built, (name, part)
    for part in shared:
        assert not (real_site.site / "assets" / part).exists(), f"no page loads {part} by itself"


def test_own_assets_are_minified_in_the_built_site(real_site):
    """The sources stay readable; readers get the minified files (checked to work by the browser tests)."""
    for name in ("checklist.js", "checklist-runs.js", "checklist.css", "playbook.css"):
        source = (ROOT / "docs" / "assets" / name).read_text(encoding="utf-8")
        built = (real_site.site / "assets" / name).read_text(encoding="utf-8")
        assert len(built) < 0.9 * len(source), name
        assert "/*" not in built, f"{name}: comments shipped"


def test_materials_bundle_is_deferred_on_every_page(real_site):
    """overrides/main.html adds `defer` to the script tags of Material's scripts block by text
    replacement (naming the hashed bundle is not allowed): if an upgrade changes that markup,
    the replacement would silently stop, so every page is checked."""
    pages = sorted(real_site.site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        bundles = re.findall(r"<script [^>]*src=\"[^\"]*/bundle\.[0-9a-f]+\.min\.js\"[^>]*>", page.read_text(encoding="utf-8"))
        assert len(bundles) == 1 and " defer" in bundles[0], (page, bundles)
