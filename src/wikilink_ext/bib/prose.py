"""A note's prose as plain sentences with their citations marked, for the offline checks.

The quotation check (:mod:`.quotes`) and the uncited-claim detector (:mod:`.claims`) both
need "the text of this paragraph, where the citations are, and the line of each word". They
read the note with the vault's own markdown-it parser, so code spans, fences, math, front
matter and comments never look like prose, and a citation is whatever the parser calls one:
``[@key]``, ``@key``, ``[[@key]]``, ``[[References#^id|…]]`` or a footnote.

Pure: no Sphinx, no docutils.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = [
    "CITE",
    "CODE",
    "COMMENT",
    "LINK_CLOSE",
    "LINK_OPEN",
    "MARKERS",
    "Block",
    "Sentence",
    "blocks",
    "sentences",
]

CODE = "\x01"
"""Stands for a code span or inline math: never prose, never a quotation mark."""
CITE = "\x02"
"""Stands for one citation (its keys are in :attr:`Block.cites`)."""
LINK_OPEN = "\x03"
LINK_CLOSE = "\x04"
COMMENT = "\x05"
"""Stands for a ``%%comment%%`` (its text is in :attr:`Block.comments`)."""
MARKERS = CODE + CITE + LINK_OPEN + LINK_CLOSE + COMMENT


@dataclass
class Block:
    """One paragraph, heading, table cell row or callout title, flattened."""

    text: str
    """The visible text; markers stand for citations, code, links and comments."""
    line: int
    """1-based line of the block's first line."""
    kind: str
    """``paragraph``, ``heading``, ``callout_title``, ``table`` (a cell), ``list`` (a list
    item's paragraph), ``footnote`` (a footnote's text) …: the enclosing block's type."""
    cites: dict[int, tuple[str, ...]] = field(default_factory=dict)
    """Position of each :data:`CITE` marker → the keys it cites (empty for footnotes and
    unknown References blocks)."""
    comments: dict[int, str] = field(default_factory=dict)
    """Position of each :data:`COMMENT` marker → the comment's text."""
    callout: int | None = None
    """When inside a callout: the index of that callout in the note (0, 1, …)."""
    callout_kind: str = ""
    """The canonical kind of the innermost enclosing callout (``quote``, ``note`` …)."""
    paragraph: int = 0
    """Blocks with the same number form one paragraph: the cells of one table share it."""
    lines: tuple[int, int] = (0, 0)
    """First and last line (1-based) of the paragraph, or of the whole table for a cell."""

    def line_at(self, pos: int) -> int:
        """The source line of the character at ``pos``."""
        return self.line + self.text.count("\n", 0, pos)

    def cited_keys(self, start: int = 0, end: int | None = None) -> tuple[str, ...]:
        """The keys cited between ``start`` and ``end``, in order, without repeats."""
        stop = len(self.text) if end is None else end
        found = [k for pos, keys in sorted(self.cites.items()) if start <= pos < stop for k in keys]
        return tuple(dict.fromkeys(found))


def _wikilink_keys(
    token: Token, references: Mapping[str, str], references_note: str
) -> tuple[bool, tuple[str, ...]]:
    """(is a citation, keys) for a wikilink: ``[[@key]]`` or ``[[References#^id]]``."""
    target = token.meta.get("target")
    if target is None:
        return False, ()
    if target.path.startswith("@"):
        return True, (target.path[1:].strip(),)
    name = target.path.rsplit("/", 1)[-1]
    if target.block and name.casefold() == references_note.casefold():
        key = references.get(target.block)
        return True, ((key,) if key else ())
    return False, ()


def _flatten(
    children: Sequence[Token], references: Mapping[str, str], references_note: str, block: Block
) -> None:
    parts: list[str] = []
    skipping = 0  # > 0 inside a citation wikilink: its display text is not prose

    def here() -> int:
        return sum(len(p) for p in parts)

    for token in children:
        if skipping:
            skipping += {"wikilink_open": 1, "wikilink_close": -1}.get(token.type, 0)
            continue
        kind = token.type
        if kind == "text":
            parts.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind in ("code_inline", "math_inline", "math_inline_double", "math_single"):
            parts.append(CODE)
        elif kind == "citation":
            block.cites[here()] = tuple(token.meta["citation"].keys)
            parts.append(CITE)
        elif kind in ("footnote_ref", "footnote_inline"):
            block.cites[here()] = ()
            parts.append(CITE)
        elif kind == "wikilink_open":
            is_cite, keys = _wikilink_keys(token, references, references_note)
            if is_cite:
                block.cites[here()] = keys
                parts.append(CITE)
                skipping = 1
            else:
                parts.append(LINK_OPEN)
        elif kind == "wikilink_close":
            parts.append(LINK_CLOSE)
        elif kind in ("image", "wikilink_embed", "tag"):
            parts.append(CODE)  # an embed, an image or a #tag is not prose
        elif kind == "link_open":
            parts.append(LINK_OPEN)
        elif kind == "link_close":
            parts.append(LINK_CLOSE)
        elif kind == "comment_inline":
            block.comments[here()] = token.content
            parts.append(COMMENT)
        elif token.children:
            sub = Block("", block.line, block.kind)
            _flatten(token.children, references, references_note, sub)
            offset = here()
            block.cites.update({offset + p: k for p, k in sub.cites.items()})
            block.comments.update({offset + p: c for p, c in sub.comments.items()})
            parts.append(sub.text)
    block.text = "".join(parts)


def blocks(
    text: str,
    md: MarkdownIt,
    references: Mapping[str, str] | None = None,
    *,
    references_note: str = "References",
) -> Iterator[Block]:
    """Every inline block of a note, flattened, with the callout it sits in.

    ``references``: block id → key of the References note, so that
    ``[[References#^id|…]]`` counts as citing that key.
    """
    refs = references or {}
    callouts: list[tuple[int, str]] = []  # (index, canonical kind) of the open callouts
    seen = 0
    context: list[str] = []
    table = 0
    table_lines = opened = (0, 0)
    for index, token in enumerate(md.parse(text)):
        if token.type == "table_open":
            table = index
            table_lines = (token.map[0] + 1, token.map[1]) if token.map else (0, 0)
        if token.nesting == 1 and token.map:
            opened = (token.map[0] + 1, token.map[1])
        if token.type == "callout_open":
            callout = token.meta.get("kind")
            callouts.append((seen, getattr(callout, "canonical", "")))
            seen += 1
        elif token.type == "callout_close":
            callouts.pop()
        if token.nesting == 1:
            context.append(token.type)
        elif token.nesting == -1 and context:
            context.pop()
        if token.type != "inline" or token.map is None:
            continue
        parent = context[-1] if context else ""
        kind = parent.removesuffix("_open")
        if kind == "paragraph" and "list_item_open" in context:
            kind = "list"
        if "footnote_open" in context:
            kind = "footnote"
        if kind in ("th", "td"):
            kind = "table"
        block = Block("", token.map[0] + 1, kind)
        block.paragraph = table if kind == "table" else index
        block.lines = table_lines if kind == "table" else opened
        if callouts:
            block.callout, block.callout_kind = callouts[-1]
        _flatten(token.children or [], refs, references_note, block)
        yield block


# --- sentences -------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    (
        *("al", "e.g", "i.e", "cf", "vs", "etc", "fig", "figs", "sec", "secs", "eq", "eqs"),
        *("approx", "resp", "mr", "mrs", "ms", "dr", "st", "no", "p", "pp", "ch", "vol"),
        *("ed", "eds", "app", "def", "thm", "lem", "prop"),
    )
)
"""Words after which a full stop does not end a sentence (compared in lowercase)."""

_BOUNDARY = re.compile(
    r"(?>[.!?]+[\"')\]\u201d\u2019" + CITE + COMMENT + r"]*(?:[ \t]*[" + CITE + COMMENT + r"])*"
    r"[.!?]*)(?=\s)"
)
_STARTS = re.compile(r"\s+([\"(\[\u201c\u2018" + CODE + LINK_OPEN + r"]*)(\S)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    """``block.text[start:end]`` is the sentence, with its final punctuation and any
    citation that follows it directly."""


def sentences(text: str) -> list[Sentence]:
    """Split flattened prose into sentences.

    A sentence ends at ``.``, ``!`` or ``?`` (with closing quotes, brackets and citations
    right after it) followed by white space and a capital letter, a digit, a quotation
    mark or a code span; citations and comments right after the full stop still belong to
    the sentence (``"… as they said." [@key]``, ``Our view. %%editorial%%``); not after an
    abbreviation such as "et al.", "e.g." or "Fig.", nor after an initial ("J. Smith").
    """
    found: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        after = _STARTS.match(text, end)
        if after is None:
            continue
        first = after.group(2)
        if not (first.isupper() or first.isdigit() or after.group(1) or first in MARKERS):
            continue
        word = re.search(r"([\w.]+)$", text[start : match.start()])
        if word and match.group().startswith("."):
            last = word.group(1).lower().rstrip(".")
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
        found.append(Sentence(start, end))
        start = after.start(1)
    if text[start:].strip():
        found.append(Sentence(start, len(text)))
    return found
