"""```` ```mermaid ```` blocks drawn as Obsidian draws them, offline.

The HTML page gets ``<pre class="mermaid">`` and, on pages that have a diagram only, the
vendored Mermaid (``assets/mermaid``, copied into ``_static/vendor/`` when some page needs
it), which replaces the text by the drawing in the browser. Readers without scripts (EPUB,
JavaScript off) see the diagram's source. The PDF has no browser: it shows the source as
code, under a line saying it is a Mermaid diagram drawn in the HTML edition.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

__all__ = [
    "MERMAID_JS",
    "MERMAID_SHA256",
    "copy_script",
    "depart_latex",
    "load_on_page",
    "mark_pages",
    "mermaid_diagram",
    "visit_html",
    "visit_latex",
]

MERMAID_JS = Path(__file__).resolve().parent.parent / "assets" / "mermaid" / "mermaid.min.js"
MERMAID_SHA256 = "581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8"
MERMAID_VERSION = "11.17.2"
_STATIC_NAME = "vendor/mermaid.min.js"
_FLAG = "wikilink-mermaid"  # in env.metadata of a page that shows a diagram
_START = "mermaid.initialize({startOnLoad: true, securityLevel: 'strict'});"
PDF_NOTE = "Mermaid diagram (drawn in the HTML edition), its source:"


class mermaid_diagram(nodes.literal_block):
    """A Mermaid diagram's source; any builder without its own visitor shows it as code."""


def visit_html(self: Any, node: mermaid_diagram) -> None:
    if self.builder.name.startswith("epub"):  # no scripts: the source, as code
        node["language"] = "text"
        self.visit_literal_block(node)
    self.body.append(self.starttag(node, "pre", "", CLASS="mermaid"))
    self.body.append(self.encode(node.astext()) + "</pre>\n")
    raise nodes.SkipNode


def visit_latex(self: Any, node: mermaid_diagram) -> None:
    node["language"] = "text"
    self.body.append(f"\n\\par\\noindent\\textit{{{PDF_NOTE}}}\\par\n")
    self.visit_literal_block(node)


def depart_latex(self: Any, node: mermaid_diagram) -> None:
    self.depart_literal_block(node)


def mark_pages(app: Sphinx, doctree: nodes.document) -> None:
    if any(True for _ in doctree.findall(mermaid_diagram)):
        app.env.metadata[app.env.docname][_FLAG] = True


def load_on_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name.startswith("epub") or doctree is None:
        return
    if app.env.metadata.get(pagename, {}).get(_FLAG):
        app.add_js_file(_STATIC_NAME)  # during html-page-context: this page only
        app.add_js_file(None, body=_START)


def copy_script(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    if any(meta.get(_FLAG) for meta in app.env.metadata.values()):
        target = Path(app.outdir, "_static", _STATIC_NAME)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MERMAID_JS, target)
