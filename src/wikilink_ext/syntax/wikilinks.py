"""Wikilinks and embeds: ``[[Note#Heading|text]]`` and ``![[Note]]`` as markdown-it tokens.

The syntax is Obsidian's (https://help.obsidian.md/links): the target is a note path or
name, optionally followed by ``#Heading`` (repeatable for nested headings) or ``#^block-id``,
and an optional ``|display text`` (``\\|`` inside tables). An embed is the same link behind
``!``; for images the text after ``|`` is a size (``200`` or ``200x100``).

This module is pure: it knows nothing of Sphinx, docutils or the vault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .lines import line_offset

__all__ = [
    "WikiTarget",
    "default_display",
    "parse_wikilink",
    "wikilink_plugin",
    "wikilink_problem",
]

_SIZE = re.compile(r"^\s*(\d+)\s*(?:x\s*(\d+)\s*)?$")


@dataclass(frozen=True)
class WikiTarget:
    """What a wikilink points at, as written (nothing is resolved here)."""

    path: str
    """Note or file path/name, trimmed; empty for same-note links like ``[[#Heading]]``."""
    headings: tuple[str, ...] = ()
    """``#H1#H2`` parts, outermost first."""
    block: str | None = None
    """Block id without its ``^``."""
    display: str | None = None
    """Text after ``|``, trimmed, or None."""
    embed: bool = False

    @property
    def fragment(self) -> str:
        """The part after the first ``#`` as Obsidian shows it, without the note."""
        if self.block is not None:
            return "^" + self.block
        return "#".join(self.headings)

    @property
    def size(self) -> tuple[int, int | None] | None:
        """``(width, height)`` when the display text of an embed is an image size."""
        if not self.embed or self.display is None:
            return None
        match = _SIZE.match(self.display)
        if not match:
            return None
        return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def _split_display(inner: str) -> tuple[str, str | None, int]:
    """Split at the first pipe (``\\|`` in tables counts); return the offset of the display."""
    for index, char in enumerate(inner):
        if char == "|":
            if index > 0 and inner[index - 1] == "\\":
                return inner[: index - 1], inner[index + 1 :], index + 1
            return inner[:index], inner[index + 1 :], index + 1
    return inner, None, -1


def parse_wikilink(inner: str, *, embed: bool = False) -> WikiTarget:
    """Parse the text between ``[[`` and ``]]``.

    >>> parse_wikilink("Note#A#B|text")
    WikiTarget(path='Note', headings=('A', 'B'), block=None, display='text', embed=False)
    """
    link, display, _ = _split_display(inner)
    path, _, fragment = link.partition("#")
    headings: tuple[str, ...] = ()
    block: str | None = None
    if fragment.strip().startswith("^"):
        block = fragment.strip()[1:].strip()
    elif fragment:
        headings = tuple(part.strip() for part in fragment.split("#") if part.strip())
    return WikiTarget(
        path=path.strip(),
        headings=headings,
        block=block,
        display=display.strip() if display is not None else None,
        embed=embed,
    )


_BLOCK_ID = re.compile(r"^[A-Za-z0-9-]+$")


def wikilink_problem(target: WikiTarget) -> str | None:
    """What is malformed about a link, in words for a warning; None when it is well formed."""
    if target.block is not None and not _BLOCK_ID.match(target.block):
        return f"a block id may only contain letters, digits and dashes: ^{target.block!r}"
    if not target.path and not target.headings and target.block is None:
        return "the link names no note, heading or block"
    return None


def default_display(target: WikiTarget) -> str:
    """The text Obsidian shows for a link without ``|display``: ``Note > Heading``."""
    parts = [target.path] if target.path else []
    if target.block is not None:
        parts.append("^" + target.block)
    else:
        parts.extend(target.headings)
    return " > ".join(parts)


def _find_close(src: str, start: int, maximum: int) -> int:
    """Index of the ``]]`` closing a link opened before ``start``, or -1 (no newlines)."""
    index = start
    while index < maximum - 1:
        char = src[index]
        if char == "\n" or (char == "[" and src[index + 1] == "["):
            return -1
        if char == "]" and src[index + 1] == "]":
            return index
        index += 1
    return -1


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, pos, maximum = state.src, state.pos, state.posMax
    embed = src[pos] == "!"
    start = pos + 1 if embed else pos
    if not src.startswith("[[", start) or start + 2 >= maximum:
        return False
    if not embed and state.linkLevel > 0:
        return False  # no links inside link text, as CommonMark
    close = _find_close(src, start + 2, maximum)
    if close < 0:
        return False
    inner = src[start + 2 : close]
    if not inner.strip() or inner.strip() in {"|", "#"}:
        return False
    if silent:
        state.pos = close + 2
        return True

    target = parse_wikilink(inner, embed=embed)
    offset = line_offset(state, pos)
    if embed:
        token = state.push("wikilink_embed", "", 0)
        token.meta = {"target": target, "line_offset": offset}
        token.content = inner
        token.markup = "![["
        state.pos = close + 2
        return True

    token = state.push("wikilink_open", "a", 1)
    token.meta = {"target": target, "line_offset": offset}
    token.content = inner
    token.markup = "[["
    _, display, _ = _split_display(inner)
    if display is not None and display.strip():
        # A separate inline parse of the display text: markdown-it-py's text rule can run
        # past ``posMax`` when tokenizing a sub-range in place.
        children: list[Token] = []
        state.md.inline.parse(display.strip(), state.md, state.env, children)
        for child in children:
            child.level += state.level
        state.tokens.extend(children)
    else:
        text = state.push("text", "", 0)
        text.content = default_display(target)
    close_token = state.push("wikilink_close", "a", -1)
    close_token.markup = "]]"
    state.pos = close + 2
    return True


def _render_open(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    target: WikiTarget = tokens[idx].meta["target"]
    href = target.path + (("#" + target.fragment) if target.fragment else "")
    return f'<a class="wikilink" href="{escapeHtml(href)}">'


def _render_close(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</a>"


def _render_embed(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<span class="wikilink-embed" data-src="{escapeHtml(tokens[idx].content)}"></span>'


def wikilink_plugin(md: MarkdownIt) -> None:
    """Parse ``[[…]]`` and ``![[…]]``; both rules run before CommonMark links and images."""
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.inline.ruler.before("image", "wikilink_embed", _wikilink_rule)
    md.add_render_rule("wikilink_open", _render_open)
    md.add_render_rule("wikilink_close", _render_close)
    md.add_render_rule("wikilink_embed", _render_embed)
