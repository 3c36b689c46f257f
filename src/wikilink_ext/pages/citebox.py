"""“Cite this page”: on every HTML page a formatted reference and the same reference as
BibTeX, RIS and CSL-JSON, Highwire Press ``citation_*`` and
Dublin Core ``DC.*`` meta tags for reference managers and search engines, and ``book.bib``
(the book and each of its pages) next to the HTML for download.

What goes in comes from the configuration (``project``, ``author``, ``copyright``'s year,
``version``, ``html_baseurl``) and from each note's title. A title is the author's text, so
it is escaped for each format: in BibTeX a brace becomes ``\\textbraceright{}`` (BibTeX
counts braces even after a backslash, so ``\\}`` would close the field), in RIS line breaks
become spaces (a line is a tag), CSL-JSON is written by :mod:`json` and meta tags by
:func:`html.escape`.

``author`` is read as a BibTeX name list, by pybtex: names separated by ``and``, each
``Given Family``, ``Family, Given`` or ``Family, Jr., Given`` (``Olah, Chris and Elhage,
Nelson`` is two people; ``Ludwig van Beethoven``'s family name is ``van Beethoven``).
An author that is an organisation, not a person (a name that starts with "The " or holds
a word such as "authors", "team", "project" or "contributors"), is braced twice in BibTeX
(``{{The … authors}}``) so that no style reads it as "authors, The …", written as a
literal in CSL-JSON and as one ``AU`` line in RIS.

The BibTeX record is a ``@misc`` that every style renders, ``plain.bst`` included (which
prints no ``url`` field and would print a version as "… edition"): the address is in
``howpublished`` as ``\\url{…}``, the version in ``note``. No record carries an access
date: the date a page was built is not the date a reader read it, so the reader's
reference manager adds it. All of it is on with ``wikilink_cite_box = True`` (off by
default). The PDF gets neither box nor tags: its "How to cite" section is part of the text.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx

from ..sphinx_ext.domain import vault_domain
from ..sphinx_ext.nodes import note_body

__all__ = [
    "Author",
    "CiteData",
    "bibtex",
    "bibtex_escape",
    "cite_data",
    "csl_json",
    "meta_tags",
    "parse_authors",
    "ris",
]

_CORPORATE = re.compile(
    r"^the\s|\b(authors|team|project|contributors|group|consortium|collaboration|lab|"
    r"laboratory|institute|foundation|organi[sz]ation|inc|ltd)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Author:
    name: str
    corporate: bool

    @property
    def family_given(self) -> tuple[str, str]:
        """(family, given) of a person, as BibTeX reads the name (pybtex)."""
        from pybtex.database import Person

        person = Person(self.name)
        family = " ".join([*person.prelast_names, *person.last_names])
        if person.lineage_names:
            family += ", " + " ".join(person.lineage_names)
        return family, " ".join([*person.first_names, *person.middle_names])

    @property
    def display(self) -> str:
        """The name as a reader writes it: "Given Family"."""
        if self.corporate:
            return self.name
        family, given = self.family_given
        return f"{given} {family}".strip()


@dataclass(frozen=True)
class CiteData:
    """Everything a reference to one page (or to the book) says."""

    key: str
    title: str
    book: str
    """The book's title; equal to ``title`` for the book itself."""
    authors: tuple[Author, ...]
    year: str
    version: str
    url: str
    chapter: bool
    """A page of the book (else the whole book)."""


def parse_authors(text: str) -> tuple[Author, ...]:
    """Sphinx's ``author`` as a BibTeX name list (``A and B``), organisations recognised."""
    from pybtex.bibtex.utils import split_name_list

    names = [" ".join(name.split()) for name in split_name_list(text) if name.strip()]
    return tuple(Author(name, bool(_CORPORATE.search(name))) for name in names)


def _year(app: Sphinx) -> str:
    match = re.search(r"\d{4}", str(app.config.copyright))
    return match.group(0) if match else ""


_KEY_WORDS = 30
"""A key holds the project's first words, whole, up to this many letters."""
_MINOR = frozenset({"a", "an", "the", "of", "and", "on", "in", "for", "to"})


def _key(app: Sphinx, docname: str | None) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", str(app.config.project).lower())]
    base = ""
    for word in (w for w in words if w not in _MINOR):
        if base and len(base) + len(word) > _KEY_WORDS:
            break
        base += word
    base += _year(app)
    if docname is None:
        return base
    return base + ":" + re.sub(r"[^A-Za-z0-9]+", "-", docname).strip("-").lower()


def page_url(app: Sphinx, docname: str) -> str:
    base = str(app.config.html_baseurl or "").rstrip("/")
    path = quote(f"{docname}.html")
    return f"{base}/{path}" if base else path


def cite_data(app: Sphinx, docname: str | None, title: str | None = None) -> CiteData:
    """The reference of a page (``docname``) or of the whole book (None)."""
    book = str(app.config.project)
    return CiteData(
        key=_key(app, docname),
        title=book if docname is None else (title or docname),
        book=book,
        authors=parse_authors(str(app.config.author)),
        year=_year(app),
        version=str(app.config.version),
        url=str(app.config.html_baseurl or "") if docname is None else page_url(app, docname),
        chapter=docname is not None,
    )


# --- BibTeX -----------------------------------------------------------------------------

_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value inside braces: braces can never close the field early,
    and LaTeX's special characters print as themselves. Line breaks become spaces."""
    return "".join(_BIBTEX.get(char, char) for char in " ".join(text.split()))


def _bibtex_authors(authors: tuple[Author, ...]) -> str:
    return " and ".join(
        "{" + bibtex_escape(a.name) + "}" if a.corporate else bibtex_escape(a.name) for a in authors
    )


def _record(kind: str, key: str, fields: dict[str, str]) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items() if value)
    return f"@{kind}{{{key},\n{body}}}\n"


def _bibtex_url(url: str) -> str:
    # braces and spaces cannot be in a URL; % is safe in \url outside another argument
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bibtex(data: CiteData) -> str:
    """``@misc`` for the book and for a page of it (``In \\emph{book}``)."""
    where = "\\url{" + _bibtex_url(data.url) + "}" if data.url else ""
    if data.chapter:
        where = f"In \\emph{{{bibtex_escape(data.book)}}}" + (f", {where}" if where else "")
    fields = {
        "title": bibtex_escape(data.title),
        "author": _bibtex_authors(data.authors),
        "year": bibtex_escape(data.year),
        "howpublished": where,
        "note": "Version " + bibtex_escape(data.version) if data.version else "",
    }
    return _record("misc", data.key, fields)


def book_record(app: Sphinx) -> str:
    """The whole book, for book.bib."""
    return bibtex(cite_data(app, None))


def bib_record(app: Sphinx, docname: str, title: str) -> str:
    """One page of the book, as a chapter of it."""
    return bibtex(cite_data(app, docname, title))


# --- RIS and CSL-JSON -------------------------------------------------------------------


def _ris_value(text: str) -> str:
    return " ".join(text.split())


def ris(data: CiteData) -> str:
    """RIS (``CHAP`` for a page, ``BOOK`` for the book)."""
    lines = [("TY", "CHAP" if data.chapter else "BOOK"), ("TI", data.title)]
    if data.chapter:
        lines.append(("T2", data.book))
    # an organisation keeps its name whole; a person is written "Family, Given"
    lines += [
        ("AU", a.name if a.corporate else ", ".join(p for p in a.family_given if p))
        for a in data.authors
    ]
    lines += [
        ("PY", data.year),
        ("ET", f"Version {data.version}"),
        ("UR", data.url),
    ]
    return "".join(f"{tag}  - {_ris_value(value)}\n" for tag, value in lines if value) + "ER  - \n"


def csl_json(data: CiteData) -> str:
    """One CSL-JSON item (``chapter`` or ``book``), as Zotero and pandoc read it."""
    authors: list[dict[str, str]] = []
    for a in data.authors:
        if a.corporate:
            authors.append({"literal": a.name})
        else:
            family, given = a.family_given
            authors.append({"family": family, "given": given} if given else {"family": family})
    item: dict[str, Any] = {
        "id": data.key,
        "type": "chapter" if data.chapter else "book",
        "title": data.title,
    }
    if data.chapter:
        item["container-title"] = data.book
    item |= {
        "author": authors,
        "issued": {"date-parts": [[int(data.year)]]} if data.year.isdigit() else {},
        "version": data.version,
        "URL": data.url,
    }
    # one field a line, each value compact: short enough to read in the box
    body = ",\n".join(
        f"    {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}"
        for name, value in item.items()
    )
    return "[\n  {\n" + body + "\n  }\n]\n"


def formatted(data: CiteData) -> str:
    who = ", ".join(a.display for a in data.authors)
    where = f"In {data.book} " if data.chapter else ""
    return f"{who} ({data.year}). {data.title}. {where}(version {data.version}). {data.url}"


# --- meta tags --------------------------------------------------------------------------


def meta_tags(data: CiteData) -> list[tuple[str, str]]:
    """Highwire Press (Google Scholar, Zotero) and Dublin Core tags, as (name, content)."""
    tags = [("citation_title", data.title)]
    if data.chapter:
        tags.append(("citation_inbook_title", data.book))
    tags += [("citation_author", a.name) for a in data.authors]
    tags += [
        ("citation_publication_date", data.year),
        ("citation_public_url", data.url),
        ("DC.title", data.title),
    ]
    tags += [("DC.creator", a.name) for a in data.authors]
    tags += [("DC.date", data.year), ("DC.identifier", data.url)]
    return [(name, content) for name, content in tags if content]


def _meta_html(tags: list[tuple[str, str]]) -> str:
    return "".join(
        f'<meta name="{html.escape(name)}" content="{html.escape(content)}" />\n'
        for name, content in tags
    )


# --- Sphinx -----------------------------------------------------------------------------


def _title(app: Sphinx, docname: str) -> str:
    data = vault_domain(app.env).notes.get(docname)
    return data.title if data and data.title else docname


def _data_for(app: Sphinx, docname: str) -> CiteData:
    if docname == app.config.root_doc:
        return cite_data(app, None)
    return cite_data(app, docname, _title(app, docname))


def _block(box: nodes.Element, label: str, text: str, language: str, cls: str) -> None:
    box += nodes.paragraph("", label, classes=["cite-format"])
    box += nodes.literal_block(text, text, language=language, classes=[cls])


def _bibfiles(app: Sphinx) -> list[Path]:
    """The configured bibliographies that exist (``bibtex_bibfiles``, relative to conf.py)."""
    files = getattr(app.config, "bibtex_bibfiles", None) or []
    paths = [Path(app.confdir, f) for f in files]
    return [p for p in paths if p.is_file() and not _leaves_vault(app, p)]


def _leaves_vault(app: Sphinx, path: Path) -> bool:
    """A symlink in the vault to a file outside it: the scan reports it as not read, so it
    is not published either (a bibliography kept outside the vault on purpose, named so by
    conf.py, is not a symlink and is copied)."""
    srcdir = Path(app.srcdir).resolve()
    return (
        path.is_symlink()
        and path.parent.resolve().is_relative_to(srcdir)
        and not path.resolve().is_relative_to(srcdir)
    )


def add_box(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if (
        not app.config.wikilink_cite_box
        or app.builder.format != "html"
        or docname not in app.env.all_docs
    ):
        return
    data = _data_for(app, docname)  # the root note cites the whole book
    box = nodes.container(classes=["cite-this-page"], ids=["cite-this-page"])
    box += nodes.rubric("", "Cite this page")
    text = formatted(data)
    box += nodes.literal_block(text, text, language="text", classes=["cite-formatted"])
    _block(box, "BibTeX", bibtex(data), "bibtex", "cite-bibtex")
    _block(box, "RIS", ris(data), "text", "cite-ris")
    _block(box, "CSL-JSON", csl_json(data), "json", "cite-csl-json")
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
    container = note_body(doctree)
    container += box


def add_meta(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Highwire and Dublin Core tags in the page's ``<head>`` (notes only); the root note,
    which stands for the whole book, also names its PDF (``wikilink_cite_pdf_url``)."""
    if not app.config.wikilink_cite_box or pagename not in app.env.all_docs:
        return
    tags = meta_tags(_data_for(app, pagename))
    pdf = str(app.config.wikilink_cite_pdf_url or "")
    if pdf and pagename == app.config.root_doc:
        tags.insert(tags.index(("DC.title", tags[0][1])), ("citation_pdf_url", pdf))
    context["metatags"] = context.get("metatags", "") + _meta_html(tags)


def write_book_bib(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not app.config.wikilink_cite_box:
        return
    for path in _bibfiles(app):  # the box links each one: it must be there
        copy = Path(app.outdir, path.name)
        if not copy.exists():
            shutil.copyfile(path, copy)
    records = [book_record(app)]
    records += [bib_record(app, d, _title(app, d)) for d in sorted(app.env.all_docs)]
    Path(app.outdir, "book.bib").write_text("\n".join(records), encoding="utf-8")
