"""Links from one page to another, each note's own URI made once per process.

Sphinx's ``Builder.get_relative_uri`` quotes both docnames on every call. A page's
backlinks, hover previews and local graph ask it for dozens of notes, the same notes page
after page: 3 % of writing the pages of 17,000 notes (issue 18). Builders whose
``get_relative_uri`` is not Sphinx's own (LaTeX's ignores where the link starts) are asked
as before.
"""

from __future__ import annotations

import weakref
from typing import Any

from sphinx.builders import Builder
from sphinx.util.osutil import relative_uri as _relative

__all__ = ["relative_uri"]

_TARGETS: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()


def relative_uri(builder: Any, fromdoc: str, todoc: str) -> str:
    """``builder.get_relative_uri(fromdoc, todoc)``, each target URI computed once."""
    if type(builder).get_relative_uri is not Builder.get_relative_uri:
        return builder.get_relative_uri(fromdoc, todoc)  # type: ignore[no-any-return]
    targets = _TARGETS.get(builder)
    if targets is None:
        targets = _TARGETS[builder] = {}
    uris = []
    for docname in (fromdoc, todoc):
        uri = targets.get(docname)
        if uri is None:
            uri = targets[docname] = builder.get_target_uri(docname)
        uris.append(uri)
    return _relative(uris[0], uris[1])
