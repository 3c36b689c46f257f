"""Each note's doctree is let go once its page is resolved, not kept until the build ends.

Sphinx keeps the bytes of every doctree it loads for writing (``get_doctree``) in a cache on
the environment for the rest of the build: about 20 kB a note, 340 MB at 17,000 notes, in
the process that also holds the environment (issue 18: under 1 GB for the whole build). A
page is resolved once; if anything asks for the doctree again, Sphinx reads it from disk.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

__all__ = []


def release(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    cache: Any = getattr(app.env, "_pickled_doctree_cache", None)
    if isinstance(cache, dict):
        cache.pop(docname, None)
