"""Finish the project's own JS and CSS in the built site: shared parts written in, then minified.

The sources stay readable. A script line `// @include name.js` is replaced by the file
`name.js` of the same folder (docs/assets/saved-data.js goes into checklist.js and quiz.js,
elements.js into quiz.js and checklist-runs.js: each piece is written once and a page still
loads one file); an included file is then removed from the built site, as no page loads it by
itself.
"""

from __future__ import annotations

import re
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
_INCLUDE = re.compile(r"^[ \t]*// @include ([a-z0-9-]+\.js)[ \t]*$", re.MULTILINE)


def minify(text: str, suffix: str) -> str:
    if suffix == ".js":
        return rjsmin.jsmin(text)
    if suffix == ".css":
        return rcssmin.cssmin(text)
    raise ValueError(f"cannot minify {suffix} files")


def expand_includes(text: str, folder: Path) -> tuple[str, set[Path]]:
    """The script with each `// @include name.js` line replaced by that file; and those files."""
    used: set[Path] = set()

    def part(match: re.Match[str]) -> str:
        path = folder / match.group(1)
        used.add(path)
        return path.read_text(encoding="utf-8").rstrip("\n")

    return _INCLUDE.sub(part, text), used


def minify_site_assets(site_dir: Path, names: tuple[str, ...] = OWN_ASSETS) -> dict[str, tuple[int, int]]:
    """Write in the includes and minify each built asset in place; return {name: (bytes before, bytes after)}."""
    sizes = {}
    included: set[Path] = set()
    for name in names:
        path = site_dir / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".js":
                text, used = expand_includes(text, path.parent)
                included |= used
            small = minify(text, path.suffix)
            path.write_text(small, encoding="utf-8")
            sizes[name] = (len(text.encode()), len(small.encode()))
    for path in included:
        path.unlink(missing_ok=True)
    return sizes
