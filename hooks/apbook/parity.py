"""Translation parity: every page exists in every language with the same heading ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# `## Title {#id}` or `## Title { #id .class }` (attr_list), outside fenced code blocks.
_HEADING = re.compile(r"^#{1,6}\s.*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Gap:
    message: str


def heading_ids(markdown: str) -> set[str]:
    """The explicit heading ids of a Markdown page (fenced code ignored)."""
    ids: set[str] = set()
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            match = _HEADING.match(line)
            if match:
                ids.add(match.group(1))
    return ids


def pages(folder: Path, *, skip: tuple[str, ...] = ()) -> dict[str, Path]:
    """Markdown pages below `folder` by relative path, leaving out sub-folders in `skip`."""
    found = {}
    for path in sorted(folder.rglob("*.md")):
        rel = path.relative_to(folder).as_posix()
        if rel.split("/", 1)[0] not in skip:
            found[rel] = path
    return found


def compare(docs_dir: Path, default: str, others: list[str]) -> list[Gap]:
    """Every gap between the default language (docs root) and each other language folder."""
    gaps: list[Gap] = []
    base = pages(docs_dir, skip=tuple(others))
    for lang in others:
        translated = pages(docs_dir / lang)
        for rel in sorted(base.keys() - translated.keys()):
            gaps.append(Gap(f"docs/{rel} has no {lang} translation: add docs/{lang}/{rel}"))
        for rel in sorted(translated.keys() - base.keys()):
            gaps.append(Gap(f"docs/{lang}/{rel} has no {default} original: add docs/{rel}"))
        for rel in sorted(base.keys() & translated.keys()):
            ids = heading_ids(base[rel].read_text(encoding="utf-8"))
            lang_ids = heading_ids(translated[rel].read_text(encoding="utf-8"))
            if missing := sorted(ids - lang_ids):
                gaps.append(Gap(f"docs/{lang}/{rel} is missing heading ids of docs/{rel}: {', '.join(missing)}"))
            if extra := sorted(lang_ids - ids):
                gaps.append(Gap(f"docs/{rel} is missing heading ids of docs/{lang}/{rel}: {', '.join(extra)}"))
    return gaps
