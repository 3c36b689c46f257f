"""Obsidian tags: ``#tag`` and ``#nested/tag`` in text, and the ``tags`` frontmatter property.

Obsidian's help page "Tags" (https://help.obsidian.md/tags), section Tag format: "You can use any
of the following characters in your tags: Alphabetical letters, Numbers, Underscore (``_``),
Hyphen (``-``), Forward slash (``/``) for Nested tags, Commonly accepted Unicode characters,
including emojis and other symbols". "Tags must contain at least one non-numerical character.
For example, #1984 isn't a valid tag, but #y1984 is." "Tags can't contain blank spaces." "Tags
are case-insensitive." In properties, ``tags: recipe, cooking`` or a YAML list, without ``#``.

So a tag character is a Unicode letter, number or combining mark, a non-ASCII symbol (emoji),
or one of ``_-/``; ASCII punctuation ends the tag (``#tag.`` is ``tag``). A tag must follow
whitespace or the start of the text (``a#b`` and ``[[Note#Heading]]`` are not tags), and code
spans are parsed first, so ``#x`` in code stays literal. ``# Heading`` is block syntax and never
reaches this rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

__all__ = ["frontmatter_tags", "is_tag_char", "normalize_tag", "scan_tag", "tag_plugin"]


def is_tag_char(char: str) -> bool:
    """Whether ``char`` may appear in a tag name."""
    if char in "_-/":
        return True
    if char.isascii():
        return char.isalnum()
    return unicodedata.category(char)[0] in "LNMS"


def scan_tag(text: str, start: int = 0, stop: int | None = None) -> str | None:
    """The tag name after the ``#`` at ``text[start]`` (scanning up to ``stop``), or None."""
    limit = len(text) if stop is None else min(stop, len(text))
    if start >= limit or text[start] != "#":
        return None
    end = start + 1
    while end < limit and is_tag_char(text[end]):
        end += 1
    name = text[start + 1 : end]
    if not name or name.isdecimal():
        return None
    return name


def normalize_tag(tag: str) -> str:
    """A key for comparing tags: no ``#``, lower case ("Tags are case-insensitive")."""
    tag = tag.strip()
    return tag.removeprefix("#").lower()


_SEPARATORS = re.compile(r"[,\s]+")


def frontmatter_tags(value: object) -> list[str]:
    """Tags from a ``tags`` property: a YAML list or a comma/space separated string.

    A leading ``#`` is stripped and empty entries dropped; case and order are kept.
    """
    if value is None or isinstance(value, bool):
        return []
    items: list[object]
    if isinstance(value, str):
        items = list(_SEPARATORS.split(value))
    elif isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, int | float):
        items = [value]
    else:
        return []
    tags: list[str] = []
    for item in items:
        if item is None or isinstance(item, bool) or not isinstance(item, str | int | float):
            continue
        tag = str(item).strip().removeprefix("#").strip()
        if tag:
            tags.append(tag)
    return tags


def _tag_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if state.src[start] != "#":
        return False
    if start > 0 and not state.src[start - 1].isspace():
        return False
    if state.linkLevel > 0:
        return False  # no link inside a link's text
    name = scan_tag(state.src, start, state.posMax)
    if name is None:
        return False
    if not silent:
        token = state.push("tag", "", 0)
        token.content = "#" + name
        token.markup = "#"
        token.meta = {"tag": name}
    state.pos = start + 1 + len(name)
    return True


def _render_tag(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[idx]
    name = escapeHtml(str(token.meta.get("tag", "")))
    return f'<a href="#{name}" class="tag">#{name}</a>'


def tag_plugin(md: MarkdownIt) -> None:
    """Parse ``#tag`` into ``tag`` tokens (``meta["tag"]`` is the name as written, no ``#``)."""
    md.inline.ruler.before("link", "tag", _tag_rule)
    md.add_render_rule("tag", _render_tag)
