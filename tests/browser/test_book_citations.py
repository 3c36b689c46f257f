"""The built book: no two works share a citation label anywhere in its HTML (issue: "Olah et
al., 2020" for both Zoom In and Naturally Occurring Equivariance). No browser needed, but
the book is built once per session here, for the browser tests."""

from __future__ import annotations

from pathlib import Path

from citelabels import html_citations, html_labels, html_problems


def test_every_citation_of_the_book_prints_its_own_label(book_html: Path) -> None:
    labels = set(html_labels(book_html).values())
    assert {"Olah et al., 2020a", "Olah et al., 2020b"} <= labels
    assert len(html_citations(book_html)) > 300  # every citation of the book is checked
    assert html_problems(book_html) == []
