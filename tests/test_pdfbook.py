"""The PDF reads like a book: the LaTeX document the builder writes, in order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root


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
        r"\wikilinkbackmatter",
        r"\chapter{References}",
        r"\wikilinkbibliographyhere{References}",
        r"\begin{sphinxthebibliography}",
        r"\appendix",  # the appendices follow the References, lettered again
        r"\wikilinkappendices",
        r"\chapter{Other}",
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
    for macro in ("frontmatter", "tableofcontents", "backmatter", "appendices", "bibliographyhere"):
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


def _parted(make_app, src: Path, **overrides: object) -> str:  # type: ignore[no-untyped-def]
    """The LaTeX body of the nav vault with its home note in two parts."""
    (src / "index.md").write_text(
        "# Home\n\nIntro.\n\n## Concepts\n\n1. [[Zebra]]\n2. [[Note 10]]\n\n"
        "## Methods\n\n1. [[Banana]]\n2. [[apple]]\n",
        encoding="utf-8",
    )
    app = make_app("latex", srcdir=src, confoverrides=overrides)
    app.build()
    return tex(app)


def test_each_heading_of_the_home_list_is_a_part(make_app, sphinx_test_tempdir: Path) -> None:  # type: ignore[no-untyped-def]
    body = _parted(make_app, copy_root("nav", sphinx_test_tempdir / "pdf-parts"))
    order = positions(
        body,
        r"\wikilinktableofcontents",
        r"\part{Concepts}",
        r"\chapter{Zebra}",
        r"\chapter{Note 10}",
        r"\part{Methods}",
        r"\chapter{Banana}",
        r"\chapter{apple}",
    )
    assert order == sorted(order)
    assert body.count(r"\part{") == 2


def test_a_home_list_under_one_heading_has_no_parts(app_nav_tex: str) -> None:
    assert r"\part{" not in app_nav_tex


@pytest.fixture
def app_nav_tex(make_app, sphinx_test_tempdir: Path) -> str:  # type: ignore[no-untyped-def]
    src = copy_root("nav", sphinx_test_tempdir / "pdf-no-parts")
    app = make_app("latex", srcdir=src)
    app.build()
    return tex(app)


def test_wikilink_appendices_are_the_pdf_appendices(make_app, sphinx_test_tempdir: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("nav", sphinx_test_tempdir / "pdf-appendix")
    body = _parted(make_app, src, wikilink_appendices=["Note 2"])
    appendix, chapter = positions(body, r"\appendix", r"\chapter{Note 2}")
    assert appendix < chapter
    assert body.count(r"\chapter{Note 2}") == 1
    # the notes listed in the home note are not appendices
    assert body.index(r"\chapter{apple}") < appendix
