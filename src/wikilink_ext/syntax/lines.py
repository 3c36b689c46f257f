"""Line numbers of inline tokens, counted once per paragraph rather than once per token.

A token's line is its paragraph's first line plus the newlines before it in the inline
source. Counting from the start for every token is quadratic in a long paragraph (100k
links on one line, a paragraph of citations); inline rules run left to right, so the
count resumes from the last position asked about.
"""

from __future__ import annotations

from markdown_it.rules_inline import StateInline

__all__ = ["line_offset"]

_CACHE = "_wikilink_line_cache"


def line_offset(state: StateInline, pos: int) -> int:
    """Newlines in ``state.src`` before ``pos``; amortised linear over one inline parse."""
    last_pos, last_count = getattr(state, _CACHE, (0, 0))
    if pos >= last_pos:
        count = last_count + state.src.count("\n", last_pos, pos)
    else:
        count = state.src.count("\n", 0, pos)
    setattr(state, _CACHE, (pos, count))
    return count
