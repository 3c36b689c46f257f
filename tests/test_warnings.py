# ruff: noqa: E501  (exact warning lines are clearer unwrapped)
"""Every problem is one located warning, ``file:line: WARNING: … [wikilink.<subtype>]``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def warnings(app: SphinxTestApp) -> list[str]:
    """Warning lines with the source directory replaced by ``SRC``."""
    text = ANSI.sub("", app.warning.getvalue()).replace(str(app.srcdir) + "/", "SRC/")
    return [line for line in text.splitlines() if "WARNING" in line]


@pytest.mark.sphinx("html", testroot="warnings")
def test_exact_warnings(app: SphinxTestApp) -> None:
    app.build()
    lines = warnings(app)
    expected = [
        "SRC/index.md:3: WARNING: no note or file named 'Missing note' for [[Missing note]] [wikilink.missing]",
        "SRC/index.md:6: WARNING: no note or file named 'Alph' for [[Alph]]; did you mean 'Alpha'? [wikilink.missing]",
        "SRC/index.md:8: WARNING: 'Alpha' has no heading 'No such heading' ([[Alpha#No such heading]]) [wikilink.heading]",
        "SRC/index.md:10: WARNING: 'Alpha' has no block ^nope ([[Alpha#^nope]]) [wikilink.block]",
        "SRC/index.md:12: WARNING: embed leaves the source directory: '../../etc/passwd' [wikilink.outside]",
        "SRC/index.md:14: WARNING: quote callout cites no source: add [@key] or a link to a References block [wikilink.uncited-quote]",
        "SRC/index.md:17: WARNING: unknown citation key 'nokey' [wikilink.citation]",
        "SRC/index.md:19: WARNING: [[Note]] matches 2 notes (a/Note, b/Note); using 'a/Note' (write the folder to choose) [wikilink.ambiguous]",
        "SRC/index.md:23: WARNING: duplicate block id ^dup [wikilink.block]",
        "SRC/index.md:25: WARNING: link to a note that is not published (publish: false): [[Secret]] [wikilink.unpublished]",
    ]
    for line in expected:
        assert line in lines, "\n".join(lines)
    # the cycle is reported where the embed that closes it is written, with the whole chain
    assert (
        "SRC/Loop B.md:3: WARNING: embed cycle: index → Loop A → Loop B → Loop A; "
        "the inner embed is shown as a link [wikilink.cycle]"
    ) in lines
    assert not any("bibtex" in line for line in lines)


@pytest.mark.sphinx("html", testroot="warnings")
def test_broken_links_stay_visible(app: SphinxTestApp) -> None:
    app.build()
    page = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="wikilink wikilink-broken"[^>]*>Missing note</span>', page)
    assert "Alph</span>" in page
    assert not Path(app.outdir, "Secret.html").exists()


@pytest.mark.sphinx(
    "html", testroot="warnings", confoverrides={"suppress_warnings": ["wikilink.missing"]}
)
def test_suppress_one_kind(app: SphinxTestApp) -> None:
    app.build()
    lines = warnings(app)
    assert not any("[wikilink.missing]" in line for line in lines)
    assert any("[wikilink.heading]" in line for line in lines)


def test_warning_is_error(make_app, sphinx_test_tempdir) -> None:  # type: ignore[no-untyped-def]

    from sphinx.errors import SphinxError

    src = copy_root("warnings", sphinx_test_tempdir / "warnings-fatal")
    app = make_app("html", srcdir=src, warningiserror=True)
    try:
        app.build()
    except SphinxError:
        return
    assert app.statuscode == 1
