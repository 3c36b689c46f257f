"""Inline footnotes ``^[text]``, numbered with the ordinary ``[^1]`` ones.

Obsidian (https://help.obsidian.md/syntax, "Footnotes") writes a footnote in place with
``^[…]``. mdit-py-plugins' footnote plugin parses it (its ``footnote_inline`` rule), but MyST
loads that plugin with inline footnotes off and renders only referenced ones. So this
plugin runs that same rule and hands its result on as one ``footnote_inline`` token whose
children are the footnote's own inline content (with its line, for warnings); the Sphinx
renderer turns it into a real footnote. ``^[]`` with nothing in it stays text, as in
Obsidian.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.helpers import parseLinkLabel
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote.index import footnote_inline

from .lines import line_offset

__all__ = ["inline_footnote_plugin"]


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
