"""MkDocs hook: per-language site pieces that mkdocs-static-i18n does not provide.

- on_post_template: keep each language's 404 page (each language build writes site/404.html).
- on_post_build (priority -200, after i18n's final on_post_build): write each language's
  404 to its own path, split the merged search index into one index per language, and
  minify our own JS and CSS (docs/assets/) in the built site.
"""

from __future__ import annotations

import json
from pathlib import Path

from apbook.assets import minify_site_assets
from apbook.searchindex import split
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger("site")

_not_found: dict[str, str] = {}


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "404.html":
        _not_found[_current(config)] = output
    return output


@event_priority(-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:
        return  # inside the i18n plugin's own build of another language: not final yet
    site = Path(config.site_dir)
    default = i18n.default_language
    others = [lang for lang in i18n.build_languages if lang != default]
    for lang, output in _not_found.items():
        target = site / "404.html" if lang == default else site / lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
    _not_found.clear()
    minify_site_assets(site)
    index_path = site / "search" / "search_index.json"
    if index_path.exists():
        with open(index_path, encoding="utf-8") as f:
            merged = json.load(f)
        for lang, index in split(merged, default, others).items():
            out = index_path if lang == default else site / lang / "search" / "search_index.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            with open(out, "w", encoding="utf-8") as f:
                json.dump(index, f, ensure_ascii=False, separators=(",", ":"))


def _current(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return (i18n.current_language or i18n.default_language) if i18n else "en"
