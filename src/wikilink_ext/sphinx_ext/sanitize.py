"""Raw HTML in a note: kept when it is harmless formatting, shown as text otherwise.

Obsidian renders HTML written in a note but sanitises it (no scripts, no event handlers,
no ``javascript:`` links). So do we, with Ammonia's allow-list (through ``nh3``), so that a
heading, a callout title or a link text can never carry a live ``<script>`` into a page,
its navigation, its table of contents or the pages that show its title. A tag the
allow-list refuses is not dropped silently: it is shown as the text the author wrote.
"""

from __future__ import annotations

import re
from typing import Any

import nh3
from docutils import nodes
from markupsafe import Markup, escape
from sphinx.transforms import SphinxTransform

from .messages import Problem, warn

__all__ = ["clean_block", "clean_tag"]

# Obsidian's editor colours text with ``<font color="#ffc000">`` (its "Editor Syntax
# Highlight" and colour plugins write it, headings included): harmless, so kept
_TAGS = set(nh3.ALLOWED_TAGS) | {"font", "picture", "source"}
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"class", "title", "id", "lang", "dir"}
_ATTRIBUTES["font"] = {"color", "face", "size"}
# responsive images, as Obsidian shows them; nh3 still vets every URL
_ATTRIBUTES["source"] = {"srcset", "media", "type", "sizes", "width", "height"}
_VOID = {"br", "hr", "img", "wbr", "col", "area", "source"}
_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(/?)>$", re.DOTALL)


def clean_block(html: str) -> str:
    """A whole HTML block, sanitised."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES)


def clean_tag(html: str) -> str | None:
    """One inline tag (markdown-it's ``html_inline``), sanitised; None when it is refused."""
    text = html.strip()
    if text.startswith("<!--") and text.endswith("-->"):
        return ""  # a comment: never shown in Obsidian either
    match = _TAG.match(text)
    if match is None:
        return None
    closing, name = match.group(1), match.group(2).lower()
    if name not in _TAGS:
        return None
    if closing:
        return "" if name in _VOID else f"</{name}>"
    if name in _VOID:
        return nh3.clean(text, tags=_TAGS, attributes=_ATTRIBUTES) or None
    cleaned = nh3.clean(f"{text}</{name}>", tags=_TAGS, attributes=_ATTRIBUTES)
    if cleaned.endswith(f"</{name}>"):
        cleaned = cleaned[: -len(f"</{name}>")]
    return cleaned if cleaned.lower().startswith(f"<{name}") else None


def escape_page_title(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """sphinx-book-theme puts the title's plain text in ``pagetitle`` and prints it as HTML
    (``<h1>{{ pagetitle }}</h1>``): a heading such as ``# The <div> tag`` would become markup.
    Escape it, once (a value that is already :class:`~markupsafe.Markup` is left alone)."""
    title = context.get("pagetitle")
    if isinstance(title, str) and not isinstance(title, Markup):
        context["pagetitle"] = Markup(escape(title))


_MYST_OWN = frozenset({("html", "<br />"), ("latex", "\\\\"), ("html", "<s>"), ("html", "</s>")})
"""The raw fragments MyST's own renderer writes: a line break, strikethrough."""


class SanitiseRawOutput(SphinxTransform):
    """Raw output that a directive wrote into a note (``{raw} html``, ``.. raw::`` inside
    ``{eval-rst}``) gets the same treatment as the note's own HTML: sanitised, with a located
    warning when anything was removed. Raw LaTeX or any other format is shown as text: it
    could read files into the PDF (``\\input``), and Obsidian shows no such block either."""

    default_priority = 100  # before the extension adds its own raw nodes (later events)

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.raw)):
            if node.get("wikilink_sanitised"):
                continue
            formats = set(str(node.get("format", "")).lower().split())
            text = node.astext()
            if (" ".join(sorted(formats)), text.strip()) in _MYST_OWN:
                continue
            if formats == {"html"}:
                cleaned = clean_block(text)
                node["wikilink_sanitised"] = True
                if cleaned != text:
                    warn(Problem.RAW, "raw HTML sanitised: scripts and handlers removed", node)
                    node.children = []
                    node += nodes.Text(cleaned)
                continue
            shown = ", ".join(sorted(formats)) or "unknown"
            warn(Problem.RAW, f"raw {shown} output from a note is shown as text", node)
            block = nodes.literal_block(text, text)
            block.source, block.line = node.source, node.line
            node.replace_self(block)
