"""The cite box: BibTeX that no title can break, RIS, CSL-JSON, meta tags, and a build with
the book's own configuration whose book.bib and meta tags agree with CITATION.cff."""

from __future__ import annotations

import html
import json
import re
import runpy
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_string
from sphinx.testing.util import SphinxTestApp

from wikilink_ext.pages.citebox import (
    Author,
    CiteData,
    bibtex,
    bibtex_escape,
    csl_json,
    meta_tags,
    parse_authors,
    ris,
)

ROOT = Path(__file__).resolve().parent.parent


def _data(title: str = "Circuit", authors: str = "The Example authors") -> CiteData:
    return CiteData(
        key="book2026:circuit",
        title=title,
        book="A Book",
        authors=parse_authors(authors),
        year="2026",
        version="0.1.0",
        url="https://example.org/Circuit.html",
        chapter=True,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain title", "Plain title"),
        ("a}b{c", r"a\textbraceright{}b\textbraceleft{}c"),
        ("50% & $5 #1 under_score", r"50\% \& \$5 \#1 under\_score"),
        ("back\\slash ~ ^", r"back\textbackslash{}slash \textasciitilde{} \textasciicircum{}"),
        ("two\nlines", "two lines"),
        ("at @misc{x,", r"at @misc\textbraceleft{}x,"),
    ],
)
def test_bibtex_escape(text: str, expected: str) -> None:
    assert bibtex_escape(text) == expected


@pytest.mark.parametrize(
    "title",
    [
        "Evil}, note = {injected}",
        "}} @misc{other, title = {x}}",
        "Unbalanced { brace",
        "Back\\slash}",
        'Quote " and } and @',
    ],
)
def test_no_title_breaks_the_record(title: str) -> None:
    record = bibtex(_data(title))
    entries = parse_string(record, "bibtex").entries
    assert list(entries) == ["book2026:circuit"]
    entry = entries["book2026:circuit"]
    assert set(entry.fields) == {"title", "year", "howpublished", "note"}
    assert entry.fields["title"] == bibtex_escape(title)
    assert [str(p) for p in entry.persons["author"]] == ["{The Example authors}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Example authors", [Author("The Example authors", True)]),
        ("Jane Doe and John Roe", [Author("Jane Doe", False), Author("John Roe", False)]),
        (
            "Jane Doe and Interpretability Team",
            [Author("Jane Doe", False), Author("Interpretability Team", True)],
        ),
        ("Open Source Project", [Author("Open Source Project", True)]),
        (
            "Olah, Chris and Elhage, Nelson",
            [Author("Olah, Chris", False), Author("Elhage, Nelson", False)],
        ),
    ],
)
def test_parse_authors(text: str, expected: list[Author]) -> None:
    assert list(parse_authors(text)) == expected


@pytest.mark.parametrize(
    ("name", "family", "given", "display"),
    [
        ("Olah, Chris", "Olah", "Chris", "Chris Olah"),
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig", "Ludwig van Beethoven"),
        ("van Beethoven, Ludwig", "van Beethoven", "Ludwig", "Ludwig van Beethoven"),
        ("King, Jr., Martin Luther", "King, Jr.", "Martin Luther", "Martin Luther King, Jr."),
        ("Plato", "Plato", "", "Plato"),
    ],
)
def test_person_names_as_bibtex_reads_them(
    name: str, family: str, given: str, display: str
) -> None:
    author = Author(name, corporate=False)
    assert author.family_given == (family, given)
    assert author.display == display


def test_corporate_author_is_braced_twice_and_people_are_not() -> None:
    record = bibtex(_data(authors="The Example authors and Jane Doe"))
    assert "  author = {{The Example authors} and Jane Doe},\n" in record
    people = parse_string(record, "bibtex").entries["book2026:circuit"].persons["author"]
    assert [p.last_names for p in people] == [["{The Example authors}"], ["Doe"]]


def test_ris() -> None:
    assert ris(_data("Two\nlines", "The Example authors and Jane Doe")) == (
        "TY  - CHAP\n"
        "TI  - Two lines\n"
        "T2  - A Book\n"
        "AU  - The Example authors\n"
        "AU  - Doe, Jane\n"
        "PY  - 2026\n"
        "ET  - Version 0.1.0\n"
        "UR  - https://example.org/Circuit.html\n"
        "ER  - \n"
    )


def test_csl_json() -> None:
    (item,) = json.loads(csl_json(_data('A "quoted" }', "The Example authors and Jane Doe")))
    assert item == {
        "id": "book2026:circuit",
        "type": "chapter",
        "title": 'A "quoted" }',
        "container-title": "A Book",
        "author": [{"literal": "The Example authors"}, {"family": "Doe", "given": "Jane"}],
        "issued": {"date-parts": [[2026]]},
        "version": "0.1.0",
        "URL": "https://example.org/Circuit.html",
    }


def test_meta_tags() -> None:
    assert meta_tags(_data()) == [
        ("citation_title", "Circuit"),
        ("citation_inbook_title", "A Book"),
        ("citation_author", "The Example authors"),
        ("citation_publication_date", "2026"),
        ("citation_public_url", "https://example.org/Circuit.html"),
        ("DC.title", "Circuit"),
        ("DC.creator", "The Example authors"),
        ("DC.date", "2026"),
        ("DC.identifier", "https://example.org/Circuit.html"),
    ]


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") and values.get("content") is not None:
            self.tags.append((str(values["name"]), str(values["content"])))


def _meta(html: str) -> dict[str, list[str]]:
    parser = _Meta()
    parser.feed(html)
    found: dict[str, list[str]] = {}
    for name, content in parser.tags:
        found.setdefault(name, []).append(content)
    return found


def test_citation_cff_book_bib_and_meta_tags_agree(tmp_path: Path) -> None:
    """A vault built with the book's own settings cites the book as CITATION.cff does."""
    book = runpy.run_path(str(ROOT / "book" / "conf.py"))
    names = ("project", "author", "copyright", "version", "release", "html_baseurl")
    names += ("wikilink_cite_pdf_url",)
    settings = {name: book[name] for name in names}
    src = tmp_path / "vault"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["wikilink_ext"]\nwikilink_cite_box = True\n', encoding="utf-8"
    )
    (src / "index.md").write_text("# Home\n\n[[A } @tricky note]]\n", encoding="utf-8")
    (src / "A } @tricky note.md").write_text("# A } @tricky note\n\nText.\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, confoverrides=settings)
    try:
        app.build()
    finally:
        app.cleanup()
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cff_authors = [a["name"] for a in cff["authors"]]
    cff_year = str(cff["preferred-citation"]["year"])

    records = parse_string(Path(app.outdir, "book.bib").read_text(encoding="utf-8"), "bibtex")
    whole = records.entries["mechanisticinterpretability2026"]  # whole words, not cut
    assert whole.type == "misc"
    assert whole.fields["title"] == cff["title"]
    assert [str(p).strip("{}") for p in whole.persons["author"]] == cff_authors
    assert whole.fields["year"] == cff_year
    assert whole.fields["note"] == f"Version {cff['version']}"
    assert whole.fields["howpublished"] == "\\url{" + cff["url"] + "}"
    tricky = records.entries["mechanisticinterpretability2026:a-tricky-note"]
    assert tricky.fields["title"] == r"A \textbraceright{} @tricky note"
    assert len(records.entries) == 3  # the book, its two pages: no injected entry

    home = _meta(Path(app.outdir, "index.html").read_text(encoding="utf-8"))
    assert home["citation_title"] == [cff["title"]] == home["DC.title"]
    assert home["citation_author"] == cff_authors == home["DC.creator"]
    assert home["citation_publication_date"] == [cff_year] == home["DC.date"]
    assert home["citation_public_url"] == [cff["url"]] == home["DC.identifier"]
    assert home["citation_pdf_url"] == [book["wikilink_cite_pdf_url"]]
    assert home["citation_pdf_url"][0].startswith(cff["url"].split("/en/")[0])
    page = Path(app.outdir, "A } @tricky note.html").read_text(encoding="utf-8")
    assert '<meta name="citation_title" content="A } @tricky note" />' in page
    meta = _meta(page)
    assert "citation_pdf_url" not in meta  # the PDF is the book's, not the page's
    assert meta["citation_inbook_title"] == [cff["title"]]
    assert meta["citation_public_url"] == [cff["url"] + "A%20%7D%20%40tricky%20note.html"]
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    # no access date frozen at build time: the reader's reference manager adds the day read
    assert "urldate" not in text and "Y2  -" not in text and '"accessed"' not in text
    assert "accessed" not in text


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="needs BibTeX (TeX Live)")
@pytest.mark.parametrize("chapter", [False, True])
def test_plain_bst_prints_the_address_and_no_edition(tmp_path: Path, chapter: bool) -> None:
    """BibTeX's own plain.bst (which has no url field) renders the record whole, warning-free."""
    data = CiteData(
        key="book2026:circuit" if chapter else "book2026",
        title="Circuit" if chapter else "A Book",
        book="A Book",
        authors=parse_authors("The Example authors"),
        year="2026",
        version="0.1.0",
        url="https://example.org/A%20page.html",
        chapter=chapter,
    )
    (tmp_path / "refs.bib").write_text(bibtex(data), encoding="utf-8")
    (tmp_path / "doc.aux").write_text(
        f"\\citation{{{data.key}}}\n\\bibstyle{{plain}}\n\\bibdata{{refs}}\n", encoding="utf-8"
    )
    run = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0 and "Warning" not in run.stdout, run.stdout
    bbl = " ".join((tmp_path / "doc.bbl").read_text(encoding="utf-8").split())
    assert "\\url{https://example.org/A%20page.html}" in bbl
    assert "Version 0.1.0" in bbl and "edition" not in bbl
    assert ("In \\emph{A Book}" in bbl) == chapter
