"""Where the book's citations lead: each note's own list of sources, and, on the References
page, the notes that cite each entry.

The lists are placeholders at read time and filled once citations are formatted
(sphinxcontrib-bibtex formats them after every note is read), so HTML and LaTeX both get
them, whichever document the LaTeX builder assembles.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from ..sphinx_ext.domain import cite_domain as get_cite_domain
from ..sphinx_ext.domain import env_builder, vault_domain
from ..sphinx_ext.nodes import note_body
from .citedpages import cited_pages, citing_places


class wikilink_sources(nodes.General, nodes.Element):
    """Placeholder for a note's list of sources; carries ``docname`` and ``keys``."""


def add_placeholder(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    data = vault_domain(app.env).notes.get(docname)
    heading = app.config.wikilink_sources_heading
    if (
        not app.config.wikilink_sources
        or get_cite_domain(app.env) is None
        or not heading
        or data is None
        or not data.cites
        or docname == vault_domain(app.env).references_docname
    ):
        return
    container = note_body(doctree)
    container.append(wikilink_sources(docname=docname, keys=list(data.cites)))


class FillSources(SphinxPostTransform):
    """Replace placeholders with formatted entries; add "Cited in" to the bibliography."""

    default_priority = 15  # after sphinxcontrib-bibtex (5) and reference resolution (10)

    def run(self, **kwargs: Any) -> None:
        cite_domain: Any = get_cite_domain(self.env)
        if cite_domain is None:
            for placeholder in list(self.document.findall(wikilink_sources)):
                placeholder.parent.remove(placeholder)
            return
        references = vault_domain(self.env).references_docname
        by_key = {
            c.key: c for c in cite_domain.citations if c.bibliography_key.docname == references
        }
        for placeholder in list(self.document.findall(wikilink_sources)):
            self.fill(placeholder, by_key, cite_domain)
        if references is not None:
            self.cited_in(by_key)
            self.anchor_blocks(by_key)

    def fill(self, placeholder: wikilink_sources, by_key: dict[str, Any], cite_domain: Any) -> None:
        items = nodes.bullet_list(classes=["wikilink-sources"])
        for key in placeholder["keys"]:
            citation = by_key.get(key)
            if citation is None:
                continue  # unknown key: already reported where it was cited
            paragraph = cite_domain.backend.paragraph(citation.formatted_entry)
            link = make_refnode(
                env_builder(self.env),
                self.env.docname,
                citation.bibliography_key.docname,
                citation.citation_id,
                nodes.inline("", "↗", classes=["wikilink-source-link"]),
                "in the bibliography",
            )
            paragraph += [nodes.Text(" "), link]
            items += nodes.list_item("", paragraph)
        if not len(items):
            placeholder.parent.remove(placeholder)
            return
        rubric = nodes.rubric(
            "", self.config.wikilink_sources_heading, classes=["wikilink-sources-title"]
        )
        placeholder.replace_self([rubric, items])

    def cited_in(self, by_key: dict[str, Any]) -> None:
        domain = vault_domain(self.env)
        citing: dict[str, list[str]] = {}
        for docname, data in sorted(domain.notes.items(), key=lambda i: i[1].title.casefold()):
            if docname == domain.references_docname:
                continue
            for key in data.cites:
                citing.setdefault(key, []).append(docname)
        ids = {c.citation_id: c.key for c in by_key.values()}
        places = citing_places(self.document)  # the PDF's citations, with their pages
        for citation in list(self.document.findall(nodes.citation)):
            found: str | None = next((ids[i] for i in citation["ids"] if i in ids), None)
            if found is None or not citing.get(found):
                continue
            key = found
            paragraph = nodes.paragraph(classes=["wikilink-cited-in"])
            paragraph += nodes.Text("Cited in: ")
            for index, docname in enumerate(citing[key]):
                if index:
                    paragraph += nodes.Text(", ")
                title = domain.notes[docname].title or docname
                paragraph += make_refnode(
                    env_builder(self.env), self.env.docname, docname, None, nodes.Text(title)
                )
                if places.get((docname, key)):
                    paragraph += cited_pages(places[(docname, key)])
            citation += paragraph

    def anchor_blocks(self, by_key: dict[str, Any]) -> None:
        """Move each References item's ``^block-id`` anchor onto its formatted entry, so that
        ``[[References#^id]]`` lands on that entry rather than on the top of the list."""
        anchors: dict[str, list[str]] = {}
        for block_id, key in vault_domain(self.env).references.keys.items():
            anchors.setdefault(key, []).append("block-" + block_id.lower())
        ids = {c.citation_id: c.key for c in by_key.values()}
        moved: dict[str, nodes.target] = {}
        for citation in list(self.document.findall(nodes.citation)):
            key = next((ids[i] for i in citation["ids"] if i in ids), "")
            found = anchors.get(key, [])
            if found and len(citation):
                target = nodes.target("", "", ids=found)
                citation.insert(1, target)  # after the label
                moved.update(dict.fromkeys(found, target))
        if not moved:
            return  # a page without the bibliography (the LaTeX build has it in one tree)
        placed = set(map(id, moved.values()))
        # the old anchors sit on one target before the list, or on the element after it:
        # docutils propagates a target's ids to the next element and leaves the target with
        # a refid, which LaTeX would still turn into a second label
        for element in list(self.document.findall(nodes.Element)):
            if id(element) in placed:
                continue
            if isinstance(element, nodes.target) and element.get("refid") in moved:
                if element.parent is not None:
                    element.parent.remove(element)
                continue
            if not any(i in moved for i in element["ids"]):
                continue
            element["ids"] = [i for i in element["ids"] if i not in moved]
            if isinstance(element, nodes.target) and not element["ids"] and element.parent:
                element.parent.remove(element)
        self.document.ids.update(moved)
