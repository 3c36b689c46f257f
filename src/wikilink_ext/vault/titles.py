"""A note's title, by Obsidian's rule.

Obsidian names a note by its file everywhere: the file explorer, links, the graph, the
inline title. The ``title`` property may override it (as publishing tools read it). A
leading ``# H1`` is content, not the title: a note ``10 - TCP`` that starts with
``# introduzione`` is listed as "10 - TCP", and ``# 1 [[Alpha]]`` never becomes a label.
When the H1 says the same as the title (most notes start ``# <their name>``), the page
shows it once: the H1 is the title's heading.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from markdown_it.token import Token

__all__ = ["leading_h1", "note_title", "same_title"]

# blocks that Obsidian does not show, so they do not stop an H1 from being the first block
_INVISIBLE = {"front_matter", "comment_block", "html_block"}
_SPACES = re.compile(r"\s+")


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


def note_title(docname: str, frontmatter_title: object = None) -> str:
    """Frontmatter ``title``, else the file name without ``.md``."""
    if frontmatter_title is not None and str(frontmatter_title).strip():
        return str(frontmatter_title).strip()
    name = posixpath.basename(docname)
    return name[:-3] if name.casefold().endswith(".md") else name


def same_title(h1: str | None, title: str) -> bool:
    """Whether a leading H1 (as written) says the title, up to case and spacing."""
    if not h1:
        return False
    return _SPACES.sub(" ", h1).strip().casefold() == _SPACES.sub(" ", title).strip().casefold()
