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


def math_block_interrupts_plugin(md: MarkdownIt) -> None:
    """Let ``$$`` blocks interrupt a paragraph (no-op when dollarmath is not enabled)."""
    ruler: Any = md.block.ruler
    names = [rule.name for rule in ruler.__rules__]
    if "math_block" not in names:
        return
    rule = ruler.__rules__[names.index("math_block")]
    ruler.at(
        "math_block",
        _probe(rule.fn),
        {"alt": ["paragraph", "reference", "blockquote", "list", "footnote_def"]},
    )


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
