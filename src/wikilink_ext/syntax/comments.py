"""Obsidian comments: ``%%inline%%`` and ``%%`` blocks, kept in tokens but never rendered.

Obsidian's help page "Basic formatting syntax", section Comments
(https://help.obsidian.md/syntax#Comments): "You can add comments by wrapping text with ``%%``.
Comments are only visible in Editing view." Its example has an inline comment
(``This is an %%inline%% comment.``) and a block comment whose ``%%`` lines enclose blank lines
("Block comments can span multiple lines").

Unclosed ``%%``: the docs say nothing (and no source was found that does). We believe Obsidian
treats everything after an unmatched ``%%`` as comment, and a comment is meant to stay private,
so by default an unclosed comment hides the rest of its paragraph (inline) or of its container
(block): leaking a private note is worse than hiding text. ``hide_unclosed=False`` renders an
unmatched ``%%`` as literal text instead.

Limitation: an inline comment cannot reach past the end of its paragraph, so ``a %%b``, a blank
line, then ``c%% d`` hides ``b`` and ``d`` (Obsidian shows ``a d``). Start comments that span
blank lines on their own line, as the docs do.

Code spans and fences are parsed by their own rules first, so ``%%`` inside them stays literal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

__all__ = ["MARKER", "comment_plugin"]

MARKER = "%%"
_COUNT_CACHE = "_wikilink_comment_count"


def _inline_rule(hide_unclosed: bool) -> Callable[[StateInline, bool], bool]:
    def comment_inline(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not state.src.startswith(MARKER, start) or start + 2 > state.posMax:
            return False
        close = state.src.find(MARKER, start + 2, state.posMax)
        if close == -1 and not hide_unclosed:
            return False
        end = state.posMax if close == -1 else close + 2
        if not silent:
            token = state.push("comment_inline", "", 0)
            token.content = state.src[start + 2 : state.posMax if close == -1 else close]
            token.markup = MARKER
            token.meta = {"closed": close != -1}
        state.pos = end
        return True

    return comment_inline


def _line(state: StateBlock, line: int) -> tuple[int, int]:
    return state.bMarks[line] + state.tShift[line], state.eMarks[line]


def _inside_open_inline_comment(state: StateBlock, line: int) -> bool:
    """True when the paragraph being continued already holds an unmatched ``%%``.

    Then a line starting with ``%%`` closes that inline comment rather than opening a block.
    """
    start = state.bMarks[state.line] + state.tShift[state.line]
    end = state.eMarks[line - 1]
    # The paragraph rule asks once per line; resume the count where the last ask ended, so
    # a paragraph of many ``%%`` lines is read once, not once per line.
    cached_start, cached_end, count = getattr(state, _COUNT_CACHE, (-1, -1, 0))
    if cached_start != start or cached_end > end:
        cached_end, count = start, 0
    count += state.src.count(MARKER, cached_end, end)  # a ``%%`` never spans a line end
    setattr(state, _COUNT_CACHE, (start, end, count))
    return count % 2 == 1


def _resume_after(state: StateBlock, line: int, pos: int) -> None:
    """Let block parsing continue on ``line`` right after the closing ``%%`` at ``pos``."""
    end = state.eMarks[line]
    text_start = pos
    while text_start < end and state.src[text_start] in " \t":
        text_start += 1
    state.bMarks[line] = pos
    state.tShift[line] = text_start - pos
    state.sCount[line] = state.blkIndent
    state.line = line


def _block_rule(hide_unclosed: bool) -> Callable[[StateBlock, int, int, bool], bool]:
    def comment_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if state.is_code_block(start_line):
            return False
        begin, maximum = _line(state, start_line)
        if not state.src.startswith(MARKER, begin):
            return False
        same_line = state.src.find(MARKER, begin + 2, maximum)
        if same_line != -1 and state.src[same_line + 2 : maximum].strip():
            return False  # "%%a%% text" is an inline comment inside a paragraph
        if state.parentType == "paragraph" and _inside_open_inline_comment(state, start_line):
            return False

        close_line, close = start_line, same_line
        next_line = start_line
        while close == -1:
            next_line += 1
            if next_line >= end_line:
                break
            pos, maximum = _line(state, next_line)
            if pos < maximum and state.sCount[next_line] < state.blkIndent:
                break  # the container ended (dedented line), like an unclosed fence
            close = state.src.find(MARKER, pos, maximum)
            close_line = next_line
        if close == -1:
            if not hide_unclosed:
                return False
            close_line = next_line - 1
        if silent:
            return True

        token = state.push("comment_block", "", 0)
        token.block = True
        token.hidden = True
        token.markup = MARKER
        token.map = [start_line, close_line + 1]
        if close == -1:
            token.content = state.src[begin + 2 : state.eMarks[close_line]]
            state.line = close_line + 1
        else:
            token.content = state.src[begin + 2 : close]
            if state.src[close + 2 : state.eMarks[close_line]].strip():
                _resume_after(state, close_line, close + 2)
            else:
                state.line = close_line + 1
        token.meta = {"closed": close != -1}
        return True

    return comment_block


def _render_nothing(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    return ""


def comment_plugin(md: MarkdownIt, *, hide_unclosed: bool = True) -> None:
    """Parse ``%%comment%%`` (``comment_inline``) and ``%%`` blocks (``comment_block``).

    Both keep the comment text in ``token.content`` and render to nothing.

    :param hide_unclosed: an unmatched ``%%`` comments out the rest of its paragraph or
        container (Obsidian-like); when False it is literal text.
    """
    md.inline.ruler.before("escape", "comment_inline", _inline_rule(hide_unclosed))
    md.block.ruler.before(
        "fence",
        "comment_block",
        _block_rule(hide_unclosed),
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.add_render_rule("comment_inline", _render_nothing)
    md.add_render_rule("comment_block", _render_nothing)
