# ruff: noqa: E501  (exact warning lines are clearer unwrapped)
"""Uncited claims: the sentence splitter, what makes a claim, the detector on a note, and the
``wikilink.uncited-claim`` warning of a whole build (off by default)."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file
from sphinx.testing.util import SphinxTestApp

from wikilink_ext.bib.claims import claim_reason, compile_rules, uncited_claims
from wikilink_ext.bib.prose import CITE, COMMENT, sentences
from wikilink_ext.syntax.markdown import obsidian_parser

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BOOK = Path(__file__).parent.parent / "book"
BOOK_RULES = compile_rules(runpy.run_path(str(BOOK / "conf.py"))["wikilink_claim_patterns"])
"""The book's own kinds of claim (its field's notation), from book/conf.py."""


def _split(text: str) -> list[str]:
    return [text[s.start : s.end].strip() for s in sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Olah et al. show it. Next.", ["Olah et al. show it.", "Next."]),
        ("See e.g. Fig. 3 for it. Next.", ["See e.g. Fig. 3 for it.", "Next."]),
        ("J. Smith wrote it.", ["J. Smith wrote it."]),
        ("Head 9.9 copies. Next.", ["Head 9.9 copies.", "Next."]),
        ("lowercase. after a stop", ["lowercase. after a stop"]),
        (f'"A quotation." {CITE}. Next.', [f'"A quotation." {CITE}.', "Next."]),
        (f"Ours. {COMMENT} Next.", [f"Ours. {COMMENT}", "Next."]),
        ("Why? Because! Then.", ["Why?", "Because!", "Then."]),
        ("It ends 2020. 26 heads follow.", ["It ends 2020.", "26 heads follow."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The circuit has 26 heads.", ("a number", "26")),
        ("ACDC kept 68 of 32,000 edges.", ("a number", "68")),
        ("It reaches 46% accuracy.", ("a percentage", "46%")),
        ("It reaches 46.5 percent.", ("a percentage", "46.5 percent")),
        ("Head L9H9 copies.", None),  # a field's notation: the vault's own rules
        ("Name mover 9.9 copies.", ("a number", "9.9")),
        ("Layer 5 writes.", ("a number", "5")),
        ("It appeared in 2020.", ("a year", "2020")),
        ("It appeared in March 2022.", ("a date", "March 2022")),
        ("Olah et al. show this.", ("an attribution", "et al.")),
        ("According to the paper, it works.", ("an attribution", "According to")),
        ("Wang (2023) found a circuit.", ("an attribution", "Wang (2023) found")),
        ("GPT-2 and InceptionV1 and mixed4c.", None),
        ("Two layers and three heads.", None),
        ("A plain sentence.", None),
        ("In \x03Claim 1\x04 we read.", None),  # link text is a name
        ("The value \x01 is small.", None),  # code, maths, a #tag or an embed
    ],
)
def test_claim_reason(sentence: str, expected: tuple[str, str] | None) -> None:
    assert claim_reason(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Head L9H9 copies.", ("a head or layer index", "L9H9")),
        ("Name mover 9.9 copies.", ("a number or head index", "9.9")),
        ("Layer 5 writes.", ("a head or layer index", "Layer 5")),
        ("The circuit has 26 heads.", ("a number", "26")),
    ],
)
def test_the_book_adds_its_own_kinds_of_claim(
    sentence: str, expected: tuple[str, str] | None
) -> None:
    assert claim_reason(sentence, BOOK_RULES) == expected


NOTE = """\
# Title with 26 in it

Uncited: the circuit has 26 heads.

Cited in the paragraph: it has 26 heads. Really [@k].

Editorial: we ran 3 seeds. %%editorial%%

- A list item with 7 classes.
- A cited list item with 7 classes [@k].

```
26 heads in code
```

$$
26
$$

| a | b |
|---|---|
| 1 | 2 |

> [!quote] Q [@k]
> 26 quoted words.
"""


def test_uncited_claims_of_a_note() -> None:
    found = [
        (c.line, c.kind, c.evidence, c.sentence) for c in uncited_claims(NOTE, obsidian_parser())
    ]
    assert found == [
        (3, "a number", "26", "Uncited: the circuit has 26 heads."),
        (9, "a number", "7", "A list item with 7 classes."),
        (22, "a number", "1", "1"),
        (22, "a number", "2", "2"),
    ]


def _warnings(app: SphinxTestApp) -> list[str]:
    text = ANSI.sub("", app.warning.getvalue()).replace(str(app.srcdir) + "/", "SRC/")
    return [line for line in text.splitlines() if "WARNING" in line]


@pytest.mark.sphinx("html", testroot="claims")
def test_uncited_claim_warnings(app: SphinxTestApp) -> None:
    app.build()
    tail = "cite a source in the sentence or its paragraph, or mark it %%editorial%% [wikilink.uncited-claim]"
    assert [line for line in _warnings(app) if "uncited-claim" in line] == [
        f'SRC/index.md:3: WARNING: uncited claim (a number: 26): "The circuit has 26 heads."; {tail}',
        f'SRC/index.md:7: WARNING: uncited claim (a number or head index: 9.9): "Name movers such as 9.9 copy the name."; {tail}',
        f'SRC/index.md:10: WARNING: uncited claim (an attribution: et al.): "Wang et al. show that backup heads exist."; {tail}',
        f'SRC/index.md:22: WARNING: uncited claim (a number or head index: 9.9): "9.9"; {tail}',
        f'SRC/index.md:22: WARNING: uncited claim (a number or head index: 0.8): "0.8"; {tail}',
        f'SRC/index.md:34: WARNING: uncited claim (a head or layer index: Layer 9): "Layer 9 holds the name movers."; {tail}',
    ]


@pytest.mark.sphinx("html", testroot="claims", confoverrides={"wikilink_uncited_claims": False})
def test_uncited_claims_off_by_default_option(app: SphinxTestApp) -> None:
    app.build()
    assert not [line for line in _warnings(app) if "uncited-claim" in line]


CASES = read_fixture_file(Path(__file__).parent / "fixtures" / "claims.md")


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, expected) for _, _, text, expected in CASES],
    ids=[title for _, title, _, _ in CASES],
)
def test_claims_fixture(text: str, expected: str) -> None:
    refs = {"wang": "wang2023"}
    found = [
        f"{claim.line}: {claim.kind} ({claim.evidence})"
        for claim in uncited_claims(text, obsidian_parser(), refs, extra=BOOK_RULES)
    ]
    assert found == expected.splitlines()
