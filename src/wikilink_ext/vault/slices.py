"""What an embed shows: the whole note, one heading's section or one marked block, as tokens.

Pure (tokens in, tokens out) and balanced by construction: every slice is a run of whole
sibling blocks, so each opening token in it has its closing token. A section starts at a
heading and ends before the next heading of the same or a higher level *at the same depth*
(for a heading at the top of the note, the next top-level one; a heading inside a callout,
quote or list item never ends a section that started outside it), or where the heading's
own container closes. A block embed takes the whole marked block.

:class:`NoteSlices` indexes one parsed note once (headings, section ends, block ids), so a
page that embeds many sections of the same note reads that note's tokens once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

from ..syntax.blockids import block_key
from .index import heading_key, heading_path_in_order

__all__ = ["NoteSlices", "balanced"]


def balanced(tokens: Sequence[Token]) -> bool:
    """Whether every opening token has its closing token, in order."""
    depth = 0
    for token in tokens:
        depth += token.nesting
        if depth < 0:
            return False
    return depth == 0


@dataclass
class _Heading:
    index: int
    level: int
    key: str
    end: int = -1
    """Index after the section's last token."""


def _block_names(opener: Token) -> list[str]:
    """The ids that mark a block: its ``^id`` and any second one written after it."""
    meta = opener.meta or {}
    return [meta["block_id"], *meta.get("block_aliases", [])] if meta.get("block_id") else []


@dataclass
class NoteSlices:
    """One note's tokens with its sections and blocks indexed in a single pass."""

    tokens: list[Token]
    headings: dict[str, list[_Heading]] = field(default_factory=dict)
    blocks: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Block id -> (start, end) token indices of the marked block."""
    ordered: list[_Heading] = field(default_factory=list)
    """Every heading, in document order."""
    sections_at: dict[int, _Heading] = field(default_factory=dict)
    """Token index of a heading -> its section (a ``^id`` under a heading names the section)."""

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> NoteSlices:
        body = [t for t in tokens if t.type != "front_matter"]
        slices = cls(body)
        slices._index()
        return slices

    def _index(self) -> None:
        body = self.tokens
        # per container depth: the headings whose sections are still open there
        open_sections: dict[int, list[_Heading]] = {}
        openers: list[tuple[int, str | None]] = []  # (index, block id) of open blocks
        for index, token in enumerate(body):
            depth = len(openers)
            if token.type == "heading_open":
                level = int(token.tag[1]) if token.tag[1:].isdigit() else 1
                pending = open_sections.setdefault(depth, [])
                while pending and pending[-1].level >= level:
                    pending.pop().end = index
                text = body[index + 1].content if index + 1 < len(body) else ""
                heading = _Heading(index, level, heading_key(text))
                self.ordered.append(heading)
                pending.append(heading)
                self.headings.setdefault(heading.key, []).append(heading)
                self.sections_at[index] = heading
            block_id = (token.meta or {}).get("block_id")
            if token.nesting == 1:
                openers.append((index, block_id if isinstance(block_id, str) else None))
            elif token.nesting == -1:
                # the container closes: sections opened inside it end here
                for heading in open_sections.pop(depth, []):
                    heading.end = index
                start, marked = openers.pop() if openers else (index, None)
                if marked is not None:
                    for name in _block_names(body[start]):
                        self.blocks.setdefault(block_key(name), (start, index + 1))
            elif isinstance(block_id, str) and token.block:
                for name in _block_names(token):
                    self.blocks.setdefault(block_key(name), (index, index + 1))
        for pending in open_sections.values():
            for heading in pending:
                heading.end = len(body)

    def section(self, wanted: Sequence[str]) -> list[Token] | None:
        """The section of ``#H1#H2…``: each part after the previous one in document order,
        as Obsidian reads a heading path (:func:`~.index.heading_path_in_order`)."""
        if not wanted:
            return list(self.tokens)
        if len(wanted) == 1:
            found = self.headings.get(heading_key(wanted[0]))
            heading = found[0] if found else None
        else:
            keys = [h.key for h in self.ordered]
            position = heading_path_in_order(wanted, keys, heading_key)
            heading = None if position is None else self.ordered[position]
        return None if heading is None else self.tokens[heading.index : heading.end]

    def block(self, block_id: str) -> list[Token] | None:
        """The block marked ``^block_id``; a list item alone comes inside a list of its own."""
        found = self.blocks.get(block_key(block_id))
        if found is None:
            return None
        start, end = found
        if start in self.sections_at:
            return self.tokens[start : self.sections_at[start].end]
        chosen = self.tokens[start:end]
        opener = chosen[0]
        if opener.type == "list_item_open":
            kind = "bullet_list" if opener.markup in "-*+" else "ordered_list"
            tag = "ul" if kind == "bullet_list" else "ol"
            wrapper_open = Token(f"{kind}_open", tag, 1)
            wrapper_close = Token(f"{kind}_close", tag, -1)
            wrapper_open.map = opener.map
            return [wrapper_open, *chosen, wrapper_close]
        return chosen
