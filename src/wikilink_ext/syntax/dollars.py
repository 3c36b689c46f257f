"""Obsidian's (and Pandoc's) rule for inline ``$…$``: no digit right after the closing ``$``.

``It cost $11 million (and later $4 million).`` is text: a ``$`` followed by a digit does
not close maths. The other half of the rule (no space inside the dollars) is
mdit-py-plugins' ``allow_space=False`` (``myst_dmath_allow_space``). Its ``allow_digits=False``
is not used: it also refuses a digit *before* the opening ``$`` and, at the start of a
paragraph, reads the paragraph's last character as that digit (``$a=1$ -> la somma 7`` is
not maths with it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

__all__ = ["dollar_digit_plugin"]

Rule = Callable[[StateInline, bool], bool]


def _no_digit_after(rule: Rule) -> Rule:
    def math_inline_no_digit_after(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, True):  # silent: moves past the maths, pushes nothing
            return False
        end, state.pos = state.pos, start
        if end < state.posMax and state.src[end].isdigit():
            return False
        return rule(state, silent)

    return math_inline_no_digit_after


def dollar_digit_plugin(md: MarkdownIt) -> None:
    """Wrap dollarmath's inline rule (no-op when dollarmath is not enabled)."""
    ruler: Any = md.inline.ruler
    names = [rule.name for rule in ruler.__rules__]
    if "math_inline" in names:
        ruler.at("math_inline", _no_digit_after(ruler.__rules__[names.index("math_inline")].fn))
