"""The EPUB of a vault whose note names have spaces, as Obsidian's usually do.

Sphinx's EPUB builder names each file's manifest item after its file name, and looks the
spine up by the toctree's link, which is URL-quoted (``Induction%20head.xhtml``): with a
space in a name the two differ, and the spine points at items that do not exist (epubcheck
OPF-049). This builder writes the manifest and spine from the unquoted names, and keeps the
quoted links for the table of contents and the navigation document, which need them.

Extensions' assets under ``_static/`` that an EPUB cannot type (the licence texts and
READMEs that come with vendored scripts) stay out of it quietly; the EPUB runs none of
those scripts.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder

__all__ = ["VaultEpub3Builder"]


class VaultEpub3Builder(Epub3Builder):
    def build_content(self) -> None:
        static = Path(self.outdir, "_static")
        untyped = [
            path.relative_to(self.outdir).as_posix()
            for path in static.rglob("*")
            if path.is_file() and path.suffix not in self.media_types
        ]
        self.config.epub_exclude_files = [*self.config.epub_exclude_files, *untyped]
        quoted = [node["refuri"] for node in self.refnodes]
        for node in self.refnodes:
            node["refuri"] = unquote(node["refuri"])
        try:
            super().build_content()
        finally:
            for node, refuri in zip(self.refnodes, quoted, strict=True):
                node["refuri"] = refuri


VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"


def leave_out_vendor(app: Sphinx) -> None:
    """The vendored scripts and their licences serve the HTML graph, which an EPUB has not."""
    if app.builder.name == "epub":
        names = [f"_static/vendor/{path.name}" for path in sorted(VENDOR.iterdir())]
        app.config.epub_exclude_files = [*app.config.epub_exclude_files, *names]
