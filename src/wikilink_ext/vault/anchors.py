"""Heading anchors that keep the heading's own letters, as Obsidian's ``#`` links do.

Docutils makes a section id from ASCII letters alone: ``线段树`` has none left and becomes
``id1``, ``id2``… (numbers that shift whenever a heading is added), and ``Λόγος`` loses
every letter too. Obsidian links a heading by its text (``[[#线段树]]``, and Obsidian
Publish shows ``#线段树`` in the address bar), so such headings get an anchor made of
their text: case-folded, with runs of anything but letters and digits turned into one
``-``. Headings whose letters docutils keeps (Latin, with or without accents) keep
docutils' id, so existing addresses do not change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

__all__ = ["unicode_anchor", "unique_anchor"]

_NOT_WORD = re.compile(r"[^\w]+|_+")


def _ascii_keeps(char: str) -> bool:
    """Whether docutils' id keeps ``char`` (its decomposition starts with an ASCII letter)."""
    base = unicodedata.normalize("NFKD", char)[:1]
    return base.isascii()


def unicode_anchor(text: str) -> str | None:
    """The anchor for a heading whose letters docutils would drop, else ``None``."""
    letters = [c for c in text if c.isalnum()]
    if not letters or all(_ascii_keeps(c) for c in letters):
        return None
    anchor = _NOT_WORD.sub("-", unicodedata.normalize("NFC", text).lower()).strip("-")
    return anchor or None


def unique_anchor(anchor: str, taken: Container[str]) -> str:
    """``anchor``, or ``anchor-1``, ``anchor-2``… for the second and later of one text."""
    unique, count = anchor, 0
    while unique in taken:
        count += 1
        unique = f"{anchor}-{count}"
    return unique
