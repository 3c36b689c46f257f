# ruff: noqa: E501  (exact warning lines are clearer unwrapped)
"""Obsidian's reading view, case by case (issue 19): the notes under
``tests/roots/test-compat/Reading/`` and the HTML each must give.

Each case names what Obsidian does and why; every assertion fails on the code before
its fix (checked by reverting each fix).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from wikilink_ext.cli import main

# the true problems written on purpose in Reading/, each once, each at its own line
READING_WARNINGS = [
    # a footnote plainly meant and never defined; a definition nothing cites
    "SRC/Reading/Footnotes.md:3: WARNING: footnote [^gone] has no definition in this note [wikilink.footnote]",
    "SRC/Reading/Footnotes.md:8: WARNING: footnote [^unused] is defined but never referenced [wikilink.footnote]",
    # missing images: wikilink.*, located (an empty alt too; line 8, not the paragraph's 7)
    "SRC/Reading/Images.md:5: WARNING: no image file 'missing.png' [wikilink.missing]",
    "SRC/Reading/Images.md:8: WARNING: no image file 'missing-two.png' [wikilink.missing]",
    "SRC/Reading/Images.md:15: WARNING: no image file 'nowhere.png' [wikilink.missing]",
    "SRC/Reading/Images.md:17: WARNING: image outside the vault: '../../outside.png' [wikilink.outside]",
    # a link to a folder: no page to open, wikilink.missing (not myst.xref_missing)
    "SRC/Reading/Images.md:19: WARNING: link to a folder, not a note: '../Projects/' [wikilink.missing]",
    "SRC/Reading/Images.md:1: WARNING: no note or file named 'x.webp' for [[x.webp]] [wikilink.missing]",
    "SRC/Reading/Images.md:3: WARNING: no note or file named 'missing-photo.png' for [[missing-photo.png]] [wikilink.missing]",
    "SRC/Reading/Images.md:19: WARNING: no note or file named 'Projects' for [[Projects]] [wikilink.missing]",
    # inside a section embedded twice by Embeds.md: reported once, where it is written
    "SRC/Reading/Embedded.md:3: WARNING: no note or file named 'Nowhere at all' for [[Nowhere at all]] [wikilink.missing]",
]


def page(app: SphinxTestApp, docname: str) -> str:
    return Path(app.outdir, docname + ".html").read_text(encoding="utf-8")


def body(app: SphinxTestApp, docname: str) -> str:
    """The note's own content (its top section), without the page's navigation."""
    html = page(app, docname)
    start = html.index("<section")
    return html[start : html.index("</article>", start) if "</article>" in html else None]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    """One build of the compatibility vault for every case here."""
    root = copy_root("compat", tmp_path_factory.mktemp("reading") / "compat")
    app = SphinxTestApp("html", srcdir=root, freshenv=True)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_regular_expressions_are_not_footnotes(built: SphinxTestApp) -> None:
    html = body(built, "Reading/Footnotes")
    assert "[^b]at matches all strings" in html and "[^0-9]+ matches" in html
    assert "gone.[^gone]" in html  # Obsidian shows an undefined reference as written
    assert "Nobody cites me." in html  # an unused definition is kept
    logged = built.warning.getvalue()
    assert "[^b]" not in logged and "[^0-9]" not in logged  # regular expressions
    assert "Footnotes.md:3: WARNING: footnote [^gone]" in logged  # its own line, not 1


def test_heading_path_through_a_sibling(built: SphinxTestApp) -> None:
    # [[#Parent#Child]] where Child sits under Sibling, not under Parent: Obsidian finds
    # Parent, then the first Child after it in document order (its help: "You can add
    # multiple hashtags for each subheading"; obsidian-webpage-export issue #458: "#S1#E02
    # and #S2#E02 can jump to the first and second E02 headings"; a plugin's mock of
    # Obsidian's resolveSubpath "as Obsidian does": "#Keep#Cellar is the Cellar after
    # Keep"). Before the fix both links went to the top of the page.
    html = body(built, "Reading/Heading paths")
    assert html.count('<a class="wikilink reference internal" href="#child"') == 2
    # a second heading of one text: "intro-1" (as GitHub numbers them), not "id1"
    assert '<section id="intro">' in html and '<section id="intro-1">' in html


def test_unicode_heading_anchors(built: SphinxTestApp) -> None:
    html = body(built, "Reading/线段树")
    for anchor in ("线段树", "树状数组", "segment-tree-线段树"):
        assert f'<section id="{anchor}">' in html
    # [[#线段树]] lands on the heading, not on the title made from the file name
    assert 'href="#线段树"' in html and 'href="#树状数组"' in html
    assert not re.search(r'id="id\d+"', html.split("</h1>", 1)[1])


def test_list_item_block_id_and_tasks(built: SphinxTestApp) -> None:
    html = body(built, "Reading/Lists and tasks")
    assert "^whole-item</" not in html.replace('title="Lists and tasks">^whole-item<', "")
    assert '<li id="block-whole-item"></li>' in html
    assert 'href="#block-whole-item"' in html
    done = ' checked="checked"'  # written out: the EPUB is XHTML
    names = {" ": "to do", "x": "done", "/": "done (/)", "-": "done (-)", "?": "done (?)"}
    for state, checked in ((" ", ""), ("x", done), ("/", done), ("-", done), ("?", done)):
        box = 'type="checkbox" class="task-list-item-checkbox" disabled="disabled"'
        name = f'aria-label="{names[state]}"'  # a screen reader's name (axe: label)
        assert f'<input {box}{checked} data-task="{state}" {name} />' in html, state
    assert "[?]" not in html and "[/]" not in html and "[-]" not in html
    assert "task-state-3f" in html  # "?" themable by class as well as by data-task
    # ten nested list levels, none flattened
    assert html.count("<ul>") >= 9 and "<p>level 10</p>" in html
    assert "- level" not in html


def test_bare_urls_and_empty_properties(built: SphinxTestApp) -> None:
    html = body(built, "Reading/Plain text")
    assert (
        '<a class="reference external" href="https://obsidian.md">https://obsidian.md</a>' in html
    )
    assert "notes.md stays text" in html and 'href="http://notes.md"' not in html
    assert '<span class="pre">https://in.code</span>' in html
    assert "Properties are empty here" in html  # "---" twice: no YAML error, no lost text


def test_images(built: SphinxTestApp) -> None:
    html = body(built, "Reading/Images")
    # a missing sized embed shows the file's name, as Obsidian does, not "192"
    assert '<span class="wikilink wikilink-broken wikilink-embed-link">x.webp</span>' in html
    assert ">192<" not in html
    # missing Markdown images keep their text
    assert '<span class="wikilink wikilink-broken">an image</span>' in html
    assert "missing.png" in html and 'src="Reading/missing.png"' not in html
    # <picture> right after a paragraph line is drawn, not printed
    assert "&lt;picture" not in html and "<picture><source" in html
    # a raw <img> of a local file: copied, its width kept
    assert (
        '<img alt="raw html" src="../_images/Pasted%20image%2020240101123456.png" style="width: 120px;" />'
        in html
    )
    assert Path(built.outdir, "_images", "Pasted image 20240101123456.png").is_file()
    assert '<span class="wikilink wikilink-broken">raw missing</span>' in html
    assert 'src="../../outside.png"' not in html


def test_embeds_tags_and_backlink_code(built: SphinxTestApp) -> None:
    embeds = body(built, "Reading/Embeds")
    assert embeds.count("<p>A broken link inside: ") == 2
    # an embedded heading path follows the same document-order rule as a link
    assert re.search(r"<p>Under the sibling.s child\.</p>", embeds)  # quotes: curly or not
    # the tag of an embedded note is that note's, not the embedding note's
    tag_page = page(built, "tags/embedded-only-tag")
    assert "Reading/Embedded.html" in tag_page and "Reading/Embeds.html" not in tag_page
    # the backlink context quotes the code span as code
    embedded = page(built, "Reading/Embedded")
    assert (
        'For example, <code class="docutils literal notranslate"><span class="pre">[[A#B]]</span></code> will create a link'
        in embedded
    )


def test_generated_home_of_deep_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = tmp_path / "Deep vault"
    deep = vault.joinpath(*"abcdefghijkl")
    deep.mkdir(parents=True)
    (deep / "deep.md").write_text("Deep down.\n", encoding="utf-8")
    (vault / "top.md").write_text("Top.\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", str(vault), str(out), "-j", "1", "-q"]) == 0
    err = capsys.readouterr().err
    assert "[wikilink" not in err and "nesting" not in err and ".doctrees" not in err
    home = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "- **j**" not in home and "- deep" not in home
    assert 'href="a/b/c/d/e/f/g/h/i/j/k/l/deep.html"' in home
    assert home.count("<ul") >= 12


@pytest.mark.sphinx("latex", testroot="compat", freshenv=True)
def test_pdf_takes_ten_nested_lists_and_tasks(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    # LaTeX stops at six nested lists ("Too deeply nested") unless Sphinx lifts the cap
    assert "maxlistdepth=40" in tex
    assert tex.count("\\begin{itemize}") >= 12 and "level 10" in tex
    assert "☑ half done" in tex and "☐ to do" in tex
