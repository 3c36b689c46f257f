"""“Cite this page”: a BibTeX record and a formatted reference on every HTML page, and
``book.bib`` (the book and each of its pages) next to the HTML for download.

The PDF gets neither box: its "How to cite" section is part of the book's text.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx

from ..sphinx.domain import vault_domain

__all__ = ["bib_record", "book_record", "connect"]


def _year(app: Sphinx) -> str:
    match = re.search(r"\d{4}", str(app.config.copyright))
    return match.group(0) if match else ""


def _authors(app: Sphinx) -> str:
    return " and ".join(
        a.strip() for a in re.split(r",| and ", str(app.config.author)) if a.strip()
    )


def _escape(text: str) -> str:
    return re.sub(r"([{}&%$#_])", r"\\\1", text)


def _key(app: Sphinx, docname: str | None) -> str:
    base = re.sub(r"[^a-z0-9]+", "", str(app.config.project).lower())[:24] + _year(app)
    if docname is None:
        return base
    return base + ":" + re.sub(r"[^A-Za-z0-9]+", "-", docname).strip("-").lower()


def page_url(app: Sphinx, docname: str) -> str:
    base = str(app.config.html_baseurl or "").rstrip("/")
    path = quote(f"{docname}.html")
    return f"{base}/{path}" if base else path


def _record(kind: str, key: str, fields: dict[str, str]) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}}}\n"


def book_record(app: Sphinx) -> str:
    """The whole book, for book.bib."""
    return _record(
        "book",
        _key(app, None),
        {
            "title": _escape(str(app.config.project)),
            "author": _escape(_authors(app)),
            "year": _year(app),
            "edition": f"Version {app.config.version}",
            "url": str(app.config.html_baseurl),
        },
    )


def bib_record(app: Sphinx, docname: str, title: str) -> str:
    """One page of the book, as a chapter of it."""
    return _record(
        "incollection",
        _key(app, docname),
        {
            "title": _escape(title),
            "booktitle": _escape(str(app.config.project)),
            "author": _escape(_authors(app)),
            "year": _year(app),
            "edition": f"Version {app.config.version}",
            "url": page_url(app, docname),
        },
    )


def formatted(app: Sphinx, docname: str, title: str) -> str:
    return (
        f"{app.config.author} ({_year(app)}). {title}. In {app.config.project} "
        f"(version {app.config.version}). {page_url(app, docname)}"
    )


def _bibfiles(app: Sphinx) -> list[Path]:
    """The configured bibliographies that exist (``bibtex_bibfiles``, relative to conf.py)."""
    files = getattr(app.config, "bibtex_bibfiles", None) or []
    paths = [Path(app.confdir, f) for f in files]
    return [p for p in paths if p.is_file()]


def add_box(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if (
        not app.config.wikilink_cite_box
        or app.builder.format != "html"
        or docname not in app.env.all_docs
    ):
        return
    data = vault_domain(app.env).notes.get(docname)
    title = data.title if data and data.title else docname
    box = nodes.container(classes=["cite-this-page"])
    box += nodes.rubric("", "Cite this page")
    box += nodes.literal_block(
        formatted(app, docname, title),
        formatted(app, docname, title),
        language="text",
        classes=["cite-formatted"],
    )
    record = bib_record(app, docname, title)
    box += nodes.literal_block(record, record, language="bibtex", classes=["cite-bibtex"])
    up = "../" * docname.count("/")
    downloads = nodes.paragraph(classes=["cite-downloads"])
    downloads += nodes.Text("Download the bibliographies: ")
    downloads += nodes.reference("", "book.bib", refuri=up + "book.bib")
    bibfiles = _bibfiles(app)
    if bibfiles:
        downloads += nodes.Text(" (this book and each page) · ")
        for index, path in enumerate(bibfiles):
            if index:
                downloads += nodes.Text(", ")
            downloads += nodes.reference("", path.name, refuri=up + posixpath.basename(path.name))
        downloads += nodes.Text(" (the book's sources).")
    else:
        downloads += nodes.Text(" (this book and each page).")
    if app.builder.name != "epub":  # the .bib files are downloads of the HTML site only
        box += downloads
    container: nodes.Element = doctree
    for child in doctree.children:
        if isinstance(child, nodes.section):
            container = child
            break
    container += box


def write_book_bib(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not app.config.wikilink_cite_box:
        return
    for path in _bibfiles(app):  # the box links each one: it must be there
        copy = Path(app.outdir, path.name)
        if not copy.exists():
            shutil.copyfile(path, copy)
    domain = vault_domain(app.env)
    records = [book_record(app)]
    for docname in sorted(app.env.all_docs):
        data = domain.notes.get(docname)
        records.append(bib_record(app, docname, data.title if data and data.title else docname))
    Path(app.outdir, "book.bib").write_text("\n".join(records), encoding="utf-8")


def connect(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_box)
    app.connect("build-finished", write_book_bib)
