"""MkDocs hook: per-language site pieces that mkdocs-static-i18n does not provide.

- on_startup: under `mkdocs serve`, switch on the rebuild caches (`apbook.servecache`:
  rendered Markdown, search entries, compiled templates and our own steps' results for
  what did not change); `mkdocs build` never uses them. on_config, on_pre_page and on_env
  hand each build's theme, pages and search index to them.
- on_serve: `mkdocs serve` looks for changed files every 0.2 s (MkDocs: 0.5 s).
- on_config: Material's icons in Markdown (`:material-account-tie:`), inline SVG from
  the theme's own icon set. pymdownx.emoji needs Python callables as options, which
  mkdocs.yml cannot hold in plain YAML (the tests read it with yaml.safe_load).
- on_page_context / on_template_context: give overrides/main.html each language's root
  folder (`ap_roots`) and the language being rendered (`ap_lang`); the 404 page's language
  switcher leads to the language roots (the i18n plugin leaves the last page's links there).
- on_post_template: keep each language's 404 page (each language build writes site/404.html).
- on_post_build (priority -200, after i18n's final on_post_build): write each language's
  404 to its own path, a sitemap at each language root (Material fetches it next to each
  `<link rel="alternate" hreflang>`), one clean search index per language, and minify our
  own JS and CSS (docs/assets/) in the built site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from apbook import servecache
from apbook.assets import OWN_ASSETS, minify_site_assets
from apbook.i18n import is_final_build, languages
from apbook.searchindex import article_items, clean, split
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

log = get_plugin_logger("site")

_not_found: dict[str, str] = {}
# How often `mkdocs serve` looks for changed files. MkDocs polls every 0.5 s, so a save
# waited 0.25 s on average before the rebuild started; now 0.1 s. Measured on the real site:
# the idle server's CPU goes from 0.4 % to 1.1 % of one core (1.7 % at 0.1 s).
POLL_SECONDS = 0.2


def on_startup(*, command: str, dirty: bool) -> None:
    servecache.enable(command == "serve")


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
    servecache.poll_every(server, POLL_SECONDS)
    return server


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    from material.extensions import emoji

    servecache.cache_templates(config)

    if "pymdownx.emoji" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.emoji")
    config.mdx_configs["pymdownx.emoji"] = {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg}
    return config


def on_pre_page(page: Page, *, config: MkDocsConfig, files: Files) -> Page:
    servecache.cache_render(page)
    return page


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    servecache.cache_search(config)
    return env


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    return {**context, **_language_context(config)}


def on_template_context(context: dict[str, Any], *, template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    if template_name == "404.html":
        # A 404 page is served at any address: its switcher leads to each language's home.
        site_path = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        roots = _roots(config)
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
        fixed = [{**alt, "link": site_path + roots[alt["lang"]]} if alt.get("lang") in roots else alt for alt in alternates]
        # The i18n plugin sets `config.extra.alternate` as an attribute of the LegacyConfig
        # object (which Jinja reads before the item): set both.
        config.extra["alternate"] = fixed
        setattr(config.extra, "alternate", fixed)  # noqa: B010 (mypy: LegacyConfig declares no such attribute)
    return {**context, **_language_context(config)}


def _roots(config: MkDocsConfig) -> dict[str, str]:
    """{language: its root folder relative to the site root}: "" for the default, "zh/"..."""
    langs = languages(config)
    return {lang: langs.prefix(lang) for lang in langs.all}


def _language_context(config: MkDocsConfig) -> dict[str, Any]:
    return {"ap_roots": _roots(config), "ap_lang": _current(config)}


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "404.html":
        _not_found[_current(config)] = output
    return output


@event_priority(-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not is_final_build(config):
        return  # inside the i18n plugin's own build of another language: not final yet
    langs = languages(config)
    site = Path(config.site_dir)
    default = langs.default
    others = [lang for lang in langs.all if lang != default]
    for lang, output in _not_found.items():
        target = site / "404.html" if lang == default else site / lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
    _not_found.clear()
    minify_site_assets(site, (*OWN_ASSETS, "assets/playbook.js"))
    _sitemaps(site, config, others)
    index_path = site / "search" / "search_index.json"
    if index_path.exists():
        with open(index_path, encoding="utf-8") as f:
            merged = json.load(f)
        for lang, index in split(clean(merged, site, items_of=_article_items), default, others).items():
            out = index_path if lang == default else site / lang / "search" / "search_index.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            with open(out, "w", encoding="utf-8") as f:
                json.dump(index, f, ensure_ascii=False, separators=(",", ":"))


def _article_items(page: str, article: str) -> dict[str, int]:
    """`article_items`; under `mkdocs serve`, parsed again only when the article changed."""
    return servecache.memo(("search-items", page), (article,), lambda: article_items(page, article))


_URL = re.compile(r"\n?\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>([^<]*)</loc>")


def _sitemaps(site: Path, config: MkDocsConfig, others: list[str]) -> None:
    """A sitemap at each other language's root (`/zh/sitemap.xml`) listing that language's
    pages: Material looks one up next to each language root it finds in the page head."""
    root = site / "sitemap.xml"
    if not root.is_file():
        return
    text = root.read_text(encoding="utf-8")
    base = (config.site_url or "/").rstrip("/") + "/"
    entries = _URL.findall(text)
    head, tail = text.split("<url>", 1)[0].rstrip(), "\n</urlset>\n"
    for lang in others:
        mine = [e for e in entries if (m := _LOC.search(e)) and m.group(1).startswith(f"{base}{lang}/")]
        (site / lang).mkdir(exist_ok=True)
        (site / lang / "sitemap.xml").write_text(head + "".join(mine) + tail, encoding="utf-8")


def _current(config: MkDocsConfig) -> str:
    return languages(config).current
