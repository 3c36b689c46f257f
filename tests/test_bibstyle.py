"""The author-year bibliography style: labels, disambiguation, titles as published."""

from __future__ import annotations

from pybtex.database import parse_string

from wikilink_ext.bib.style import AuthorYearLabels, AuthorYearStyle

BIB = r"""
@misc{one, author = {Smith, Jane}, title = {Circuits in {GPT-2} Small}, year = {2020}}
@misc{two, author = {Smith, Jane and Doe, John}, title = {B}, year = {2020}}
@misc{three, author = {Lee, A and Kim, B and Park, C}, title = {C}, year = {2021}}
@misc{four, author = {Lee, A and Kim, B and Park, C}, title = {D}, year = {2021}}
"""


def test_labels() -> None:
    entries = list(parse_string(BIB, "bibtex").entries.values())
    labels = list(AuthorYearLabels().format_labels(entries))
    assert labels == [
        "Smith, 2020",
        "Smith and Doe, 2020",
        "Lee et al., 2021a",
        "Lee et al., 2021b",
    ]


def test_titles_keep_their_case() -> None:
    data = parse_string(BIB, "bibtex")
    formatted = list(AuthorYearStyle().format_entries(data.entries.values()))
    by_key = {entry.key: entry.text.render_as("text") for entry in formatted}
    assert "Circuits in GPT-2 Small" in by_key["one"]
    assert [entry.key for entry in formatted] == ["three", "four", "one", "two"]  # author, year
