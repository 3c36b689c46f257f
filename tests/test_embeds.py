"""Embeds: whole notes, sections, blocks, images with sizes and other files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def embeds(app: SphinxTestApp) -> list[str]:
    page = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    parts = re.split(r'<div class="[^"]*wikilink-embed[^"]*"[^>]*>', page)[1:]
    # each embed: its content after the "source" line, up to the next embed
    return [text_of(part.split("</p>", 1)[1]) for part in parts]


@pytest.mark.sphinx("html", testroot="embeds")
def test_note_section_and_block_embeds(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    whole, section, block, listed = embeds(app)[:4]
    assert "Opening words" in whole and "Third part text" in whole
    assert "Second part text" in section and "Detail text" in section
    assert "Third part" not in section and "Opening words" not in section
    assert "Opening words" in block and "Second part" not in block
    assert "one" in listed and "two" in listed and "Third part" not in listed
    # headings inside embeds do not become sections of the embedding page
    assert '<section id="part-two"' not in page
    assert re.search(r'<p class="rubric"[^>]*>Part two<', page)
    # links inside embedded content resolve from the embedded note
    assert re.search(r'href="Sibling.html"', page)
    # the frontmatter of the embedded note is not shown
    assert "Origin" not in text_of(page.split("<article", 1)[-1])


@pytest.mark.sphinx("html", testroot="embeds")
def test_images_and_files(app: SphinxTestApp) -> None:
    app.build()
    page = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    images = re.findall(r"<img[^>]*>", page)
    assert any('src="_images/dot.png"' in i and "width: 40px" in i for i in images)
    assert any("width: 40px" in i and "height: 20px" in i for i in images)
    assert Path(app.outdir, "_images", "dot.png").exists()
    assert re.search(r'href="_downloads/[0-9a-f]+/clip.mp3"', page)
    # an inline player where the browser has one, pointing at the same copied file
    assert re.search(
        r'<audio class="wikilink-media" controls[^>]*src="_downloads/[0-9a-f]+/clip.mp3"', page
    )


@pytest.mark.sphinx("latex", testroot="embeds")
def test_embeds_in_latex(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert "Second part text" in tex
    assert r"\sphinxincludegraphics[width=40\sphinxpxdimen]{{dot}.png}" in tex
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="embeds")
def test_block_of_the_same_note_is_not_a_cycle(app: SphinxTestApp) -> None:
    app.build()
    assert "cycle" not in app.warning.getvalue()
    assert "A paragraph of this note." in embeds(app)[-1]
