"""Plain data types for checklists, knowledge checks (quizzes) and the problems found in them.

Nothing here knows about MkDocs: the loader builds these, the renderer and the link
checker read them, and tests construct them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LANGS: tuple[str, ...] = ("en", "zh")


@dataclass(frozen=True)
class Text:
    """A string in every language of the site."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class _Linked:
    """An entry that links to the playbook section explaining it."""

    link: str  # "pitching.md#rehearse", relative to the docs root

    @property
    def page(self) -> str:
        return self.link.partition("#")[0]

    @property
    def anchor(self) -> str:
        return self.link.partition("#")[2]


@dataclass(frozen=True)
class Item(_Linked):
    id: str
    text: Text
    link: str
    line: int  # line of the item in its YAML file (for messages)
    roles: tuple[str, ...] = ()
    critical: bool = False


@dataclass(frozen=True)
class PausePoint:
    id: str
    title: Text
    items: tuple[Item, ...]
    line: int


@dataclass(frozen=True, kw_only=True)
class Document:
    """What every authored document has, checklist or knowledge check.

    Keyword-only, so a kind can add fields without defaults after these defaulted ones.
    """

    id: str
    title: Text
    summary: Text
    owner: str
    last_reviewed: date
    path: str  # as shown in messages, e.g. "checklists/pitch-prep.yml"
    line: int = 1  # line of its id in the YAML file
    order: int = 100
    review_due: bool = False


@dataclass(frozen=True, kw_only=True)
class Checklist(Document):
    when: Text
    mode: str  # "read-do" or "do-confirm"
    pause_points: tuple[PausePoint, ...]
    packs: tuple[str, ...] = ()
    group: str = "account"  # pitch, account, money, crisis, onboarding

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for point in self.pause_points for item in point.items)

    @property
    def roles(self) -> tuple[str, ...]:
        """Every role named on an item, in first-seen order."""
        seen: dict[str, None] = {}
        for item in self.items:
            for role in item.roles:
                seen.setdefault(role, None)
        return tuple(seen)


@dataclass(frozen=True)
class Option:
    id: str
    text: Text
    correct: bool
    explanation: Text


@dataclass(frozen=True)
class Question(_Linked):
    id: str
    text: Text
    link: str
    line: int
    options: tuple[Option, ...]

    @property
    def multiple(self) -> bool:
        """Whether more than one option is correct (the reader chooses all that apply)."""
        return sum(option.correct for option in self.options) > 1


@dataclass(frozen=True, kw_only=True)
class Quiz(Document):
    area: Text
    questions: tuple[Question, ...]
    week: int | None = None

    @property
    def items(self) -> tuple[Question, ...]:
        """The linked entries (for link checks and backlinks, like a checklist's items)."""
        return self.questions


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a checklist file, said so an author can find it."""

    path: str
    line: int | None
    message: str
    item: str | None = None  # "item 'rehearse'", "pause point 'brief'", "checklist 'x'"
    fatal: bool = True  # False for advice (too many items) and notices
    notice: bool = False  # True for a review that is due: shown, never fails a build

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f" {self.item}:" if self.item else ""
        return f"{where}:{what} {self.message}"


@dataclass
class LoadResult:
    checklists: list[Checklist] = field(default_factory=list)
    quizzes: list[Quiz] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
