"""Document names that are safe wherever Sphinx and its themes write them.

A note's docname is its vault path without ``.md``, except where that name cannot be
written as it is: Sphinx and its themes put the docname into JavaScript strings
(``DOCUMENTATION_OPTIONS.pagename = '…'``), ``href`` attributes and file names without
escaping it, and write their own pages (``search.html``, ``genindex.html``) beside the
notes. Such a name is percent-encoded where it must be (``Don't panic`` becomes
``Don%27t panic``), so the note keeps its page; links, titles and the navigation still
use the name as written (:func:`note_name`), and ``%`` itself is always encoded, which
keeps the mapping one-to-one.
"""

from __future__ import annotations

import hashlib
import posixpath
from urllib.parse import unquote

__all__ = ["MAX_NAME_BYTES", "RESERVED", "docname_for", "note_name"]

UNSAFE = frozenset("%'\"<>\\`&") | frozenset(chr(c) for c in (*range(32), 127))
"""Characters a theme could let out of a JavaScript string or an HTML attribute."""

RESERVED = frozenset({"search", "genindex", "py-modindex"})
"""Pages Sphinx's HTML builder writes at the top of the output (compared case-folded, as
a case-insensitive file system would)."""

MAX_NAME_BYTES = 255 - len(".doctree")
"""The longest name component: the longest suffix Sphinx adds must still fit in 255 bytes."""


def _encode(part: str) -> str:
    return "".join(f"%{ord(ch):02X}" if ch in UNSAFE else ch for ch in part)


def _shorten(part: str, original: str) -> str:
    digest = hashlib.sha1(original.encode("utf-8")).hexdigest()[:10]
    room = MAX_NAME_BYTES - len(digest) - 1
    cut = part.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    while cut.endswith("%") or cut[-2:-1] == "%":  # never cut an escape in half
        cut = cut[:-1]
    return f"{cut}~{digest}"


def docname_for(path: str) -> str:
    """The docname of the note at vault path ``path`` (NFC, posix, without ``.md``)."""
    parts = path.split("/")
    safe: list[str] = []
    for position, part in enumerate(parts):
        encoded = _encode(part)
        if len(parts) == 1 and position == 0 and encoded.casefold() in RESERVED:
            encoded = f"%{ord(encoded[0]):02X}{encoded[1:]}"
        if len(encoded.encode("utf-8")) > MAX_NAME_BYTES:
            encoded = _shorten(encoded, part)
        safe.append(encoded)
    return "/".join(safe)


def note_name(docname: str) -> str:
    """The note's name as the author wrote it (the last part of its path)."""
    return unquote(posixpath.basename(docname))
