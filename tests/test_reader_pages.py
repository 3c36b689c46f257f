"""Backlinks, hover previews and graphs in whole builds: HTML, LaTeX, incremental, -j 2."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from edits import edit

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def vault(sphinx_test_tempdir: Path, request: pytest.FixtureRequest) -> Path:
    return copy_root("reader", sphinx_test_tempdir / f"reader-{request.node.name}")


def build(
    make_app: Callable[..., SphinxTestApp], src: Path, builder: str = "html", **kwargs: Any
) -> SphinxTestApp:
    app = make_app(builder, srcdir=src, freshenv=False, **kwargs)
    app.build()
    warnings = ANSI.sub("", app.warning.getvalue()).splitlines()
    # a second app in one process re-registers Sphinx's own nodes: not ours to judge
    assert [w for w in warnings if "is already registered" not in w] == []
    return app


def page(app: SphinxTestApp, name: str) -> str:
    return Path(app.outdir, name + ".html").read_text(encoding="utf-8")


def backlinks(html: str) -> str:
    """The text of the "Linked from" box, tags dropped ('' when the page has none)."""
    match = re.search(r'<div[^>]*id="wikilink-linked-from".*?</ul>\s*</div>', html, re.S)
    if match is None:
        return ""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", match.group(0))).split())


def script(html: str, script_id: str) -> Any:
    match = re.search(rf'<script type="application/json" id="{script_id}">(.*?)</script>', html)
    assert match is not None, script_id
    return json.loads(match.group(1))


def test_backlinks_quote_the_linking_sentence(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    alpha = backlinks(page(app, "Alpha"))
    assert alpha.startswith("Linked from")
    # by alias, with the sentence that links and not its neighbours
    assert "Beta links to the first note in this sentence" in alpha
    assert "Nothing here" not in alpha and "Then another" not in alpha
    assert '<strong class="wikilink-backlink-mark">the first note</strong>' in page(app, "Alpha")
    assert "index" in alpha  # the index note's list (named by its file; "# Home" is content)
    # an embed counts as a link
    assert "Beta" in backlinks(page(app, "Gamma"))
    assert "embeds this note" in backlinks(page(app, "Gamma"))
    assert backlinks(page(app, "Lonely")) == ""
    # the jump link lands on the section that holds the link, and has a name
    assert re.search(r'href="Beta.html#beta"[^>]*>.*?to the sentence in Beta', page(app, "Alpha"))


def test_previews_carry_description_section_and_block(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    html = page(app, "Beta")
    assert "</script> to escape" not in html and "<b>markup</b>" not in html
    previews = script(html, "wikilink-previews")
    assert previews["Alpha.html"]["title"] == "Alpha"
    assert previews["Alpha.html"]["text"] == [
        ["text", "Alpha's summary, with <b>markup</b> & a </script> to escape."]
    ]
    assert previews["Alpha.html#details"]["title"] == "Alpha \u203a Details"
    assert previews["Alpha.html#details"]["text"] == [
        ["text", "The details section starts here. It has a second sentence."]
    ]
    assert previews["Alpha.html#block-blk"]["text"] == [["text", "A block of its own."]]
    assert previews["Gamma.html"]["text"] == [["text", "Gamma's text, embedded in Beta."]]
    assert "wikilink-previews.js" in html
    assert "wikilink-previews.js" not in page(app, "Lonely")  # no links, no script


def test_local_and_book_graphs(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    beta = script(page(app, "Beta"), "wikilink-local-graph-data")
    titles = {n["title"]: n for n in beta["nodes"]}
    assert beta["nodes"][0] == {"title": "Beta", "href": "", "kind": "self"}
    assert titles["Alpha"]["kind"] == "out" and titles["Alpha"]["href"] == "Alpha.html"
    assert titles["index"]["kind"] == "in"
    assert len(beta["links"]) == len(beta["nodes"]) - 1
    assert "d3-force.bundle.min.js" in page(app, "Beta")
    for quiet in ("Lonely", "search", "genindex"):
        assert "d3-force.bundle.min.js" not in page(app, quiet), quiet
    book = page(app, "graph")
    data = script(book, "wikilink-book-graph-data")
    names = [n["title"] for n in data["nodes"]]
    assert sorted(names) == ["Alpha", "Beta", "Gamma", "Lonely", "index"]
    pairs = {(names[a], names[b]) for a, b in data["links"]}
    assert ("Beta", "Alpha") in pairs and ("Beta", "Gamma") in pairs and ("index", "Beta") in pairs
    assert len(pairs) == len(data["links"])  # each link once
    # the list for readers without JavaScript
    assert re.search(r'<li><a href="Beta.html">Beta</a> → <a href="Alpha.html">Alpha</a>', book)


def test_book_graph_colours_notes_by_tag(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    """Each node names its colour group; the groups (the legend) come with the data."""
    app = build(make_app, vault)
    data = script(page(app, "graph"), "wikilink-book-graph-data")
    group = {n["title"]: data["groups"][n["group"]]["label"] for n in data["nodes"]}
    assert group == {
        "Alpha": "#topic/one",
        "Beta": "#inline-only",  # a tag written in the text counts, as in Obsidian's groups
        "Gamma": "No tag",
        "Lonely": "No tag",
        "index": "No tag",
    }
    assert data["groups"][:2] == [  # colours in alphabetical order of the groups
        {
            "label": "#inline-only",
            "kind": "tag",
            "fill": "var(--wikilink-graph-group-0)",
            "count": 1,
        },
        {
            "label": "#topic/one",
            "kind": "tag",
            "fill": "var(--wikilink-graph-group-1)",
            "count": 1,
        },
    ]


def test_book_graph_groups_as_configured(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault, confoverrides={"wikilink_graph_groups": {"#topic": "#123456"}})
    data = script(page(app, "graph"), "wikilink-book-graph-data")
    alpha = next(n for n in data["nodes"] if n["title"] == "Alpha")
    # a configured tag takes its nested tags, as Obsidian's tag:#topic does
    assert data["groups"][alpha["group"]] == {
        "label": "#topic",
        "kind": "tag",
        "fill": "#123456",
        "count": 1,
    }


def test_appendix_links_add_no_backlinks_and_no_graph_node(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    """A build manual's syntax demos link and embed real notes; as an appendix it stays
    outside the book: no "Linked from" entries, no node in the book graph."""
    app = build(make_app, vault, confoverrides={"wikilink_appendices": ["Beta"]})
    assert "Beta" not in backlinks(page(app, "Alpha"))
    gamma = backlinks(page(app, "Gamma"))
    assert "Beta" not in gamma and "embeds this note" not in gamma  # Beta embeds Gamma
    assert "index" in backlinks(page(app, "Alpha"))  # other notes' links still count
    names = [n["title"] for n in script(page(app, "graph"), "wikilink-book-graph-data")["nodes"]]
    assert "Beta" not in names and "Alpha" in names
    alpha = script(page(app, "Alpha"), "wikilink-local-graph-data")
    assert "Beta" not in [n["title"] for n in alpha["nodes"]]
    # the appendix's own page still links out as written
    assert 'href="Alpha.html"' in page(app, "Beta")


def test_latex_gets_a_short_list_of_references(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault, builder="latex")
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxstylestrong{Linked from: }" in tex
    assert re.search(r"Linked from: \}.*?\\hyperref\[\\detokenize\{Beta:", tex, re.S)
    assert "d3-force" not in tex and "wikilink-graph" not in tex


def test_new_link_updates_the_target_incrementally(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, vault)
    gamma = vault / "Gamma.md"
    edit(gamma, gamma.read_text() + "\nGamma now mentions [[Lonely]] too.\n")
    app = build(make_app, vault)
    assert "Gamma now mentions Lonely too." in backlinks(page(app, "Lonely"))
    assert "Lonely" in {
        n["title"] for n in script(page(app, "Gamma"), "wikilink-local-graph-data")["nodes"]
    }
    edit(gamma, gamma.read_text().replace("Gamma now mentions [[Lonely]] too.", ""))
    app = build(make_app, vault)
    assert backlinks(page(app, "Lonely")) == ""
    # a changed summary reaches the previews of the notes that link to it
    alpha = vault / "Alpha.md"
    edit(alpha, alpha.read_text().replace("Alpha's summary", "A new summary"))
    app = build(make_app, vault)
    assert script(page(app, "Beta"), "wikilink-previews")["Alpha.html"]["text"][0][1].startswith(
        "A new summary"
    )
    # a removed note leaves the backlinks of the notes it linked to
    (vault / "Beta.md").unlink()
    index = vault / "index.md"
    edit(index, index.read_text().replace("- [[Beta]]\n", ""))
    app = build(make_app, vault)
    assert "Beta" not in backlinks(page(app, "Alpha"))


def test_a_new_link_rewrites_its_target_and_not_the_notes_linked_before(
    make_app, vault: Path
) -> None:  # type: ignore[no-untyped-def]
    """Issue 18 (serve): an edit writes again the notes whose backlinks it changes, not every
    note the edited one links to."""
    app = build(make_app, vault)
    written = {
        name: Path(app.outdir, f"{name}.html").stat().st_mtime_ns
        for name in ("Alpha", "Gamma", "Lonely")
    }
    beta = vault / "Beta.md"
    edit(beta, beta.read_text() + "\nA last paragraph names [[Lonely]].\n")
    app = build(make_app, vault)
    assert "Beta" in backlinks(page(app, "Lonely"))
    after = {name: Path(app.outdir, f"{name}.html").stat().st_mtime_ns for name in written}
    assert after["Lonely"] != written["Lonely"]
    assert after["Alpha"] == written["Alpha"] and after["Gamma"] == written["Gamma"]


def test_parallel_build_matches_serial(make_app, vault: Path, sphinx_test_tempdir: Path) -> None:  # type: ignore[no-untyped-def]
    serial = build(make_app, vault)
    other = copy_root("reader", sphinx_test_tempdir / "reader-parallel-copy")
    parallel = build(make_app, other, parallel=2)
    for name in ("Alpha", "Beta", "Gamma", "Lonely", "index"):
        assert backlinks(page(parallel, name)) == backlinks(page(serial, name)), name
    assert script(page(parallel, "Beta"), "wikilink-previews") == script(
        page(serial, "Beta"), "wikilink-previews"
    )


def test_tags_aliases_and_description_reach_the_page(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    alpha = page(app, "Alpha")
    line = re.search(r'<p class="wikilink-note-tags">(.*?)</p>', alpha)
    assert line is not None
    assert re.search(r'href="tags/[^"]+\.html"[^>]*>#topic/one</a>', line.group(1))
    assert 'href="tags/index.html">all tags</a>' in line.group(1)
    # Beta's one tag is inline: shown where it is written, as Obsidian does, not twice
    beta = page(app, "Beta")
    assert "wikilink-note-tags" not in beta
    assert beta.count(">#inline-only</a>") == 1
    # aliases: a keywords meta tag, and the table Pagefind's search reads them from
    assert '<meta content="First" name="keywords" />' in alpha
    table = json.loads(Path(app.outdir, "_static", "wikilink-aliases.json").read_text("utf-8"))
    assert {"url": "Alpha.html", "title": "Alpha", "aliases": ["First"], "demoted": False} in table
    assert app.env.metadata["Alpha"]["og:description"].startswith("Alpha's summary")


def test_epub_keeps_backlinks_but_runs_no_scripts(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app("epub", srcdir=vault, freshenv=False)
    app.build()  # (EPUB warns about the test vault's missing metadata: not checked here)
    alpha = Path(app.outdir, "Alpha.xhtml").read_text(encoding="utf-8")
    assert 'id="wikilink-linked-from"' in alpha
    beta = Path(app.outdir, "Beta.xhtml").read_text(encoding="utf-8")
    assert "<script" not in beta.replace('<script src="_static/', "")  # none of ours
    assert "wikilink-previews" not in beta and "wikilink-local-graph" not in beta
    assert not Path(app.outdir, "graph.xhtml").exists()


def test_backlinks_are_filled_after_the_other_page_transforms(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: Sphinx's and the themes' post-transforms each walk the whole page, and a
    page's backlinks were often more nodes than the note; none of them has work there, so
    the box is filled after them (the page is the same, the book's pages byte for byte)."""
    from sphinx.transforms.post_transforms import SphinxPostTransform

    from wikilink_ext.pages.backlinks import FillBacklinks

    seen: list[bool] = []

    class Probe(SphinxPostTransform):
        default_priority = 800  # the last of Sphinx's own (the link checker's collector)

        def run(self, **kwargs: Any) -> None:
            if self.env.docname == "Alpha":
                seen.append(any(True for _ in self.document.findall(_is_backlinks_box)))

    app = make_app("html", srcdir=vault, freshenv=True)
    app.add_post_transform(Probe)
    later = [
        t.__name__
        for t in app.registry.get_post_transforms()
        if t.default_priority >= FillBacklinks.default_priority and t is not FillBacklinks
    ]
    assert later == ["DisplayMathOutOfParagraphs"]
    app.build()
    assert seen == [False]  # not yet filled when the others walk the page
    assert backlinks(page(app, "Alpha")).startswith("Linked from")


def _is_backlinks_box(node: Any) -> bool:
    return "wikilink-backlinks-box" in getattr(node, "get", lambda *_: ())("classes", ())


def test_backlinks_written_directly_are_the_translators_html(  # type: ignore[no-untyped-def]
    make_app, sphinx_test_tempdir: Path, monkeypatch
) -> None:
    """Issue 18: on HTML pages the box is written as text, without making its nodes (a
    tenth of writing a page); it must be byte for byte what the translator writes for them,
    with names and sentences that need escaping, embeds, and links with no section."""
    from wikilink_ext.pages.backlinks import FillBacklinks

    notes = {
        "Target": "# Target & <friends>\n\nThe target.\n",
        "Quotes": '# Say "hi" @home\n\nA line with "quotes", <b>tags</b> & [[Target]] here.\n',
        "Embedder": "# Embedder\n\n![[Target]]\n",
        "Sections": "# Sections\n\n## Part one\n\nFirst [[Target|the & target]].\n\n"
        "## Part two\n\nSecond [[Target]]\\@x.\n",
        "index": "# Home\n\n- [[Target]]\n- [[Quotes]]\n- [[Embedder]]\n- [[Sections]]\n",
    }
    pages: dict[bool, dict[str, str]] = {}
    written: list[str] = []
    box_html = FillBacklinks._box_html

    def counting(self: Any, *args: Any) -> str:
        written.append(self.env.docname)
        return box_html(self, *args)

    monkeypatch.setattr(FillBacklinks, "_box_html", counting)
    for direct in (True, False):
        src = sphinx_test_tempdir / f"backlinks-direct-{direct}"
        src.mkdir()
        for name, text in notes.items():
            (src / f"{name}.md").write_text(text, encoding="utf-8")
        (src / "conf.py").write_text(
            'extensions = ["wikilink_ext"]\nproject = "Same"\n', encoding="utf-8"
        )
        if not direct:
            monkeypatch.setattr(FillBacklinks, "_writes_html_itself", lambda self, links: False)
        app = make_app("html", srcdir=src, freshenv=True)
        app.build()
        pages[direct] = {name: page(app, name) for name in notes}
    assert "Target" in written and "Quotes" in written  # the direct branch ran
    assert "&lt;friends&gt;" in pages[True]["Quotes"] or "&lt;friends&gt;" in pages[True]["Target"]
    assert backlinks(pages[True]["Target"]).count("embeds this note") == 1
    assert pages[True] == pages[False]
