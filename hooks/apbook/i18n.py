"""Every use of mkdocs-static-i18n's internals, in one place.

Mirrors mkdocs-static-i18n 1.3.1 (pinned in requirements.txt):
- `plugin.py` / `reconfigure.py`: the plugin object (`config.plugins["i18n"]`) has
  `current_language` (None before its first on_config), `default_language`,
  `build_languages` (build order: the default first), `building` (True while it runs the
  build of another language from inside its own on_post_build) and
  `i18n_files_per_language` (the pages the sitemap template lists per language);
- `folder.py` (`reconfigure_file`): each real file gets `locale`, `locale_alternate_of`,
  `localization`, `norm_src_uri` and `alternates` (locale -> File); the language switcher
  and the sitemap read them, so a generated page needs them too.

`tests/test_i18n_glue.py` fails when one of these names disappears after an upgrade.
Without the plugin the site is one language and every function still answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

PLUGIN_ATTRIBUTES = ("current_language", "default_language", "build_languages", "building", "i18n_files_per_language")
FILE_ATTRIBUTES = ("locale", "locale_alternate_of", "localization", "norm_src_uri", "alternates")


@dataclass(frozen=True)
class Languages:
    current: str  # the language being built now
    default: str  # lives at the site root; the others under /<lang>/
    all: tuple[str, ...]  # every built language, the default first

    @property
    def is_default(self) -> bool:
        return self.current == self.default

    def prefix(self, lang: str | None = None) -> str:
        """The docs-relative folder of a language: "" for the default, "zh/" for Chinese."""
        lang = lang or self.current
        return "" if lang == self.default else f"{lang}/"


def _plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get("i18n")


def languages(config: MkDocsConfig) -> Languages:
    """Which language is being built: the one way every hook asks."""
    plugin = _plugin(config)
    if plugin is None:
        lang = config.theme.get("language") or "en"
        return Languages(lang, lang, (lang,))
    default = plugin.default_language
    return Languages(plugin.current_language or default, default, tuple(plugin.build_languages))


def is_final_build(config: MkDocsConfig) -> bool:
    """False inside the plugin's build of another language (its on_post_build runs them)."""
    plugin = _plugin(config)
    return plugin is None or not plugin.building


def give_attributes(file: File, uri: str, langs: Languages, config: MkDocsConfig) -> None:
    """The attributes `folder.reconfigure_file` gives real files, for a generated page
    `uri` (docs-relative, without language folder) in the language being built."""
    lang = langs.current
    file.locale = lang  # type: ignore[attr-defined]
    file.locale_alternate_of = lang  # type: ignore[attr-defined]
    file.localization = None if langs.is_default else lang  # type: ignore[attr-defined]
    file.norm_src_uri = uri  # type: ignore[attr-defined]
    alternates = {lang: file}
    for other in langs.all:
        if other != lang:
            twin = File.generated(config, langs.prefix(other) + uri, content="")
            twin.locale = other  # type: ignore[attr-defined]
            alternates[other] = twin
    file.alternates = alternates  # type: ignore[attr-defined]


def record_pages(config: MkDocsConfig, files: Files) -> None:
    """Tell the plugin the pages of the language being built (its sitemap lists them)."""
    plugin = _plugin(config)
    if plugin is not None:
        plugin.i18n_files_per_language[languages(config).current] = files.documentation_pages()


def source_file(files: Files, page_uri: str, langs: Languages) -> File | None:
    """The source of docs-relative page `page_uri` in the language being built, or None when
    that language has no page of its own (a fallback copy does not count). Sources of a
    language other than the root one live in `docs/<lang>/`, also when that language is
    built alone (`build_only_locale` makes it the default)."""
    for src_uri in dict.fromkeys((langs.prefix() + page_uri, f"{langs.current}/{page_uri}", page_uri)):
        file = files.src_uris.get(src_uri)
        if file is not None and file_locale(file, langs.default) == langs.current:
            return file
    return None


def file_locale(file: File, default: str) -> str:
    """The language of a file as the plugin assigned it."""
    return getattr(file, "locale", None) or default
