"""Notes look as Obsidian's reading view shows them (issue 19, first half).

Each case is a note of ``tests/roots/test-compat/Rendering/`` built with the extension alone
(no conf.py setting), and the HTML or LaTeX it must give. Pure parts (the dollar rule, the
``$$`` text, Admonition-plugin blocks, settings, titles, paths) are tables further down.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from wikilink_ext.sphinx_ext.mermaid import MERMAID_JS, MERMAID_SHA256, PDF_NOTE
from wikilink_ext.syntax.admonitions import parse_admonition
from wikilink_ext.syntax.markdown import obsidian_parser
from wikilink_ext.syntax.mathblock import display_math
from wikilink_ext.vault.index import VaultIndex
from wikilink_ext.vault.settings import properties_shown, strict_line_breaks

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _build(tmp: Path, builder: str, **overrides: object) -> SphinxTestApp:
    src = copy_root("compat", tmp / "src")
    app = SphinxTestApp(builder, srcdir=src, confoverrides=overrides or None, freshenv=True)
    app.build()
    return app


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    app = _build(tmp_path_factory.mktemp("html"), "html")
    yield app
    app.cleanup()


def page(app: SphinxTestApp, docname: str) -> str:
    """The note's own content (not the graph, previews or navigation after it)."""
    text = Path(app.outdir, docname + ".html").read_text(encoding="utf-8")
    text = text.split('role="main">', 1)[-1]
    return text.split('<div class="wikilink-graph-box"', 1)[0].split('class="sphinxsidebar"')[0]


def warnings(app: SphinxTestApp) -> list[str]:
    text = ANSI.sub("", app.warning.getvalue()).replace(str(app.srcdir) + "/", "SRC/")
    return [line for line in text.splitlines() if "WARNING" in line]


# -- 1. Markdown-style embeds of notes ------------------------------------------------------


def test_markdown_embeds_of_notes_embed_the_note(html: SphinxTestApp) -> None:
    embeds = page(html, "Rendering/Embeds")
    assert "<img" not in embeds
    assert embeds.count('class="wikilink-embed markdown-embed docutils container"') == 3
    assert "<p>Who wrote this: a person embedded whole.</p>" in embeds  # ![who](Who.md)
    assert "<p>Only this section is embedded.</p>" in embeds  # ![s](Other.md#Section)
    assert "Not embedded." not in embeds and "Before the section." not in embeds
    assert "<p>Figure nine is a note without its extension in the link.</p>" in embeds
    assert 'href="Other.html#section"' in embeds


# -- 2. Markdown link paths ------------------------------------------------------------------


def test_relative_paths_in_another_case_and_encoded_names_resolve(html: SphinxTestApp) -> None:
    links = page(html, "Rendering/Paths/Links")
    # [cpu](../concepts/CPU.md) and [[../concepts/CPU]] for concepts/Cpu.md
    assert links.count('href="../concepts/Cpu.html"') == 2
    # [pct](145%25.md) is the note "145%", whose page is 145%25.html (vault/docnames.py)
    assert 'href="145%2525.html"' in links
    assert '<img alt="" src="../../_images/a%20b.png" />' in links  # ![](/pics/a%20b.png)
    assert '<span class="wikilink wikilink-broken">/pics/none here.png</span>' in links
    assert (
        "SRC/Rendering/Paths/Links.md:7: WARNING: no image file '/pics/none here.png' "
        "[wikilink.missing]" in warnings(html)
    )
    assert not [w for w in warnings(html) if "Links.md:1:" in w or "Links.md:3:" in w]
    assert not [w for w in warnings(html) if "image.not_readable" in w or ".md::" in w]


def test_generated_home_page_links_notes_with_percent_signs(tmp_path: Path) -> None:
    src = copy_root("compat", tmp_path / "src")
    (src / "Home.md").unlink()  # no home note: the build writes one
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()
        home = Path(app.outdir, "index.html").read_text(encoding="utf-8")
        assert 'href="Rendering/Paths/145%2525.html"' in home
        # "%20" in a name: the docname keeps "%" encoded (vault/docnames.py), the link quotes it
        assert 'href="Rendering/Paths/What%20%252520%20means.html"' in home
        assert 'href="Café%20Crème.html"' in home or 'href="Caf%C3%A9%20Cr%C3%A8me.html"' in home
        assert not [w for w in warnings(app) if "index" in w.split("WARNING")[0]]
    finally:
        app.cleanup()


def test_generated_home_and_folder_listings_name_notes_with_quotes_and_hashes(
    tmp_path: Path,
) -> None:
    """A name with ``"``, ``'`` or ``#``: one link each on the generated home page, to the
    note's page, and the sidebar's folder listing shows the name, not the docname."""
    from urllib.parse import unquote

    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    names = ['Say "hi"', "Don't", "C# notes", "sub/It's #2", "sub/Plain"]
    for name in names:
        (src / f"{name}.md").write_text("Some text.\n", encoding="utf-8")
    (src / "conf.py").write_text('extensions = ["wikilink_ext"]\n', encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()
        assert not warnings(app)
        home = Path(app.outdir, "index.html").read_text(encoding="utf-8")
        main = home.split('role="main">', 1)[1].split('class="wikilink-graph-box"', 1)[0]
        hrefs = sorted(
            set(re.findall(r'<a class="wikilink reference internal" href="([^"#]+)"', main))
        )
        assert len(hrefs) == len(names)
        assert all(Path(app.outdir, unquote(h)).is_file() for h in hrefs), hrefs
        nav = Path(app.outdir, "_static", "wikilink-nav")
        listings = "".join(p.read_text(encoding="utf-8") for p in nav.glob("*.js"))
        assert '"It\'s #2"]' in listings and '"Say \\"hi\\""]' in listings
        assert '"sub/Plain","sub/Plain.html"]' in listings  # no name when it is the docname's
    finally:
        app.cleanup()


def test_relative_case_folded_path_table() -> None:
    index = VaultIndex(["Rendering/concepts/Cpu", "Rendering/Paths/Links", "Other/cpu"])
    assert index.resolve("../concepts/CPU", "Rendering/Paths/Links").target == (
        "Rendering/concepts/Cpu"
    )
    assert index.resolve("../concepts/CPU.md", "Rendering/Paths/Links").target == (
        "Rendering/concepts/Cpu"
    )
    assert index.resolve("../../x/CPU", "Rendering/Paths/Links").kind == "missing"


# -- 3. Single line breaks -------------------------------------------------------------------


def test_single_newline_is_a_line_break_by_default(html: SphinxTestApp) -> None:
    assert "<p>First line<br />\nsecond line of the same paragraph.</p>" in page(
        html, "Rendering/Line breaks"
    )
    assert html.config.wikilink_strict_line_breaks is False
    # a setext heading written on two lines stays one line of title (no <br> in the toc)
    assert '<h2>A heading on\ntwo lines<a class="headerlink"' in page(html, "Rendering/Line breaks")


def test_strict_line_breaks_from_the_vaults_settings(tmp_path: Path) -> None:
    src = copy_root("compat", tmp_path / "src")
    (src / ".obsidian").mkdir()
    (src / ".obsidian" / "app.json").write_text('{"strictLineBreaks": true}', encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()
        text = page(app, "Rendering/Line breaks")
        assert "<p>First line\nsecond line of the same paragraph.</p>" in text
    finally:
        app.cleanup()


@pytest.mark.parametrize(
    ("settings", "strict", "properties"),
    [
        (None, False, True),
        ("{}", False, True),
        ('{"strictLineBreaks": true, "propertiesInDocument": "hidden"}', True, False),
        ('{"strictLineBreaks": false, "propertiesInDocument": "source"}', False, True),
        ("[1, 2]", False, True),
        ("{not json", False, True),
    ],
)
def test_vault_settings(
    tmp_path: Path, settings: str | None, strict: bool, properties: bool
) -> None:
    if settings is not None:
        (tmp_path / ".obsidian").mkdir()
        (tmp_path / ".obsidian" / "app.json").write_text(settings, encoding="utf-8")
    assert strict_line_breaks(tmp_path) is strict
    assert properties_shown(tmp_path) is properties


def test_vault_settings_never_follow_a_symlink_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text('{"strictLineBreaks": true}', encoding="utf-8")
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / ".obsidian" / "app.json").symlink_to(outside)
    assert strict_line_breaks(vault) is False


# -- 4. Mermaid ---------------------------------------------------------------------------------


def test_mermaid_is_drawn_offline_on_its_pages_only(html: SphinxTestApp) -> None:
    standup = Path(html.outdir, "meeting notes", "2024.01.02 Standup.html").read_text("utf-8")
    assert '<pre class="mermaid">graph TD; A--&gt;B</pre>' in standup
    assert '_static/vendor/mermaid.min.js"></script>' in standup
    assert "mermaid.initialize(" in standup
    assert "mermaid.min.js" not in Path(html.outdir, "Ideas.html").read_text("utf-8")
    copied = Path(html.outdir, "_static", "vendor", "mermaid.min.js")
    assert copied.read_bytes() == MERMAID_JS.read_bytes()
    assert "cdn" not in standup.casefold()


def test_vendored_mermaid_is_the_pinned_file() -> None:
    import hashlib

    assert hashlib.sha256(MERMAID_JS.read_bytes()).hexdigest() == MERMAID_SHA256


def test_no_mermaid_script_without_a_diagram(tmp_path: Path) -> None:
    src = copy_root("compat", tmp_path / "src")
    standup = src / "meeting notes" / "2024.01.02 Standup.md"
    standup.write_text(standup.read_text("utf-8").replace("mermaid", "text"), "utf-8")
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()
        assert not Path(app.outdir, "_static", "vendor", "mermaid.min.js").exists()
    finally:
        app.cleanup()


# -- 5. Dollar signs ----------------------------------------------------------------------------


def test_prices_and_registers_are_text(html: SphinxTestApp) -> None:
    dollars = page(html, "Rendering/Dollars")
    assert "<p>It cost $11 million (and later $4 million).</p>" in dollars
    assert "<p>Receiving $50 for sure, or flipping a coin to win $100.</p>" in dollars
    assert "<p>The loop does xor $t0, $t0, $t1 and returns.</p>" in dollars
    # $x^2$, $a + b = c$, and $P(E)=1$ at the start of a paragraph that ends with a digit
    assert dollars.count('<span class="math notranslate nohighlight"') == 3
    assert "\\(P(E)=1\\)</span> when the dice sum to 7" in dollars


@pytest.mark.parametrize(
    ("text", "maths"),
    [
        ("It cost $11 million (and later $4 million).", []),
        ("Receiving $50 for sure, or flipping a coin to win $100.", []),
        ("xor $t0, $t0, $t1 and", []),
        ("a $ b $ c", []),
        ("$x$5 apples", []),
        ("$a=1$ -> la somma 7", ["a=1"]),
        ("Real $x^2$ and $a + b = c$.", ["x^2", "a + b = c"]),
        ("1$x$ and $2x$", ["x", "2x"]),
    ],
)
def test_dollar_rule(text: str, maths: list[str]) -> None:
    tokens = obsidian_parser().parseInline(text)
    found = [c.content for c in tokens[0].children or [] if c.type == "math_inline"]
    assert found == maths


# -- 6. Display maths ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "text", "nowrap"),
    [
        ("\na\n\nb\n", "a\nb", False),
        ("\na \\\\\n   \nb\n", "a \\\\\nb", False),
        ("\\begin{align*}\na &= b\n\\end{align*}", "\\begin{align*}\na &= b\n\\end{align*}", True),
        ("\\begin{gather}x\\end{gather}", "\\begin{gather}x\\end{gather}", True),
        ("\\begin{cases}x\\end{cases}", "\\begin{cases}x\\end{cases}", False),
        ("\\begin{align}a\\end{align} + b", "\\begin{align}a\\end{align} + b", False),
        ("\\begin{align*}a\\end{align}", "\\begin{align*}a\\end{align}", False),
    ],
)
def test_display_math_text(content: str, text: str, nowrap: bool) -> None:
    assert display_math(content) == (text, nowrap)


def test_display_maths_stay_one_block_and_environments_unwrapped(html: SphinxTestApp) -> None:
    maths = page(html, "Rendering/Display maths")
    cases = maths.split("A system:")[1].split("Aligned:")[0]
    assert cases.count('<div class="math notranslate nohighlight"') == 1
    assert "\\begin{cases}" in cases and "\\end{cases}" in cases
    aligned = maths.split("Aligned:")[1]
    assert "\\begin{align*}" in aligned and "split" not in aligned
    assert "\\[" not in aligned.split("After the maths")[0]


# -- 7. Text unchanged --------------------------------------------------------------------------


def test_text_is_shown_as_typed(html: SphinxTestApp) -> None:
    text = page(html, "Rendering/Text")
    assert "-Wl,--stack=2147483647" in text
    assert "&quot;straight quotes&quot; -- 'single' --- as typed..." in text
    assert "\u201ccurly\u201d and \u2018single\u2019 \u2014 dash." in text  # as written
    # ``~~~~ {.haskell}`` (Pandoc attributes) is Haskell code, not an unknown MyST directive
    code = text.split("Pandoc", 1)[1]
    assert '<div class="highlight-haskell notranslate">' in code
    assert re.sub(r"<[^>]+>", "", code).count('main = putStrLn "typed"') == 1
    assert not [w for w in warnings(html) if "Text.md" in w]


# -- 8. Titles ----------------------------------------------------------------------------------


def test_titles_are_file_names(html: SphinxTestApp) -> None:
    titles = {d: html.env.titles[d].astext() for d in html.env.found_docs}
    assert titles["Rendering/10 - TCP"] == "10 - TCP"
    assert titles["Rendering/Heading link"] == "Heading link"
    assert titles["Untitled 2"] == "Untitled 2"
    assert titles["Café Crème"] == "A better title"  # the title property
    tcp = page(html, "Rendering/10 - TCP")
    assert re.search(r"<h1>10 - TCP<a", tcp)
    assert re.search(r"<h2>introduzione<a", tcp)  # the H1 is content
    # no raw [[…]] in what lists the note: backlinks, graph data, link tooltips
    heading = Path(html.outdir, "Rendering", "Who.html").read_text("utf-8")
    assert "[[Who]]" not in heading and "1 [[" not in heading
    for data in Path(html.outdir).rglob("*.json"):
        assert "[[Who]]" not in data.read_text("utf-8")
    ideas = page(html, "Ideas")
    assert re.search(r"<h1>Ideas<a", ideas)  # "# Ideas": the H1 says the title, shown once
    assert ideas.count("<h1>") == 1


# -- 9. Plugin blocks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("info", "content", "kind", "title", "fold", "hidden", "body"),
    [
        ("ad-note", "title: T\ncollapse: closed\nBody", "note", "T", "-", False, "Body"),
        ("ad-tldr", "collapse: open\nx", "abstract", "", "+", False, "x"),
        ("ad-warning", "Just text", "warning", "", "", False, "Just text"),
        ("ad-tip", "title:\nx", "tip", "", "", True, "x"),
        ("ad-note", "icon: star\ncolor: 1, 2, 3\nx", "note", "", "", False, "x"),
        ("ad-custom", "x", "note", "", "", False, "x"),
        ("ad-", "x", None, None, None, None, None),
        ("python", "x", None, None, None, None, None),
    ],
)
def test_parse_admonition(
    info: str,
    content: str,
    kind: str | None,
    title: str | None,
    fold: str | None,
    hidden: bool | None,
    body: str | None,
) -> None:
    block = parse_admonition(info, content)
    if kind is None:
        assert block is None
        return
    assert block is not None
    assert block.header.kind.canonical == kind
    assert (block.header.title, block.header.fold, block.hide_title, block.body) == (
        title,
        fold,
        hidden,
        body,
    )


def test_admonition_html_without_sphinx() -> None:
    html = obsidian_parser().render("```ad-quote\ntitle: Said\n- a\n- b\n```\n")
    assert html == (
        '<div class="callout admonition-plugin" data-callout="quote">\n'
        '<div class="callout-title"><div class="callout-title-inner">Said</div></div>\n'
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</div>\n"
    )


def test_admonition_blocks_are_callouts(html: SphinxTestApp) -> None:
    blocks = page(html, "Rendering/Admonitions")
    assert "<pre" not in blocks and "ad-note" not in blocks and "collapse:" not in blocks
    assert '<div class="callout callout-note callout-foldable callout-folded admonition">' in blocks
    # each title starts with its icon (inline SVG), then the title the block gave
    titles = [
        re.sub(r'<span class="callout-icon">.*?</span>', "", t)
        for t in re.findall(r'<p class="callout-title admonition-title">(.*?)</p>', blocks, re.S)
    ]
    assert "A titled note" in titles
    assert '<a class="wikilink reference internal" href="Who.html"' in blocks
    assert "Warning" in titles
    tip = blocks.split('<div class="callout callout-tip admonition">')[1].split("</div>")[0]
    assert "callout-title" not in tip and "An empty title hides the title bar." in tip


def test_excalidraw_drawings_are_left_out_with_a_warning(html: SphinxTestApp) -> None:
    assert "Rendering/Sketch.excalidraw" not in html.env.found_docs
    assert not Path(html.outdir, "Rendering", "Sketch.excalidraw.html").exists()
    assert (
        "SRC/Rendering/Plain.excalidraw.md:1: WARNING: 2 Excalidraw drawing(s) left out, this "
        "one first: their Markdown is drawing data (wikilink_publish_excalidraw = True "
        "publishes them) [wikilink.excalidraw]"
    ) in warnings(html)


def test_excalidraw_embed_shows_the_exported_png(html: SphinxTestApp) -> None:
    drawing = page(html, "Rendering/Drawing embed")
    assert re.search(r'<img alt="[^"]*" src="../_images/Sketch.excalidraw.png"', drawing)
    # a drawing never exported: a link, and a warning of the drawings' own subtype
    assert (
        "SRC/Rendering/Drawing embed.md:7: WARNING: [[Plain.excalidraw]] is an Excalidraw "
        "drawing with no exported SVG or PNG beside it; shown as a link "
        "(wikilink_publish_excalidraw) [wikilink.excalidraw]"
    ) in warnings(html)
    assert [w for w in warnings(html) if "Drawing embed" in w and "unpublished" in w] == []


def test_excalidraw_embed_shows_the_exported_image() -> None:
    index = VaultIndex(["Notes/A"], ["Notes/Sketch.excalidraw.svg", "Other.excalidraw.png"])
    for link in ("Sketch.excalidraw", "Sketch.excalidraw.md"):
        found = index.resolve(link, "Notes/A")
        assert (found.kind, found.target) == ("attachment", "Notes/Sketch.excalidraw.svg")
    assert index.resolve("Other.excalidraw", "Notes/A").target == "Other.excalidraw.png"
    assert index.resolve("None.excalidraw", "Notes/A").kind == "missing"


def test_excalidraw_drawings_published_on_request(tmp_path: Path) -> None:
    src = copy_root("compat", tmp_path / "src")
    app = SphinxTestApp(
        "html", srcdir=src, freshenv=True, confoverrides={"wikilink_publish_excalidraw": True}
    )
    try:
        app.build()
        assert "Rendering/Sketch.excalidraw" in app.env.found_docs
        assert not [w for w in warnings(app) if "excalidraw" in w]
    finally:
        app.cleanup()


# -- 10. Properties -----------------------------------------------------------------------------


def test_properties_table_under_the_title(html: SphinxTestApp) -> None:
    props = page(html, "Rendering/Properties")
    table = props.split('<div class="wikilink-properties docutils container">')[1]
    table = table.split("</div>")[0]
    rows = re.findall(r'<dt class="property-([\w-]+)', table)
    assert rows == ["author", "date", "rating", "reviewed", "related", "source"]  # no tags
    # a link in a property is a link, reported at the property's line when it leads nowhere
    assert (
        "SRC/Rendering/Properties.md:7: WARNING: no note or file named 'Nowhere' for "
        "[[Nowhere]] [wikilink.missing]"
    ) in warnings(html)
    assert "<p>Ada Lovelace</p>" in table and "<p>2024-01-02</p>" in table
    assert "<p>☑</p>" in table
    assert '<a class="wikilink reference internal" href="Who.html"' in table
    assert props.index("wikilink-properties") < props.index("A note with properties.")
    assert props.index("<h1>") < props.index("wikilink-properties")


def test_properties_table_can_be_switched_off(tmp_path: Path) -> None:
    app = _build(tmp_path, "html", wikilink_properties=False)
    try:
        assert "wikilink-properties" not in page(app, "Rendering/Properties")
    finally:
        app.cleanup()


# -- the PDF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def latex(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    # no index: latexmk would need xindy, which the book does not use either
    app = _build(tmp_path_factory.mktemp("latex"), "latex", latex_elements={"printindex": ""})
    yield app
    app.cleanup()


def test_latex_keeps_environments_and_notes_mermaid(latex: SphinxTestApp) -> None:
    tex = next(Path(latex.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert "\\begin{align*}\na &= b + c \\\\\nd &= e\n\\end{align*}" in tex
    assert "\\begin{split}\\begin{align*}" not in tex
    assert PDF_NOTE in tex and "graph TD; A\\PYGZhy{}\\PYGZhy{}\\PYGZgt{}B" in tex
    assert "\\\\\nsecond line of the same paragraph." in tex  # the line break


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="latexmk is not installed")
def test_pdf_builds(latex: SphinxTestApp) -> None:
    run = subprocess.run(
        ["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error"],
        cwd=latex.outdir,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert list(Path(latex.outdir).glob("*.pdf"))
