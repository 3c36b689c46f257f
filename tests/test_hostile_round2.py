# ruff: noqa: E501  (vault files and warning lines are clearer unwrapped)
"""The second hostile round (issue 22, items 8 to 14): files that are not files, inputs that
grow faster than linearly, names that collide or cannot be written, and vault roots that are
not vaults. Each test builds a vault the test itself writes and fails without its fix.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from workcount import ScannedList, work

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def build(vault: Path, builder: str = "html", **overrides: object) -> tuple[Path, list[str]]:
    """Build ``vault`` (written by the test) and return the output folder and warning lines."""
    builddir = vault.parent / f"build-{builder}"
    app = SphinxTestApp(builder, srcdir=vault, builddir=builddir, confoverrides=overrides)
    try:
        app.build()
        text = ANSI.sub("", app.warning.getvalue()).replace(str(vault) + "/", "SRC/")
        return Path(app.outdir), [line for line in text.splitlines() if "WARNING" in line]
    finally:
        app.cleanup()


def write(vault: Path, files: dict[str, str]) -> Path:
    vault.mkdir(parents=True, exist_ok=True)
    (vault / "conf.py").write_text('extensions = ["wikilink_ext"]\n')
    for name, text in files.items():
        path = vault / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return vault


# -- 10. only regular files are read, and not without limit ----------------------------------


def test_a_fifo_a_device_and_a_huge_sparse_note_are_skipped_with_a_warning(
    tmp_path: Path,
) -> None:
    vault = write(tmp_path / "vault", {"index.md": "# Home\n\n[[pipe]] and [[big]]\n"})
    os.mkfifo(vault / "pipe.md")  # opening it for reading blocks until a writer comes
    os.mkfifo(vault / "pipe.png")
    with open(vault / "big.md", "wb") as sparse:  # 9 GB of holes: no disk used
        sparse.truncate(9 * 2**30)
    try:
        os.mknod(vault / "zero.md", stat.S_IFCHR | 0o666, os.makedev(1, 5))  # /dev/zero
        device = True
    except (PermissionError, OSError):
        device = False  # not root: the FIFO and the sparse file still test the rule
    # in a child process with a timeout: before the fix the FIFO blocked the build forever
    script = (
        "import sys; from sphinx.cmd.build import main; "
        f"sys.exit(main(['-b', 'html', '-q', '-j', '1', {str(vault)!r}, {str(tmp_path / 'out')!r}]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    warnings = ANSI.sub("", done.stderr)
    assert f"{vault}/pipe.md:1: WARNING: a named pipe (FIFO), not a file; skipped" in warnings
    assert f"{vault}/pipe.png:1: WARNING: a named pipe (FIFO), not a file; skipped" in warnings
    assert re.search(rf"{vault}/big\.md:1: WARNING: 9,663,676,416 bytes, larger than", warnings)
    if device:
        assert f"{vault}/zero.md:1: WARNING: a device, not a file; skipped" in warnings
    assert "[wikilink.unreadable]" in warnings
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "pipe" in home and "big" in home  # the links stay visible as text


# -- 12. a bibliography that cannot be read is a warning, not a crash ------------------------

BIB_CONF = 'extensions = ["wikilink_ext", "sphinxcontrib.bibtex"]\nbibtex_bibfiles = ["refs.bib", "good.bib"]\n'
GOOD_BIB = "@article{good,\n  author = {Good, Ann},\n  title = {Fine},\n  journal = {J},\n  year = {2020}\n}\n"


@pytest.mark.parametrize(
    ("bib", "expected"),
    [
        (
            b"@article{a,\n  author = {Caf\xe9, A.},\n  title = {T},\n  year = {2020}\n}\n",
            "SRC/refs.bib:2: WARNING: bibliography is not utf-8-sig (byte 27); left out",
        ),
        (
            b"@article{a,\n  author = {A, B},\n  title = {T\n",
            "SRC/refs.bib:3: WARNING: bibliography cannot be parsed (syntax error in line 3",
        ),
    ],
    ids=["latin-1", "unclosed"],
)
def test_an_unreadable_bibliography_is_left_out_with_a_located_warning(
    tmp_path: Path, bib: bytes, expected: str
) -> None:
    vault = write(tmp_path / "vault", {"index.md": "# Home\n\nSee [@a] and [@good].\n"})
    (vault / "conf.py").write_text(BIB_CONF)
    (vault / "refs.bib").write_bytes(bib)
    (vault / "good.bib").write_text(GOOD_BIB)
    out, warnings = build(vault)
    assert any(line.startswith(expected) for line in warnings), warnings
    assert any("SRC/index.md:3: WARNING: unknown citation key 'a'" in w for w in warnings)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Goo20" in home  # the readable one still cites ([Goo20], the default label style)


def test_a_bibliography_accepted_since_the_last_build_re_reads_the_notes_citing(
    tmp_path: Path,
) -> None:
    """refs.bib is refused (not UTF-8), then accepted (conf.py names its encoding): the file
    did not change, but the notes citing it must not keep "unknown key" from the last build."""
    vault = write(tmp_path / "vault", {"index.md": "# Home\n\nSee [@a] and [@good].\n"})
    (vault / "conf.py").write_text(BIB_CONF)
    (vault / "refs.bib").write_bytes(
        b"@article{a,\n  author = {Caf\xe9, A.},\n  title = {T},\n  journal = {J},\n"
        b"  year = {2020}\n}\n"
    )
    (vault / "good.bib").write_bytes(GOOD_BIB.encode("latin-1"))
    out, warnings = build(vault)
    assert any("unknown citation key 'a'" in w for w in warnings), warnings
    (vault / "conf.py").write_text(BIB_CONF + 'bibtex_encoding = "latin-1"\n')
    out, warnings = build(vault)
    assert not [w for w in warnings if "unknown citation key" in w or "bibliography" in w]
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Caf20" in home and "Goo20" in home


def test_the_bib_checker_reports_a_latin1_file_at_its_line(tmp_path: Path) -> None:
    bib = tmp_path / "latin1.bib"
    bib.write_bytes(b"@article{a,\n  author = {Caf\xe9, A.},\n  title = {T},\n  year = {2020}\n}\n")
    done = subprocess.run(
        [sys.executable, "-m", "wikilink_ext.bib.check", str(bib)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stdout == f"{bib}:2: not UTF-8 (byte 27); save the file as UTF-8\n"
    assert "Traceback" not in done.stderr


# -- 14. a file-system root or a home folder is not a vault ----------------------------------


@pytest.mark.parametrize("folder", ["/", "~"])
def test_the_command_refuses_a_root_or_a_home_folder(folder: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    target = str(home) if folder == "~" else folder
    done = subprocess.run(
        [sys.executable, "-m", "wikilink_ext", "build", target, str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert "not a vault" in done.stderr and "--force" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()  # refused before anything was read or written


def test_a_home_folder_that_is_a_vault_is_built(tmp_path: Path) -> None:
    from wikilink_ext.vault.location import refusal

    (tmp_path / ".obsidian").mkdir()
    assert refusal(tmp_path, home=tmp_path) is None
    assert refusal(tmp_path / "..", home=tmp_path / "..") is not None
    assert refusal(Path("/")) is not None


# -- 9, 12, 13. names a page cannot be written under ------------------------------------------

LONG = "L" * 250  # 250 bytes: with ".html", ".md.txt" or ".doctree" past the 255-byte limit
NAMES = {
    "x';document.title=1;'": "PUBLIC-QUOTE",
    '"><img src=x onerror=alert(1)>': "PUBLIC-BREAKOUT",
    "Don't panic": "PUBLIC-APOSTROPHE",
    "search": "PUBLIC-SEARCH",
    "genindex": "PUBLIC-GENINDEX",
    "100%": "PUBLIC-PERCENT",
    "line\nbreak": "PUBLIC-NEWLINE",
    LONG: "PUBLIC-LONG",
    "a'b/In a folder": "PUBLIC-FOLDER",
}


def _pages(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): p.read_text(encoding="utf-8")
        for p in out.rglob("*.html")
        if "_static" not in p.parts
    }


@pytest.fixture(scope="module")
def named_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names")
    links = " ".join(f"[[{name.split('/')[-1]}]]" for name in NAMES if "\n" not in name)
    return write(
        root / "vault",
        {
            "index.md": f"# Home\n\n{links}\n",
            **{f"{name}.md": f"{text}\n\n[[index]]\n" for name, text in NAMES.items()},
        },
    )


@pytest.mark.parametrize("theme", ["sphinx_book_theme", "classic"])
def test_every_note_gets_its_own_page_whatever_its_name(named_vault: Path, theme: str) -> None:
    out, warnings = build(named_vault, html_theme=theme)
    pages = _pages(out)
    for text in NAMES.values():  # none dropped, none overwritten by Sphinx's own pages
        assert [name for name, html in pages.items() if text in html and name != "index.html"], text
    assert "Search" in pages["search.html"] and "PUBLIC-SEARCH" not in pages["search.html"]
    assert "PUBLIC-GENINDEX" not in pages["genindex.html"]
    assert not [w for w in warnings if "index.md" in w], warnings  # every link resolved
    home = pages["index.html"]
    for href in re.findall(r'<a class="reference internal" href="([^"#]+)', home):
        from urllib.parse import unquote

        assert (out / unquote(href)).is_file(), href  # the browser finds each page


@pytest.mark.parametrize("theme", ["sphinx_book_theme", "classic"])
def test_a_page_name_never_leaves_its_string_or_attribute(named_vault: Path, theme: str) -> None:
    out, _ = build(named_vault, html_theme=theme)
    for name, html in _pages(out).items():
        assert "<img src=x" not in html, name  # the name did not break out of an href
        assert "onerror=alert(1)>" not in html.replace("onerror=alert(1)&gt;", ""), name
        for body in re.findall(r"DOCUMENTATION_OPTIONS\.pagename = (.*?);\n", html):
            assert re.fullmatch(r"'[^'\"\\<>]*'", body), (name, body)
        for href in re.findall(r'href="([^"]*_sources/[^"]*)"', html):
            from urllib.parse import unquote

            assert (Path(out, name).parent / unquote(href)).is_file(), (name, href)


def test_notes_named_in_two_unicode_forms_keep_one_and_say_why(tmp_path: Path) -> None:
    import unicodedata

    vault = write(tmp_path / "vault", {"index.md": "# Home\n\n[[Café]]\n"})
    (vault / "Café.md").write_text("# Café\n\nPUBLIC-NFC\n")
    (vault / unicodedata.normalize("NFD", "Café.md")).write_text("# Café\n\nSECOND-NFD\n")
    out, warnings = build(vault)
    page = (out / "Café.html").read_text(encoding="utf-8")
    assert "PUBLIC-NFC" in page
    assert [
        w for w in warnings if "same note name as 'Café.md'" in w and "[wikilink.ambiguous]" in w
    ]
    assert not [w for w in warnings if "wikilink_ignore" in w], warnings
    assert "SECOND-NFD" not in "".join(_pages(out).values())


# -- 11. work in proportion to the input --------------------------------------------------------


def _build_work(vault: Path) -> int:
    """The counted work of a fresh build (:func:`workcount.work`), plus the steps of two
    C-level scans a call count alone would miss: every search of a node among its siblings
    (docutils' ``Element.index``) and every search of a note's tags (when they are a list)."""
    from docutils import nodes

    from wikilink_ext.sphinx_ext.domain import NoteData

    searched = 0
    original_index, original_init = nodes.Element.index, NoteData.__init__

    def index(self: nodes.Element, item: nodes.Node, *args: int) -> int:
        nonlocal searched
        found = original_index(self, item, *args)
        searched += found + 1  # the siblings compared before it was found
        return found

    def init(self: NoteData, *args: object, **kwargs: object) -> None:
        original_init(self, *args, **kwargs)  # type: ignore[arg-type]
        if isinstance(self.tags, list):  # a list is searched item by item
            self.tags = ScannedList(self.tags)

    def run() -> None:
        app = SphinxTestApp(
            "html", srcdir=vault, builddir=vault.parent / "build-work", freshenv=True
        )
        try:
            app.build()
        finally:
            app.cleanup()

    nodes.Element.index = index  # type: ignore[method-assign]
    NoteData.__init__ = init  # type: ignore[method-assign]
    ScannedList.steps = 0
    try:
        return work(run, lambda: searched + ScannedList.steps)
    finally:
        nodes.Element.index = original_index  # type: ignore[method-assign]
        NoteData.__init__ = original_init  # type: ignore[method-assign]


def _links_in_one_paragraph(root: Path, n: int) -> Path:
    notes = {f"N{i}.md": f"# N{i}\n\ntext\n" for i in range(10)}
    line = " ".join(f"[[N{i % 10}]] and [[gone|a|b|{i}]]" for i in range(n))
    return write(root, {**notes, "index.md": f"# Home\n\n{line}\n"})


def _broken_links_with_pipes(root: Path, n: int) -> Path:
    """A note whose opening paragraph (its preview) is n broken links with ``|`` in them,
    and one broken link with n ``|``: the text is cut into 2n pieces to be joined."""
    line = " and ".join(f"[[gone|a|b|{i}]]" for i in range(n))
    one = "[[gone|" + "|".join(f"p{i}" for i in range(n)) + "]]"
    return write(
        root,
        {
            "index.md": f"# Home\n\n{line}\n\n{one}\n\n[[Other]]\n",
            "Other.md": "# Other\n\n[[index]]\n",
        },
    )


def _distinct_tags(root: Path, n: int) -> Path:
    """One note with n distinct inline tags and n distinct frontmatter tags (50 of them get
    a page at every size: the work of the pages themselves stays the same)."""
    frontmatter = "---\ntags: [" + ", ".join(f"f{i}" for i in range(n)) + "]\n---\n"
    line = " ".join(f"#t{i}" for i in range(n))
    vault = write(root, {"index.md": f"{frontmatter}# Home\n\n{line}\n"})
    (vault / "conf.py").write_text('extensions = ["wikilink_ext"]\nwikilink_tag_pages_max = 50\n')
    return vault


@pytest.mark.parametrize(
    "make",
    [_links_in_one_paragraph, _broken_links_with_pipes, _distinct_tags],
    ids=["links in one paragraph", "broken links with pipes", "distinct tags"],
)
def test_doubling_a_hostile_input_at_most_doubles_the_work(tmp_path: Path, make: object) -> None:
    sizes = [0, 600, 1200]
    work = []
    _build_work(make(tmp_path / "warm", 10))  # type: ignore[operator]  # imports, caches
    for size in sizes:
        work.append(_build_work(make(tmp_path / f"n{size}", size)))  # type: ignore[operator]
    base, single, double = work
    ratio = (double - base) / (single - base)
    print(f"work {work}: doubling cost x{ratio:.2f}")
    assert ratio <= 2.2, f"work {work}: doubling cost x{ratio:.2f}"


# -- 8. raw output from directives is sanitised like a note's own HTML --------------------------

RAW_NOTE = """# Home

Some <font color="#ffc000">colour</font> and <b>bold</b>.

```{raw} html
<p>kept</p><script>document.title="PWNED-RAW"</script><img src=x onerror="alert(1)">
```

```{eval-rst}
.. raw:: html

   <script>alert("PWNED-EVAL")</script>
```

```{raw} latex
\\input{/etc/hostname}
```
"""


@pytest.mark.parametrize("theme", ["sphinx_book_theme", "classic"])
def test_raw_html_from_a_directive_is_sanitised_with_a_warning(tmp_path: Path, theme: str) -> None:
    vault = write(tmp_path / "vault", {"index.md": RAW_NOTE})
    out, warnings = build(vault, html_theme=theme)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "PWNED" not in page and "onerror" not in page
    assert "<p>kept</p>" in page  # harmless markup stays
    assert '<font color="#ffc000">colour</font>' in page  # the note's own HTML untouched
    assert [w for w in warnings if w.startswith("SRC/index.md:5: WARNING: raw HTML sanitised")]
    assert [w for w in warnings if w.startswith("SRC/index.md:10: WARNING: raw HTML sanitised")]
    assert [w for w in warnings if "SRC/index.md:15: WARNING: raw latex output" in w]
    assert all(w.endswith("[wikilink.raw]") for w in warnings), warnings


def test_raw_latex_from_a_note_is_verbatim_text_in_the_pdf(tmp_path: Path) -> None:
    vault = write(tmp_path / "vault", {"index.md": RAW_NOTE})
    out, _ = build(vault, "latex")
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\input{/etc/hostname}" not in tex  # not run by LaTeX
    assert r"\PYG{n}{hostname}" in tex  # shown, as highlighted code
    assert "PWNED" not in tex


def test_a_bibliography_is_read_where_conf_py_names_it_but_not_through_a_symlink(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "outside.bib"
    outside.write_text(GOOD_BIB.replace("Fine", "OUTSIDE-CANARY"))
    vault = write(tmp_path / "vault", {"index.md": "# Home\n\nSee [@good].\n"})
    (vault / "conf.py").write_text(BIB_CONF.replace('"refs.bib", "good.bib"', '"refs.bib"'))
    os.symlink(outside, vault / "refs.bib")
    out, warnings = build(vault)
    assert any(
        w.startswith("SRC/refs.bib:1: WARNING: bibliography leads outside") for w in warnings
    )
    assert not [p for p in out.rglob("*") if p.is_file() and b"OUTSIDE-CANARY" in p.read_bytes()]
    # the same file named by conf.py itself, beside the vault (as this book's ../refs.bib)
    (vault / "refs.bib").unlink()
    (vault / "conf.py").write_text(BIB_CONF.replace('"refs.bib", "good.bib"', '"../outside.bib"'))
    out, warnings = build(vault)
    assert not [w for w in warnings if "bibliography" in w], warnings
    assert "Goo20" in (out / "index.html").read_text(encoding="utf-8")  # cited


# -- 13. nothing lost silently: block ids in two cases, footnotes of an embedded note --------


def test_block_ids_that_differ_only_in_case_are_one_id_with_a_warning(tmp_path: Path) -> None:
    """Obsidian keys a note's block ids in lower case (its metadata cache): ``^Abc`` and
    ``^abc`` are one id and ``[[Other#^XYZ]]`` finds ``^xyz``. The second spelling is a
    located warning; both blocks are shown, and the page has one anchor, not two alike."""
    vault = write(
        tmp_path / "vault",
        {
            "index.md": "# Home\n\nFIRST-BLOCK ^Abc\n\nSECOND-BLOCK ^abc\n\n- ITEM ^ABC\n\n"
            "Links [[#^abc]] [[#^ABC]] [[Other#^XYZ]]\n\n![[Other#^XYZ]]\n",
            "Other.md": "# Other\n\nOTHER-BLOCK ^xyz\n",
        },
    )
    out, warnings = build(vault)
    assert [w for w in warnings if "index.md" in w] == [
        "SRC/index.md:5: WARNING: duplicate block id ^abc: ^Abc (line 3) is the same id, as block ids ignore case in Obsidian; links go there [wikilink.block]",
        "SRC/index.md:7: WARNING: duplicate block id ^ABC: ^Abc (line 3) is the same id, as block ids ignore case in Obsidian; links go there [wikilink.block]",
    ]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert all(text in page for text in ["FIRST-BLOCK", "SECOND-BLOCK", "ITEM"])
    assert page.count('id="block-abc"') == 1
    assert page.count('href="#block-abc"') == 2
    assert page.count('href="Other.html#block-xyz"') >= 2  # the link and the embed's title
    assert re.search(r"wikilink-embed[^>]*>.*?OTHER-BLOCK", page, re.S)  # embedded


FOOTNOTES = {
    "index.md": "# Home\n\nHome text[^1] and a named one[^n].\n\n![[Other]]\n\n![[Other#^para]]\n\n"
    "[^1]: HOMEONE.\n[^n]: HOMENAMED.\n",
    "Other.md": "# Other\n\nOther text[^1] and[^n]. ^para\n\n[^1]: OTHERONE.\n[^n]: OTHERNAMED.\n",
}
TEXTS = ["HOMENAMED", "HOMEONE", "OTHERNAMED", "OTHERONE"]


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_a_footnote_label_used_by_a_note_and_by_a_note_it_embeds_is_two_footnotes(
    tmp_path: Path, builder: str
) -> None:
    out, warnings = build(write(tmp_path / "vault", FOOTNOTES), builder)
    assert [w for w in warnings if "index.md" in w] == []  # no "duplicate footnote" loss
    if builder == "latex":
        tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
        home = tex[: tex.index(r"\chapter{Other}")]  # the home note's chapter
        assert sorted(re.findall(r"\\begin\{footnote\}.*?(HOME\w+|OTHER\w+)", home, re.S)) == TEXTS
        return
    page = (out / "index.html").read_text(encoding="utf-8")
    # each reference leads to a footnote of its own, holding its own note's text
    refs = re.findall(r'href="#([^"]+)" id="[^"]+" role="doc-noteref"', page)
    assert len(refs) == len(set(refs)) == 4
    shown = []
    for ident in refs:
        footnote = re.search(
            rf'id="{re.escape(ident)}" role="doc-footnote">(.*?)</aside>', page, re.S
        )
        assert footnote is not None, ident
        shown += re.findall(r"(?:HOME|OTHER)[A-Z]+", footnote.group(1))
    assert sorted(shown) == TEXTS
    # the home note's [^1] is its own (the first reference on the page)
    first = re.search(rf'id="{re.escape(refs[0])}" role="doc-footnote">(.*?)</aside>', page, re.S)
    assert first is not None and "HOMEONE" in first.group(1)
    # the block embed holds the references but not the definitions: they stay text
    assert "Other text[^1] and[^n]." in re.sub(r"<[^>]+>", "", page)


def test_a_tag_too_long_for_a_file_name_in_bytes_gets_its_own_page(tmp_path: Path) -> None:
    """90 times U+20000 is 90 characters but 360 bytes: its page name is cut to fit a file
    name (255 bytes) and made distinct by a hash, so a second tag alike but for its last
    character gets a page of its own."""
    wide = "\U00020000" * 90
    other = "\U00020000" * 89 + "a"
    vault = write(tmp_path / "vault", {"index.md": f"# Home\n\n#{wide} and #{other}\n"})
    out, warnings = build(vault)
    assert warnings == []
    pages = sorted((out / "tags").glob("*.html"))
    assert len(pages) == 3  # two tags and the index of tags
    assert all(len(p.name.encode("utf-8")) <= 255 for p in pages)
    home = (out / "index.html").read_text(encoding="utf-8")
    from urllib.parse import unquote

    hrefs = re.findall(r'<a class="tag reference external" href="([^"]+)"', home)
    hrefs = hrefs or re.findall(r'<a class="[^"]*\btag\b[^"]*" href="([^"]+)"', home)
    linked = {unquote(h) for h in hrefs if "index.html" not in h}
    assert len(linked) == 2
    for href in linked:
        assert (out / href).is_file(), href
        assert f"#{wide}" in (out / href).read_text(encoding="utf-8") or f"#{other}" in (
            out / href
        ).read_text(encoding="utf-8")
