# ruff: noqa: E501  (exact warning lines are clearer unwrapped)
"""A vault written the way people write Obsidian notes, built with the extension alone.

``tests/roots/test-compat`` has no H1 titles, H2-first notes, notes with no heading,
``@mentions``, dotted and Unicode names, ``Untitled 2``, a pasted image in an attachment
folder embedded with ``../``, block ids after every kind of block, section embeds that cut
through callouts and lists, a template, aliases, nested tags, canvas and PDF attachments,
and Mermaid. It builds with exactly the warnings listed here (``-W`` minus these), as HTML
and LaTeX, with and without sphinxcontrib-bibtex.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from test_compat_reading import READING_WARNINGS

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BIBTEX = {"extensions": ["wikilink_ext", "sphinxcontrib.bibtex"], "bibtex_bibfiles": ["refs.bib"]}

# true problems of the vault, written on purpose: a link to a template (ignored folder)
EXPECTED = [
    "SRC/No heading.md:15: WARNING: [[Daily]] links to 'Templates/Daily.md', ignored by the pattern 'Templates/**' [wikilink.ignored]",
    *READING_WARNINGS,  # the reading-view cases of issue 19, in Reading/
    # Rendering/ (tests/test_rendering.py): an image that is not there, a drawing left out
    "SRC/Rendering/Paths/Links.md:7: WARNING: no image file '/pics/none here.png' [wikilink.missing]",
    "SRC/Rendering/Drawing embed.md:7: WARNING: [[Plain.excalidraw]] is an Excalidraw drawing with no exported SVG or PNG beside it; shown as a link (wikilink_publish_excalidraw) [wikilink.excalidraw]",
    "SRC/Rendering/Properties.md:7: WARNING: no note or file named 'Nowhere' for [[Nowhere]] [wikilink.missing]",
    "SRC/Rendering/Plain.excalidraw.md:1: WARNING: 2 Excalidraw drawing(s) left out, this one first: their Markdown is drawing data (wikilink_publish_excalidraw = True publishes them) [wikilink.excalidraw]",
]
# a section embed that cuts a callout: syntax's balanced slices remove this (issue 9)
SLICE = (
    "SRC/Sections.md:3: WARNING: could not render this block (ValueError: unclosed tokens starting"
)
# with sphinxcontrib-bibtex, "Ping @alice" reads as a citation of a key the .bib lacks
BIBTEX_EXPECTED = [
    "SRC/No heading.md:1: WARNING: unknown citation key 'alice' [wikilink.citation]",
]


def warnings(app: SphinxTestApp) -> list[str]:
    text = ANSI.sub("", app.warning.getvalue()).replace(str(app.srcdir) + "/", "SRC/")
    return sorted(line for line in text.splitlines() if "WARNING" in line)


def page(app: SphinxTestApp, docname: str) -> str:
    return Path(app.outdir, docname + ".html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="compat", freshenv=True)
def test_plain_vault_html(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == sorted(EXPECTED)
    # the home note is the root; index.html leads to it
    assert app.config.root_doc == "Home"
    assert 'url=Home.html"' in Path(app.outdir, "index.html").read_text(encoding="utf-8")
    assert app.config.project == Path(app.srcdir).name  # the vault's folder name
    # titles: the file name or the title property; never a heading (Obsidian's rule)
    titles = {
        d: app.env.titles[d].astext()
        for d in app.env.found_docs
        if not d.startswith(("Rendering/", "Reading/"))  # test_rendering.py, test_compat_reading.py
    }
    assert titles == {
        "Home": "Home",
        "Ideas": "Ideas",
        "No heading": "No heading",
        "meeting notes/2024.01.02 Standup": "2024.01.02 Standup",
        "Café Crème": "A better title",
        "Untitled 2": "Untitled 2",  # its "# My real title" is content
        "Blocks": "Blocks",
        "Sections": "Sections",
        "Projects/Alpha/Plan": "Plan",
    }
    # a block id after every kind of block; a callout marker followed by a no-break space
    blocks = page(app, "Blocks")
    for block in ("para", "list", "table", "quote", "code", "callout", "image"):
        assert f'id="block-{block}"' in blocks
    # as real vaults write them: under a heading, two ids for one block, "]]^id", a link
    # through a coloured heading (Obsidian writes its "#" into the link)
    for block in ("heading", "first-copy", "second-copy", "no-space"):
        assert f'id="block-{block}"' in blocks
        assert f'href="#block-{block}"' in blocks
    assert 'href="#shade"' in blocks
    assert '<h2><font color="#ffc000">Coloured</font>' in blocks  # drawn in colour, as Obsidian
    assert "<p>^second-copy</p>" not in blocks and "<p>^heading</p>" not in blocks
    assert blocks.count("<p>Copied twice.</p>") == 2  # the callout, and its embed by the second id
    assert "callout-abstract" in blocks
    assert "^para" not in blocks.split("Links:")[0]  # ids are not shown as text
    # --- right under a heading and at the end of a note: rules, not docutils warnings
    assert page(app, "Untitled 2").count('class="rule docutils container"') == 3
    ideas = page(app, "Ideas")
    assert "<title>Ideas" in ideas
    # plain-vault defaults: maths, strikethrough, tasks, external non-web links
    plain = page(app, "No heading")
    assert '<span class="strike">old</span>' in plain
    assert (
        '<span class="math notranslate nohighlight" data-text="E = mc^2">\\(E = mc^2\\)</span>'
        in plain
    )
    assert "\\frac{a}{b} \\\\ c" in plain
    assert plain.count('class="reference internal"') >= 2  # the links after the $$ block
    assert 'href="obsidian://open?vault=notes&amp;file=Home"' in plain
    assert 'href="#obsidian' not in plain
    assert (
        'class="task-list-item-checkbox" disabled="disabled" checked="checked" data-task="x"'
        in plain
    )
    assert re.search(r"Ping (@|&#64;)alice about", plain)  # text, not a citation
    # ../ embed and bare-name Markdown image resolve to the attachment folder
    standup = page(app, "meeting notes/2024.01.02 Standup")
    assert standup.count("_images/Pasted%20image%2020240101123456.png") == 2
    assert "graph TD; A--&gt;B" in standup
    # book features are off for a plain vault
    assert "cite-this-page" not in plain
    assert not Path(app.outdir, "book.bib").exists()


@pytest.mark.sphinx("html", testroot="compat", freshenv=True, confoverrides=BIBTEX)
def test_plain_vault_html_with_bibtex(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == sorted(EXPECTED + BIBTEX_EXPECTED)
    assert "Doe" in page(app, "Ideas")
    assert "wikilink-sources" not in page(app, "Ideas")  # per-page sources are opt-in


@pytest.mark.sphinx("latex", testroot="compat", freshenv=True)
def test_plain_vault_latex(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == sorted(EXPECTED)
    assert app.config.latex_engine == "xelatex"
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    # every note is a chapter of its own, titled by Obsidian's rule
    for title in ("Ideas", "No heading", "A better title", "Untitled 2", "Plan"):
        assert f"\\chapter{{{title}}}" in tex
    assert "\\DUrole{strike}{old}" in tex


@pytest.mark.sphinx("latex", testroot="compat", freshenv=True, confoverrides=BIBTEX)
def test_plain_vault_latex_with_bibtex(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == sorted(EXPECTED + BIBTEX_EXPECTED)
