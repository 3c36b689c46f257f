"""Block ids: ``^id`` at the end of a block marks it as a link target.

Obsidian (https://help.obsidian.md/links, "Link to a block in a note") accepts letters,
digits and dashes. The id goes at the end of a paragraph or list item after at least one
space, or on a line of its own after a list, quote, callout or table (with blank lines
around it). The marked block's opening token gets ``meta["block_id"]``; the id itself is
removed from the text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["BLOCK_ID", "block_id_plugin"]

BLOCK_ID = re.compile(r"^[A-Za-z0-9-]+$")
_TRAILING_ID = re.compile(r"(?:^|[ \t\n])\^([A-Za-z0-9-]+)[ \t]*$")
_CONTAINERS = {
    "bullet_list_open",
    "ordered_list_open",
    "blockquote_open",
    "callout_open",
    "table_open",
    "paragraph_open",
}
_LEAVES = {"fence", "code_block", "math_block", "math_block_label", "amsmath"}


def _opening(tokens: list[Token], close_index: int) -> int:
    """Index of the token that opens the block closed at ``close_index``."""
    depth = 0
    for index in range(close_index, -1, -1):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return close_index


def _enclosing_list_item(tokens: list[Token], paragraph_open: int) -> int | None:
    """The list item whose first child is this paragraph, if any."""
    before = paragraph_open - 1
    if before >= 0 and tokens[before].type == "list_item_open":
        return before
    return None


def _mark(token: Token, block_id: str) -> None:
    token.meta = {**(token.meta or {}), "block_id": block_id}
    token.attrSet("data-block-id", block_id)  # markdown-it's own HTML shows the target


def _block_id_rule(state: StateCore) -> None:
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != "inline" or index == 0 or tokens[index - 1].type != "paragraph_open":
            index += 1
            continue
        paragraph_open = index - 1
        match = _TRAILING_ID.search(token.content)
        if not match:
            index += 1
            continue
        block_id = match.group(1)
        remaining = token.content[: match.start()].rstrip()
        if remaining:
            token.content = remaining
            item = _enclosing_list_item(tokens, paragraph_open)
            _mark(tokens[item if item is not None else paragraph_open], block_id)
            index += 1
            continue
        # ``^id`` alone: it marks the block just before it, at the same level.
        previous = paragraph_open - 1
        opener = -1
        if previous >= 0 and tokens[previous].nesting == -1:
            opener = _opening(tokens, previous)
        elif previous >= 0 and tokens[previous].type in _LEAVES:
            opener = previous
        if opener >= 0 and (tokens[opener].type in _CONTAINERS or tokens[opener].type in _LEAVES):
            _mark(tokens[opener], block_id)
            del tokens[paragraph_open : index + 2]
            index = paragraph_open
            continue
        index += 1


def block_id_plugin(md: MarkdownIt) -> None:
    """Strip trailing ``^id`` markers and record them on the block they mark.

    Runs after the block stage and before inline parsing, so ``^id`` inside code spans,
    fences or math is never seen (those are not paragraph text).
    """
    md.core.ruler.after("block", "block_id", _block_id_rule)
