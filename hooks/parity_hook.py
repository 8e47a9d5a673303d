"""MkDocs hook: fail the strict build when a page or a heading id is missing in a language.

mkdocs-static-i18n silently copies a missing Chinese page from English
(`fallback_to_default`); this hook compares the source trees instead and logs a warning
per gap, so `mkdocs build --strict` fails and names the page and the ids.
Runs once per command, in on_files of the default language build.
"""

from __future__ import annotations

import logging
from pathlib import Path

from apbook.parity import compare
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.plugins.parity")


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.current_language not in (None, i18n.default_language):
        return files
    others = [lang for lang in i18n.build_languages if lang != i18n.default_language]
    for gap in compare(Path(config.docs_dir), i18n.default_language, others):
        log.warning(gap.message)
    return files
