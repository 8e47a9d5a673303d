"""Minify the project's own JS and CSS in the built site (the sources stay readable)."""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

OWN_ASSETS = (
    "assets/checklist.js",
    "assets/checklist-runs.js",
    "assets/checklist.css",
    "assets/quiz.js",
    "assets/quiz.css",
    "assets/playbook.css",
    "assets/playbook.js",
)


def minify(text: str, suffix: str) -> str:
    if suffix == ".js":
        return rjsmin.jsmin(text)
    if suffix == ".css":
        return rcssmin.cssmin(text)
    raise ValueError(f"cannot minify {suffix} files")


def minify_site_assets(site_dir: Path, names: tuple[str, ...] = OWN_ASSETS) -> dict[str, tuple[int, int]]:
    """Minify each built asset in place; return {name: (bytes before, bytes after)}."""
    sizes = {}
    for name in names:
        path = site_dir / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            small = minify(text, path.suffix)
            path.write_text(small, encoding="utf-8")
            sizes[name] = (len(text.encode()), len(small.encode()))
    return sizes
