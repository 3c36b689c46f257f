"""The PDF reads like a book: the LaTeX document the builder writes, in order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp


def tex(app: SphinxTestApp) -> str:
    (path,) = Path(app.outdir).glob("*.tex")
    body = path.read_text(encoding="utf-8")
    return body[body.index(r"\begin{document}") :]


def positions(body: str, *needles: str) -> list[int]:
    found = []
    for needle in needles:
        assert needle in body, needle
        found.append(body.index(needle))
    return found


@pytest.mark.sphinx("latex", testroot="ofm", confoverrides={"latex_appendices": ["Other"]})
def test_front_matter_chapters_appendix_bibliography(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    body = tex(app)
    order = positions(
        body,
        r"\sphinxmaketitle",
        r"\wikilinkfrontmatter",  # unnumbered introduction: the index note's own content
        r"\chapter{index}",
        r"\wikilinktableofcontents",  # contents after the introduction, then numbered chapters
        r"\appendix",
        r"\chapter{Other}",
        r"\wikilinkbackmatter",
        r"\chapter{References}",
        r"\wikilinkbibliographyhere{References}",
        r"\begin{sphinxthebibliography}",
        r"\end{document}",
    )
    assert order == sorted(order)
    # Sphinx's own contents at the top is replaced, and the appendix is there once only.
    assert r"\sphinxtableofcontents" not in body
    assert body.count(r"\chapter{Other}") == 1
    assert body.count(r"\chapter{References}") == 1
    # the bibliography sits inside the References chapter, not after it
    assert body.index(r"\end{sphinxthebibliography}") > body.index(r"\chapter{References}")
    assert r"\bibitem" in body


@pytest.mark.sphinx("latex", testroot="ofm")
def test_notes_are_chapters_and_callouts_keep_their_title(app: SphinxTestApp) -> None:
    app.build()
    body = tex(app)
    intro, contents, other = positions(
        body, r"\chapter{index}", r"\wikilinktableofcontents", r"\chapter{Other}"
    )
    assert intro < contents < other
    assert r"\appendix" not in body
    # every callout box asks for room for its title and the start of its body
    boxes = body.count(r"\begin{sphinxadmonition}")
    assert boxes > 3
    assert len(
        re.findall(r"\\needspace\{\d+\\baselineskip\}\n\\begin\{sphinxadmonition\}", body)
    ) == (boxes)


@pytest.mark.sphinx("latex", testroot="ofm")
def test_preamble_defines_the_book_macros(app: SphinxTestApp) -> None:
    app.build()
    (path,) = Path(app.outdir).glob("*.tex")
    preamble = path.read_text(encoding="utf-8").split(r"\begin{document}")[0]
    for macro in ("frontmatter", "tableofcontents", "backmatter", "bibliographyhere"):
        assert rf"\newcommand{{\wikilink{macro}}}" in preamble


@pytest.mark.sphinx(
    "latex", testroot="embeds", confoverrides={"latex_elements": {"printindex": ""}}
)
def test_no_index_entries_when_no_index_is_printed(app: SphinxTestApp) -> None:
    """Aliases are index entries (for the HTML search); a PDF without an index must not ask
    latexmk for an index processor (xindy) to sort them."""
    app.build()
    assert r"\index{" not in tex(app)


@pytest.mark.sphinx("latex", testroot="embeds")
def test_index_entries_kept_when_the_index_is_printed(app: SphinxTestApp) -> None:
    app.build()
    assert r"\index{Origin" in tex(app)
