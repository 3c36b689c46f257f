"""Search finds a note by its frontmatter aliases: each alias is a main index entry of its
note in the HTML search index (Sphinx ranks those above words of the text), and nowhere else."""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from conftest import copy_root


def search_index(app: SphinxTestApp) -> dict[str, object]:
    text = Path(app.outdir, "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])  # type: ignore[no-any-return]


def test_aliases_are_main_entries_of_their_note(make_app, sphinx_test_tempdir) -> None:
    app = make_app("html", srcdir=copy_root("links", sphinx_test_tempdir / "alias-search"))
    app.build()
    assert app.warning.getvalue() == ""
    index = search_index(app)
    docnames = index["docnames"]
    assert isinstance(docnames, list)
    entries = index["indexentries"]
    assert isinstance(entries, dict)
    assert entries["delta nickname"] == [[docnames.index("Delta"), "", True]]
    # notes without aliases get none, and the general index stays as it was
    assert set(entries) == {"delta nickname"}
    assert "Delta nickname" not in Path(app.outdir, "genindex.html").read_text(encoding="utf-8")


def test_alias_search_can_be_turned_off(make_app, sphinx_test_tempdir) -> None:
    src = copy_root("links", sphinx_test_tempdir / "alias-search-off")
    app = make_app("html", srcdir=src, confoverrides={"wikilink_alias_search": False})
    app.build()
    assert search_index(app)["indexentries"] == {}
