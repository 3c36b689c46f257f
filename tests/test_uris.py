"""Relative links between pages with each note's URI made once (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sphinx.errors import NoUri
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from wikilink_ext.sphinx_ext.uris import relative_uri

DOCS = ["index", "Banana", "Projects/2024/Q1", "Projects/Plan", "archive/Old", "Note 10"]


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "latex"])
def test_same_links_as_the_builder(make_app, sphinx_test_tempdir: Path, builder: str) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("nav", sphinx_test_tempdir / f"uris-{builder}")
    app: SphinxTestApp = make_app(builder, srcdir=src, freshenv=True)
    app.builder.env = app.env  # the builder's URIs, with no build needed
    for fromdoc in DOCS:
        for todoc in DOCS:
            expected = _outcome(app.builder.get_relative_uri, fromdoc, todoc)
            got = _outcome(relative_uri, app.builder, fromdoc, todoc)
            assert got == expected, (fromdoc, todoc)


def _outcome(ask: Any, *args: Any) -> str:
    """The link, or the builder's "no link" (LaTeX: a document outside the PDF)."""
    try:
        return str(ask(*args))
    except NoUri:
        return "NoUri"


def test_each_target_is_made_once(make_app, sphinx_test_tempdir: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("nav", sphinx_test_tempdir / "uris-once")
    app: SphinxTestApp = make_app("html", srcdir=src, freshenv=True)
    made: list[str] = []
    target_uri = app.builder.get_target_uri

    def counting(docname: str, typ: Any = None) -> str:
        made.append(docname)
        return target_uri(docname, typ)

    app.builder.get_target_uri = counting  # type: ignore[method-assign]
    for _ in range(3):
        for todoc in DOCS:
            relative_uri(app.builder, "Projects/Plan", todoc)
    assert sorted(made) == sorted(DOCS)
    assert relative_uri(app.builder, "Projects/Plan", "Note 10") == "../Note%2010.html"
