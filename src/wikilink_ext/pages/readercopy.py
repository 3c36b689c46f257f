"""The page's source file, as a reader may see it (``_sources/``, the "source" button).

Sphinx copies each document's file as it is, with its ``%%comments%%``, its ``publish``
switch and every property. The extension writes the copy itself instead, through
:func:`~wikilink_ext.vault.visible.reader_copy`, at the same place, so "Show source" and the
book theme's download button keep working (``html_copy_source = False`` still turns both off).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..vault.scan import read_note
from ..vault.visible import reader_copy

__all__ = []


def take_over(app: Sphinx) -> None:
    """Sphinx's builder must not copy raw sources; this module writes the reader's copy."""
    builder: Any = app.builder
    if getattr(builder, "copysource", False):
        builder.copysource = False  # a public class attribute; the templates still link


def write_copy(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    sourcename = context.get("sourcename")
    if not sourcename or not app.config.html_copy_source or pagename not in app.env.all_docs:
        return
    if not getattr(type(app.builder), "copysource", False):
        return  # a builder that copies no sources (epub, singlehtml)
    target = Path(app.outdir, "_sources", sourcename)
    if not target.resolve().is_relative_to(Path(app.outdir, "_sources").resolve()):
        return
    text, _ = read_note(Path(app.env.doc2path(pagename)).read_bytes())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(reader_copy(text or ""), encoding="utf-8")
