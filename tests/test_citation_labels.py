"""Two works never share one citation label: the text prints "2020a" and "2020b" exactly as
the bibliography does (the ``wikilink-authoryear`` reference style)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from citelabels import html_citations, html_labels, html_problems, text_problems
from wikilink_ext.bib.style import label_year


@pytest.mark.parametrize(
    ("label", "year", "expected"),
    [
        ("Olah et al., 2020a", "2020", "2020a"),
        ("Elhage et al., 2021", "2021", "2021"),
        ("Anonymous, n.d.", "", "n.d."),
        ("1", "2020", "2020"),  # a numeric style's label: the entry's own year
    ],
)
def test_label_year(label: str, year: str, expected: str) -> None:
    assert label_year(label, year) == expected


@pytest.mark.sphinx("html", testroot="labels")
def test_the_text_tells_two_works_apart_as_the_bibliography_does(app: SphinxTestApp) -> None:
    app.build()
    out = Path(app.outdir)
    assert sorted(html_labels(out).values()) == [
        "Elhage et al., 2021",
        "Olah et al., 2020a",
        "Olah et al., 2020b",
    ]
    assert len(html_citations(out)) == 5  # the five citations of index.md, nothing else
    assert html_problems(out) == []
    text = (out / "index.html").read_text(encoding="utf-8")
    assert "Olah <em>et al.</em>, 2020a</a>" in text  # [@olah2020zoom]
    assert "Olah <em>et al.</em>, 2020b</a>" in text  # [@olah2020naturally]
    assert ">2020b</a>" in text and ">2020a</a>" in text  # @key and [-@key]


@pytest.mark.sphinx(
    "html", testroot="labels", confoverrides={"bibtex_reference_style": "author_year"}
)
def test_the_checker_sees_an_ambiguous_label(app: SphinxTestApp) -> None:
    """sphinxcontrib-bibtex's own author_year prints "Olah et al., 2020" for both."""
    app.build()
    assert len(html_problems(Path(app.outdir))) == 4


def test_text_problems() -> None:
    assert text_problems("as Olah et al., 2020a and (Olah et al., 2020b) show") == []
    assert text_problems("Olah et al., 2020a; Olah et al., 2020; Smith, 2020") == [
        "Olah et al., 2020 printed without its letter"
    ]
