"""Inline footnotes ``^[text]``, numbered with the ordinary ``[^1]`` ones.

Obsidian (https://help.obsidian.md/syntax, "Footnotes") writes a footnote in place with
``^[…]``. MyST has only referenced footnotes, so this plugin produces one token whose
children are the footnote's own inline content; the Sphinx renderer turns it into a real
footnote.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.helpers import parseLinkLabel
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .lines import line_offset

__all__ = ["inline_footnote_plugin"]


def _inline_footnote(state: StateInline, silent: bool) -> bool:
    start, maximum = state.pos, state.posMax
    if start + 2 >= maximum or not state.src.startswith("^[", start):
        return False
    end = parseLinkLabel(state, start + 1)
    if end < 0:
        return False
    content = state.src[start + 2 : end]
    if not content.strip():
        return False
    if not silent:
        children: list[Token] = []
        state.md.inline.parse(content, state.md, state.env, children)
        token = state.push("footnote_inline", "", 0)
        token.content = content
        token.children = children
        token.meta = {"line_offset": line_offset(state, start)}
    state.pos = end + 1
    return True


def _render(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<sup class="footnote-inline">[{escapeHtml(tokens[idx].content)}]</sup>'


def inline_footnote_plugin(md: MarkdownIt) -> None:
    """Parse ``^[text]`` (before links, so the brackets are not read as a link)."""
    md.inline.ruler.before("link", "footnote_inline", _inline_footnote)
    md.add_render_rule("footnote_inline", _render)
