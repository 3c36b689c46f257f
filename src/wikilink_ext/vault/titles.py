"""A note's title, by Obsidian's rule.

Obsidian names a note by its file: most notes start at ``##`` or have no heading at all.
The published page title is, in order: the frontmatter ``title`` property; a ``# H1``
that is the note's first block; the file name without ``.md``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from markdown_it.token import Token

__all__ = ["leading_h1", "note_title"]

# blocks that Obsidian does not show, so they do not stop an H1 from being the first block
_INVISIBLE = {"front_matter", "comment_block", "html_block"}


def leading_h1(tokens: Sequence[Token]) -> str | None:
    """The text of a ``# H1`` that is the note's first visible block, if there is one."""
    for index, token in enumerate(tokens):
        if token.type in _INVISIBLE and (token.type != "html_block" or _is_comment(token)):
            continue
        if token.type == "heading_open" and token.tag == "h1" and index + 1 < len(tokens):
            text = tokens[index + 1].content.strip()
            return text or None
        return None
    return None


def _is_comment(token: Token) -> bool:
    return token.content.lstrip().startswith("<!--")


def note_title(docname: str, frontmatter_title: object = None, h1: str | None = None) -> str:
    """Frontmatter ``title``, else the leading H1, else the file name without ``.md``."""
    if frontmatter_title is not None and str(frontmatter_title).strip():
        return str(frontmatter_title).strip()
    if h1:
        return h1
    name = posixpath.basename(docname)
    return name[:-3] if name.casefold().endswith(".md") else name
