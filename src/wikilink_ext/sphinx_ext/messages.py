"""Every warning the extension emits: one ``type="wikilink"`` with a subtype per problem.

``-W`` turns them into errors; ``suppress_warnings = ["wikilink.missing"]`` silences one kind.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sphinx.util import logging

__all__ = ["Problem", "warn"]

logger = logging.getLogger("wikilink_ext")


class Problem(StrEnum):
    """Warning subtypes (``wikilink.<value>``)."""

    MISSING = "missing"
    """A link whose note or file does not exist (or is not published)."""
    IGNORED = "ignored"
    """A link to a note in a folder the build leaves out (``wikilink_ignore``)."""
    HEADING = "heading"
    """A link to a heading the note does not have."""
    BLOCK = "block"
    """A link to a block id the note does not have, or a duplicate block id."""
    AMBIGUOUS = "ambiguous"
    """Several notes match a link and the choice between them was not forced."""
    SYNTAX = "syntax"
    """Malformed Obsidian syntax."""
    CITATION = "citation"
    """An unknown citation key, or a References item that is not exactly one key."""
    UNCITED_QUOTE = "uncited-quote"
    """A quote callout that cites no source."""
    UNCITED_CLAIM = "uncited-claim"
    """A sentence stating a number, index, date or attribution with no citation near it
    (only with ``wikilink_uncited_claims = True``)."""
    CYCLE = "cycle"
    """An embed that would include itself."""
    OUTSIDE = "outside"
    """A path that leaves the source directory."""
    CONFIG = "config"
    """A configuration value that cannot be used."""
    UNPUBLISHED = "unpublished"
    """A link or embed to a note that is not published, or a publish value that is unclear."""
    UNREADABLE = "unreadable"
    """A file of the vault that cannot be read as a note (binary, not UTF-8, a bad symlink)."""
    INTERNAL = "internal"
    """A block of a note that could not be read or rendered; it is shown as its source text."""
    NESTING = "nesting"
    """Content nested deeper than the parser's limit, shown flattened."""
    FOOTNOTE = "footnote"
    """A footnote reference whose definition is missing, or a definition nothing references."""
    MATHS = "maths"
    """A formula that cannot be written as MathML (the EPUB); it is shown as its TeX source."""
    EMBED_LIMIT = "embed-limit"
    """A page that embeds more than wikilink_embed_max_count notes or max_chars characters."""
    RAW = "raw"
    """Raw output written by a directive (``{raw} html``, ``.. raw::`` in ``{eval-rst}``):
    HTML is sanitised as a note's own HTML is, any other format is shown as text."""
    EXCALIDRAW = "excalidraw"
    """Excalidraw drawings left out of the build (``wikilink_publish_excalidraw``)."""
    EXCLUDED = "excluded"
    """Notes in folders ``wikilink_ignore`` leaves out: one summary for the vault."""


def warn(problem: Problem, message: str, location: Any) -> None:
    """Log one located warning; ``location`` is a node, ``(docname, line)`` or a path."""
    logger.warning(message, location=location, type="wikilink", subtype=problem.value)
