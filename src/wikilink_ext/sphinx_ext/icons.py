"""Callout icons as inline SVG: Obsidian's Lucide icons, the same in every theme.

An icon font (the book theme's Font Awesome) is missing from alabaster, classic and furo,
where its code points show as missing-glyph boxes; an ``<svg>`` in the title needs nothing.
The files are vendored from ``lucide-static`` (``icons/README.md``, ISC licence); each is read
once per process and written into the page with ``stroke="currentColor"``, so CSS colours it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

__all__ = ["CALLOUT_ICONS", "icon_svg"]

ICONS = Path(__file__).resolve().parent.parent / "icons"

#: Obsidian's default icon of each canonical callout type (its ``--callout-icon`` values;
#: Lucide has since renamed ``check-circle-2``, ``help-circle`` and ``alert-triangle``).
CALLOUT_ICONS: dict[str, str] = {
    "note": "pencil",
    "abstract": "clipboard-list",
    "info": "info",
    "todo": "circle-check",
    "tip": "flame",
    "success": "check",
    "question": "circle-question-mark",
    "warning": "triangle-alert",
    "failure": "x",
    "danger": "zap",
    "bug": "bug",
    "example": "list",
    "quote": "quote",
}

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SPACE = re.compile(r"\s+")


@cache
def icon_svg(canonical: str) -> str:
    """The ``<svg>`` of a canonical callout type (``note``'s for any other), one line,
    hidden from screen readers (the title says what the callout is)."""
    name = CALLOUT_ICONS.get(canonical, CALLOUT_ICONS["note"])
    text = _COMMENT.sub("", (ICONS / f"{name}.svg").read_text(encoding="utf-8"))
    text = _SPACE.sub(" ", text).replace("> <", "><").replace(" />", "/>").strip()
    text = re.sub(r'\s(width|height)="24"', "", text)
    text = text.replace(" >", ">")
    return text.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
