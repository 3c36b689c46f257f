"""Pandoc's attribute syntax on a fence (```` ~~~~ {.haskell .numberLines} ````) names the
code's language, as Obsidian shows it: a code block, highlighted as its first class.

MyST reads a fence whose info string is in braces as a directive (```` ```{note} ````), so
``{.haskell}`` was an unknown directive and the code was dropped. Directive names never start
with ``.`` or ``#`` nor hold ``=``, so the two readings do not meet.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

__all__ = ["fence_attributes_plugin", "pandoc_language"]

_ATTRIBUTES = re.compile(r"^\{\s*((?:[.#][^\s}]+|[\w-]+=(?:\"[^\"]*\"|\S+?))\s*)+\}$")
_CLASS = re.compile(r"(?:^|\s)\.([^\s}.#=]+)")


def pandoc_language(info: str) -> str | None:
    """The language named by a Pandoc attribute block (``""`` when it names none), or
    ``None`` when ``info`` is not one."""
    text = info.strip()
    if not _ATTRIBUTES.match(text):
        return None
    found = _CLASS.search(text[1:-1])
    return found.group(1) if found else ""


def _rewrite_fences(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "fence":
            continue
        language = pandoc_language(token.info)
        if language is not None:
            token.meta = {**(token.meta or {}), "attributes": token.info.strip()}
            token.info = language


def fence_attributes_plugin(md: MarkdownIt) -> None:
    """Rewrite Pandoc attribute info strings to their language, after block parsing."""
    md.core.ruler.after("block", "fence_attributes", _rewrite_fences)
