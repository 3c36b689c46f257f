"""Callouts, citations, highlights, comments, tags, tasks and properties in whole builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp


def page(app: SphinxTestApp, name: str = "index") -> str:
    return Path(app.outdir, name + ".html").read_text(encoding="utf-8")


def callouts(html: str) -> list[str]:
    return re.findall(r'<div class="(callout[^"]*)"', html)


@pytest.mark.sphinx("html", testroot="ofm")
def test_builds_clean(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="ofm")
def test_callouts(app: SphinxTestApp) -> None:
    app.build()
    html = page(app)
    classes = callouts(html)
    assert "callout callout-quote admonition" in classes
    assert "callout callout-tip admonition" in classes  # [!TIP]: case-insensitive
    assert any(c.startswith("callout callout-tip callout-important") for c in classes)
    assert any("callout-question callout-faq callout-foldable callout-folded" in c for c in classes)
    assert any(c.startswith("callout callout-note callout-my-custom wide") for c in classes)
    assert any(c.startswith("callout callout-abstract callout-summary") for c in classes)
    # custom title with Markdown and a link; default titles in title case
    icon = r'<span class="callout-icon"><svg [^>]*>.*?</svg></span>'
    custom = r'Custom <strong>title</strong> with <a [^>]*href="Other.html"'
    assert re.search(rf"admonition-title[^>]*>{icon}{custom}", html)
    assert re.search(rf"admonition-title[^>]*>{icon}Important</p>", html)
    assert re.search(rf"admonition-title[^>]*>{icon}Title only</p>", html)
    # nesting: the example callout sits inside the warning callout
    outer = html.index("callout-warning")
    inner = html.index("callout-example")
    assert outer < inner < html.index("inside", inner)


@pytest.mark.sphinx("latex", testroot="ofm")
def test_callouts_in_latex_get_a_box_per_family(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\begin{sphinxadmonition}{hint}{Custom \sphinxstylestrong{title}" in tex
    assert r"\begin{sphinxadmonition}{note}{from" in tex  # quote: grey family
    assert r"\begin{sphinxadmonition}{warning}{Outer}" in tex
    assert r"\begin{sphinxadmonition}{important}{Inner}" in tex
    # folded callouts are fully expanded in the PDF
    assert "Hidden until opened." in tex


@pytest.mark.sphinx("html", testroot="ofm")
def test_citations_are_bibtex_citations(app: SphinxTestApp) -> None:
    app.build()
    html = page(app)
    cites = re.findall(r'<span class="bibtex-citation"[^>]*>(.*?)</span>\s*(?=[^<]*<)', html)
    text = re.sub(r"<[^>]+>", "", html)
    assert "[Smith and Doe, 2020]" in text  # the References block link, in the book's style
    assert "[see Lee, 2021, p. 3]" in text
    assert re.search(r"\[(Smith and Doe, 2020, Lee, 2021|Lee, 2021, Smith and Doe, 2020)\]", text)
    assert re.search(r"Lee \[\s*2021\s*\] says", text)  # narrative
    assert "[2020]" in text  # year only
    assert "(Smith - 2020)" not in text  # the author's display text gives way to the style
    assert cites is not None
    # every citation links to the References page, which is the bibliography
    assert 'href="References.html#smith2020paper"' in html
    assert 'href="References.html#lee2021other"' in html


@pytest.mark.sphinx("html", testroot="ofm")
def test_each_reference_is_anchored_at_its_key_and_block_id(app: SphinxTestApp) -> None:
    """A stable anchor per entry (its key, and its ^block-id on the entry itself), never a
    generated ``#id19`` nor a block anchor parked at the top of the list."""
    app.build()
    refs = page(app, "References")
    entries = dict(re.findall(r'<div class="citation" id="([^"]+)"[^>]*>(.*?)</div>', refs, re.S))
    assert sorted(entries) == ["lee2021other", "smith2020paper"]
    assert 'id="block-ab12cd"' in entries["smith2020paper"]
    assert 'id="block-ef34gh"' in entries["lee2021other"]
    assert refs.count('id="block-ab12cd"') == 1  # not also parked at the top of the list


@pytest.mark.sphinx("latex", testroot="ofm")
def test_block_anchors_of_references_are_labels_on_their_entries_in_latex(
    app: SphinxTestApp,
) -> None:
    """[[References#^id]] resolves in the PDF too: each ^id is a label inside its \\bibitem
    (before, only the first id of the list got a label and the others were undefined)."""
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    for key, block in (("smith2020paper", "ab12cd"), ("lee2021other", "ef34gh")):
        entry = r"\\bibitem\[[^\]]*\]\{References:" + key + r"\}(.*?)(?=\\bibitem|\\end)"
        item = re.search(entry, tex, re.S)
        assert item is not None, key
        assert r"\label{\detokenize{References:block-" + block + "}}" in item.group(1)
        assert tex.count(r"\label{\detokenize{References:block-" + block + "}}") == 1


@pytest.mark.sphinx("html", testroot="ofm")
def test_references_note_is_the_bibliography(app: SphinxTestApp) -> None:
    app.build()
    refs = page(app, "References")
    text = re.sub(r"<[^>]+>", "", refs)
    assert "a paper on circuits" in text.lower() and "another study" in text.lower()
    assert "[@smith2020paper]" not in text and "^ab12cd" not in text
    assert 'href="https://doi.org/10.1234/jot.2021.1"' in refs
    # each entry shows the pages that cite it
    assert re.search(
        # "index" is named by its file, as in Obsidian (its "# Syntax" is content)
        r'Cited in: <a [^>]*href="index.html"[^>]*>index</a>, <a [^>]*>Other</a></p>',
        refs,
    )
    # the bibliography does not cite itself (the sidebar marks the page as current)
    body = re.sub(r'<div class="wikilink-nav".*?</div>', "", refs, flags=re.S)
    assert 'href="#">References' not in body


@pytest.mark.sphinx("html", testroot="ofm")
def test_each_page_lists_its_sources(app: SphinxTestApp) -> None:
    app.build()
    other = page(app, "Other")
    assert "wikilink-sources" in other
    assert "another study" in re.sub(r"<[^>]+>", "", other.split("wikilink-sources", 1)[1]).lower()


@pytest.mark.sphinx("html", testroot="ofm")
def test_highlight_comments_tags_tasks(app: SphinxTestApp) -> None:
    app.build()
    html = page(app)
    assert re.search(r'<span class="mark">highlighted words</span>', html)
    assert "sekrit" not in html
    index = Path(app.outdir, "searchindex.js").read_text(encoding="utf-8")
    assert "sekrit" not in index.lower()
    assert re.search(r'<a class="tag reference external" href="tags/alpha.html"', html)
    assert 'href="tags/nested.tag.html"' in html
    assert "#1984" in html and "tags/1984" not in html
    tags = Path(app.outdir, "tags", "index.html").read_text(encoding="utf-8")
    assert "#alpha" in tags and "#demo/page" in tags
    assert re.search(r"#nested/tag</a>\s*<span class=\"tag-count\">\(1\)</span>", tags)
    for state, name in ((" ", "todo"), ("x", "done"), ("?", "other"), ("-", "other")):
        assert f"task-{name}" in html, state
    assert 'data-task="?"' in html and "[?] question" not in re.sub(r"<[^>]+>", "", html)


@pytest.mark.sphinx("html", testroot="ofm")
def test_properties(app: SphinxTestApp) -> None:
    app.build()
    html = page(app)
    assert '<meta name="description" content="A page that uses every Obsidian syntax." />' in html
    assert re.search(r'<section class="[^"]*\bwide-page" id="index">', html)


@pytest.mark.sphinx("html", testroot="ofm")
def test_cite_this_page_and_book_bib(app: SphinxTestApp) -> None:
    app.build()
    html = re.sub(r"<[^>]+>", "", page(app, "Other"))
    assert "Cite this page" in html
    assert "@misc{" in html and "title = {Other}" in html
    book = Path(app.outdir, "book.bib").read_text(encoding="utf-8")
    assert book.count("@misc{") == 4 and book.count("howpublished = {In \\emph{") == 3


@pytest.mark.sphinx("html", testroot="ofm")
def test_inline_footnotes_are_numbered_with_the_others(app: SphinxTestApp) -> None:
    app.build()
    html = page(app)
    refs = re.findall(
        r'<a class="footnote-reference brackets" href="#([^"]+)"[^>]*>'
        r'<span class="fn-bracket">\[</span>(\d+)',
        html,
    )
    assert [number for _, number in refs] == ["1", "2"]
    second = refs[1][0]
    note = html.split(f'id="{second}"', 1)[1].split("</aside>", 1)[0]
    assert "Written <em>in place</em>." in note


@pytest.mark.sphinx("html", testroot="ofm")
def test_markdown_image_with_obsidian_size(app: SphinxTestApp) -> None:
    app.build()
    image = re.search(r'<img alt="a red dot"[^>]*>', page(app))
    assert image is not None
    assert "width: 32px" in image.group(0) and "height: 16px" in image.group(0)


@pytest.mark.sphinx("html", testroot="ofm", confoverrides={"wikilink_citation_display": "author"})
def test_author_display_mode_keeps_the_display_text(app: SphinxTestApp) -> None:
    app.build()
    text = re.sub(r"<[^>]+>", "", page(app))
    assert "(Smith - 2020) [Smith and Doe, 2020]" in text


@pytest.mark.sphinx(
    "html", testroot="ofm", confoverrides={"myst_enable_extensions": ["dollarmath", "alert"]}
)
def test_myst_alerts_are_reported_once_at_start_up(app: SphinxTestApp) -> None:
    warnings = app.warning.getvalue()
    assert warnings.count("[wikilink.config]") == 1
    assert "conf.py:5: WARNING: myst_enable_extensions has 'alert'" in warnings


@pytest.mark.sphinx("latex", testroot="ofm")
def test_latex_preamble_defines_the_highlight(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\providecommand{\DUrolemark}" in tex
    assert r"\DUrole{mark}{highlighted words}" in tex
