"""Search by alias: each alias of a note is an index entry that leads to the note."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp


def search_index(app: SphinxTestApp) -> dict[str, object]:
    text = Path(app.outdir, "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])  # type: ignore[no-any-return]


@pytest.mark.sphinx("html", testroot="embeds")
def test_an_alias_finds_its_note(app: SphinxTestApp) -> None:
    app.build()
    index = search_index(app)
    docnames = index["docnames"]
    assert isinstance(docnames, list)
    entries = index["indexentries"]
    assert isinstance(entries, dict)
    ((doc, anchor, main),) = entries["origin"]
    assert docnames[doc] == "Source"
    assert anchor  # the note's own section, so the result opens at its title
    assert main is True  # listed with the ordinary results, not after them
    genindex = Path(app.outdir, "genindex.html").read_text(encoding="utf-8")
    assert "Origin" in genindex
