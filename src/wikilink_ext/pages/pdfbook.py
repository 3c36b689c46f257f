"""The PDF as a book: front matter, numbered chapters in parts, the bibliography, appendices.

Sphinx's LaTeX builder makes one big document from the index note and the notes its
(generated) toctree includes: the index note's own sections become "Chapter 1", "Chapter
2" before the first note, the table of contents comes first, and the bibliography lands
after a chapter of its own for the References note. Once that document is assembled
(``doctree-resolved`` for the LaTeX builder), this module rearranges it into

    title page
    the index note's own content, as an unnumbered introduction (roman page numbers)
    table of contents
    the notes, as numbered chapters in the index note's order, under a part for each
    heading the index note lists them under (when it lists them under more than one)
    the References note, unnumbered, holding the formatted bibliography
    the notes of ``latex_appendices`` (default: ``wikilink_appendices``), as appendices A, B, …

with LaTeX macros (added to the preamble) for the four switches. Nothing changes in HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

from ..sphinx_ext.nodes import ancestors

__all__ = ["LATEX_BOOK", "rearrange"]

#: Front matter without chapter numbers, a table of contents that keeps the roman page
#: numbers going, main matter numbered again, back matter without numbers.
LATEX_BOOK = r"""
% wikilink_ext: the PDF as a book (front matter, main matter, back matter)
% bookmark (after hyperref): the back matter leaves the last part in the PDF outline.
\usepackage{bookmark}
% refcount: the page of a label as a value ("Cited in" compares the pages of citations)
\usepackage{refcount}
\makeatletter
\newcommand{\wikilinkfrontmatter}{%
  \if@openright\cleardoublepage\else\clearpage\fi
  \pagenumbering{roman}%
  \edef\wikilink@secnumdepth{\the\c@secnumdepth}%
  \setcounter{secnumdepth}{-1}}
\newcommand{\wikilinktableofcontents}{%
  \if@openright\cleardoublepage\else\clearpage\fi
  \begingroup\parskip\z@skip\sphinxtableofcontentshook\tableofcontents\endgroup
  \if@openright\cleardoublepage\else\clearpage\fi
  \pagenumbering{arabic}%
  \ifdefined\wikilink@secnumdepth\setcounter{secnumdepth}{\wikilink@secnumdepth}\fi}
\newcommand{\wikilinkbackmatter}{%
  \if@openright\cleardoublepage\else\clearpage\fi
  \edef\wikilink@backsecnumdepth{\the\c@secnumdepth}%
  \bookmarksetup{startatroot}%
  \setcounter{secnumdepth}{-1}}
% Appendices after the back matter are lettered again.
\newcommand{\wikilinkappendices}{%
  \ifdefined\wikilink@backsecnumdepth\setcounter{secnumdepth}{\wikilink@backsecnumdepth}\fi}
% The bibliography inside the References chapter: no heading of its own, and each entry
% a \label too, for the links that lead to it from the notes' lists of sources.
\newcommand{\wikilinkbibliographyhere}[1]{%
  \renewcommand{\bibname}{#1}%
  \renewenvironment{sphinxthebibliography}[1]%
    {\def\chapter*####1{}\begin{thebibliography}{##1}%
     \let\wikilink@bibitem\bibitem
     \def\bibitem[####1]####2{\wikilink@bibitem[####1]{####2}\phantomsection\label{####2}}}%
    {\end{thebibliography}}}
% "Cited in": the pages of a note's citations of a work (labels wikilink-cited-<n>, in the
% order of the text), each page once, each a link to the citation: " (p. 3)", " (pp. 3, 5)".
\newcommand{\wikilinkcitedpages}[1]{%
  \begingroup\def\wikilink@last{}\count@\z@
  \@for\wikilink@label:=#1\do{%
    \edef\wikilink@page{\getpagerefnumber{\wikilink@label}}%
    \ifx\wikilink@page\wikilink@last\else
      \advance\count@\@ne\let\wikilink@last\wikilink@page\fi}%
  \ \ifnum\count@>\@ne(pp.~\else(p.~\fi
  \def\wikilink@last{}\def\wikilink@sep{}%
  \@for\wikilink@label:=#1\do{%
    \edef\wikilink@page{\getpagerefnumber{\wikilink@label}}%
    \ifx\wikilink@page\wikilink@last\else
      \wikilink@sep\expandafter\hyperlink\expandafter{\wikilink@label}{\wikilink@page}%
      \def\wikilink@sep{, }\let\wikilink@last\wikilink@page\fi}%
  )\endgroup}
% No page break where the list ends, nor inside an item: the PDF's "Linked from" line keeps
% to the list before it, and takes at least its whole last item along to a new page.
\def\wikilinknobreakafterlist{\@endparpenalty\@M\interlinepenalty\@M}
% Long identifiers in inline code (option names in narrow table columns) may break after _.
\let\wikilink@upquote\sphinxupquote
\protected\def\sphinxupquote#1{\wikilink@upquote{\let\_\wikilinkunderscore#1}}
\def\wikilinkunderscore{\textunderscore\allowbreak}
% A citation in a figure's caption: the caption is also written to the .aux and .lof files,
% where a fragile \hyperlink stops XeLaTeX ("Argument of \Hy@tempa has an extra }").
\AtBeginDocument{\MakeRobust{\hyperlink}}
\makeatother
"""


def _raw(tex: str) -> nodes.raw:
    return nodes.raw("", tex + "\n", format="latex")


def _start_of_files(doctree: nodes.Node) -> dict[str, addnodes.start_of_file]:
    """The included notes at the top level of the book, by docname."""
    found: dict[str, addnodes.start_of_file] = {}
    for sof in doctree.findall(addnodes.start_of_file):
        if not any(isinstance(a, addnodes.start_of_file) for a in ancestors(sof)):
            found.setdefault(sof["docname"], sof)
    return found


def rearrange(
    doctree: nodes.document,
    *,
    appendices: list[str],
    references: str | None,
    parts: Sequence[tuple[str, Sequence[str]]] = (),
) -> None:
    """Rearrange the assembled LaTeX document in place (see the module's docstring)."""
    root = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    if root is None:
        return
    # Appendices: Sphinx appends them after the main document, so drop the toctree's copy.
    for docname in appendices:
        _pop(root, docname)
    # The index note's own content becomes an unnumbered introduction before the contents.
    title = next((c for c in root.children if isinstance(c, nodes.title)), None)
    own = [
        c
        for c in root.children
        if c is not title
        and not (isinstance(c, nodes.Element) and "toctree-wrapper" in c["classes"])
        and not isinstance(c, addnodes.start_of_file)
    ]
    position = root.index(title) + 1 if title is not None else 0
    if own and title is not None:
        intro = nodes.section("", nodes.title("", "", *[c.deepcopy() for c in title.children]))
        intro["ids"] = []
        intro["names"] = []
        intro["classes"] = ["wikilink-introduction"]
        for child in own:
            root.remove(child)
            intro += child
        root.insert(position, [_raw(r"\wikilinkfrontmatter"), intro])
        position += 2
    root.insert(position, _raw(r"\wikilinktableofcontents"))
    _insert_parts(root, parts)
    # The References note follows the notes, without a number, and holds the bibliography;
    # the appendices (documents Sphinx appends after the main one) come after it.
    if references is None:
        return
    sof = _pop(root, references)
    if sof is None:
        return
    after = doctree.index(root) + 1
    doctree.insert(after, [_raw(r"\wikilinkbackmatter"), sof])
    later = doctree.children[after + 2 :]
    appendix = next((c for c in later if isinstance(c, nodes.document)), None)
    if appendix is not None:
        appendix.insert(0, _raw(r"\wikilinkappendices"))
    bibliography = next(iter(doctree.findall(thebibliography)), None)
    section = sof.next_node(nodes.section)
    if bibliography is not None and section is not None:
        heading = section.next_node(nodes.title)
        name = escape(heading.astext()) if heading is not None else "References"
        bibliography.parent.remove(bibliography)
        here = [_raw(r"\wikilinkbibliographyhere{" + name + "}"), bibliography]
        # before the note's "Linked from" line (and what keeps that with the text before it)
        backlinks = next(
            (p for p in section.findall(nodes.paragraph) if "wikilink-backlinks" in p["classes"]),
            None,
        )
        if backlinks is None or backlinks.parent is not section:
            section.extend(here)
            return
        position = section.index(backlinks)
        if position and isinstance(section[position - 1], nodes.raw):
            position -= 1
        section[position:position] = here


def _insert_parts(root: nodes.Element, parts: Sequence[tuple[str, Sequence[str]]]) -> None:
    """A ``\\part`` before the first note of each part that is in the book."""
    found = _start_of_files(root)
    for caption, docnames in parts:
        first = next((found[d] for d in docnames if d in found), None)
        if first is not None:
            first.parent.insert(first.parent.index(first), _raw(r"\part{" + escape(caption) + "}"))


def _pop(root: nodes.Element, docname: str) -> addnodes.start_of_file | None:
    sof = _start_of_files(root).get(docname)
    if sof is not None:
        sof.parent.remove(sof)
    return sof


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name != "latex" or not any(
        docname == entry[0] for entry in app.config.latex_documents
    ):
        return
    from ..sphinx_ext.domain import vault_domain
    from .navigation import parts

    domain = vault_domain(app.env)
    home = domain.notes.get(str(app.config.wikilink_toc_note or app.config.root_doc))
    rearrange(
        doctree,
        appendices=list(app.config.latex_appendices),
        references=domain.references_docname,
        parts=parts(home.listed, home.listed_under) if home else [],
    )


class NoIndexEntriesWithoutIndex(SphinxPostTransform):
    """A PDF that prints no index (``latex_elements["printindex"] = ""``) gets no index
    entries either (aliases are index entries for the HTML search): otherwise latexmk runs
    an index processor (xindy, often not installed) for a list nobody sees."""

    default_priority = 100
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        if self.config.latex_elements.get("printindex") != "":
            return
        for node in list(self.document.findall(addnodes.index)):
            node.parent.remove(node)


def add_macros(app: Sphinx, config: Config) -> None:
    """Add the macros to the preamble and let the rearranged document place the contents;
    the book's appendices are the PDF's unless ``latex_appendices`` names others."""
    if not config.latex_appendices and config.wikilink_appendices:
        config.latex_appendices = list(config.wikilink_appendices)
    elements: dict[str, Any] = dict(config.latex_elements)
    if "wikilinkfrontmatter" not in elements.get("preamble", ""):
        elements["preamble"] = elements.get("preamble", "") + LATEX_BOOK
    elements.setdefault("tableofcontents", "")
    # A chapter starts on the next page, not the next right-hand one: "openright" left a
    # page with only the running header and footer before half the chapters (and after
    # each part's page). A vault that asks for openright (or openany) keeps its choice.
    options = [o.strip() for o in elements.get("extraclassoptions", "").split(",") if o.strip()]
    if not {"openany", "openright"} & set(options):
        elements["extraclassoptions"] = ",".join([*options, "openany"])
    # LaTeX stops at six nested lists ("Too deeply nested"); notes nest ten and more, as
    # Obsidian shows them (Sphinx's own key lifts the cap)
    elements.setdefault("maxlistdepth", "40")
    config.latex_elements = elements
