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


@pytest.mark.sphinx("latex", testroot="ofm")
def test_chapters_open_on_any_page(app: SphinxTestApp) -> None:
    """openright left a page with only the running header and footer before half the
    chapters and after each part's page."""
    app.build()
    (path,) = Path(app.outdir).glob("*.tex")
    documentclass = re.search(r"\\documentclass\[([^]]*)\]", path.read_text(encoding="utf-8"))
    assert documentclass is not None
    assert "openany" in documentclass[1].split(",")


@pytest.mark.sphinx(
    "latex", testroot="ofm", confoverrides={"latex_elements": {"extraclassoptions": "openright"}}
)
def test_a_vault_that_asks_for_openright_keeps_it(app: SphinxTestApp) -> None:
    app.build()
    (path,) = Path(app.outdir).glob("*.tex")
    assert "openany" not in path.read_text(encoding="utf-8").split(r"\begin{document}")[0]


@pytest.mark.sphinx("latex", testroot="ofm")
def test_linked_from_keeps_to_the_text_before_it(app: SphinxTestApp) -> None:
    """No page break between the Sources list and the "Linked from" line after it: the
    list's end penalty is lifted around the list, and the line follows a \\nopagebreak."""
    app.build()
    body = tex(app)
    assert re.search(
        r"\\begingroup\\wikilinknobreakafterlist\n+\\begin\{itemize\}.*?\\end\{itemize\}\n+"
        r"\\endgroup\n+\\nopagebreak\n+\\sphinxAtStartPar\n\\sphinxstylestrong\{Linked from: \}",
        body,
        re.S,
    ), body[body.index(r"\chapter{Other}") :][:1500]


@pytest.mark.sphinx("latex", testroot="ofm")
def test_cited_in_asks_latex_for_the_pages(app: SphinxTestApp) -> None:
    """Each citation in the text has an anchor and a label; "Cited in" lists, after each
    note, the labels of its citations of the work, for LaTeX to print their pages."""
    app.build()
    body = tex(app)
    places = re.findall(r"\\hypertarget\{(wikilink-cited-\d+)\}\{\}\\label\{\1\}", body)
    assert len(places) == len(set(places)) > 3
    cited = body[body.index(r"\begin{sphinxthebibliography}") :]
    asked = re.findall(r"\\wikilinkcitedpages\{([^}]*)\}", cited)
    assert asked
    labels = [label for group in asked for label in group.split(",")]
    assert set(labels) <= set(places)
    # Other's one citation ("Cites [@lee2021other].") after Other's name in that work's
    # "Cited in"
    other = re.search(r"Cites \\hypertarget\{(wikilink-cited-\d+)\}", body)
    assert other is not None
    assert re.search(
        r"\\sphinxcrossref\{Other\}\}\}\\wikilinkcitedpages\{" + other[1] + r"\}", cited
    )


def test_a_table_with_code_gets_widths_from_its_cells(make_app, sphinx_test_tempdir: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("nav", sphinx_test_tempdir / "pdf-code-table")
    (src / "Zebra.md").write_text(
        "# Zebra\n\n| Command | What it does |\n| --- | --- |\n"
        "| `nox -s linkcheck` | Checks every external link and every DOI and URL of the "
        "bibliography, which needs the network, and fails on broken links. |\n"
        "| `nox -s build` | Builds the HTML book. |\n\n"
        "| Plain | Table |\n| --- | --- |\n| no code | here |\n",
        encoding="utf-8",
    )
    app = make_app("latex", srcdir=src)
    app.build()
    body = tex(app)
    widths = re.search(r"\\begin\{tabular\}\[t\]\{\\X\{(\d+)\}\{100\}\\X\{(\d+)\}\{100\}\}", body)
    assert widths is not None, body
    command, prose = int(widths[1]), int(widths[2])
    # "nox -s linkcheck" whole (16 characters and the padding, of 76), the rest to the prose
    assert 18 / 76 * 100 <= command < prose
    assert body.count(r"\begin{tabulary}") == 1  # the table without code is left to tabulary
