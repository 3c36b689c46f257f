"""The words around a link, and the opening words of a note: short excerpts for backlinks
and hover previews.

An excerpt is a tuple of segments ``(kind, text)``: ``"text"``, ``"math"`` (TeX source, kept
whole, never cut), ``"code"`` (an inline code span, kept whole and as written: a sentence
that quotes ``[[A#B]]`` in code must not read as a link), ``"mark"`` (the linking words,
shown emphasised). Pure functions: no
Sphinx, no docutils; the glue turns paragraphs into segments and excerpts back into nodes or
JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["WHOLE", "Excerpt", "Segment", "around", "clean", "opening", "plain"]

Segment = tuple[str, str]

WHOLE = ("math", "code")  # segments never cut, their spaces kept
Excerpt = tuple[Segment, ...]

ELLIPSIS = "…"
# A sentence ends at . ! ? or … (after any closing quotes or brackets) followed by space,
# except after the abbreviations that citations and references use. The punctuation is
# matched first and the abbreviations checked behind it (each lookbehind takes the mark in
# as ``.``): lookbehinds tried at every character made this scan a tenth of a build.
_ABBREVIATIONS = (
    "al",
    r"e\.g",
    r"i\.e",
    "cf",
    "sec",
    "Sec",
    "fig",
    "Fig",
    "eq",
    "Eq",
    "vs",
    "ch",
    "app",
    "pp",
    "p",
    "no",
    "vol",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "St",
    "[A-Z]",
)
_END = re.compile(
    "[.!?…]" + "".join(rf"(?<!\b{word}.)" for word in _ABBREVIATIONS) + r"[)\]\"'”’»]*\s+"  # noqa: RUF001
)


_SPACES = re.compile(r"\s+")


def clean(segments: Iterable[Segment]) -> Excerpt:
    """Collapse whitespace, drop empty segments and merge neighbours of the same kind."""
    runs: list[tuple[str, list[str]]] = []  # neighbours of one kind, joined once at the end
    for kind, text in segments:
        if not text:
            continue
        if runs and runs[-1][0] == kind and kind not in WHOLE:
            runs[-1][1].append(text)
        else:
            runs.append((kind, [text]))
    out: list[Segment] = []
    for kind, parts in runs:
        text = "".join(parts) if kind in WHOLE else _SPACES.sub(" ", "".join(parts))
        if text:
            out.append((kind, text))
    return _strip(out)


def plain(excerpt: Excerpt) -> str:
    """The excerpt as one string, maths as ``$…$``, code as ```…``` (a title or a test)."""
    wrap = {"math": "${}$", "code": "`{}`"}
    return "".join(wrap.get(k, "{}").format(t) for k, t in excerpt)


def _strip(out: list[Segment]) -> Excerpt:
    while out and out[0][0] not in WHOLE and not out[0][1].strip():
        out.pop(0)
    while out and out[-1][0] not in WHOLE and not out[-1][1].strip():
        out.pop()
    if out and out[0][0] not in WHOLE:
        out[0] = (out[0][0], out[0][1].lstrip())
    if out and out[-1][0] not in WHOLE:
        out[-1] = (out[-1][0], out[-1][1].rstrip())
    return tuple(out)


def _mask(segments: Excerpt) -> tuple[str, list[tuple[int, int]]]:
    """The excerpt as text with maths blanked out (no sentence ends inside a formula), and
    the character spans of the maths segments."""
    parts = []
    spans = []
    position = 0
    for kind, text in segments:
        if kind in WHOLE:
            parts.append("x" * len(text))
            spans.append((position, position + len(text)))
        else:
            parts.append(text)
        position += len(text)
    return "".join(parts), spans


def _slice(segments: Excerpt, start: int, end: int) -> list[Segment]:
    out: list[Segment] = []
    position = 0
    for kind, text in segments:
        left, right = max(start, position), min(end, position + len(text))
        if left < right:
            out.append((kind, text[left - position : right - position]))
        position += len(text)
    return out


def _outside_maths(index: int, spans: list[tuple[int, int]], forward: bool) -> int:
    for left, right in spans:
        if left < index < right:
            return right if forward else left
    return index


def _trim(
    segments: Excerpt, text: str, spans: list[tuple[int, int]], lo: int, hi: int, limit: int
) -> Excerpt:
    """``text[lo:hi]`` is a sentence; shorten it to about ``limit`` characters around the
    middle of the marked words, cutting at spaces and outside formulas."""
    if hi - lo <= limit:
        return _strip(_slice(segments, lo, hi))
    marks = [i for i, (k, _) in enumerate(segments) if k == "mark"]
    centre = lo
    if marks:
        centre = sum(len(t) for _, t in segments[: marks[0]])
    start = max(lo, min(centre - limit // 3, hi - limit))
    end = min(hi, start + limit)
    if start > lo:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < centre else start
    if end < hi:
        space = text.rfind(" ", start, end)
        end = space if space > centre else end
    start = _outside_maths(start, spans, forward=False)
    end = _outside_maths(end, spans, forward=True)
    out = _slice(segments, start, end)
    if start > lo:
        out.insert(0, ("text", ELLIPSIS))
    if end < hi:
        out.append(("text", ELLIPSIS))
    return clean(out)


def around(segments: Iterable[Segment], limit: int = 240) -> Excerpt:
    """The sentence that holds the first ``mark`` segment, trimmed to about ``limit``
    characters around the mark (the whole text when it has no mark)."""
    excerpt = clean(segments)
    text, spans = _mask(excerpt)
    marks = [i for i, (k, _) in enumerate(excerpt) if k == "mark"]
    if not marks:
        return opening(excerpt, limit)
    mark_start = sum(len(t) for _, t in excerpt[: marks[0]])
    mark_end = mark_start + len(excerpt[marks[0]][1])
    lo = 0
    for match in _END.finditer(text):
        if match.end() <= mark_start:
            lo = match.end()
    hi = len(text)
    for match in _END.finditer(text, mark_end):
        hi = match.start() + 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        break
    return _trim(excerpt, text, spans, lo, hi, limit)


def opening(segments: Iterable[Segment], limit: int = 300) -> Excerpt:
    """Whole sentences from the start, as many as fit in ``limit`` characters (at least one,
    cut at a space with an ellipsis if the first alone is longer)."""
    excerpt = clean(segments)
    text, spans = _mask(excerpt)
    if len(text) <= limit:
        return excerpt
    end = 0
    for match in _END.finditer(text):
        stop = match.start() + 1
        while stop < len(text) and not text[stop].isspace():
            stop += 1
        if stop > limit:
            break
        end = stop
    if end:
        return _strip(_slice(excerpt, 0, end))
    return _trim(excerpt, text, spans, 0, len(text), limit)
