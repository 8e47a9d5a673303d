"""`make review`: list the checklists and knowledge checks whose review is due.

A review that is due never fails the site build (the calendar must not break a deploy or
CI); the build log shows it as a notice and the page shows a "Review due" badge. This
command is the maintainers' list: it exits 1 when anything is due, so it can run on a
schedule. `--today YYYY-MM-DD` checks as of another day.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .loader import CHECKLIST, QUIZ, STALE_AFTER_DAYS, load_folder


def due(root: Path, today: date) -> list[str]:
    """One line per document whose last review is more than a year before `today`."""
    lines = []
    for kind in (CHECKLIST, QUIZ):
        documents, _ = load_folder(root / kind.folder, kind, root=root, today=today)
        for document in documents:
            if document.review_due:
                lines.append(f"{document.path}: last reviewed {document.last_reviewed.isoformat()}, owner {document.owner}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(), help="check as of this day (YYYY-MM-DD)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: the current folder)")
    args = parser.parse_args(argv)
    lines = due(args.root, args.today)
    if not lines:
        print(f"No review due as of {args.today.isoformat()} (reviews are due {STALE_AFTER_DAYS} days after last_reviewed).")
        return 0
    print(f"Review due as of {args.today.isoformat()}: review each and update its last_reviewed.")
    print("\n".join(lines))
    return 1


if __name__ == "__main__":
    sys.exit(main())
