"""The words around a link and the opening of a note (vault/context.py): tables."""

from __future__ import annotations

import pytest

from wikilink_ext.vault.context import around, clean, opening, plain

T, M, X = "text", "mark", "math"


@pytest.mark.parametrize(
    ("segments", "expected"),
    [
        # the sentence holding the mark, not its neighbours
        ([(T, "One. Two links "), (M, "here"), (T, " now. Three.")], "Two links here now."),
        # abbreviations and initials do not end a sentence
        (
            [
                (T, "As Elhage et al. (2021, sec. 2) show, e.g. in Fig. 3, the "),
                (M, "head"),
                (T, " copies. Next."),
            ],
            "As Elhage et al. (2021, sec. 2) show, e.g. in Fig. 3, the head copies.",
        ),
        # a full stop inside a formula is not a sentence end
        (
            [(T, "Take "), (X, "x.y"), (T, " and the "), (M, "link"), (T, ". After.")],
            "Take $x.y$ and the link.",
        ),
        # whitespace collapsed
        ([(T, "  a\n  "), (M, "b"), (T, "\tc ")], "a b c"),
        # no mark: the opening
        ([(T, "First. Second.")], "First. Second."),
    ],
)
def test_around(segments: list[tuple[str, str]], expected: str) -> None:
    assert plain(around(segments)) == expected


def test_around_trims_a_long_sentence_around_the_mark_outside_formulas() -> None:
    words = [(T, "word " * 60), (X, "a+b"), (T, " and "), (M, "LINK"), (T, " tail" * 60 + ".")]
    result = around(words, limit=80)
    text = plain(result)
    assert "LINK" in text and text.startswith("…") and text.endswith("…")
    assert len(text) <= 100
    assert all(k != X or t == "a+b" for k, t in result)  # formulas whole or absent
    assert (M, "LINK") in result


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Short.", 300, "Short."),
        ("One sentence. Another one here.", 20, "One sentence."),
        ("A sentence far longer than the limit allows", 20, "A sentence far…"),
    ],
)
def test_opening(text: str, limit: int, expected: str) -> None:
    assert plain(opening([(T, text)], limit)) == expected


def test_clean_merges_neighbours_and_keeps_formulas() -> None:
    assert clean([(T, "a "), (T, " b"), (X, " x "), (M, "m"), (M, "n")]) == (
        (T, "a b"),
        (X, " x "),
        (M, "mn"),
    )
