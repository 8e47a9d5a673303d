"""Render checklists to Markdown pages (with raw HTML blocks for the items).

Markup contract for the browser script (docs/assets/checklist.js) and print CSS:
- every checklist on a page has one `.ap-checklist[data-checklist=<id>]` block with its
  meta, print fields and an empty `.ap-toolbar` that the script fills;
- pause points are Markdown headings (so they appear in the table of contents) followed by
  `ul.ap-items[data-checklist][data-pause]`;
- the index has one `.ap-card[data-checklist][data-items]` per checklist (`data-items`: the
  item ids, space-separated) holding a `span.ap-progress[data-checklist]` the script fills;
- each item is `li.ap-item[data-item][data-roles]` holding a real checkbox
  `input.ap-box[data-checklist][data-item]` labelled by the item text, and an `a.ap-why`
  link to the playbook section. Saved progress hangs on (checklist id, item id) only.

The script's UI strings (the `js_*` keys of `UI`) come as JSON in `script.ap-ui`. It keeps
ticks in localStorage, one key per checklist, by ids only, shared by both languages:
`ap:v1:checklist:<id>` = `{version: 1, current: runId, runs: {runId: {name, ticks:
{itemId: true}, updated}}}`. Format 0 (a list of ticked ids, a flat `{itemId: true}` map or
`{ticks: {...}}`) is migrated; unreadable data is copied to `ap:v1:corrupt:<id>:<time>`.
Every write re-reads the key and changes one item, so tabs (kept in step by the `storage`
event) never lose each other's ticks. `ap:v1:role` is the reader's role filter. Exported
runs are `{format: "ap-checklist-run", version: 1, checklist, id, run}`.

"Why" links are emitted as placeholders (`ap-link:page.md#id`) and filled in by
`fill_links` once every page of the language has been rendered and the target heading's
title is known.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable

from .model import Checklist, Item, PausePoint
from .ui import UI

PACK_ID = "pitch-pack"
_CODE = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\*\w])\*(?=\S)(.+?)(?<=\S)\*(?![\*\w])")
_PLACEHOLDER = re.compile(r'<a class="ap-why" href="ap-link:([a-z0-9_/.-]+#[a-z0-9-]+)">[^<]*</a>')


def t(lang: str, key: str) -> str:
    return UI.get(lang, UI["en"])[key]


def inline(text: str) -> str:
    """Item text to HTML: everything escaped, then **bold**, *italic* and `code` only."""
    out = html.escape(text, quote=True)
    if "`" in out:  # (the checks only skip substitutions that could not match)
        out = _CODE.sub(r"<code>\1</code>", out)
    if "**" in out:
        out = _STRONG.sub(r"<strong>\1</strong>", out)
    if "*" in out:
        out = _EM.sub(r"<em>\1</em>", out)
    return out


def heading_text(text: str) -> str:
    """Text safe to put in a Markdown heading: no HTML, no Markdown markup, no attr_list."""
    escaped = html.escape(text, quote=True)
    return re.sub(r"([\\`*_{}\[\]#<>!|])", r"\\\1", escaped)


def page_uri(checklist_id: str) -> str:
    return f"checklists/{checklist_id}.md"


def _item_html(checklist: Checklist, item: Item, lang: str) -> str:
    box_id = f"ap-{checklist.id}--{item.id}"
    roles = " ".join(item.roles)
    attrs = f' data-roles="{roles}"' if roles else ""
    if item.critical:
        attrs += ' data-critical="true"'
    parts = [
        f'<li class="ap-item" id="item-{checklist.id}--{item.id}" data-item="{item.id}"{attrs}>',
        f'<input type="checkbox" class="ap-box" id="{box_id}" data-checklist="{checklist.id}" data-item="{item.id}">',
        f'<label for="{box_id}">{inline(item.text.get(lang))}</label>',
    ]
    if item.critical:
        parts.append(f'<span class="ap-critical">{t(lang, "critical")}</span>')
    if roles:
        parts.append(f'<span class="ap-roles" title="{t(lang, "roles")}">{html.escape(", ".join(item.roles))}</span>')
    parts.append(f'<a class="ap-why" href="ap-link:{item.link}">{t(lang, "why")}</a>')
    parts.append("</li>")
    return "".join(parts)


def _pause_html(checklist: Checklist, point: PausePoint, lang: str, level: int, prefix: str) -> str:
    items = "\n".join(_item_html(checklist, item, lang) for item in point.items)
    return (
        f"{'#' * level} {heading_text(point.title.get(lang))} {{#{prefix}{point.id}}}\n\n"
        f'<ul class="ap-items" data-checklist="{checklist.id}" data-pause="{point.id}">\n{items}\n</ul>\n'
    )


def _meta_html(checklist: Checklist, lang: str, address: str) -> str:
    e = html.escape
    reviewed = checklist.last_reviewed.isoformat()
    fields = "".join(
        f'<div class="ap-field"><span>{t(lang, key)}</span><span class="ap-blank"></span></div>'
        for key in ("client", "project", "date", "filled_by")
    )
    return (
        f'<div class="ap-checklist" data-checklist="{checklist.id}" data-version="{reviewed}" '
        f'data-mode="{checklist.mode}" data-total="{len(checklist.items)}">\n'
        f'<p class="ap-summary">{e(checklist.summary.get(lang))}</p>\n'
        '<dl class="ap-facts">'
        f"<dt>{t(lang, 'when')}</dt><dd>{e(checklist.when.get(lang))}</dd>"
        f"<dt>{t(lang, 'mode')}</dt><dd>{t(lang, checklist.mode)}</dd>"
        f"<dt>{t(lang, 'owner')}</dt><dd>{e(checklist.owner)}</dd>"
        f'<dt>{t(lang, "last_reviewed")}</dt><dd><time datetime="{reviewed}">{reviewed}</time></dd>'
        "</dl>\n"
        f'<div class="ap-print-fields">{fields}</div>\n'
        f'<p class="ap-print-source">{t(lang, "version")}: {reviewed} · {t(lang, "address")}: {e(address)}</p>\n'
        f'<div class="ap-toolbar" data-checklist="{checklist.id}"></div>\n'
        f'<noscript><p class="ap-noscript">{t(lang, "noscript")}</p></noscript>\n'
        "</div>\n"
    )


def _front_matter(title: str, lang: str) -> str:
    # `checklist: true` makes the template load the checklist script and styles on this page only.
    return f"---\nchecklist: true\n---\n\n# {title}\n\n{script_ui(lang)}\n\n"


def script_ui(lang: str) -> str:
    """The browser script's strings in this language, as a JSON data block (never executed)."""
    strings = {key[3:]: value for key, value in UI.get(lang, UI["en"]).items() if key.startswith("js_")}
    data = json.dumps(strings, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" class="ap-ui">{data}</script>'


def render_checklist(checklist: Checklist, lang: str, *, address: str = "") -> str:
    """The Markdown source of one checklist page in one language."""
    body = "\n".join(_pause_html(checklist, point, lang, 2, "") for point in checklist.pause_points)
    return _front_matter(heading_text(checklist.title.get(lang)), lang) + _meta_html(checklist, lang, address) + "\n" + body


def render_pack(checklists: Iterable[Checklist], lang: str, *, address: Callable[[Checklist], str]) -> str:
    """Every checklist of the pitch pack on one page, each headed by its title."""
    parts = [_front_matter(t(lang, "pack_title"), lang), f'<p class="ap-pack-intro">{t(lang, "pack_intro")}</p>\n']
    for checklist in checklists:
        parts.append(f"## {heading_text(checklist.title.get(lang))} {{#{checklist.id} .ap-pack-title}}\n")
        parts.append(_meta_html(checklist, lang, address(checklist)))
        parts += [_pause_html(checklist, point, lang, 3, f"{checklist.id}--") for point in checklist.pause_points]
    return "\n".join(parts)


def render_index(checklists: Iterable[Checklist], lang: str, *, has_pack: bool) -> str:
    """The checklists index page: each checklist with its summary, when, mode and progress."""
    e = html.escape
    parts = [_front_matter(t(lang, "index_title"), lang) + f"{t(lang, 'index_intro')}\n"]
    if has_pack:
        parts.append(f"[{t(lang, 'pack_link')}]({PACK_ID}.md)\n")
    for checklist in checklists:
        parts.append(
            f"## [{heading_text(checklist.title.get(lang))}]({checklist.id}.md) {{#{checklist.id}}}\n\n"
            f'<div class="ap-card" data-checklist="{checklist.id}" data-total="{len(checklist.items)}" '
            f'data-items="{" ".join(item.id for item in checklist.items)}">\n'
            f'<p class="ap-summary">{e(checklist.summary.get(lang))}</p>\n'
            '<dl class="ap-facts">'
            f"<dt>{t(lang, 'when')}</dt><dd>{e(checklist.when.get(lang))}</dd>"
            f"<dt>{t(lang, 'mode')}</dt><dd>{t(lang, checklist.mode)}</dd>"
            f"<dt>{t(lang, 'owner')}</dt><dd>{e(checklist.owner)}</dd>"
            f'<dt>{t(lang, "progress")}</dt><dd><span class="ap-progress" data-checklist="{checklist.id}">'
            f"{len(checklist.items)} {t(lang, 'items')}</span></dd>"
            "</dl>\n</div>\n"
        )
    return "\n".join(parts)


def links_in(rendered_html: str) -> list[str]:
    """The `page.md#id` targets of the why-link placeholders in rendered HTML."""
    return _PLACEHOLDER.findall(rendered_html)


def fill_links(rendered_html: str, resolve: Callable[[str], tuple[str, str] | None], lang: str) -> str:
    """Replace why-link placeholders with real links: `resolve(link) -> (href, label)`."""

    def replace(match: re.Match[str]) -> str:
        target = resolve(match.group(1))
        if target is None:
            return f'<span class="ap-why ap-broken">{t(lang, "why")}</span>'
        href, label = target
        return (
            f'<a class="ap-why" href="{html.escape(href)}">'
            f'<span class="ap-why-label">{t(lang, "why")}: </span>{html.escape(label)}</a>'
        )

    return _PLACEHOLDER.sub(replace, rendered_html)
