"""The book's built artifacts (``nox -s build``, ``nox -s pdf``), reused by the tests only
when they are fresh: made after the last change to anything they are built from. CI builds
each artifact once and the tests read it; a stale one is rebuilt, never read."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILT_HTML = ROOT / "build" / "html"
BUILT_PDF = ROOT / "build" / "pdf" / "mechinterp-reference.pdf"
#: XeLaTeX's log of the last run, next to the PDF (``nox -s pdf`` copies both)
BUILT_PDF_LOG = BUILT_PDF.with_suffix(".log")
SOURCES = (ROOT / "book", ROOT / "src", ROOT / "refs.bib", ROOT / "pyproject.toml")


def newest_source_ns() -> int:
    """The mtime of the newest file the book is built from."""
    files = [p for s in SOURCES for p in ([s] if s.is_file() else s.rglob("*")) if p.is_file()]
    return max(p.stat().st_mtime_ns for p in files if "__pycache__" not in p.parts)


def fresh(built: Path) -> bool:
    """Whether ``built`` (a file, or a folder of HTML) was made after every change to its
    sources: for a folder, its oldest page is."""
    if built.is_dir():
        # the pages Sphinx wrote (files under _static are copied with their own mtimes)
        pages = [p for p in built.rglob("*.html") if "_static" not in p.relative_to(built).parts]
        return bool(pages) and min(p.stat().st_mtime_ns for p in pages) > newest_source_ns()
    return built.is_file() and built.stat().st_mtime_ns > newest_source_ns()


def build_pdf(out: Path) -> Path:
    """Build the book's PDF into ``out/latex`` as ``nox -s pdf`` does (sphinx-build, then
    latexmk); return the PDF, whose ``.log`` lies next to it."""
    sphinx = [sys.executable, "-m", "sphinx", "-b", "latex", "-W", "--keep-going", "-q"]
    book = ROOT / "book"
    run = subprocess.run(
        [*sphinx, "-d", str(out / "doctrees"), str(book), str(out / "latex")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    latexmk = ["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error"]
    run = subprocess.run(
        [*latexmk, "mechinterp-reference.tex"],
        cwd=out / "latex",
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    return out / "latex" / "mechinterp-reference.pdf"


def latex_tools_missing() -> list[str]:
    return [tool for tool in ("xelatex", "latexmk") if shutil.which(tool) is None]
