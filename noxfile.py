"""Every task of the project: build the book (HTML, PDF), check it, test and lint the extension.

Run ``nox -l`` to list the sessions. Sessions use the interpreter nox runs under and reuse
their virtual environments when nothing changed (``nox -R`` skips even the install step).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import nox

nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests", "build"]

ROOT = Path(__file__).parent
BOOK = ROOT / "book"
BUILD = ROOT / "build"
LOCK = BOOK / "requirements.txt"
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
PDF_NAME = "mechinterp-reference"


def install_book(session: nox.Session) -> None:
    """The pinned build environment (the same lock file Read the Docs installs)."""
    session.install("-r", str(LOCK))
    session.install("--no-deps", "-e", ".")


def sphinx(session: nox.Session, builder: str, out: Path, *extra: str) -> None:
    if out.exists():
        shutil.rmtree(out)
    session.run(
        "sphinx-build",
        "-b",
        builder,
        "-W",
        "--keep-going",
        "-n",
        "-j",
        "auto",
        *extra,
        str(BOOK),
        str(out),
        *session.posargs,
    )


@nox.session
def build(session: nox.Session) -> None:
    """Build the book as HTML (sphinx-book-theme) into build/html, warnings as errors."""
    install_book(session)
    out = BUILD / "html"
    sphinx(session, "html", out)
    session.log(f"The book is at {out / 'index.html'}")


@nox.session
def pdf(session: nox.Session) -> None:
    """Build the book as a PDF with XeLaTeX and latexmk into build/pdf/."""
    missing = [tool for tool in ("latexmk", "xelatex") if shutil.which(tool) is None]
    if missing:
        session.error(
            f"{' and '.join(missing)} not found. Install TeX Live: Debian/Ubuntu "
            "'sudo apt-get install latexmk texlive-xetex texlive-latex-extra "
            "texlive-fonts-recommended fonts-freefont-otf'; macOS 'brew install --cask mactex'."
        )
    install_book(session)
    latex = BUILD / "latex"
    sphinx(session, "latex", latex)
    session.chdir(latex)
    session.run(
        "latexmk",
        "-pdfxe",
        "-interaction=nonstopmode",
        "-halt-on-error",
        "-file-line-error",
        f"{PDF_NAME}.tex",
        external=True,
        silent=True,
    )
    session.chdir(ROOT)
    # latexmk succeeds with a "??" for every reference LaTeX could not resolve: this fails
    # on any, and lists the lines that run into the margin
    log = latex / f"{PDF_NAME}.log"
    session.run("python", "-m", "wikilink_ext.pages.latexlog", str(log))
    target = BUILD / "pdf" / f"{PDF_NAME}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(latex / f"{PDF_NAME}.pdf", target)
    shutil.copy2(log, target.with_suffix(".log"))  # read by tests/test_pdf_layout.py
    session.log(f"The PDF is at {target}")


@nox.session
def epub(session: nox.Session) -> None:
    """Build the book as an EPUB (as Read the Docs offers it) into build/epub; epubcheck it."""
    install_book(session)
    out = BUILD / "epub"
    sphinx(session, "epub", out, "-d", str(BUILD / "doctrees-epub"))
    book = next(out.glob("*.epub"))
    checker = shutil.which("epubcheck")
    if checker:  # Debian's is the jar itself, which needs binfmt support to run directly
        jar = Path(checker).resolve()
        command = ["java", "-jar", str(jar)] if jar.suffix == ".jar" else [checker]
        session.run(*command, str(book), external=True)
    else:
        session.warn("epubcheck not found (Debian: apt-get install epubcheck); not checked")
    session.log(f"The EPUB is at {book}")


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every external link and every DOI/URL of refs.bib (needs the network)."""
    install_book(session)
    out = BUILD / "linkcheck"
    if out.exists():
        shutil.rmtree(out)
    session.run(
        "sphinx-build",
        "-b",
        "linkcheck",
        "-n",
        "-j",
        "auto",
        "-D",
        "linkcheck_timeout=20",
        "-D",
        "linkcheck_retries=3",
        "-D",
        "linkcheck_rate_limit_timeout=120",
        "-D",
        "linkcheck_workers=4",
        str(BOOK),
        str(out),
        *session.posargs,
        success_codes=[0, 1],
    )
    results = [json.loads(line) for line in (out / "output.json").read_text().splitlines() if line]
    broken = [r for r in results if r["status"] in ("broken", "timeout")]
    redirected = [r for r in results if r["status"] == "redirected"]
    for row in broken:
        session.log(f"BROKEN {row['filename']}:{row['lineno']}: {row['uri']} ({row['info']})")
    for row in redirected:
        session.log(f"redirected {row['filename']}:{row['lineno']}: {row['uri']} -> {row['info']}")
    ok = sum(r["status"] == "working" for r in results)
    session.log(f"{ok} working, {len(redirected)} redirected, {len(broken)} broken")
    # every DOI, URL and arXiv id of refs.bib, at its line, and proof that each was checked
    session.run(
        "python",
        "-m",
        "wikilink_ext.bib.links",
        "refs.bib",
        "--linkcheck",
        str(out / "output.json"),
    )
    if broken:
        session.error(f"{len(broken)} broken links")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (offline), including the check of refs.bib."""
    install_book(session)
    session.install(*nox.project.dependency_groups(PYPROJECT, "test"))
    session.run("pytest", *session.posargs)


def floors() -> list[str]:
    """Each dependency of pyproject.toml at the lowest version it declares (``>=X`` as ``==X``)."""
    return [
        re.sub(r">=\s*([^,;\s]+)[^;]*", r"==\1", requirement.split("#")[0]).strip()
        for requirement in PYPROJECT["project"]["dependencies"]
    ]


@nox.session(name="tests-min")
def tests_min(session: nox.Session) -> None:
    """Run the test suite against the oldest versions pyproject.toml declares (sphinx,
    myst-parser, markdown-it-py, mdit-py-plugins, sphinxcontrib-bibtex… at their floors), so
    a floor is a promise that was tested; the browser tests need the book's lock, not this."""
    session.install(
        *floors(),
        *nox.project.dependency_groups(PYPROJECT, "book"),
        *nox.project.dependency_groups(PYPROJECT, "test"),
    )
    session.install("--no-deps", "-e", ".")
    session.run("python", "-m", "pip", "freeze", silent=False)
    session.run("pytest", "--ignore", "tests/browser", *session.posargs)


@nox.session
def screenshots(session: nox.Session) -> None:
    """PNGs of key pages at laptop and phone widths, light and dark, into build/screenshots/
    (Debian's chromium through Playwright; fails on a console error or a network request)."""
    install_book(session)
    session.install(*nox.project.dependency_groups(PYPROJECT, "test"))
    html = BUILD / "html"
    sphinx(session, "html", html)
    out = BUILD / "screenshots"
    if out.exists():
        shutil.rmtree(out)
    session.run("python", str(ROOT / "tests" / "browser" / "screenshots.py"), str(html), str(out))
    session.log(f"The screenshots are in {out}")


@nox.session
def citations(session: nox.Session) -> None:
    """Check refs.bib offline: fields, identifiers, duplicates, accents, title case, author
    lists against the works' own "Please cite as" (refs.excerpts.yaml), and that every entry
    is cited."""
    install_book(session)
    session.run(
        "python",
        "-m",
        "wikilink_ext.bib.check",
        "refs.bib",
        "--cited-from",
        "book",
        "--store",
        "refs.excerpts.yaml",
    )


@nox.session
def quotes(session: nox.Session) -> None:
    """Check every quotation of the book against refs.excerpts.yaml (offline; also part of
    ``nox -s tests``). ``nox -s quotes -- --refresh`` also re-fetches each excerpt's url."""
    install_book(session)
    session.run(
        "python",
        "-m",
        "wikilink_ext.bib.quotes",
        "book",
        "--store",
        "refs.excerpts.yaml",
        *session.posargs,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format check) over everything; mypy --strict over src/."""
    install_book(session)
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", "--strict", "src")


@nox.session
def serve(session: nox.Session) -> None:
    """Live preview: rebuild on save and reload the browser (http://127.0.0.1:8000)."""
    install_book(session)
    session.install(*nox.project.dependency_groups(PYPROJECT, "serve"))
    session.run(
        "sphinx-autobuild",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--watch",
        "src",
        "--watch",
        "refs.bib",
        str(BOOK),
        str(BUILD / "serve"),
        *session.posargs,
    )


@nox.session
def figures(session: nox.Session) -> None:
    """Regenerate the book's figures from their scripts in book/figures/scripts/."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "figures"))
    for script in sorted((BOOK / "figures" / "scripts").glob("*.py")):
        session.run("python", str(script))


@nox.session
def bench(session: nox.Session) -> None:
    """Time MyST + wikilink_ext against plain MyST (the floor), then each theme (book, furo,
    alabaster, classic) at 200, 1,000 and 3,000 notes; ``-- --big`` adds N=3000 to the first,
    ``-- --huge`` a 17,000-note vault with ``-j auto``; ``-- --only themes`` one part."""
    install_book(session)
    session.install(*nox.project.dependency_groups(PYPROJECT, "bench"))
    session.run("python", str(ROOT / "tests" / "bench" / "bench.py"), *session.posargs)
    session.run("python", str(ROOT / "tests" / "bench" / "hostile.py"))  # per-doubling ratios


@nox.session
def lock(session: nox.Session) -> None:
    """Re-pin book/requirements.txt from the project's current dependency ranges."""
    session.install(".", *nox.project.dependency_groups(PYPROJECT, "book"))
    frozen = session.run("python", "-m", "pip", "freeze", silent=True) or ""
    lines = [line for line in frozen.splitlines() if not line.lower().startswith("wikilink")]
    header = LOCK.read_text().splitlines()[:2]
    LOCK.write_text("\n".join([*header, *lines]) + "\n")
    session.log(f"wrote {LOCK} ({len(lines)} pins) with Python {sys.version.split()[0]}")
