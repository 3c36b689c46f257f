"""Big vaults: what a page loads must not grow with the vault (issue 18).

The whole-vault graph keeps the most linked notes past ``wikilink_graph_max_notes``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from wikilink_ext.pages.graph import most_linked


def test_most_linked_keeps_every_note_under_the_limit() -> None:
    outgoing = {"a": ["b"], "b": [], "c": ["a"]}
    assert most_linked(outgoing, 3) == ["a", "b", "c"]


def test_most_linked_ranks_by_links_in_and_out() -> None:
    # hub: linked from everyone; a and b link each other and the hub; lone links nowhere
    outgoing = {
        "hub": [],
        "a": ["hub", "b", "b"],  # a link twice to the same note counts once
        "b": ["hub", "a"],
        "c": ["hub"],
        "lone": ["lone"],  # a link to itself counts for nothing
        "d": ["nowhere"],  # nor one to a note that is not there
    }
    assert most_linked(outgoing, 3) == ["a", "b", "hub"]
    assert most_linked(outgoing, 4) == ["a", "b", "c", "hub"]
    assert most_linked(outgoing, 1) == ["a"]  # ties by name


def test_book_graph_past_the_limit_says_what_it_shows(
    make_app: Callable[..., SphinxTestApp], sphinx_test_tempdir: Path
) -> None:
    src = copy_root("reader", sphinx_test_tempdir / "graph-limit")
    app = make_app("html", srcdir=src, confoverrides={"wikilink_graph_max_notes": 2})
    app.build()
    html = Path(app.outdir, "graph.html").read_text(encoding="utf-8")
    match = re.search(r'id="wikilink-book-graph-data">(.*?)</script>', html, re.S)
    assert match
    data = json.loads(match.group(1))
    assert len(data["nodes"]) == 2 and data["total"] == 5
    # the legend counts the notes shown, not the vault's
    assert sum(group["count"] for group in data["groups"]) == 2
    assert "The 2 most linked notes of 5" in html
    assert html.count("<li><a href=") == 2  # the list for readers without JavaScript too
