"""Render checklists to Markdown pages (with raw HTML blocks for the items).

Markup contract for the browser script (docs/assets/checklist.js) and print CSS:
- every checklist on a page has one `.ap-checklist[data-checklist=<id>]` block with its
  meta, print fields and an empty `.ap-toolbar` that the script fills;
- pause points are Markdown headings (so they appear in the table of contents) followed by
  `ul.ap-items[data-checklist][data-pause]`;
- each item is `li.ap-item[data-item][data-roles]` holding a real checkbox
  `input.ap-box[data-checklist][data-item]` labelled by the item text, and an `a.ap-why`
  link to the playbook section. Saved progress hangs on (checklist id, item id) only.

"Why" links are emitted as placeholders (`ap-link:page.md#id`) and filled in by
`fill_links` once every page of the language has been rendered and the target heading's
title is known.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from .model import Checklist, Item, PausePoint

UI: dict[str, dict[str, str]] = {
    "en": {
        "index_title": "Checklists",
        "index_intro": (
            "Each checklist names the moments (pause points) when the team stops and checks. "
            "Tick items as you go: your ticks are saved in this browser only, shared between the "
            "English and Chinese pages. Every item links to the playbook section that explains it."
        ),
        "when": "When",
        "mode": "How to use it",
        "owner": "Owner",
        "last_reviewed": "Last reviewed",
        "items": "items",
        "progress": "Progress",
        "read-do": "Read-do: follow the items one by one",
        "do-confirm": "Do-confirm: work from memory, then stop and confirm each item",
        "why": "Why",
        "critical": "Critical",
        "roles": "Who",
        "client": "Client",
        "project": "Project / pitch",
        "date": "Date",
        "filled_by": "Owner",
        "version": "Version",
        "address": "Address",
        "noscript": "Ticks are saved only with JavaScript on; without it, print the page and tick on paper.",
        "pack_title": "Pitch pack",
        "pack_intro": "All the pitch checklists on one page, for printing: each starts on a new sheet.",
        "pack_link": "Print every pitch checklist at once: the pitch pack",
        "backlinks": "Checklist items that rely on this section",
        "checklist_label": "Checklist",
    },
    "zh": {
        "index_title": "检查清单",
        "index_intro": (
            "每份清单都标出团队需要停下来核对的时间点。做完一项就勾一项；勾选记录只保存在你这台设备的浏览器里，"
            "中英文页面共用同一份记录。每一项都链接到手册中讲清楚“为什么”的那一节。"
        ),
        "when": "使用时机",
        "mode": "用法",
        "owner": "负责人",
        "last_reviewed": "最近审订",
        "items": "项",
        "progress": "进度",
        "read-do": "边读边做：按顺序逐项执行",
        "do-confirm": "先做后核：凭经验做完，再停下来逐项确认",
        "why": "为什么",
        "critical": "关键",
        "roles": "执行人",
        "client": "客户",
        "project": "项目 / 提案",
        "date": "日期",
        "filled_by": "负责人",
        "version": "版本",
        "address": "网址",
        "noscript": "需要开启 JavaScript 才能保存勾选；也可以直接打印，在纸上勾选。",
        "pack_title": "提案资料包",
        "pack_intro": "所有与提案相关的清单集中在一页，方便打印：每份清单从新的一页开始。",
        "pack_link": "一次打印全部提案清单：提案资料包",
        "backlinks": "引用本节的清单项",
        "checklist_label": "清单",
    },
}

PACK_ID = "pitch-pack"
_PLACEHOLDER = re.compile(r'<a class="ap-why" href="ap-link:([a-z0-9_/.-]+#[a-z0-9-]+)">[^<]*</a>')


def t(lang: str, key: str) -> str:
    return UI.get(lang, UI["en"])[key]


def inline(text: str) -> str:
    """Item text to HTML: everything escaped, then **bold**, *italic* and `code` only."""
    out = html.escape(text, quote=True)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"(?<![\*\w])\*(?=\S)(.+?)(?<=\S)\*(?![\*\w])", r"<em>\1</em>", out)
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
    fields = "".join(
        f'<div class="ap-field"><span>{t(lang, key)}</span><span class="ap-blank"></span></div>'
        for key in ("client", "project", "date", "filled_by")
    )
    return (
        f'<div class="ap-checklist" data-checklist="{checklist.id}" data-version="{checklist.last_reviewed.isoformat()}" '
        f'data-mode="{checklist.mode}" data-total="{len(checklist.items)}">\n'
        f'<p class="ap-summary">{e(checklist.summary.get(lang))}</p>\n'
        '<dl class="ap-facts">'
        f"<dt>{t(lang, 'when')}</dt><dd>{e(checklist.when.get(lang))}</dd>"
        f"<dt>{t(lang, 'mode')}</dt><dd>{t(lang, checklist.mode)}</dd>"
        f"<dt>{t(lang, 'owner')}</dt><dd>{e(checklist.owner)}</dd>"
        f"<dt>{t(lang, 'last_reviewed')}</dt><dd><time datetime=\"{checklist.last_reviewed.isoformat()}\">{checklist.last_reviewed.isoformat()}</time></dd>"
        "</dl>\n"
        f'<div class="ap-print-fields">{fields}</div>\n'
        f'<p class="ap-print-source">{t(lang, "version")}: {checklist.last_reviewed.isoformat()} · {t(lang, "address")}: {e(address)}</p>\n'
        f'<div class="ap-toolbar" data-checklist="{checklist.id}"></div>\n'
        f'<noscript><p class="ap-noscript">{t(lang, "noscript")}</p></noscript>\n'
        "</div>\n"
    )


def _front_matter(title: str) -> str:
    # `checklist: true` makes the template load the checklist script and styles on this page only.
    return f"---\nchecklist: true\n---\n\n# {title}\n\n"


def render_checklist(checklist: Checklist, lang: str, *, address: str = "") -> str:
    """The Markdown source of one checklist page in one language."""
    body = "\n".join(_pause_html(checklist, point, lang, 2, "") for point in checklist.pause_points)
    return _front_matter(heading_text(checklist.title.get(lang))) + _meta_html(checklist, lang, address) + "\n" + body


def render_pack(checklists: Iterable[Checklist], lang: str, *, address: Callable[[Checklist], str]) -> str:
    """Every checklist of the pitch pack on one page, each headed by its title."""
    parts = [_front_matter(t(lang, "pack_title")), f'<p class="ap-pack-intro">{t(lang, "pack_intro")}</p>\n']
    for checklist in checklists:
        parts.append(f"## {heading_text(checklist.title.get(lang))} {{#{checklist.id} .ap-pack-title}}\n")
        parts.append(_meta_html(checklist, lang, address(checklist)))
        parts += [_pause_html(checklist, point, lang, 3, f"{checklist.id}--") for point in checklist.pause_points]
    return "\n".join(parts)


def render_index(checklists: Iterable[Checklist], lang: str, *, has_pack: bool) -> str:
    """The checklists index page: each checklist with its summary, when, mode and progress."""
    e = html.escape
    parts = [f"---\nchecklist: true\n---\n\n# {t(lang, 'index_title')}\n\n{t(lang, 'index_intro')}\n"]
    if has_pack:
        parts.append(f"[{t(lang, 'pack_link')}]({PACK_ID}.md)\n")
    for checklist in checklists:
        parts.append(
            f"## [{heading_text(checklist.title.get(lang))}]({checklist.id}.md) {{#{checklist.id}}}\n\n"
            f'<div class="ap-card" data-checklist="{checklist.id}" data-total="{len(checklist.items)}">\n'
            f'<p class="ap-summary">{e(checklist.summary.get(lang))}</p>\n'
            '<dl class="ap-facts">'
            f"<dt>{t(lang, 'when')}</dt><dd>{e(checklist.when.get(lang))}</dd>"
            f"<dt>{t(lang, 'mode')}</dt><dd>{t(lang, checklist.mode)}</dd>"
            f"<dt>{t(lang, 'owner')}</dt><dd>{e(checklist.owner)}</dd>"
            f"<dt>{t(lang, 'progress')}</dt><dd><span class=\"ap-progress\" data-checklist=\"{checklist.id}\">"
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
