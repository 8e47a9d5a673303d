"""Split mkdocs-static-i18n's merged search index into one index per language."""

from __future__ import annotations

from typing import Any


def split(index: dict[str, Any], default: str, others: list[str]) -> dict[str, dict[str, Any]]:
    """{lang: index}. Locations of another language lose their `<lang>/` prefix, because
    that language's pages search from their own base URL (`/<lang>/`)."""
    docs = index.get("docs", [])
    result: dict[str, dict[str, Any]] = {}
    prefixes = {lang: f"{lang}/" for lang in others}
    for lang in [default, *others]:
        if lang == default:
            mine = [d for d in docs if not any(d["location"].startswith(p) for p in prefixes.values())]
        else:
            p = prefixes[lang]
            mine = [{**d, "location": d["location"][len(p) :]} for d in docs if d["location"].startswith(p)]
        result[lang] = {**index, "docs": mine}
    return result
