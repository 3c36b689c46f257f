"""The book's EPUB (what Read the Docs offers) builds with no warnings and passes epubcheck."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BOOK = Path(__file__).parent.parent / "book"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("epub")
    run = subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-b", "epub", "-W", "--keep-going", "-n", "-q"),
            *("-d", str(out / "doctrees"), str(BOOK), str(out / "epub")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    (book,) = (out / "epub").glob("*.epub")
    return book


def test_epub_has_every_note_and_no_site_downloads(epub: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(epub).namelist()
    assert "Induction_head.xhtml" in names  # a safe name: no space to escape (PKG-010)
    assert "References.xhtml" in names
    assert not [n for n in names if " " in n]
    assert not [n for n in names if n.endswith((".bib", ".doctree", ".pickle"))]
    assert not [n for n in names if n.startswith("_static/mathjax")]


def test_epub_reads_part_one_then_part_two_then_references_and_appendix(epub: Path) -> None:
    import re
    import zipfile
    from urllib.parse import unquote

    with zipfile.ZipFile(epub) as book:
        opf = book.read(next(n for n in book.namelist() if n.endswith(".opf"))).decode()
    files = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)\.xhtml"', opf))
    spine = [unquote(files[i]) for i in re.findall(r'<itemref idref="([^"]+)"', opf) if i in files]
    from wikilink_ext.pages.epub import safe_file_name

    order = [
        spine.index(safe_file_name(name))
        for name in (
            "index",
            "Neuron",
            "Neuron monosemanticity",
            "Ablation",
            "Direct logit attribution",
            "References",
            "How this book is built",
        )
    ]
    assert order == sorted(order)


def epubcheck_command() -> list[str]:
    """Debian's /usr/bin/epubcheck is the jar itself, run through binfmt where that is set up."""
    found = Path(shutil.which("epubcheck") or "epubcheck").resolve()
    return ["java", "-jar", str(found)] if found.suffix == ".jar" else [str(found)]


def test_epubcheck(epub: Path) -> None:
    if shutil.which("epubcheck") is None or shutil.which("java") is None:
        pytest.skip("epubcheck is not installed (Debian: apt-get install epubcheck)")
    run = subprocess.run(
        [*epubcheck_command(), str(epub)], capture_output=True, text=True, check=False
    )
    report = run.stdout + run.stderr
    problems = [line for line in report.splitlines() if line.startswith(("ERROR", "FATAL"))]
    assert problems == []
    assert run.returncode == 0, report
    # no warning either: note names with spaces are written under safe names
    warnings = [line for line in report.splitlines() if line.startswith("WARNING")]
    assert warnings == []


def read(epub: Path, name: str) -> str:
    import zipfile

    return zipfile.ZipFile(epub).read(name).decode("utf-8")


def test_formulas_are_mathml_not_tex(epub: Path) -> None:
    import zipfile

    pages = [n for n in zipfile.ZipFile(epub).namelist() if n.endswith(".xhtml")]
    tex = [n for n in pages if "\\(" in read(epub, n) or "\\[" in read(epub, n)]
    assert tex == []
    qk = read(epub, "QK-Circuit.xhtml")
    assert qk.count("<math ") >= 10
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in read(
        epub, "Toy_model_of_Superposition.xhtml"
    )
    # the manifest declares the pages that hold MathML
    assert 'href="QK-Circuit.xhtml" media-type="application/xhtml+xml" properties="mathml"' in (
        read(epub, "content.opf")
    )


def test_contents_list_every_entry(epub: Path) -> None:
    """nav.xhtml and toc.ncx list each note of the book, not the home page alone."""
    entries = sorted(p.stem for p in BOOK.glob("*.md") if p.stem not in {"index", "README"})
    nav, ncx = read(epub, "nav.xhtml"), read(epub, "toc.ncx")
    for stem in entries:
        href = stem.replace(" ", "_") + ".xhtml"
        assert f'href="{href}"' in nav
        assert f'src="{href}"' in ncx


def test_callout_titles_have_no_glyph_the_reader_lacks(epub: Path, tmp_path: Path) -> None:
    """Callout titles in an e-reader: no icon-font character (Unicode private use area),
    which an e-reader without that font draws as a missing-glyph box."""
    import zipfile

    if not CHROMIUM.exists():
        pytest.skip(f"needs Debian's chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    zipfile.ZipFile(epub).extractall(tmp_path)
    drawn: list[str] = []

    def read_titles() -> None:
        # in a thread of its own: Playwright's sync API refuses to run where an asyncio loop
        # is set, as the browser tests (run first in the suite) leave one in this thread
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto((tmp_path / "How_this_book_is_built.xhtml").as_uri())
            drawn.extend(
                page.evaluate(
                    """() => [...document.querySelectorAll('div.callout > .admonition-title')]
                 .flatMap((t) => ['::before', '::after'].map((p) => getComputedStyle(t, p).content)
                 .concat([t.textContent]))"""
                )
            )
            browser.close()

    import threading

    worker = threading.Thread(target=read_titles)
    worker.start()
    worker.join()
    assert len(drawn) >= 30
    private = [text for text in drawn if any(0xE000 <= ord(c) <= 0xF8FF for c in text)]
    assert private == []
