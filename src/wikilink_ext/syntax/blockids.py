"""Block ids: ``^id`` at the end of a block marks it as a link target.

Obsidian (https://help.obsidian.md/links, "Link to a block in a note") accepts letters,
digits and dashes. The id goes at the end of a paragraph or list item after at least one
space, or on a line of its own after a list, quote, callout or table (with blank lines
around it). A line of its own right under a heading marks the heading, and a second
``^id`` line after the first gives the same block a second name (both are in real vaults).
A list item holding only ``- ^id`` is such a block too: Obsidian counts every list item as a
block and reads the id at the end of its line, so the id names that item (whose text, the
id, is not shown). The marked block's opening token gets ``meta["block_id"]`` (and
``meta["block_aliases"]``); the id itself is removed from the text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["BLOCK_ID", "block_id_plugin", "block_key"]

BLOCK_ID = re.compile(r"^[A-Za-z0-9-]+$")
# after a space, or right after a link's or embed's "]]" (``![[img.png]]^id``, as Obsidian's
# own help vault writes it and Obsidian resolves it)
_TRAILING_ID = re.compile(r"(?:^|[ \t\n]|(?<=\]\]))\^([A-Za-z0-9-]+)[ \t]*$")
_CONTAINERS = {
    "bullet_list_open",
    "ordered_list_open",
    "blockquote_open",
    "callout_open",
    "table_open",
    "paragraph_open",
    "heading_open",  # ``^id`` under a heading line marks the heading (its section's start)
}
_LEAVES = {"fence", "code_block", "math_block", "math_block_label", "amsmath"}


def _mark(token: Token, block_id: str) -> None:
    """Record ``block_id`` on the block's opener; a block marked twice (``^a``, blank line,
    ``^b``, as Obsidian leaves it after two "copy block link") answers to both ids."""
    meta = token.meta or {}
    if meta.get("block_id") and meta["block_id"] != block_id:
        token.meta = {**meta, "block_aliases": [*meta.get("block_aliases", []), block_id]}
        return
    token.meta = {**meta, "block_id": block_id}
    token.attrSet("data-block-id", block_id)  # markdown-it's own HTML shows the target


def block_key(block_id: str) -> str:
    """The id as Obsidian looks it up: regardless of case (its metadata cache keys a note's
    blocks in lower case, so ``^Abc`` and ``^abc`` are one id and ``[[N#^ABC]]`` finds
    either). Ids are ASCII letters, digits and dashes, so lower case is enough."""
    return block_id.lower()


_QUOTES = ("blockquote_close", "callout_close")


def _id_row(tokens: list[Token], index: int) -> tuple[str, int] | None:
    """A last table row holding only ``^id`` (the id written right under a table):
    the id and the index after the row's ``tr_close``."""
    if index + 3 >= len(tokens) or tokens[index + 2].type != "inline":
        return None
    match = _TRAILING_ID.fullmatch(tokens[index + 2].content.strip())
    if match is None:
        return None
    end = index + 4  # after tr_open, td_open, inline, td_close
    while end < len(tokens) and tokens[end].type in ("td_open", "th_open"):
        if end + 2 >= len(tokens) or tokens[end + 1].content.strip():
            return None
        end += 3
    if end >= len(tokens) or tokens[end].type != "tr_close":
        return None
    if end + 1 >= len(tokens) or tokens[end + 1].type != "tbody_close":
        return None
    return match.group(1), end + 1


def _closes_item(tokens: list[Token], paragraph: int) -> bool:
    """Whether the paragraph at ``paragraph`` is the whole item (the item closes after it)."""
    after = paragraph + 3
    return after < len(tokens) and tokens[after].type == "list_item_close"


def _block_id_rule(state: StateCore) -> None:
    """One pass over the tokens, building the new list (never deleting from the old one).

    ``opens`` holds the output index of every open block; ``previous`` is the output index of
    the opener (or leaf) of the block that ended right before the current token.
    """
    tokens = state.tokens
    out: list[Token] = []
    opens: list[int] = []
    previous = -1
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "tr_open" and len(opens) >= 2:
            row = _id_row(tokens, index)
            if row is not None:
                block_id, index = row
                table = opens[-2]
                if out[-1].type == "tbody_open":  # the id was the only body row
                    out.pop()
                    opens.pop()
                    index += 1  # skip tbody_close too
                _mark(out[table], block_id)
                continue
        if (
            token.type == "paragraph_open"
            and index + 2 < len(tokens)
            and tokens[index + 1].type == "inline"
        ):
            inline = tokens[index + 1]
            match = _TRAILING_ID.search(inline.content)
            if match is not None:
                block_id = match.group(1)
                remaining = inline.content[: match.start()].rstrip()
                if not remaining:
                    if out and out[-1].type == "list_item_open" and _closes_item(tokens, index):
                        # ``- ^id``: a list item is a block and the id ends its line, so
                        # the id names that item; nothing of it is shown
                        _mark(out[-1], block_id)
                        index += 3
                        continue
                    # ``^id`` alone marks the block just before it, at the same level
                    if previous >= 0 and out[previous].type in _CONTAINERS | _LEAVES:
                        _mark(out[previous], block_id)
                        index += 3
                        continue
                else:
                    inline.content = remaining
                    after = tokens[index + 3] if index + 3 < len(tokens) else None
                    if out and out[-1].type == "list_item_open":
                        _mark(out[-1], block_id)  # the item's first paragraph
                    elif after is not None and after.type in _QUOTES and opens:
                        _mark(out[opens[-1]], block_id)  # the end of a quote marks the quote
                    else:
                        _mark(token, block_id)
        out.append(token)
        if token.nesting == 1:
            opens.append(len(out) - 1)
            previous = -1
        elif token.nesting == -1:
            previous = opens.pop() if opens else -1
        else:
            previous = len(out) - 1 if token.block else -1
        index += 1
    state.tokens[:] = out


def block_id_plugin(md: MarkdownIt) -> None:
    """Strip trailing ``^id`` markers and record them on the block they mark.

    Runs after the block stage and before inline parsing, so ``^id`` inside code spans,
    fences or math is never seen (those are not paragraph text).
    """
    md.core.ruler.after("block", "block_id", _block_id_rule)
