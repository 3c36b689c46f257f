"""``$$`` on the line after a paragraph starts display maths, as in Obsidian.

mdit-py-plugins' ``math_block`` rule cannot interrupt a paragraph, so a ``$$`` block written
straight after a line of text was read as inline maths of that paragraph: the inline rule
then paired dollar signs across the following lines, swallowing wikilinks into the maths
and losing backslashes to Markdown escapes. This plugin lets the rule interrupt
paragraphs, lists and quotes, as a fence does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

__all__ = ["display_math", "math_block_interrupts_plugin"]

Rule = Callable[[StateBlock, int, int, bool], bool]


def _probe(rule: Rule) -> Rule:
    """The rule, made safe to call in silent mode (the upstream one pushes tokens anyway)."""

    def rule_or_probe(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not silent:
            return rule(state, start, end, False)
        line, count = state.line, len(state.tokens)
        found = rule(state, start, end, False)
        state.line = line
        del state.tokens[count:]
        return found

    return rule_or_probe


def _as_if_unindented(rule: Rule) -> Rule:
    """The rule, run on a line indented as a code block as if it were not indented."""

    def unindented(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        indent = state.sCount[start]
        state.sCount[start] = state.blkIndent
        try:
            return rule(state, start, end, silent)
        finally:
            state.sCount[start] = indent

    return unindented


def _indented_opener(state: StateBlock, line: int, probe: Rule) -> bool:
    """Whether ``line`` is a ``$$`` opener indented four or more columns that closes."""
    if state.sCount[line] - state.blkIndent < 4:
        return False
    start = state.bMarks[line] + state.tShift[line]
    if not state.src.startswith("$$", start):
        return False
    return _as_if_unindented(probe)(state, line, state.lineMax, True)


def _paragraph_stopping_at_indented_maths(paragraph: Rule, probe: Rule) -> Rule:
    """The paragraph rule, ended before an indented ``$$`` block that closes.

    CommonMark reads a line indented four or more columns after a paragraph as its lazy
    continuation, never as a code block, so markdown-it's paragraph never asks the other
    rules whether such a line starts a block. Obsidian shows ``$$`` written there (often
    indented deeper than the list item above it) as display maths; read as paragraph text,
    its ``$`` signs paired with every later one of the note.
    """

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        # the paragraph's own walk (markdown-it's rules_block/paragraph.py), stopping where
        # it stops, so a long paragraph or list is walked once, not once per item
        terminators = state.md.block.ruler.getRules("paragraph")
        line, cap = start + 1, state.lineMax
        while line < state.lineMax and not state.isEmpty(line):
            if state.sCount[line] - state.blkIndent > 3:
                if _indented_opener(state, line, probe):
                    cap = line
                    break
            elif state.sCount[line] >= 0 and any(
                terminate(state, line, state.lineMax, True) for terminate in terminators
            ):
                break
            line += 1
        line_max = state.lineMax
        state.lineMax = cap
        try:
            return paragraph(state, start, end, silent)
        finally:
            state.lineMax = line_max

    return rule


def _indented_after_paragraph(probe: Rule) -> Rule:
    """A ``$$`` block indented as code, straight after the paragraph it ended."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        last = state.tokens[-1] if state.tokens else None
        opened = state.tokens[-3] if len(state.tokens) >= 3 else None
        if last is None or last.type != "paragraph_close" or opened is None:
            return False
        if opened.map is None or opened.map[1] != start:
            return False
        if not _indented_opener(state, start, probe):
            return False
        return _as_if_unindented(probe)(state, start, end, silent)

    return rule


def math_block_interrupts_plugin(md: MarkdownIt) -> None:
    """Let ``$$`` blocks interrupt a paragraph, indented or not (no-op when dollarmath is
    not enabled)."""
    ruler: Any = md.block.ruler
    names = [rule.name for rule in ruler.__rules__]
    if "math_block" not in names:
        return
    probe = _probe(ruler.__rules__[names.index("math_block")].fn)
    ruler.at(
        "math_block",
        probe,
        {"alt": ["paragraph", "reference", "blockquote", "list", "footnote_def"]},
    )
    paragraph = ruler.__rules__[names.index("paragraph")].fn
    ruler.before("code", "math_block_indented", _indented_after_paragraph(probe))
    ruler.at("paragraph", _paragraph_stopping_at_indented_maths(paragraph, probe))


# amsmath environments that open display maths themselves: inside ``$$`` Obsidian (MathJax)
# renders them as written, whereas Sphinx would wrap them in ``split`` (a LaTeX error)
_DISPLAY_ENVIRONMENTS = re.compile(
    r"^\\begin\{(equation|multline|gather|align|alignat|flalign|eqnarray)(\*?)\}"
    r".*\\end\{\1\2\}$",
    re.DOTALL,
)
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")


def display_math(content: str) -> tuple[str, bool]:
    """The text of a ``$$`` block as one formula, and whether it is an environment to be
    written unwrapped (``nowrap``).

    A blank line inside ``$$`` does not end the formula in Obsidian; Sphinx would split the
    block there into separate equations, cutting ``\\begin{cases}`` from its ``\\end``. A
    blank line means nothing inside TeX maths, so it is dropped.
    """
    joined = _BLANK_LINE.sub("", content).strip("\n")
    return joined, bool(_DISPLAY_ENVIRONMENTS.match(joined.strip()))
