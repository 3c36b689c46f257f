"""Navigation: one toctree of notes, one sidebar built once per build and shared by every page."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from edits import edit
from wikilink_ext.pages.navigation import explorer_order, natural_key

ORDER = [
    "Zebra",
    "Note 10",
    "archive/Old",
    "Projects/2024/Q1",
    "Projects/Plan",
    "apple",
    "Banana",
    "Note 2",
]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Note 10", "Note 2", "Note 1"], ["Note 1", "Note 2", "Note 10"]),
        (["banana", "Apple", "cherry"], ["Apple", "banana", "cherry"]),
        (["a10b2", "a10b10", "a9"], ["a9", "a10b2", "a10b10"]),
        (["b", "B"], ["B", "b"]),  # equal ignoring case: a stable, deterministic order
    ],
)
def test_natural_key(names: list[str], expected: list[str]) -> None:
    assert sorted(names, key=natural_key) == expected


def test_explorer_order_puts_folders_first_depth_first() -> None:
    docs = ["z", "a/x", "B/y", "a/b/c", "a/Note 10", "a/Note 9", "m"]
    assert explorer_order(docs) == ["a/b/c", "a/Note 9", "a/Note 10", "a/x", "B/y", "m", "z"]


@pytest.fixture
def vault(sphinx_test_tempdir: Path, request: pytest.FixtureRequest) -> Path:
    return copy_root("nav", sphinx_test_tempdir / f"nav-{request.node.name}")


def build(make_app: Callable[..., SphinxTestApp], src: Path, **kwargs: object) -> SphinxTestApp:
    app = make_app("html", srcdir=src, freshenv=False, **kwargs)
    written: list[str] = []
    app.connect("html-page-context", lambda a, page, *_: written.append(page))
    app.written = written  # type: ignore[attr-defined]
    app.build()
    return app


def page(app: SphinxTestApp, name: str) -> str:
    return Path(app.outdir, name + ".html").read_text(encoding="utf-8")


def sidebar(html: str) -> str:
    match = re.search(r'<div class="wikilink-nav".*?</div>', html, re.S)
    assert match, "no sidebar"
    return match.group(0)


def listings(app: SphinxTestApp) -> dict[str, list[list[Any]]]:
    """The sidebar's data as the browser gets it: each script under _static/wikilink-nav/."""
    found = {}
    for script in Path(app.outdir, "_static", "wikilink-nav").glob("*.js"):
        match = re.fullmatch(r'wikilinkNav\(("[^"]+"),(.*)\);\n', script.read_text("utf-8"), re.S)
        assert match, f"{script.name} is not a listing"
        found[json.loads(match.group(1))] = json.loads(match.group(2))
    return found


def explorer(app: SphinxTestApp) -> tuple[list[str], list[str]]:
    """The notes and folders of the whole tree, every listing opened, in order."""
    data = listings(app)
    docs: list[str] = []
    folders: list[str] = []

    def walk(name: str, folder: str) -> None:
        for entry in data[name]:
            if entry[0] == 0:
                docs.append(entry[1])
            elif entry[0] == 1:
                path = f"{folder}/{entry[1]}" if folder else entry[1]
                folders.append(path)
                walk(entry[2], path)
            else:
                walk(entry[3], folder)

    walk("root", "")
    return docs, folders


def test_toctree_holds_notes_in_home_then_explorer_order(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    assert app.env.toctree_includes["index"] == ORDER
    assert "toc.not_included" not in app.warning.getvalue()
    # notes, not headings: the toctree entry of Q1 carries no sub-list of its sections
    assert "A heading" not in page(app, "Zebra").split('id="wikilink-nav"')[0]
    # previous/next follow the same order
    assert 'href="Note%2010.html"' in page(app, "Zebra").split('class="prev-next-area"')[-1]


def test_shared_tree_has_folders_in_explorer_order(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    docs, folders = explorer(app)
    assert docs == ORDER[2:]  # the listed notes are above the tree, not in it
    assert folders == ["archive", "Projects", "Projects/2024"]
    data = listings(app)
    assert [0, "Projects/2024/Q1", "Projects/2024/Q1.html"] in data[
        next(e[2] for e in data[next(e[2] for e in data["root"] if e[1] == "Projects")])
    ]  # root-relative links, prefixed at view time
    assert "A heading" not in json.dumps(data)  # notes only


def test_each_page_has_its_branch_without_javascript(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    nav = sidebar(page(app, "Projects/2024/Q1"))
    assert 'data-page="Projects/2024/Q1"' in nav
    # the listed notes, with links relative to this page
    assert 'href="../../Zebra.html"' in nav
    # the folders down to the page, open, and the page marked as current
    assert re.findall(r'<details open data-folder="([^"]+)"', nav) == ["Projects", "Projects/2024"]
    assert re.search(r'class="toctree-l3 current active" data-doc="Projects/2024/Q1"', nav)
    assert 'aria-current="page"' in nav
    # not the rest of the vault: that comes from the shared script
    assert "archive" not in nav and "Banana" not in nav
    # the listings the script loads to show the rest: the top folder, then down to the page
    data = listings(app)
    path = re.search(r'data-path="([^"]*)"', nav).group(1).split()  # type: ignore[union-attr]
    assert path[0] == "root" and [0, "Projects/2024/Q1", "Projects/2024/Q1.html"] in data[path[-1]]
    assert 'data-root="../../"' in nav
    script = r'<script defer="defer" src="../../_static/wikilink-nav\.js'
    assert re.search(script, page(app, "Projects/2024/Q1"))


def test_listed_page_is_marked_in_the_list(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    nav = sidebar(page(app, "Note 10"))
    assert re.search(r'class="toctree-l1 current active" data-doc="Note 10"', nav)
    assert "<details" not in nav


def test_sidebar_is_not_the_themes_toctree(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    html = page(app, "Banana")
    assert html.count('class="bd-links bd-docs-nav"') == 1
    assert "wikilink-nav" in html.split('class="bd-links bd-docs-nav"')[1][:200]


def test_tag_and_generated_pages_share_the_sidebar(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    assert 'data-page="genindex"' in sidebar(page(app, "genindex"))
    tag = page(app, "tags/fruit")
    assert 'data-page="tags/fruit"' in sidebar(tag)
    assert 'data-root="../"' in sidebar(tag)


def test_edit_rewrites_only_that_page(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, vault)
    note = vault / "Banana.md"
    edit(note, note.read_text() + "\nMore text.\n")
    app = build(make_app, vault)
    assert app.env.all_docs  # the environment was loaded, not rebuilt
    notes = [p for p in app.written if p in ORDER or p == "index"]  # type: ignore[attr-defined]
    # Sphinx writes the note holding the toctree with any note it lists (its HTML is the same)
    assert sorted(notes) == ["Banana", "index"]


def test_edit_reads_only_that_note(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, vault)
    note = vault / "Projects" / "Plan.md"
    edit(note, note.read_text() + "\nMore text.\n")
    read: list[str] = []
    app = make_app("html", srcdir=vault, freshenv=False)
    app.connect("env-before-read-docs", lambda a, e, docs: read.extend(docs))
    app.build()
    assert read == ["Projects/Plan"]


def test_added_note_updates_every_sidebar(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    first = build(make_app, vault)
    digest = re.search(r'data-version="(\w+)"', page(first, "Banana"))
    (vault / "archive" / "Newer.md").write_text("# Newer\n", encoding="utf-8")  # a new file
    app = build(make_app, vault)
    assert set(ORDER) <= set(app.written)  # type: ignore[attr-defined]
    assert "archive/Newer" in explorer(app)[0]
    assert digest and digest.group(1) not in page(app, "Banana")


def _two_parts(vault: Path) -> None:
    (vault / "index.md").write_text(
        "# Home\n\n## Concepts\n\n1. [[Zebra]]\n2. [[Note 10]]\n\n"
        "## Methods\n\n- [[Banana]]\n\nSee also [[apple]], outside the list.\n",
        encoding="utf-8",
    )


def shared_tree(app: SphinxTestApp) -> str:
    """The sidebar as the home page holds it (the listed notes under their captions, then
    the appendices), plus the notes of the vault's top folder from the lazily loaded data."""
    html = sidebar(page(app, "index"))
    return html


def captions(html: str) -> list[str]:
    return re.findall(
        r'<p aria-level="2" class="caption" role="heading">'
        r'<span class="caption-text">([^<]*)</span></p>',
        html,
    )


def test_headings_of_the_home_list_are_captions(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    _two_parts(vault)
    app = build(make_app, vault)
    tree = shared_tree(app)
    assert captions(tree) == ["Concepts", "Methods"]
    # each caption heads its own list, in order, and the other notes follow in a list of their own
    concepts, methods = tree.split('<span class="caption-text">')[1:]
    assert re.findall(r'data-doc="([^"]+)"', concepts) == ["Zebra", "Note 10"]
    assert re.findall(r'data-doc="([^"]+)"', methods)[:1] == ["Banana"]
    assert '<ul class="nav bd-sidenav wikilink-tree">' in methods  # the vault's folders follow
    # the page's own sidebar (without JavaScript) has the same captions
    assert captions(sidebar(page(app, "Banana"))) == ["Concepts", "Methods"]
    assert app.env.toctree_includes["index"][:3] == ["Zebra", "Note 10", "Banana"]


def test_one_heading_gives_no_captions(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    assert captions(shared_tree(app)) == []
    assert captions(sidebar(page(app, "Banana"))) == []


def test_appendices_come_last(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault, confoverrides={"wikilink_appendices": ["Note 10", "archive/Old"]})
    order = [d for d in ORDER if d not in ("Note 10", "archive/Old")] + ["Note 10", "archive/Old"]
    assert app.env.toctree_includes["index"] == order
    shown = re.findall(r'data-doc="([^"]+)"', shared_tree(app))
    assert shown[-2:] == ["Note 10", "archive/Old"]  # after every other note on the page
    assert shown == [d for d in order if d in shown]  # in the book's order
    listings = "".join(p.read_text() for p in Path(app.outdir, "_static", "wikilink-nav").iterdir())
    assert '"Note 10"' not in listings and '"archive/Old"' not in listings  # not listed twice
    # an appendix page marks itself in the sidebar without JavaScript
    assert 'class="toctree-l1 current active" data-doc="Note 10"' in sidebar(page(app, "Note 10"))


def test_navigation_can_be_turned_off(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault, confoverrides={"wikilink_navigation": False})
    assert "wikilink-nav" not in page(app, "Banana")
    assert 'href="Zebra.html"' in page(app, "Banana")  # the theme's own sidebar


def _written_after(make_app, src: Path, edit_vault: Callable[[], None]) -> list[str]:  # type: ignore[no-untyped-def]
    build(make_app, src)
    edit_vault()
    app = build(make_app, src)
    return sorted(p for p in app.written if p in app.env.found_docs)  # type: ignore[attr-defined]


def test_heading_change_writes_only_notes_linking_into_it(
    make_app, sphinx_test_tempdir: Path
) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("links", sphinx_test_tempdir / "nav-heading-change")
    (src / "Linker.md").write_text("# Linker\n\nSee [[Alpha]].\n", encoding="utf-8")
    (src / "Fragment.md").write_text("# Fragment\n\nSee [[Alpha#Other section]].\n", "utf-8")
    alpha = src / "Alpha.md"

    def append_heading() -> None:
        edit(alpha, alpha.read_text() + "\n## Unlinked heading\n")

    def rename_heading() -> None:
        edit(alpha, alpha.read_text().replace("## Other section", "## Another"))

    # a heading nobody links to: Alpha, and index (Sphinx writes the note holding the toctree)
    assert _written_after(make_app, src, append_heading) == ["Alpha", "index"]
    # a heading Fragment and index link into: both written again, Linker (no heading) not
    written = _written_after(make_app, src, rename_heading)
    assert "Fragment" in written and "Linker" not in written
    assert (
        "Alpha.html#other-section" not in Path(src, "_build", "html", "Fragment.html").read_text()
    )


def test_a_generated_home_does_not_list_every_note_on_every_page(tmp_path: Path) -> None:
    """A vault with no home note gets a generated one that lists every note; the sidebar
    still shows folders (loaded when opened), not the whole vault on every page: a held-out
    vault of 1,586 notes carried 1,730 list items on each page (761 MB in all)."""
    vault = tmp_path / "garden"
    for folder in ("a", "b", "c"):
        for i in range(20):
            path = vault / folder / f"{folder} note {i}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"# {folder} {i}\n\ntext\n", encoding="utf-8")
    (vault / "conf.py").write_text('extensions = ["wikilink_ext"]\n', encoding="utf-8")
    app = SphinxTestApp("html", srcdir=vault, builddir=tmp_path / "out")
    try:
        app.build()
        html = Path(app.outdir, "a", "a note 3.html").read_text(encoding="utf-8")
    finally:
        app.cleanup()
    items = re.findall(r'data-doc="([^"]+)"', sidebar(html))
    assert len(items) < 25, items  # the page's own folder at most, never all 60 notes
    assert not [d for d in items if d.startswith(("b/", "c/"))]  # other folders load later


def test_sidebar_check_maps_the_toctree_once(  # type: ignore[no-untyped-def]
    make_app, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: pydata-sphinx-theme's layout (the book theme's too) asks on every page
    whether the sidebar holds a toctree, and Sphinx mapped every document to its parent
    again for each page (notes x notes). The answers are the theme's, and the map is made
    once per build."""
    from sphinx.environment.adapters import toctree

    calls: list[str] = []
    ancestors = toctree._get_toctree_ancestors

    def counting(includes: dict[str, list[str]], docname: str) -> Any:
        calls.append(docname)
        return ancestors(includes, docname)

    monkeypatch.setattr(toctree, "_get_toctree_ancestors", counting)
    app = make_app("html", srcdir=vault, freshenv=True)
    answers: list[tuple[str, list[bool], list[bool]]] = []
    theirs: dict[str, Callable[..., bool]] = {}

    def before(app: Any, pagename: str, template: str, context: dict[str, Any], *_: Any) -> None:
        theirs[pagename] = context["suppress_sidebar_toctree"]

    def after(app: Any, pagename: str, template: str, context: dict[str, Any], *_: Any) -> None:
        ours = context["suppress_sidebar_toctree"]
        asks = [{"startdepth": depth, "includehidden": True} for depth in (0, 1, 2)]
        expected = [theirs[pagename](**ask) for ask in asks]
        calls.clear()
        answers.append((pagename, [ours(**ask) for ask in asks], expected))
        assert calls == [], f"{pagename}: Sphinx mapped the toctree again"

    app.connect("html-page-context", before, priority=550)
    app.connect("html-page-context", after, priority=700)
    app.build()
    assert len(answers) >= 10
    assert [a for a in answers if a[1] != a[2]] == []
    by_page = {name: got for name, got, _ in answers}
    assert by_page["index"] == [True, True, True]  # the root: no ancestor below it
    assert by_page["Zebra"] == [False, False, True]  # a note in the home note's toctree
