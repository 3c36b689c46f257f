"""Obsidian highlights: ``==text==`` becomes ``<mark>``.

Obsidian's help page "Basic formatting syntax" lists "Highlight | ``== ==`` |
``==Highlighted text==``" next to bold, italics and strikethrough, and "Obsidian Flavored
Markdown" lists ``==Text==`` among Obsidian's own extensions. The rule reuses markdown-it's
delimiter machinery exactly as ``~~strikethrough~~`` does (a port of markdown-it-mark), so
flanking rules apply (``a == b`` stays text) and emphasis, links and code nest inside.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

__all__ = ["highlight_plugin"]

_MARKER = "="


def _tokenize(state: StateInline, silent: bool) -> bool:
    """Push each ``==`` as a text token and record it as a delimiter."""
    start = state.pos
    if silent or state.src[start] != _MARKER:
        return False

    scanned = state.scanDelims(start, True)
    length = scanned.length
    if length < 2:
        return False

    if length % 2:
        token = state.push("text", "", 0)
        token.content = _MARKER
        length -= 1

    for _ in range(length // 2):
        token = state.push("text", "", 0)
        token.content = _MARKER * 2
        state.delimiters.append(
            Delimiter(
                marker=ord(_MARKER),
                length=0,  # disable the "rule of 3" like strikethrough
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )

    state.pos += scanned.length
    return True


def _post_process_list(state: StateInline, delimiters: list[Delimiter]) -> None:
    lone_markers: list[int] = []
    for start_delim in delimiters:
        if start_delim.marker != ord(_MARKER) or start_delim.end == -1:
            continue
        end_delim = delimiters[start_delim.end]

        token = state.tokens[start_delim.token]
        token.type, token.tag, token.nesting = "mark_open", "mark", 1
        token.markup, token.content = "==", ""

        token = state.tokens[end_delim.token]
        token.type, token.tag, token.nesting = "mark_close", "mark", -1
        token.markup, token.content = "==", ""

        before = state.tokens[end_delim.token - 1]
        if before.type == "text" and before.content == _MARKER:
            lone_markers.append(end_delim.token - 1)

    # An odd run "===" is split "=" + "==": move the lone "=" after the closing tag.
    while lone_markers:
        i = lone_markers.pop()
        j = i + 1
        while j < len(state.tokens) and state.tokens[j].type == "mark_close":
            j += 1
        j -= 1
        if i != j:
            state.tokens[i], state.tokens[j] = state.tokens[j], state.tokens[i]


def _post_process(state: StateInline) -> None:
    """Turn balanced ``==`` delimiter pairs into ``mark_open``/``mark_close``."""
    _post_process_list(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _post_process_list(state, meta["delimiters"])


def highlight_plugin(md: MarkdownIt) -> None:
    """Parse ``==text==`` into ``mark_open``/``mark_close`` tokens (tag ``mark``).

    The default HTML renderer already renders them as ``<mark>...</mark>``.
    """
    md.inline.ruler.before("emphasis", "mark", _tokenize)
    md.inline.ruler2.before("emphasis", "mark", _post_process)
