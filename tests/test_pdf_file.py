"""The PDF itself, read with pypdf: its outline is the book's (introduction, the entries in the
index note's order in two parts, the References, the appendix), its internal links all land
somewhere, and its bibliography holds every work of refs.bib.

It reads ``build/pdf/mechinterp-reference.pdf`` when ``nox -s pdf`` has made it from the
sources as they are (the PDF is newer than every file it is built from: a stale one is never
read); otherwise it builds the PDF itself where XeLaTeX and latexmk are installed, and skips,
saying so, where not.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from artifacts import fresh, newest_source_ns

ROOT = Path(__file__).parent.parent
BOOK = ROOT / "book"


@pytest.fixture(scope="module")
def pdf(book_pdf: Path) -> Any:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is in the test dependency group")
    return pypdf.PdfReader(book_pdf)


def note_title(name: str) -> str:
    text = (BOOK / f"{name}.md").read_text(encoding="utf-8")
    return next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))


def index_parts() -> list[tuple[str, list[str]]]:
    """The parts of the book: each heading of the index note with the titles of the entries
    listed under it, in order."""
    text = (BOOK / "index.md").read_text(encoding="utf-8")
    parts = []
    for heading, body in re.findall(r"^## (.+)\n((?:(?!^## ).*\n?)*)", text, re.M):
        names = re.findall(r"^\d+\. \[\[([^]|#]+)", body, re.M)
        if names:
            parts.append((heading, [note_title(name) for name in names]))
    return parts


def test_outline_is_the_book(pdf: Any) -> None:
    outline = pdf.outline
    top = [entry.title for entry in outline if not isinstance(entry, list)]
    parts = index_parts()
    assert [(heading, len(titles)) for heading, titles in parts] == [
        ("The main concepts", 24),
        ("The main methods", 10),
    ]
    numbered = [
        f"{numeral} {heading}" for numeral, (heading, _) in zip(("I", "II"), parts, strict=True)
    ]
    # the introduction, the two parts, the References, then the appendix
    assert top == [note_title("index"), *numbered, "References", "How this book is built"]
    for title, (_, entries) in zip(numbered, parts, strict=True):
        position = next(i for i, e in enumerate(outline) if getattr(e, "title", None) == title)
        chapters = outline[position + 1]
        assert [c.title for c in chapters if not isinstance(c, list)] == entries
        # every entry has its sections in the outline below it
        assert sum(isinstance(c, list) for c in chapters) >= len(entries) - 1


def test_internal_links_resolve(pdf: Any) -> None:
    names = set(pdf.named_destinations)
    internal: list[str] = []
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            action = link.get("/A")
            if link.get("/Subtype") == "/Link" and action and action.get("/S") == "/GoTo":
                internal.append(str(action["/D"]))
    # wikilinks, citations, "Cited in" and the contents: well over a thousand
    assert len(internal) > 1000
    assert [name for name in internal if name not in names] == []
    # links to citations (bibliography entries) and to chapters and sections among them
    assert any(name.startswith("cite.") for name in internal)
    assert any(not name.startswith(("cite.", "page.")) for name in internal)


def _text(pdf: Any, first: int, last: int) -> str:
    text = " ".join(pdf.pages[n].extract_text() or "" for n in range(first, last))
    text = re.sub(r"-\s*\n\s*", "", text)  # words hyphenated at a line end
    return re.sub(r"\s+", "", text)  # pypdf drops some spaces between words: compare without


def test_bibliography_holds_every_work(pdf: Any) -> None:
    from pybtex.database import parse_file

    references = next(e for e in pdf.outline if not isinstance(e, list) and e.title == "References")
    start = pdf.get_destination_page_number(references)
    assert start > len(pdf.pages) * 0.8  # at the end of the book, before the appendix
    text = _text(pdf, start, len(pdf.pages)).casefold()
    bibliography = parse_file(str(ROOT / "refs.bib"))
    missing = []
    for key, entry in bibliography.entries.items():
        title = re.sub(r"[{}]", "", entry.fields["title"])
        words = "".join(title.split()[:3]).casefold()
        if words not in text:
            missing.append(f"{key}: {words}")
    assert missing == []
    assert text.count("citedin:") >= len(bibliography.entries) * 0.9


def test_a_stale_pdf_is_not_read(tmp_path: Path) -> None:
    import os

    pdf = tmp_path / "old.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    before = newest_source_ns() - 1_000_000_000
    os.utime(pdf, ns=(before, before))
    assert not fresh(pdf)
    after = newest_source_ns() + 1_000_000_000
    os.utime(pdf, ns=(after, after))
    assert fresh(pdf)


def test_no_two_works_share_a_label_in_the_pdf(pdf: Any) -> None:
    from citelabels import text_problems

    text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "2020a" in text and "2020b" in text
    assert text_problems(text) == []


def _png_width(path: Path) -> int:
    """A PNG's width in pixels, from its header (the PDF keeps the image's own size)."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(header[16:20], "big")


def book_figures() -> list[tuple[str, str, int]]:
    """(note, the caption's first words, the image's width in pixels) of every figure of the
    book: an image alone in its paragraph, then a paragraph that starts with *Figure:*."""
    from wikilink_ext.syntax.markdown import obsidian_parser

    found = []
    for path in sorted(BOOK.glob("*.md")):
        blocks = [t for t in obsidian_parser().parse(path.read_text("utf-8")) if t.type == "inline"]
        for image_block, caption_block in itertools.pairwise(blocks):
            parts = [c for c in image_block.children or [] if c.content.strip() or c.type != "text"]
            caption = caption_block.children or []
            if not (len(parts) == 1 and parts[0].type in ("image", "wikilink_embed")):
                continue
            if not (len(caption) > 1 and caption[0].type == "em_open"):
                continue
            if not caption[1].content.startswith("Figure:"):
                continue
            if parts[0].type == "image":
                file = str(parts[0].attrGet("src"))
            else:
                file = parts[0].meta["target"].path
            words = caption_block.content.partition("Figure:")[2].lstrip("* ").split()[:4]
            found.append((path.stem, " ".join(words), _png_width(BOOK / file)))
    return found


def _image_widths(page: Any) -> set[int]:
    objects = ((page.get("/Resources") or {}).get("/XObject") or {}).values()
    return {
        int(obj["/Width"])
        for obj in (o.get_object() for o in objects)
        if obj.get("/Subtype") == "/Image"
    }


def test_each_figure_shares_its_page_with_its_caption(pdf: Any) -> None:
    """The caption ("Figure 3. Our own…") is on the page that draws the image (the PDF's
    text has its spaces dropped here and there, so both are compared without spaces)."""
    figures = book_figures()
    assert len(figures) >= 5
    pages = [re.sub(r"\s+", "", page.extract_text() or "") for page in pdf.pages]
    for note, words, width in figures:
        label = re.compile(r"Figure\d+\." + re.escape(words.replace(" ", "")))
        found = [n for n, text in enumerate(pages) if label.search(text)]
        assert len(found) == 1, f"{note}: caption 'Figure N. {words}' on pages {found}"
        assert width in _image_widths(pdf.pages[found[0]]), (
            f"{note}: the caption is on page {found[0] + 1}, its image is not"
        )
