"""The book's navigation, derived from the index note's wikilinks: no toctree in the vault.

Order: notes linked from the index note's lists, in order; then notes it links elsewhere;
then every other note, alphabetically, so that none is left out of the book.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..sphinx.domain import vault_domain
from ..sphinx.nodes import wikilink_ref

__all__ = ["connect", "toc_order"]


def toc_order(app: Sphinx, doctree: nodes.document, docname: str) -> list[str]:
    domain = vault_domain(app.env)
    listed: list[str] = []
    elsewhere: list[str] = []
    for node in doctree.findall(wikilink_ref):
        if not node["reftarget"] or node["refdoc"] != docname:
            continue
        resolution = domain.index.resolve(node["reftarget"], docname)
        if resolution.kind != "note" or resolution.target is None:
            continue
        in_list = any(isinstance(a, nodes.list_item) for a in _ancestors(node))
        (listed if in_list else elsewhere).append(resolution.target)
    rest = sorted(app.env.found_docs, key=str.casefold)
    order: list[str] = []
    for candidate in (*listed, *elsewhere, *rest):
        if candidate != docname and candidate not in order and candidate in app.env.found_docs:
            order.append(candidate)
    return order


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def add_toctree(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if docname != (app.config.wikilink_toc_note or app.config.root_doc):
        return
    order = toc_order(app, doctree, docname)
    toctree = addnodes.toctree()
    toctree["parent"] = docname
    toctree["entries"] = [(None, doc) for doc in order]
    toctree["includefiles"] = order
    toctree["maxdepth"] = -1
    toctree["caption"] = None
    toctree["glob"] = False
    toctree["hidden"] = True
    toctree["includehidden"] = False
    toctree["numbered"] = 0
    toctree["titlesonly"] = False
    wrapper = nodes.compound(classes=["toctree-wrapper"])
    wrapper.append(toctree)
    container: nodes.Element = doctree
    for child in doctree.children:
        if isinstance(child, nodes.section):
            container = child
            break
    container.append(wrapper)


def connect(app: Sphinx) -> None:
    # before Sphinx's toctree collector (priority 500) reads the toctree
    app.connect("doctree-read", add_toctree, priority=400)
