"""Render checklists and knowledge checks to Markdown pages with raw HTML blocks.

All markup of the generated pages is here, escaped by construction: HTML is built with
`markupsafe.Markup.format`, which escapes every argument that is not itself `Markup`.
Author text goes through `inline()` (the Markdown library, with raw HTML and links off).

Markup contract for the browser scripts (docs/assets/checklist.js, quiz.js; the storage
formats are documented at the top of each script) and the print CSS:
- checklist pages: one `.ap-checklist[data-checklist=<id>]` block per checklist with its
  facts, print fields, an empty `p.ap-print-run` (the run's name on paper) and a hidden
  `p.ap-filter` (the role-filter notice); one `.ap-toolbar` per page (progress, run and role
  selectors, Print, and a "More" menu of `button[data-action]`) that the script fills (without
  JavaScript, docs/assets/noscript.css hides it and the progress lines); pause points are
  Markdown headings followed by an empty `p.ap-pp` (progress) and
  `ul.ap-items[data-checklist][data-pause]`; a `div.ap-notes` box for paper follows the last
  list when the checklist leaves room on its sheet; each item is
  `li.ap-item[data-item][data-roles][data-critical]` (id `item_anchor()`) holding a real
  checkbox `input.ap-box[data-checklist][data-item]` labelled by the item text and
  described by its badges, and an `a.ap-why` link to the playbook section;
- the checklists index: one `tr.ap-card[data-checklist][data-items]` per checklist holding
  a `span.ap-progress[data-checklist]` the script fills;
- quiz pages: `.ap-quiz[data-quiz]`, one `fieldset.ap-question[data-question][data-multiple]`
  per question with `input.ap-option[value=<option id>]` and a `details.ap-answer` that
  holds the answer and the explanations (readable without JavaScript);
- the script's strings come as JSON in `script.ap-ui` (never executed).

"Why" links are emitted as placeholders (`ap-link:page.md#id`) and filled in by
`fill_links` once every page of the language has been rendered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import markdown
from markupsafe import Markup, escape

from .model import Checklist, Item, PausePoint, Question, Quiz
from .ui import GROUPS, ROLES, UI

PACK_ID = "pitch-pack"
CHECKLIST_DIR = "checklists"
QUIZ_DIR = "quizzes"
_PLACEHOLDER = re.compile(r'<a class="ap-why" href="ap-link:([a-z0-9_/.-]+#[a-z0-9-]+)">[^<]*</a>')
# A line that Markdown would read as a block (list, heading, quote) is kept as words.
_BLOCK_START = re.compile(r"^(\s*)([-*+>#]|\d+[.)])(\s)")
# Room on one A4 sheet, in item rows (a pause point heading counts 1.5): a checklist that
# leaves room gets a notes box on paper (the print tests put each such checklist on one page).
ROWS_PER_SHEET = 31
ROLE_ORDER = ("AE", "AM", "AD")


def t(lang: str, key: str) -> str:
    return UI.get(lang, UI["en"])[key]


# ---------------------------------------------------------------- ids and addresses


def page_uri(checklist_id: str) -> str:
    return f"{CHECKLIST_DIR}/{checklist_id}.md"


def quiz_uri(quiz_id: str) -> str:
    return f"{QUIZ_DIR}/{quiz_id}.md"


def item_anchor(checklist_id: str, item_id: str) -> str:
    """The id of an item's row on its checklist page (backlinks point at it)."""
    return f"item-{checklist_id}--{item_id}"


def question_anchor(quiz_id: str, question_id: str) -> str:
    return f"question-{quiz_id}--{question_id}"


# ---------------------------------------------------------------- text


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown()
    for name in ("html_block",):
        md.preprocessors.deregister(name)
    for name in ("html", "entity", "link", "reference", "image_link", "image_reference", "short_reference",
                 "short_image_ref", "autolink", "automail", "linebreak"):  # fmt: skip
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    return md


_MD = _markdown()


@lru_cache(maxsize=4096)  # the same texts are rendered again for every language build and rebuild
def inline(text: str) -> Markup:
    """Author text to HTML: inline Markdown (**bold**, *italic*, `code`) by the Markdown
    library, with raw HTML, entities and links switched off, so `<` is always text."""
    _MD.reset()
    source = _BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", " ".join(text.split()))
    html = _MD.convert(source)
    if html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    return Markup(html)


def heading_text(text: str) -> str:
    """Text safe to put in a Markdown heading: no HTML, no Markdown markup, no attr_list."""
    escaped = str(escape(" ".join(text.split())))
    return re.sub(r"([\\`*_{}\[\]#<>!|])", r"\\\1", escaped)


def script_ui(lang: str) -> Markup:
    """The browser scripts' strings in this language, as a JSON data block (never executed)."""
    strings: dict[str, object] = {key[3:]: value for key, value in UI.get(lang, UI["en"]).items() if key.startswith("js_")}
    strings["roles"] = {role: names[lang] for role, names in ROLES.items()}
    data = json.dumps(strings, ensure_ascii=False).replace("<", "\\u003c")
    return Markup('<script type="application/json" class="ap-ui">{}</script>').format(Markup(data))


def _front_matter(title: str, lang: str, kind: str, *, toc: bool = True) -> str:
    # `checklist: true` / `quiz: true` makes the template load that script and style on this page only.
    hide = "" if toc else "hide: [toc]\n"
    notice = '<p class="ap-notice" role="status"></p>\n' if kind == "checklist" else ""
    return f"---\n{kind}: true\n{hide}---\n\n# {heading_text(title)}\n\n{script_ui(lang)!s}\n{notice}\n"


def role_name(role: str, lang: str) -> str:
    """A role as readers see it: "AE (account executive)", "策划"."""
    return ROLES.get(role, {}).get(lang, role)


def role_badge(role: str, lang: str) -> str:
    """A role on an item's badge: codes stay short ("AE"), words are translated ("策划")."""
    return role if role.isupper() else role_name(role, lang)


def role_short(role: str, lang: str) -> Markup:
    """A role in a compact table: the code, explained on hover ("AE" -> account executive)."""
    if role.isupper():
        return Markup('<abbr title="{}">{}</abbr>').format(role_name(role, lang), role)
    return Markup("{}").format(role_name(role, lang))


# ---------------------------------------------------------------- checklists


def _item_html(checklist: Checklist, item: Item, lang: str) -> Markup:
    box = f"ap-{checklist.id}--{item.id}"
    badges = []
    if item.critical:
        badges.append(Markup('<span class="ap-critical" id="{}-critical">{}</span>').format(box, t(lang, "critical")))
    if item.roles:
        names = t(lang, "list_sep").join(role_badge(role, lang) for role in item.roles)
        full = t(lang, "list_sep").join(role_name(role, lang) for role in item.roles)
        badges.append(
            Markup('<span class="ap-roles" id="{}-roles" title="{}">{}{}</span>').format(
                box, full, t(lang, "roles_prefix"), names
            )
        )
    described = " ".join(f"{box}-{kind}" for kind, on in (("critical", item.critical), ("roles", bool(item.roles))) if on)
    return Markup(
        '<li class="ap-item" id="{anchor}" data-item="{item}"{roles}{critical}>'
        '<input type="checkbox" class="ap-box" id="{box}" data-checklist="{checklist}" data-item="{item}"{described}>'
        '<label for="{box}">{text}</label>{badges}'
        '<a class="ap-why" href="ap-link:{link}">{why}</a></li>'
    ).format(
        anchor=item_anchor(checklist.id, item.id),
        item=item.id,
        roles=Markup(' data-roles="{}"').format(" ".join(item.roles)) if item.roles else "",
        critical=Markup(' data-critical="true"') if item.critical else "",
        box=box,
        checklist=checklist.id,
        described=Markup(' aria-describedby="{}"').format(described) if described else "",
        text=inline(item.text.get(lang)),
        badges=Markup(" ").join(badges),
        link=item.link,
        why=t(lang, "why"),
    )


def _pause_html(checklist: Checklist, point: PausePoint, lang: str, level: int, prefix: str) -> str:
    items = Markup("\n").join(_item_html(checklist, item, lang) for item in point.items)
    heading = f"{'#' * level} {heading_text(point.title.get(lang))} {{#{prefix}{point.id}}}\n\n"
    items_html = Markup(
        '<p class="ap-pp" data-checklist="{0}"></p>\n<ul class="ap-items" data-checklist="{0}" data-pause="{1}">\n{2}\n</ul>\n'
    ).format(checklist.id, point.id, items)
    return heading + str(items_html)


def _facts(rows: Iterable[tuple[str, Markup | str]]) -> Markup:
    return Markup('<dl class="ap-facts">{}</dl>').format(
        Markup("").join(Markup("<div><dt>{}</dt><dd>{}</dd></div>").format(name, value) for name, value in rows)
    )


def _review_badge(lang: str, due: bool) -> Markup:
    return Markup(' <span class="ap-review-due">{}</span>').format(t(lang, "review_due")) if due else Markup("")


def _meta_html(checklist: Checklist, lang: str, address: str, *, toolbar: bool = True) -> str:
    return str(_meta_markup(checklist, lang, address, toolbar=toolbar))


def _meta_markup(checklist: Checklist, lang: str, address: str, *, toolbar: bool) -> Markup:
    reviewed = checklist.last_reviewed.isoformat()
    fields = Markup("").join(
        Markup('<div class="ap-field"><span>{}</span><span class="ap-blank"></span></div>').format(t(lang, key))
        for key in ("client", "project", "date", "filled_by")
    )
    facts = _facts(
        [
            (t(lang, "when"), checklist.when.get(lang)),
            (t(lang, "mode"), t(lang, checklist.mode)),
            (t(lang, "owner"), role_name(checklist.owner, lang)),
            (
                t(lang, "last_reviewed"),
                Markup('<time datetime="{0}">{0}</time>{1}').format(reviewed, _review_badge(lang, checklist.review_due)),
            ),
        ]
    )
    return Markup(
        '<div class="ap-checklist" data-checklist="{id}" data-version="{reviewed}" data-mode="{mode}" data-total="{total}">\n'
        '<p class="ap-summary">{summary}</p>\n{facts}\n'
        '<p class="ap-print-run" data-checklist="{id}"></p>\n'
        '<div class="ap-print-fields">{fields}</div>\n'
        '<p class="ap-print-source">{version}{colon}{reviewed} · {address_label}{colon}{address}</p>\n'
        "{toolbar}"
        '<noscript><p class="ap-noscript">{noscript}</p></noscript>\n'
        '<p class="ap-filter" data-checklist="{id}" role="status" hidden><span></span>'
        '<span class="ap-sep"> · </span><button type="button" data-action="show-all">{show_all}</button></p>\n'
        "</div>\n"
    ).format(
        id=checklist.id,
        reviewed=reviewed,
        mode=checklist.mode,
        total=len(checklist.items),
        summary=checklist.summary.get(lang),
        facts=facts,
        fields=fields,
        version=t(lang, "version"),
        colon=t(lang, "colon"),
        address_label=t(lang, "address"),
        address=address,
        toolbar=_toolbar([checklist], lang) if toolbar else "",
        noscript=t(lang, "noscript"),
        show_all=t(lang, "bar_show_all"),
    )


def _page_roles(checklists: Iterable[Checklist]) -> list[str]:
    """The roles of these checklists' items: AE, AM, AD first, then the others by code."""
    roles = {role for checklist in checklists for item in checklist.items for role in item.roles}
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    return sorted(roles, key=lambda role: (rank.get(role, len(rank)), role))


def _toolbar(checklists: list[Checklist], lang: str, *, pack: bool = False) -> Markup:
    """The page's one toolbar (hidden without JavaScript by noscript.css); the pack's has no run tools."""
    roles = _page_roles(checklists)

    def action(name: str) -> Markup:
        return Markup('<button type="button" data-action="{}">{}</button>').format(name, t(lang, "bar_" + name.replace("-", "_")))

    # The run list starts with the default run, so that the toolbar does not move when it is filled.
    run_select = Markup('<label>{} <select class="ap-run"><option value="default">{}</option></select></label>').format(
        t(lang, "bar_run"), t(lang, "js_default_run")
    )
    role_options = Markup("").join(Markup('<option value="{}">{}</option>').format(role, role_name(role, lang)) for role in roles)
    role_select = Markup('<label>{} <select class="ap-role"><option value="">{}</option>{}</select></label>').format(
        t(lang, "bar_role"), t(lang, "bar_all_roles"), role_options
    )
    run_tools = Markup("").join(action(name) for name in ("new-run", "rename", "reset", "delete", "export", "import"))
    file_input = Markup('<input type="file" class="ap-file" accept=".json,application/json" hidden>')
    ids = " ".join(checklist.id for checklist in checklists)
    return Markup(
        '<div class="ap-toolbar{pack}" {target}="{ids}"><div class="ap-row">'
        '<p class="ap-status" aria-live="polite"></p>{runs}{roles}'
        '<button type="button" class="ap-primary" data-action="print">{print}</button>'
        '<details class="ap-more"><summary>{more}<span class="ap-arrow" aria-hidden="true">▾</span></summary>'
        '<div class="ap-menu">{tools}'
        '<label><input type="checkbox" class="ap-ticks"> {print_ticks}</label></div></details></div>'
        '<p class="ap-alert" role="alert"></p></div>\n'
    ).format(
        pack=" ap-pack-toolbar" if pack else "",
        target=Markup("data-checklists" if pack else "data-checklist"),
        ids=ids,
        runs="" if pack else run_select,
        roles=role_select if roles else "",
        print=t(lang, "bar_print"),
        more=t(lang, "bar_more"),
        tools="" if pack else run_tools + file_input,
        print_ticks=t(lang, "bar_print_ticks"),
    )


def _pauses(checklist: Checklist, lang: str, level: int, prefix: str) -> str:
    """The pause points, then a notes box for paper if the checklist leaves room on its sheet."""
    parts = [_pause_html(checklist, point, lang, level, prefix) for point in checklist.pause_points]
    if len(checklist.items) + 1.5 * len(checklist.pause_points) <= ROWS_PER_SHEET:
        parts.append(str(Markup('<div class="ap-notes">{}</div>\n').format(t(lang, "bar_notes"))))
    return "\n".join(parts)


def render_checklist(checklist: Checklist, lang: str, *, address: str = "") -> str:
    """The Markdown source of one checklist page in one language."""
    body = _pauses(checklist, lang, 2, "")
    return _front_matter(checklist.title.get(lang), lang, "checklist") + _meta_html(checklist, lang, address) + "\n" + body


def render_pack(checklists: Iterable[Checklist], lang: str, *, address: Callable[[Checklist], str]) -> str:
    """Every checklist of the pitch pack on one page, each headed by its title, one toolbar."""
    checklists = list(checklists)
    parts = [
        _front_matter(t(lang, "pack_title"), lang, "checklist"),
        str(Markup('<p class="ap-pack-intro">{}</p>\n').format(t(lang, "pack_intro"))),
        str(_toolbar(checklists, lang, pack=True)),
    ]
    for checklist in checklists:
        parts.append(f"## {heading_text(checklist.title.get(lang))} {{#{checklist.id} .ap-pack-title}}\n")
        parts.append(_meta_html(checklist, lang, address(checklist), toolbar=False))
        parts.append(_pauses(checklist, lang, 3, f"{checklist.id}--"))
    return "\n".join(parts)


def _index_table(headings: list[str], rows: Markup, kind: str) -> Markup:
    """A compact index: one row per checklist or knowledge check (`kind`: "checklists", "quizzes")."""
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(heading) for heading in headings)
    return Markup(
        '<div class="ap-index-table"><table class="ap-index ap-{}">\n'
        "<thead><tr>{}</tr></thead>\n<tbody>\n{}\n</tbody></table></div>\n"
    ).format(kind, head, rows)


def render_index(checklists: Iterable[Checklist], lang: str, *, has_pack: bool) -> str:
    """The checklists index: one table row per checklist, grouped by stage (the nav lists the groups, so no toc)."""
    checklists = list(checklists)
    parts = [_front_matter(t(lang, "index_title"), lang, "checklist", toc=False) + t(lang, "index_intro") + "\n"]
    if has_pack:
        parts.append(f"[{t(lang, 'pack_link')}]({PACK_ID}.md)\n")
    for group, names in GROUPS.items():
        members = [c for c in checklists if c.group == group]
        if not members:
            continue
        rows = Markup("\n").join(
            Markup(
                '<tr class="ap-card" data-checklist="{id}" data-total="{total}" data-items="{items}">'
                '<td><a href="{id}/">{title}</a>{due}</td><td class="ap-when">{when}</td><td>{owner}</td>'
                '<td><span class="ap-progress" data-checklist="{id}">{total} {items_word}</span></td></tr>'
            ).format(
                id=c.id,
                total=len(c.items),
                items=" ".join(item.id for item in c.items),
                title=c.title.get(lang),
                due=_review_badge(lang, c.review_due),
                when=c.when.get(lang),
                owner=role_short(c.owner, lang),
                items_word=t(lang, "items"),
            )
            for c in members
        )
        table = _index_table([t(lang, key) for key in ("checklist_label", "when", "owner", "progress")], rows, "checklists")
        parts.append(f"## {heading_text(names[lang])} {{#{group} .ap-group}}\n\n{table!s}")
    return "\n".join(parts)


# ---------------------------------------------------------------- knowledge checks


def _question_html(quiz: Quiz, number: int, question: Question, lang: str) -> Markup:
    kind = "checkbox" if question.multiple else "radio"
    name = f"ap-{quiz.id}--{question.id}"
    options = Markup("\n").join(
        Markup(
            '<li class="ap-option-row"><input type="{kind}" class="ap-option" id="{name}--{option}" name="{name}" '
            'value="{option}"><label for="{name}--{option}">{text}</label></li>'
        ).format(kind=kind, name=name, option=option.id, text=inline(option.text.get(lang)))
        for option in question.options
    )
    answers = Markup("\n").join(
        Markup(
            '<li class="ap-explanation" data-option="{option}" data-correct="{correct}"><strong>{verdict}</strong>{colon}'
            "{text}{dash}{explanation}</li>"
        ).format(
            option=option.id,
            correct="true" if option.correct else "false",
            verdict=t(lang, "right") if option.correct else t(lang, "wrong"),
            colon=t(lang, "colon"),
            text=inline(option.text.get(lang)),
            dash=t(lang, "dash"),
            explanation=inline(option.explanation.get(lang)),
        )
        for option in question.options
    )
    return Markup(
        '<fieldset class="ap-question" id="{anchor}" data-quiz="{quiz}" data-question="{question}" data-multiple="{multiple}">\n'
        '<legend><span class="ap-qnum">{number}.</span> {text}{hint}</legend>\n'
        '<ul class="ap-options">\n{options}\n</ul>\n'
        '<details class="ap-answer"><summary>{show}</summary>\n<ul class="ap-explanations">\n{answers}\n</ul>\n'
        '<p><a class="ap-why" href="ap-link:{link}">{why}</a></p></details>\n'
        "</fieldset>"
    ).format(
        anchor=question_anchor(quiz.id, question.id),
        quiz=quiz.id,
        question=question.id,
        multiple="true" if question.multiple else "false",
        number=number,
        text=inline(question.text.get(lang)),
        hint=Markup(' <span class="ap-hint">{}</span>').format(t(lang, "choose_all")) if question.multiple else "",
        options=options,
        show=t(lang, "show_answer"),
        answers=answers,
        link=question.link,
        why=t(lang, "why"),
    )


def render_quiz(quiz: Quiz, lang: str) -> str:
    """The Markdown source of one knowledge check page in one language."""
    facts = _facts(
        [
            (t(lang, "area"), quiz.area.get(lang)),
            (t(lang, "questions"), str(len(quiz.questions))),
            (t(lang, "owner"), role_name(quiz.owner, lang)),
            (
                t(lang, "last_reviewed"),
                Markup('<time datetime="{0}">{0}</time>{1}').format(
                    quiz.last_reviewed.isoformat(), _review_badge(lang, quiz.review_due)
                ),
            ),
        ]
    )
    questions = Markup("\n").join(_question_html(quiz, n, q, lang) for n, q in enumerate(quiz.questions, 1))
    body = Markup(
        '<div class="ap-quiz" data-quiz="{id}" data-total="{total}">\n<p class="ap-summary">{summary}</p>\n{facts}\n'
        '<div class="ap-quiz-toolbar" data-quiz="{id}"></div>\n'
        '<noscript><p class="ap-noscript">{noscript}</p></noscript>\n'
        '<form class="ap-questions" data-quiz="{id}">\n{questions}\n</form>\n</div>\n'
    ).format(
        id=quiz.id,
        total=len(quiz.questions),
        summary=quiz.summary.get(lang),
        facts=facts,
        noscript=t(lang, "quiz_noscript"),
        questions=questions,
    )
    return _front_matter(quiz.title.get(lang), lang, "quiz") + str(body)


def render_quiz_index(quizzes: Iterable[Quiz], lang: str) -> str:
    """The index of knowledge checks: one row per check, with the reader's score."""
    rows = Markup("\n").join(
        Markup(
            '<tr class="ap-quiz-card" data-quiz="{id}" data-total="{total}">'
            '<td><a href="{id}/">{title}</a>{due}<br><span class="ap-when">{area}</span></td>'
            '<td class="ap-num">{week}</td><td class="ap-num">{total}</td>'
            '<td><span class="ap-score" data-quiz="{id}">{total} {questions_word}</span></td></tr>'
        ).format(
            id=q.id,
            total=len(q.questions),
            title=q.title.get(lang),
            due=_review_badge(lang, q.review_due),
            area=q.area.get(lang),
            week=q.week or "",
            questions_word=t(lang, "questions_word"),
        )
        for q in quizzes
    )
    table = _index_table([t(lang, key) for key in ("quiz_label", "week", "questions", "score")], rows, "quizzes")
    return _front_matter(t(lang, "quiz_index_title"), lang, "quiz") + t(lang, "quiz_index_intro") + "\n\n" + str(table)


# ---------------------------------------------------------------- links


def fill_links(rendered_html: str, resolve: Callable[[str], tuple[str, str] | None], lang: str) -> str:
    """Replace why-link placeholders with real links: `resolve(link) -> (href, label)`."""

    def replace(match: re.Match[str]) -> str:
        target = resolve(match.group(1))
        if target is None:
            return str(Markup('<span class="ap-why ap-broken">{}</span>').format(t(lang, "why")))
        href, label = target
        return str(
            Markup('<a class="ap-why" href="{}"><span class="ap-why-label">{}{}</span>{}</a>').format(
                href, t(lang, "why"), t(lang, "colon"), label
            )
        )

    return _PLACEHOLDER.sub(replace, rendered_html)
