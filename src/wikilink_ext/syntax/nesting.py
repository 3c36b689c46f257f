"""Content nested deeper than markdown-it's ``maxNesting`` is kept, flattened, never dropped.

markdown-it stops parsing a container at ``options.maxNesting`` levels (20 in CommonMark
mode, a guard against recursion) and silently skips the rest of it: a quote nested 20
deep loses its text. Obsidian shows it. This block rule runs first, one level before the
limit, and turns the rest of the container into one paragraph whose lines keep their text
without the ``>`` markers. The paragraph carries ``meta["flattened"]`` (the nesting level)
so a renderer can say where content was flattened.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

__all__ = ["deep_nesting_plugin"]

_QUOTE_MARKERS = re.compile(r"^(?:[ \t]*>)+[ \t]?")


def _flatten(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    limit = state.md.options.maxNesting
    # paragraph_open takes one level and its inline another: start one level early
    if state.level < limit - 2 or state.is_code_block(start_line):
        return False
    if silent:
        return True
    lines: list[str] = []
    line = start_line
    while line < end_line:
        begin, end = state.bMarks[line] + state.tShift[line], state.eMarks[line]
        if begin < end and state.sCount[line] < state.blkIndent:
            break  # the container ends here (a dedented line)
        text = _QUOTE_MARKERS.sub("", state.src[begin:end]).strip()
        if text:
            lines.append(text)
        line += 1
    state.line = max(line, start_line + 1)
    if not lines:
        return True
    opener = state.push("paragraph_open", "p", 1)
    opener.map = [start_line, state.line]
    opener.meta = {"flattened": state.level}
    inline = state.push("inline", "", 0)
    inline.content = "\n".join(lines)
    inline.map = [start_line, state.line]
    inline.children = []
    state.push("paragraph_close", "p", -1)
    return True


def deep_nesting_plugin(md: MarkdownIt) -> None:
    """Keep content beyond ``maxNesting`` as a flattened paragraph (``meta["flattened"]``)."""
    first = md.block.ruler.get_all_rules()[0]
    md.block.ruler.before(first, "deep_nesting", _flatten)
