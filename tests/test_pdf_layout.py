"""The book's PDF laid out as a reader meets it: no page without content (only the running
header and footer), no page holding only the "Linked from" line of the chapter before it, no
line running into the margin, no unresolved reference, and page numbers in the "Cited in"
lines of the bibliography.

The PDF and its XeLaTeX log are the fresh ones of the ``book_pdf`` fixture (built from the
sources as they are; a stale PDF is never read). Pages are read with poppler's ``pdftotext
-bbox`` (words with their positions), which tells the running header and footer from the body.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from html import unescape
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from wikilink_ext.pages.latexlog import overfull_boxes, undefined_references

# How far into the margin a line may run unnoticed (a hair, not a character: FreeMono's
# characters are 6pt wide at the book's 10pt)
OVERFULL_TOLERANCE_PT = 2.0
# the named destination of each citation in the text, which "Cited in" links to
CITED = "wikilink-cited-"


class Word(NamedTuple):
    top: float
    bottom: float
    text: str


class Page(NamedTuple):
    number: int
    header: list[Word]
    body: list[Word]
    footer: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.body)


def _words(bbox_html: str) -> list[list[Word]]:
    pages = re.findall(r"<page [^>]*>(.*?)</page>", bbox_html, re.S)
    word = re.compile(r'<word [^>]*yMin="([\d.]+)" [^>]*yMax="([\d.]+)">([^<]*)</word>')
    return [
        [Word(float(top), float(bottom), unescape(text)) for top, bottom, text in word.findall(p)]
        for p in pages
    ]


def split_pages(pages: list[list[Word]]) -> list[Page]:
    """Each page's words as header, body and footer: the running header is the line at the
    top of most pages, the footer the line at the bottom of most pages."""
    tops = Counter(round(min(w.top for w in p)) for p in pages if p)
    bottoms = Counter(round(max(w.bottom for w in p)) for p in pages if p)
    header_top, footer_bottom = tops.most_common(1)[0][0], bottoms.most_common(1)[0][0]
    out = []
    for number, words in enumerate(pages, start=1):
        header = [w for w in words if abs(w.top - header_top) < 2]
        footer = [w for w in words if abs(w.bottom - footer_bottom) < 2]
        body = [w for w in words if w not in header and w not in footer]
        out.append(Page(number, header, body, footer))
    return out


@pytest.fixture(scope="module")
def pages(book_pdf: Path) -> list[Page]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    run = subprocess.run(
        ["pdftotext", "-bbox", str(book_pdf), "-"], capture_output=True, text=True, check=True
    )
    return split_pages(_words(run.stdout))


@pytest.fixture(scope="module")
def log(book_pdf: Path) -> str:
    return book_pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")


def test_the_running_header_and_footer_are_found(pages: list[Page]) -> None:
    """The split itself: most pages have the book's title on top and a page number below."""
    with_header = [p for p in pages if " ".join(w.text for w in p.header).startswith("Mechanistic")]
    assert len(with_header) > len(pages) * 0.6
    assert any(re.fullmatch(r"\d+", w.text) for p in pages[-10:] for w in p.footer)


def test_no_page_without_content(pages: list[Page]) -> None:
    """No page that holds nothing, or only the running header and footer (the blank left
    pages LaTeX adds when every chapter starts on a right-hand page)."""
    empty = [p.number for p in pages if not p.body]
    assert empty == []


def test_the_parts_keep_their_own_pages(pages: list[Page]) -> None:
    part_pages = [p for p in pages if re.match(r"Part (I|II) ", p.text)]
    assert [p.text for p in part_pages] == ["Part I The main concepts", "Part II The main methods"]
    for part in part_pages:  # and the part's first chapter follows right after
        assert pages[part.number].text.startswith("CHAPTER")


def test_no_page_holds_only_a_linked_from_line(pages: list[Page]) -> None:
    """The "Linked from" line ends its chapter; it keeps company with the chapter's text
    rather than going alone onto a page of its own."""
    alone = [p.number for p in pages if p.text.startswith("Linked from:")]
    assert alone == []
    assert sum("Linked from:" in p.text for p in pages) > 30


def test_no_unresolved_reference(log: str) -> None:
    assert undefined_references(log) == []


def test_no_line_runs_into_the_margin(log: str) -> None:
    """Long option names, commands and values in the appendix's tables fit their columns."""
    wide = [box for box in overfull_boxes(log) if box.points > OVERFULL_TOLERANCE_PT]
    assert wide == []


def _cited_in(pages: list[Page]) -> list[str]:
    start = next(p.number for p in pages if p.text.startswith("REFERENCES"))
    end = next(p.number for p in pages if p.number > start and p.text.startswith("APPENDIX"))
    text = " ".join(p.text for p in pages[start - 1 : end - 1])
    entry = r" \[[^]]+, \d{4}[a-z]?\]"  # the next entry's label: "[Olah et al., 2020b]"
    return [m.strip() for m in re.findall(rf"Cited in: (.*?)(?={entry}| Linked from:|$)", text)]


def test_cited_in_gives_the_pages(pages: list[Page]) -> None:
    """Each note that cites a work, with the pages of its citations: "Neuron (pp. 3, 5)"."""
    lines = _cited_in(pages)
    assert len(lines) > 40
    pagelist = r"\((?:p\. [0-9ivxlc]+|pp\. [0-9ivxlc]+(?:, [0-9ivxlc]+)+)\)"
    item = rf"[^()]+ {pagelist}"
    without = [line for line in lines if not re.fullmatch(rf"{item}(?:, {item})*", line)]
    assert without == []


def test_cited_in_pages_link_to_the_citations(book_pdf: Path, pages: list[Page]) -> None:
    """A page number in "Cited in" leads to the citation itself, on the page it names."""
    pypdf: Any = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(book_pdf)
    destinations = reader.named_destinations
    start = next(p.number for p in pages if p.text.startswith("REFERENCES"))
    end = next(p.number for p in pages if p.number > start and p.text.startswith("APPENDIX"))
    printed = set(re.findall(r"[0-9ivxlc]+", " ".join(_cited_in(pages))))
    targets = []
    for page in reader.pages[start - 1 : end - 1]:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and action.get("/S") == "/GoTo" and str(action["/D"]).startswith(CITED):
                targets.append(str(action["/D"]))
    assert len(targets) > 100
    assert [name for name in targets if name not in destinations] == []
    landed = {
        reader.page_labels[reader.get_destination_page_number(destinations[n])] for n in targets
    }
    assert landed <= printed
