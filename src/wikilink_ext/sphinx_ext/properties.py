"""A note's properties (its YAML frontmatter) shown as Obsidian's reading view shows them.

One row per property, in the order written: the name, then the value. Text values are
Markdown, so ``"[[Who]]"`` is a link, as in Obsidian; a list is shown item by item; a
checkbox as ☑ or ☐. The table is a docutils field list inside a ``wikilink-properties``
container, so the HTML, the PDF and the EPUB all have it. ``wikilink_properties`` switches
it off; by default it follows the vault's "Properties in document" setting
(``.obsidian/app.json`` ``propertiesInDocument``: ``hidden`` hides it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from docutils import nodes

__all__ = ["CLASS", "properties_table", "shown_value"]

CLASS = "wikilink-properties"
# tags are listed under the title already (``wikilink-note-tags``)
_SHOWN_ELSEWHERE = {"tags", "tag"}


def shown_value(value: Any) -> list[str]:
    """The pieces of Markdown that show one property's value (a list gives several)."""
    if value is None:
        return []
    if isinstance(value, bool):
        return ["☑" if value else "☐"]
    if isinstance(value, datetime.datetime):
        return [value.isoformat(sep=" ", timespec="minutes")]
    if isinstance(value, list | tuple):
        return [piece for item in value for piece in shown_value(item)]
    if isinstance(value, dict):
        return [f"{k}: {', '.join(shown_value(v))}" for k, v in value.items()]
    return [str(value)]


def properties_table(
    data: dict[Any, Any], render_inline: Callable[[str, nodes.Element, str], None]
) -> nodes.container | None:
    """The table for ``data``; ``render_inline(text, paragraph, key)`` renders Markdown."""
    fields = nodes.field_list(classes=["wikilink-properties-list"])
    for key, value in data.items():
        if str(key).casefold() in _SHOWN_ELSEWHERE:
            continue
        pieces = shown_value(value)
        body = nodes.paragraph()
        for index, piece in enumerate(pieces):
            if index:
                body += nodes.Text(", ")
            render_inline(piece, body, str(key))
        name = str(key)
        fields += nodes.field(
            "",
            nodes.field_name(name, name),
            nodes.field_body("", body),
            classes=[f"property-{nodes.make_id(name) or 'property'}"],
        )
    if not len(fields):
        return None
    return nodes.container("", fields, classes=[CLASS])
