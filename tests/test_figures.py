"""Figures: an image followed by a ``*Figure:*`` paragraph is a numbered figure with its
caption (``wikilink_figure_captions``), in HTML and in the PDF, where image and caption
share a page; and every image of the book has an alt text that says what it shows."""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from wikilink_ext.sphinx_ext.figures import caption_label_end
from wikilink_ext.sphinx_ext.media import IMAGE_SUFFIXES
from wikilink_ext.syntax.markdown import obsidian_parser

BOOK = Path(__file__).resolve().parent.parent / "book"


@pytest.mark.parametrize(
    ("emphasised", "end"),
    [
        ("Figure:", 7),
        ("Figure: the whole caption", 7),
        ("  Figure:", 9),
        ("Figure", None),
        ("figure:", None),
        ("Not a caption:", None),
        ("A Figure: later", None),
    ],
)
def test_the_caption_label(emphasised: str, end: int | None) -> None:
    assert caption_label_end(emphasised) == end


def soup(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{name}.html").read_text("utf-8"), "html.parser")


def figures(page: BeautifulSoup) -> list[Tag]:
    return page.select("article figure") or page.select("figure")


def caption_of(figure: Tag) -> str:
    caption = figure.find("figcaption")
    assert isinstance(caption, Tag)
    return " ".join(caption.get_text(" ", strip=True).replace("¶", "").split())


@pytest.mark.sphinx("html", testroot="figures")
def test_image_and_caption_paragraph_become_a_numbered_figure(app: SphinxTestApp) -> None:
    app.build()
    first = soup(app, "First")
    square, disc = figures(first)
    # the wikilink embed: its alt text is the text after |, the label gives way to the number
    image = square.find("img")
    assert isinstance(image, Tag)
    assert image["alt"] == "A red square centred on a white background."
    assert caption_of(square).startswith("Figure 1. The square, whose side is")
    assert "Figure:" not in caption_of(square)
    assert square.get("id") == "figure-square"
    # the Markdown image, with a caption in italics throughout
    image = disc.find("img")
    assert isinstance(image, Tag)
    assert image["alt"] == "A blue disc centred on a white background"
    assert caption_of(disc) == "Figure 2. the disc, in italics throughout."
    caption = disc.find("figcaption")
    assert isinstance(caption, Tag) and caption.find("em") is not None
    # a block id on the caption marks the figure: a link to it lands there
    assert disc.select_one("#block-disc") is not None
    assert soup(app, "Panels").select_one('a[href="First.html#block-disc"]') is not None
    # links and citations in a caption stay links
    assert square.select_one('figcaption a[href="Panels.html"]') is not None
    assert square.select_one('figcaption a[href^="References.html#"]') is not None


@pytest.mark.sphinx("html", testroot="figures")
def test_a_caption_holds_what_a_paragraph_holds(app: SphinxTestApp) -> None:
    app.build()
    figure, _ = figures(soup(app, "Hostile"))
    assert caption_of(figure).startswith("Figure 9. A highlighted word")
    for selector in (".mark", "code", 'a[href*="tags/"]', 'a[href="First.html#block-disc"]'):
        assert figure.select_one(f"figcaption {selector}") is not None, selector
    assert figure.select_one("figcaption .math") is not None
    assert figure.select_one("figcaption a.footnote-reference") is not None
    assert "comment" not in caption_of(figure)


@pytest.mark.parametrize("strict_line_breaks", [False, True])
def test_a_caption_may_be_on_the_line_under_its_image(
    make_app, strict_line_breaks: bool, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("figures", tmp_path / "figures")
    app = make_app(
        "html", srcdir=src, confoverrides={"wikilink_strict_line_breaks": strict_line_breaks}
    )
    app.build()
    page = soup(app, "Hostile")
    _, same_paragraph = figures(page)
    assert caption_of(same_paragraph) == (
        "Figure 10. The disc again, captioned on the line below it."
    )
    image = same_paragraph.find("img")
    assert isinstance(image, Tag) and image["alt"].endswith("captioned on the next line")
    text_under = page.find("img", alt="A blue disc on white, with a line of text under it")
    assert isinstance(text_under, Tag) and text_under.find_parent("figure") is None
    assert text_under.parent is not None and "not a caption" in text_under.parent.get_text()


@pytest.mark.sphinx("html", testroot="figures")
def test_only_the_pair_is_a_figure(app: SphinxTestApp) -> None:
    app.build()
    first = soup(app, "First")
    uncaptioned = first.find("img", alt="A green square with no caption.")
    assert isinstance(uncaptioned, Tag) and uncaptioned.find_parent("figure") is None
    italic = first.find("em", string="Not a caption:")
    assert isinstance(italic, Tag) and italic.parent is not None and italic.parent.name == "p"
    assert len(figures(first)) == 2


@pytest.mark.sphinx("html", testroot="figures")
def test_numbers_run_on_across_notes(app: SphinxTestApp) -> None:
    app.build()
    numbers = [
        caption_of(figure).split(" ")[1]
        for name in ("First", "Panels")
        for figure in figures(soup(app, name))
    ]
    assert numbers == [f"{n}." for n in range(1, 9)]


@pytest.mark.sphinx("html", testroot="figures", confoverrides={"wikilink_figure_captions": False})
def test_other_vaults_images_stay_images(app: SphinxTestApp) -> None:
    app.build()
    first = soup(app, "First")
    assert not first.find_all("figure")
    assert first.find("em", string="Figure:") is not None


@pytest.mark.sphinx("html", testroot="figures", confoverrides={"numfig": False})
def test_without_numbers_the_caption_keeps_its_label(app: SphinxTestApp) -> None:
    app.build()
    square = figures(soup(app, "First"))[0]
    assert caption_of(square).startswith("Figure: The square")


@pytest.mark.sphinx("latex", testroot="figures")
def test_pdf_keeps_each_figure_and_its_caption_on_one_page(app: SphinxTestApp) -> None:
    """``Panels`` holds tall images after texts of growing length: as paragraphs, one of the
    captions falls on the page after its image; as figures (floats), none does. A citation
    and a link in a caption build too."""
    pypdf = pytest.importorskip("pypdf")
    if shutil.which("latexmk") is None or shutil.which("xelatex") is None:
        pytest.skip("needs TeX Live (latexmk, xelatex)")
    app.build()
    out = Path(app.outdir)
    tex = next(out.glob("*.tex")).read_text("utf-8")
    assert tex.count(r"\begin{figure}") == 10
    run = subprocess.run(
        ["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    errors = [line for line in run.stdout.splitlines() if re.match(r"(!|\./.*\.tex:\d+:)", line)]
    assert run.returncode == 0, errors or run.stdout[-3000:]
    reader = pypdf.PdfReader(next(out.glob("*.pdf")))
    pages = [
        (image_widths(page), " ".join((page.extract_text() or "").split())) for page in reader.pages
    ]
    # each image is told apart by its width in pixels: panel k is 600 + k wide
    for k in range(6):
        (page_of_caption,) = [
            i for i, (_, text) in enumerate(pages) if f"Caption of panel {k}." in text
        ]
        assert 600 + k in pages[page_of_caption][0], f"panel {k}: caption without its image"
    (page_of_caption,) = [
        i for i, (_, text) in enumerate(pages) if "The square, whose side" in text
    ]
    assert 400 in pages[page_of_caption][0]


def image_widths(page: object) -> set[int]:
    """The widths in pixels of the images drawn on a PDF page."""
    resources = page.get("/Resources") or {}  # type: ignore[attr-defined]
    objects = (resources.get("/XObject") or {}).values()
    return {
        int(obj["/Width"])
        for obj in (o.get_object() for o in objects)
        if obj.get("/Subtype") == "/Image"
    }


# -- the book's own images ------------------------------------------------------------------

_SIZE = re.compile(r"\|\s*\d+(?:x\d+)?\s*$")


def book_images() -> list[tuple[str, int, str, str | None]]:
    """(note, line, file, alt text) of every image the book's notes show (code excluded)."""
    found = []
    for path in sorted(BOOK.glob("*.md")):
        stack = list(obsidian_parser().parse(path.read_text(encoding="utf-8")))
        line = 0
        while stack:
            token = stack.pop(0)
            if token.map:
                line = token.map[0] + 1
            stack[0:0] = token.children or []
            if token.type == "wikilink_embed":
                target = token.meta["target"]
                if posixpath.splitext(target.path)[1].casefold() in IMAGE_SUFFIXES:
                    alt = None if target.size is not None else target.display
                    found.append((path.stem, line, target.path, alt))
            elif token.type == "image":
                alt = _SIZE.sub("", token.content).strip()
                found.append((path.stem, line, str(token.attrGet("src")), alt or None))
    return found


def test_the_book_has_images() -> None:
    assert len(book_images()) >= 5


@pytest.mark.parametrize(("note", "line", "file", "alt"), book_images(), ids=lambda v: str(v)[:30])
def test_every_book_image_says_what_it_shows(
    note: str, line: int, file: str, alt: str | None
) -> None:
    where = f"{note}.md:{line}: {file}"
    assert alt, f"{where} has no alt text"
    name = posixpath.basename(file)
    assert alt.casefold() not in {name.casefold(), posixpath.splitext(name)[0].casefold()}, where
    assert len(alt.split()) >= 8, f"{where}: the alt text should describe what the image shows"
