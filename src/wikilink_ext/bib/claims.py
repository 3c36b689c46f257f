"""Uncited claims: sentences that state a fact of the literature with no citation near them.

A sentence is a *claim* when it states a number (``26 heads``, ``32,000 edges``), a
percentage (``46%``), a year or date (``2020``, ``March 2022``), or an attribution
(``Olah et al. show…``, ``according to…``, ``Wang (2023) found…``). A vault adds the
notation of its own field as more kinds of claim (``wikilink_claim_patterns``, e.g. a head
index ``L9H9``), tried before these. It is *uncited* when neither the sentence nor
its paragraph cites anything (``[@key]``, ``@key``, ``[[@key]]``, ``[[References#^id]]``
or a footnote, which is where a citation may sit).

What never counts, by decision:

- code spans, fenced code, inline and display math (the author's own notation and
  worked examples: ``$W_U W_E$``, ``$5 \\times 5$``), image alt text, link and wikilink
  text (``[[Claim 1]]`` is a name, not a number), digits inside words (``GPT-2``,
  ``InceptionV1``, ``mixed4c``), headings and callout titles;
- footnotes' text: a footnote is where a citation is written ("Wang et al., 2023"), and a
  footnote reference counts as a citation of its sentence;
- quote callouts (their body is checked by :mod:`.quotes`);
- numbers spelled out in words ("three criteria"): too common in ordinary prose to flag.

Tables are one paragraph, and the paragraphs right before and after a table are its
caption: a citation in any cell or in the caption covers the whole table, so a table of
figures from one source needs one citation. A table of the author's own figures has no
source to cite: mark it editorial (``%%editorial%%`` in any cell).

An author marks a sentence as their own with an Obsidian comment in it or right after it,
``%%editorial%%``: Obsidian hides it, the build hides it, and the detector skips that
sentence. ``%%editorial%%`` in a table cell silences the whole table.

Pure: no Sphinx, no docutils.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from markdown_it import MarkdownIt

from .prose import CITE, CODE, LINK_CLOSE, LINK_OPEN, MARKERS, Block, blocks, sentences

__all__ = ["EDITORIAL", "Claim", "Rules", "claim_reason", "compile_rules", "uncited_claims"]

EDITORIAL = "editorial"
"""The comment text (``%%editorial%%``) that marks a sentence as the author's own."""

_SKIPPED_KINDS = frozenset({"heading", "callout_title", "footnote"})

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_VERBS = (
    r"show|shows|showed|shown|find|finds|found|report|reports|reported|argue|argues|argued|"
    r"demonstrate|demonstrates|demonstrated|claim|claims|claimed|observe|observes|observed|"
    r"propose|proposes|proposed|suggest|suggests|suggested|note|notes|noted|conclude|"
    r"concludes|concluded|estimate|estimates|estimated|measure|measures|measured|describe|"
    r"describes|described|write|writes|wrote|call|calls|called|introduce|introduces|introduced"
)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an attribution", re.compile(r"\bet al\.?|\b[Aa]ccording to\b")),
    (
        "an attribution",
        re.compile(
            r"\b[A-Z][\w'-]+(?: and [A-Z][\w'-]+)? \((?:19|20)\d\d[a-z]?\) (?:" + _VERBS + r")\b"
        ),
    ),
    ("a percentage", re.compile(r"(?<![\w.-])\d+(?:[.,]\d+)*\s?%|\b\d+(?:\.\d+)? per ?cent\b")),
    ("a date", re.compile(r"\b(?:" + _MONTHS + r")\.? (?:\d{1,2}, )?(?:19|20)\d\d\b")),
    ("a year", re.compile(r"(?<![\w.,:-])(?:19|20)\d\d(?![\w.,:%-]?\d)(?![\w%])")),
    ("a number", re.compile(r"(?<![\w.,:-])(?<![A-Za-z]-)\d+(?:[.,:]\d+)*(?![\w%])")),
)
"""(what it is, where it is): the first rule that matches names the claim."""


def _visible(text: str) -> str:
    """The sentence with link text and markers blanked (positions kept)."""
    out = re.sub(
        LINK_OPEN + "[^" + LINK_CLOSE + "]*" + LINK_CLOSE, lambda m: " " * len(m.group()), text
    )
    return "".join(" " if c in MARKERS else c for c in out)


Rules = tuple[tuple[str, re.Pattern[str]], ...]


def compile_rules(patterns: Mapping[str, str]) -> Rules:
    """A vault's own kinds of claim, ``{description: regular expression}``."""
    return tuple((kind, re.compile(pattern)) for kind, pattern in patterns.items())


def claim_reason(sentence: str, extra: Rules = ()) -> tuple[str, str] | None:
    """(kind of claim, the text that makes it one) for a flattened sentence, or None;
    ``extra`` rules are tried first."""
    visible = _visible(sentence)
    for kind, pattern in (*extra, *_RULES):
        match = pattern.search(visible)
        if match:
            return kind, match.group().strip()
    return None


@dataclass(frozen=True)
class Claim:
    line: int
    kind: str
    """``a number``, ``a percentage``, ``a year``, ``a date``, ``an attribution`` or the
    description of one of the vault's own rules."""
    evidence: str
    """The text that makes the sentence a claim, e.g. ``26`` or ``et al.``."""
    sentence: str
    """The sentence, markup removed, white space collapsed."""


def _editorial(block: Block, start: int, end: int) -> bool:
    return any(
        start <= pos < end and text.strip().casefold() == EDITORIAL
        for pos, text in block.comments.items()
    )


def _caption(block: Block, table: Block) -> bool:
    """Whether a paragraph sits right before or after a table (at most one blank line)."""
    if block.kind != "paragraph" or block.callout != table.callout:
        return False
    first, last = table.lines
    return 1 <= first - block.lines[1] <= 2 or 1 <= block.lines[0] - last <= 2


def _shown(text: str) -> str:
    for marker in MARKERS:
        text = text.replace(marker, "…" if marker == CODE else "")
    return " ".join(text.split())


def uncited_claims(
    text: str,
    md: MarkdownIt,
    references: Mapping[str, str] | None = None,
    *,
    references_note: str = "References",
    extra: Rules = (),
) -> list[Claim]:
    """The uncited claims of one note, in order (see the module's docstring for the rules)."""
    by_paragraph: dict[int, list[Block]] = {}
    for block in blocks(text, md, references, references_note=references_note):
        if block.kind in _SKIPPED_KINDS or block.callout_kind == "quote":
            continue
        by_paragraph.setdefault(block.paragraph, []).append(block)
    cited = {n for n, members in by_paragraph.items() if any(CITE in b.text for b in members)}
    captions = [by_paragraph[n][0] for n in cited]
    claims: list[Claim] = []
    for number, members in by_paragraph.items():
        table = members[0].kind == "table"
        if number in cited or (table and any(_caption(b, members[0]) for b in captions)):
            continue
        if table and any(_editorial(b, 0, len(b.text)) for b in members):
            continue
        for block in members:
            for span in sentences(block.text):
                sentence = block.text[span.start : span.end]
                found = claim_reason(sentence, extra)
                if found is None or _editorial(block, span.start, span.end):
                    continue
                start = span.start + len(sentence) - len(sentence.lstrip())
                claims.append(Claim(block.line_at(start), *found, _shown(sentence)))
    return sorted(claims, key=lambda claim: claim.line)
