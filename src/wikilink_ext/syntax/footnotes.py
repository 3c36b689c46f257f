"""Inline footnotes ``^[text]``, numbered with the ordinary ``[^1]`` ones; and where each
``[^label]`` reference sits, and whether it reads as a footnote at all.

Obsidian (https://help.obsidian.md/syntax, "Footnotes") writes a footnote in place with
``^[…]``. mdit-py-plugins' footnote plugin parses it (its ``footnote_inline`` rule), but MyST
loads that plugin with inline footnotes off and renders only referenced ones. So this
plugin runs that same rule and hands its result on as one ``footnote_inline`` token whose
children are the footnote's own inline content (with its line, for warnings); the Sphinx
renderer turns it into a real footnote. ``^[]`` with nothing in it stays text, as in
Obsidian.

A ``[^label]`` with no ``[^label]:`` definition is text in Obsidian. Often it never was
meant as a footnote: ``[^b]at`` and ``[^0-9]+`` are regular expressions. :func:`looks_like_footnote`
tells the two apart, so that only a reference whose definition is plausibly missing is
reported, at its own line (``meta["line_offset"]``, set by :func:`footnote_line_plugin`).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.helpers import parseLinkLabel
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote.index import footnote_inline

from .lines import line_offset

__all__ = ["footnote_line_plugin", "inline_footnote_plugin", "looks_like_footnote"]

# a regular expression's character class: a range ("a-z", "0-9A-F") or an escape ("\\s")
_CHARACTER_CLASS = re.compile(r"(?:[^-]-[^-])+|.*[\\.*+?()|{}$/,].*", re.DOTALL)
# what continues a regular expression (or a Latin word) right after "]"; CJK text follows
# a footnote reference with no space, so only ASCII letters count here
_CONTINUES = re.compile(r"[A-Za-z0-9_*+?{]")


def looks_like_footnote(label: str, following: str) -> bool:
    """Whether ``[^label]`` followed by ``following`` reads as a footnote reference.

    Not when the label is a character class (``[^a-z]``, ``[^\\s]``) or when a word or a
    quantifier follows with no space (``[^b]at``, ``[^0-9]+``): those are regular
    expressions quoted in prose.
    """
    if not label or _CHARACTER_CLASS.fullmatch(label):
        return False
    return not _CONTINUES.match(following[:1])


_LOCATED = ("footnote_ref", "image", "html_inline")


def _footnote_lines(state: StateCore) -> None:
    """Give each ``footnote_ref`` (and image and inline HTML tag, which markdown-it leaves
    at their paragraph's first line) its line within its paragraph; a ``footnote_ref`` also
    the character after it."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        lines = 0
        children = block.children
        for index, child in enumerate(children):
            if child.type in ("softbreak", "hardbreak"):
                lines += 1
            elif child.type in _LOCATED:
                child.meta = {**(child.meta or {}), "line_offset": lines}
                if child.type == "footnote_ref":
                    after = children[index + 1] if index + 1 < len(children) else None
                    text = after.content if after is not None and after.type == "text" else ""
                    child.meta["following"] = text[:1]
                if child.type == "image":
                    continue  # its content is its alt text, already on this line
                lines += child.content.count("\n")
            elif child.content:
                lines += child.content.count("\n")


def footnote_line_plugin(md: MarkdownIt) -> None:
    """Record on every ``footnote_ref``, image and inline HTML tag its line offset (and on a
    ``footnote_ref`` the character after it)."""
    md.core.ruler.push("footnote_lines", _footnote_lines)


def _inline_footnote(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith("^[", start):
        return False
    end = parseLinkLabel(state, start + 1)
    if end < 0 or not state.src[start + 2 : end].strip():
        return False  # unclosed, or ^[] with nothing in it: text
    if not footnote_inline(state, silent):
        return False
    if not silent:  # mdit-py-plugins' footnote_ref, with its note kept in env: one token
        token = state.tokens[-1]
        note = state.env["footnotes"]["list"].pop(token.meta["id"])
        token.type = "footnote_inline"
        token.content = note["content"]
        token.children = note["tokens"]
        token.meta = {"line_offset": line_offset(state, start)}
    return True


def _render(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<sup class="footnote-inline">[{escapeHtml(tokens[idx].content)}]</sup>'


def inline_footnote_plugin(md: MarkdownIt) -> None:
    """Parse ``^[text]`` (before links, so the brackets are not read as a link)."""
    md.inline.ruler.before("link", "footnote_inline", _inline_footnote)
    md.add_render_rule("footnote_inline", _render)
