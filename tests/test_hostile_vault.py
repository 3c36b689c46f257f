# ruff: noqa: E501  (warning lines and vault files are clearer unwrapped)
"""A vault written by a careless or hostile author (issue 13, and the file-level crashes of
issue 9), made by the test itself: each case of the issue's "What was seen" list is a note
or a line here, and each has an assertion on what the build now does.

- ``publish: false`` in every spelling, behind a BOM, in invalid YAML, in a note whose name
  holds ``[``, notes in ``.trash/`` and ``_drafts/``: their text is nowhere in the output
  (every file of every builder, doctrees and pickles included), and each link or embed to
  them is a located ``wikilink.unpublished`` warning and plain text;
- files outside the vault (canaries reached through a symlinked note, a symlinked folder,
  a Markdown link, an image, a symlinked image, ``{include}`` and ``{literalinclude}``):
  never in the output, each a located ``wikilink.outside`` warning;
- the injection matrix: one payload in every field a note controls, built with the book's
  theme and with ``classic``, as HTML, LaTeX and text;
- bounded work (alias bombs, a tag-page cap) and nothing lost silently (NFD names, dotted
  aliases, mapping-valued aliases, a ``tags/`` folder, ``#a/b`` and ``#a--b``, one
  malformed References item, dangling symlinks, loops, Latin-1 and binary notes).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

import wikilink_ext

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PAYLOAD = "<script>alert(1)</script>\"'}{\\@"
PAYLOAD_YAML = '"<script>alert(1)</script>\\"\'}{\\\\@"'  # the same, as a YAML string

# -- the unpublished notes: each holds a secret that must appear nowhere -----------------------

UNPUBLISHED = {
    "BOM.md": b"\xef\xbb\xbf---\npublish: false\n---\n# BOM\n\nSECRET-BOM\n",
    "Invalid.md": b"---\npublish: false\ntitle: [unclosed\n---\n# Invalid\n\nSECRET-INVALID\n",
    "No.md": b'---\npublish: "no"\n---\n# No\n\nSECRET-NO\n',
    "Zero.md": b"---\npublish: 0\n---\n# Zero\n\nSECRET-ZERO\n",
    "Null.md": b"---\npublish: null\n---\n# Null\n\nSECRET-NULL\n",
    "FalseSpace.md": b'---\npublish: "False "\n---\n# FalseSpace\n\nSECRET-FALSESPACE\n',
    "Capital.md": b"---\nPublish: false\n---\n# Capital\n\nSECRET-CAPITAL\n",
    "Plan [draft].md": b"---\npublish: false\n---\n# Plan\n\nSECRET-PLAN\n",
    ".trash/Old.md": b"# Old\n\nSECRET-TRASH\n",
    ".trash/old.png": b"\x89PNG\r\n\x1a\nSECRET-TRASH-PNG",
    "_drafts/Draft.md": b"# Draft\n\nSECRET-DRAFT\n",
    "Bomb.md": (
        b"---\na0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n".encode()
            for i in range(1, 25)
        )
        + b"aliases: *a24\n---\n# Bomb\n\nSECRET-BOMB\n"
    ),
    "TagBomb.md": (
        b"---\nt0: &t0 [x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"t{i}: &t{i} [*t{i - 1}, *t{i - 1}, *t{i - 1}, *t{i - 1}]\n".encode()
            for i in range(1, 25)
        )
        + b"tags: *t24\n---\n# TagBomb\n\nSECRET-TAGBOMB\n"
    ),
}
LINKED = [
    "BOM",
    "Invalid",
    "No",
    "Zero",
    "Null",
    "FalseSpace",
    "Capital",
    "Old",
    "Draft",
    "Bomb",
    "TagBomb",
]

CANARIES = ["CANARY-NOTE", "CANARY-DIR", "CANARY-TXT", "CANARY-PNG", "CANARY-INC", "CANARY-LIT"]

INDEX = """\
# Home

- [[BOM]] [[Invalid]] [[No]] [[Zero]] [[Null]] [[FalseSpace]] [[Capital]]
- [Plan](<Plan [draft].md>) and [[Plan d]]
- [[Old]] [[Draft]] [[Bomb]] [[TagBomb]]
- [[Dr. Who]] [[Node.js]] [[Nested Two]] [[Caf\u00e9]] [[Latin]] [[Injection]] [[Tag note]]

![[BOM]]

[text file](../outside/t.txt)

![outside image](../outside/x.png)

![linked image](pic.png)

```{include} ../outside/inc.md
```

```{literalinclude} ../outside/lit.txt
```

See [[References#^one|the first]] and [[References#^three|the third]].

```{include} BOM.md
```

```{literalinclude} .trash/Old.md
```

![trash image](.trash/old.png)
"""

INJECTION = f"""\
---
title: {PAYLOAD_YAML}
aliases: [{PAYLOAD_YAML}]
tags: [{PAYLOAD_YAML}, "<b>bold</b>"]
description: {PAYLOAD_YAML}
---
# Heading {PAYLOAD}

[[Doctor|display {PAYLOAD}]] and [[Doctor#Missing {PAYLOAD}]].

> [!note] Callout {PAYLOAD}
> body

## Second {PAYLOAD}

Inline <script>alert(1)</script> and <img src=x onerror="alert(1)"> and <a href="javascript:alert(1)">a</a>.

<div onclick="alert(1)"><script>alert(1)</script>block</div>
"""

REFS_BIB = "".join(
    f"@misc{{{key},\n  author = {{Author, {key.title()}}},\n  title = {{Title {key}}},\n  year = {{2020}},\n  url = {{https://example.org/{key}}},\n}}\n\n"
    for key in ("one", "two", "three")
)

REFERENCES = """\
# References

- Author (2020). One. [@one] ^one
- Broken item with two keys [@one; @two] ^two
- Author (2020). Three. [@three] ^three
"""

CONF = """\
extensions = ["wikilink_ext", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
wikilink_tag_pages_max = 6
wikilink_ignore = ["_drafts"]  # Obsidian shows "_" folders: drafts are kept out by name
"""


def write_vault(root: Path) -> Path:
    vault, outside = root / "vault", root / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "note.md").write_text("# Outside\n\nCANARY-NOTE\n")
    (outside / "dir" / "inner.md").write_text("# Inner\n\nCANARY-DIR\n")
    (outside / "t.txt").write_text("CANARY-TXT\n")
    (outside / "x.png").write_bytes(b"\x89PNG\r\n\x1a\nCANARY-PNG")
    (outside / "inc.md").write_text("CANARY-INC\n")
    (outside / "lit.txt").write_text("CANARY-LIT\n")
    for name, data in UNPUBLISHED.items():
        path = vault / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    files = {
        "conf.py": CONF,
        "index.md": INDEX,
        "Plan d.md": "# Plan d\n\nPUBLIC-PLAN-D\n",
        "Doctor.md": "---\naliases: [Dr. Who, Node.js]\n---\n# Doctor\n\nPUBLIC-DOCTOR\n",
        "Mapped.md": "---\naliases:\n  - [Nested One, Nested Two]\n  - {Dr: Strange}\ntags:\n  first: second\n---\n# Mapped\n\nPUBLIC-MAPPED\n",
        "Injection.md": INJECTION,
        "tags/Tag note.md": "# Tag note\n\nPUBLIC-TAG-NOTE #a/b #a--b #c #d #e\n",
        "refs.bib": REFS_BIB,
        "References.md": REFERENCES,
    }
    for name, text in files.items():
        path = vault / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (vault / unicodedata.normalize("NFD", "Caf\u00e9.md")).write_text("# Caf\u00e9\n\nPUBLIC-NFD\n")
    (vault / "Latin.md").write_bytes(b"# Latin\n\ncaf\xe9 PUBLIC-LATIN\n")
    (vault / "Binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00SECRET-BINARY")
    os.symlink("../outside/note.md", vault / "Link.md")
    os.symlink("../outside/dir", vault / "linked")
    os.symlink("../outside/x.png", vault / "pic.png")
    os.symlink("nowhere.md", vault / "Dangling.md")
    os.symlink("Loop2.md", vault / "Loop1.md")
    os.symlink("Loop1.md", vault / "Loop2.md")
    return vault


class Build:
    def __init__(self, app: SphinxTestApp, builddir: Path) -> None:
        self.app = app
        self.builddir = builddir
        text = ANSI.sub("", app.warning.getvalue()).replace(str(app.srcdir) + "/", "SRC/")
        self.warnings = [line for line in text.splitlines() if "WARNING" in line]

    def files(self) -> Iterator[Path]:
        """Every file the build wrote: output, doctrees and the pickled environment."""
        return (p for p in self.builddir.rglob("*") if p.is_file())

    def containing(self, needle: str) -> list[str]:
        data = needle.encode("utf-8")
        return [str(p.relative_to(self.builddir)) for p in self.files() if data in p.read_bytes()]

    def page(self, name: str) -> str:
        return Path(self.app.outdir, name).read_text(encoding="utf-8")

    def warned(self, *parts: str) -> list[str]:
        return [line for line in self.warnings if all(p in line for p in parts)]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Build]]:
    """The vault, built by every builder, with ``classic`` and with the book's theme."""
    root = tmp_path_factory.mktemp("hostile")
    vault = write_vault(root)
    builds: dict[str, Build] = {}
    for key, builder, theme in [
        ("classic", "html", "classic"),
        ("book", "html", "sphinx_book_theme"),
        ("latex", "latex", "classic"),
        ("text", "text", "classic"),
    ]:
        builddir = root / f"build-{key}"
        app = SphinxTestApp(
            builder, srcdir=vault, builddir=builddir, confoverrides={"html_theme": theme}
        )
        try:
            app.build()
            builds[key] = Build(app, builddir)
        finally:
            app.cleanup()
    yield builds
    shutil.rmtree(root, ignore_errors=True)


BUILDS = ["classic", "book", "latex", "text"]

# -- 1. publish: false is absolute -------------------------------------------------------------


@pytest.mark.parametrize("key", BUILDS)
def test_no_secret_anywhere_in_the_output(hostile: dict[str, Build], key: str) -> None:
    build = hostile[key]
    assert build.containing("SECRET-") == []
    assert build.containing("PUBLIC-PLAN-D") != []  # "[draft]" is not a glob: Plan d stays


@pytest.mark.parametrize("name", LINKED)
def test_each_link_to_an_unpublished_note_is_a_located_warning(
    hostile: dict[str, Build], name: str
) -> None:
    kind = "[wikilink.ignored]" if name == "Draft" else "[wikilink.unpublished]"  # _drafts/
    found = hostile["classic"].warned("SRC/index.md:", f"[[{name}]]", kind)
    assert found, "\n".join(hostile["classic"].warnings)


def test_the_bracketed_name_is_matched_literally(hostile: dict[str, Build]) -> None:
    build = hostile["classic"]
    assert build.warned(
        "SRC/index.md:4:", "[[Plan [draft]]]", "publish: false", "[wikilink.unpublished]"
    )
    assert not Path(build.app.outdir, "Plan [draft].html").exists()
    assert Path(build.app.outdir, "Plan d.html").exists()


@pytest.mark.parametrize(
    ("where", "what"),
    [
        ("SRC/index.md:24:", "{include} names a file that is not published: 'BOM.md'; not read"),
        (
            "SRC/index.md:27:",
            "{literalinclude} names a file that is not published: '.trash/Old.md'",
        ),
        ("SRC/index.md:30:", "image that is not published: '.trash/old.png'; not copied"),
    ],
)
def test_includes_of_unpublished_files_are_refused(
    hostile: dict[str, Build], where: str, what: str
) -> None:
    assert hostile["classic"].warned(where, what, "[wikilink.unpublished]"), "\n".join(
        hostile["classic"].warnings
    )


def test_a_note_unpublished_since_the_last_build_leaves_no_trace(tmp_path: Path) -> None:
    vault, builddir = tmp_path / "vault", tmp_path / "build"
    vault.mkdir()
    (vault / "conf.py").write_text('extensions = ["wikilink_ext"]\n')
    (vault / "index.md").write_text("# Home\n\n- [[Page]]\n")
    (vault / "Page.md").write_text("# Page\n\nSECRET-LATER\n")
    first = SphinxTestApp("html", srcdir=vault, builddir=builddir)
    first.build()
    first.cleanup()
    assert Build(first, builddir).containing("SECRET-LATER")  # published, for now
    (vault / "Page.md").write_text("---\npublish: false\n---\n# Page\n\nSECRET-LATER\n")
    second = SphinxTestApp("html", srcdir=vault, builddir=builddir, freshenv=False)
    second.build()
    second.cleanup()
    build = Build(second, builddir)
    assert build.containing("SECRET-LATER") == []
    assert build.warned("SRC/index.md:3:", "[[Page]]", "[wikilink.unpublished]")
    assert 'href="Page.html"' not in build.page("index.html")


def test_links_to_unpublished_notes_are_plain_text(hostile: dict[str, Build]) -> None:
    page = hostile["classic"].page("index.html")
    for name in ["BOM", "Capital", "Old", "Draft"]:
        assert re.search(rf'<span class="wikilink wikilink-broken"[^>]*>{name}</span>', page)
        assert f'href="{name}.html"' not in page


def test_unreadable_frontmatter_is_reported_at_the_note(hostile: dict[str, Build]) -> None:
    build = hostile["classic"]
    assert build.warned(
        "SRC/Invalid.md:4:", "invalid frontmatter YAML", "not published", "[wikilink.unpublished]"
    )
    assert build.warned("SRC/Bomb.md:3:", "YAML alias", "[wikilink.unpublished]")
    assert build.warned("SRC/TagBomb.md:3:", "YAML alias", "[wikilink.unpublished]")


@pytest.mark.parametrize("key", ["classic", "book"])
def test_unpublished_notes_are_in_no_page_list(hostile: dict[str, Build], key: str) -> None:
    build = hostile[key]
    docs = set(build.app.env.all_docs)
    assert not docs & {
        "BOM",
        "Invalid",
        "No",
        "Zero",
        "Null",
        "FalseSpace",
        "Capital",
        "Plan [draft]",
        ".trash/Old",
        "_drafts/Draft",
        "Bomb",
        "TagBomb",
        "Binary",
    }
    assert not list(Path(build.app.outdir, "_sources").rglob("*BOM*"))
    # the folder left out is counted, once, where its first note is
    assert build.warned("SRC/_drafts/Draft.md:1:", "1 note(s) in 1 folder(s)", "'_drafts'")
    assert "SECRET" not in build.page("searchindex.js")


# -- 2. the vault's boundary is the build's boundary -------------------------------------------


@pytest.mark.parametrize("key", BUILDS)
def test_no_canary_from_outside_the_vault(hostile: dict[str, Build], key: str) -> None:
    for canary in CANARIES:
        assert hostile[key].containing(canary) == [], canary


@pytest.mark.parametrize(
    ("where", "what"),
    [
        ("SRC/Link.md:1:", "symlink that leads outside the vault"),
        ("SRC/linked:1:", "symlink that leads outside the vault"),
        ("SRC/pic.png:1:", "symlink that leads outside the vault"),
        ("SRC/index.md:10:", "link to a file outside the vault: '../outside/t.txt'"),
        ("SRC/index.md:12:", "image outside the vault: '../outside/x.png'"),
        ("SRC/index.md:14:", "image outside the vault: 'pic.png'"),
        ("SRC/index.md:16:", "{include} names a file outside the vault: '../outside/inc.md'"),
        (
            "SRC/index.md:19:",
            "{literalinclude} names a file outside the vault: '../outside/lit.txt'",
        ),
    ],
)
def test_each_outside_path_is_a_located_warning(
    hostile: dict[str, Build], where: str, what: str
) -> None:
    assert hostile["classic"].warned(where, what, "[wikilink.outside]"), "\n".join(
        hostile["classic"].warnings
    )


def test_outside_links_keep_their_text(hostile: dict[str, Build]) -> None:
    page = hostile["classic"].page("index.html")
    assert '<span class="wikilink-outside">text file</span>' in page
    assert '<span class="wikilink-outside">outside image</span>' in page


# -- 3. escape everything that comes from a note -----------------------------------------------


@pytest.mark.parametrize("key", ["classic", "book"])
def test_no_live_script_from_a_note(hostile: dict[str, Build], key: str) -> None:
    build = hostile[key]
    for path in build.files():
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            assert "<script>alert(1)" not in text, path
            assert not re.search(r"<[^>]*\bon\w+=\"?alert", text), path
            assert 'href="javascript:' not in text, path


@pytest.mark.parametrize("key", ["classic", "book"])
def test_the_payload_is_shown_as_text_in_every_field(hostile: dict[str, Build], key: str) -> None:
    build = hostile[key]
    page = build.page("Injection.html")
    shown = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert page.count(shown) >= 6  # title, headings, callout title, display text, …
    assert re.search(
        r'<meta name="description" content="&lt;script&gt;alert\(1\)&lt;/script&gt;&quot;', page
    )
    tag_pages = sorted(Path(build.app.outdir, "_tags").glob("script-alert-1-script-*.html"))
    assert len(tag_pages) == 1
    tag_page = tag_pages[0].read_text(encoding="utf-8")
    assert "<title>#&lt;script&gt;alert(1)&lt;/script&gt;" in tag_page


JSON_BLOCK = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)


@pytest.mark.parametrize("key", ["classic", "book"])
def test_json_data_in_pages_keeps_the_payload_as_inert_data(
    hostile: dict[str, Build], key: str
) -> None:
    """Previews and graphs carry titles and text as JSON inside the page: it must not close
    its <script> element early, and it must hold the payload as data, unchanged."""
    build = hostile[key]
    decoded: list[str] = []
    for path in build.files():
        if path.suffix != ".html":
            continue
        for block in JSON_BLOCK.findall(path.read_text(encoding="utf-8")):
            assert "<" not in block, path  # "<" is written \u003c: no </script>, no <!--
            decoded.append(json.dumps(json.loads(block), ensure_ascii=False))
    assert decoded, "no previews or graph data: the matrix would not cover them"
    payload_as_title = json.dumps(PAYLOAD, ensure_ascii=False)[1:-1]
    assert any(payload_as_title in text for text in decoded)


@pytest.mark.parametrize(
    ("page", "field"),
    [
        ("Injection.html", '<meta content="&lt;script&gt;alert(1)&lt;/script&gt;'),  # keywords
        ("Doctor.html", 'wikilink-backlink-mark">display &lt;script&gt;alert(1)'),  # backlinks
        ("graph.html", ">&lt;script&gt;alert(1)&lt;/script&gt;"),  # the book's graph
        ("_tags/index.html", ">#&lt;script&gt;alert(1)&lt;/script&gt;"),  # the tag index
    ],
)
def test_pages_built_from_notes_show_the_payload_escaped(
    hostile: dict[str, Build], page: str, field: str
) -> None:
    for key in ("classic", "book"):
        assert field in hostile[key].page(page), (key, page)


def test_the_extensions_scripts_never_insert_html() -> None:
    static = Path(wikilink_ext.__file__).parent / "static"
    for script in static.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text, (script.name, sink)


def test_harmless_html_is_kept(hostile: dict[str, Build]) -> None:
    page = hostile["classic"].page("Injection.html")
    assert "<div>" in page and "block</div>" in page
    assert '<a rel="noopener noreferrer">a</a>' in page


def test_latex_escapes_the_payload(hostile: dict[str, Build]) -> None:
    tex = next(Path(hostile["latex"].app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    # in headings and text Markdown reads "\\@" as an escaped "@"; braces are escaped for TeX
    # quotes stay as typed (no smart quotes, as in Obsidian)
    assert "\\section{Heading <script>alert(1)</script>\"'\\}\\{@}" in tex
    assert "\\begin{sphinxadmonition}{note}{Callout <script>alert(1)</script>\"'\\}\\{@}" in tex
    # the frontmatter title keeps its backslash, escaped
    assert "\\chapter{<script>alert(1)</script>\"'\\}\\{\\textbackslash{}@}" in tex
    assert "}{\\@" not in tex and "}{@" not in tex


def test_text_builder_shows_the_payload_as_text(hostile: dict[str, Build]) -> None:
    text = hostile["text"].page("Injection.txt")
    assert "Heading <script>alert(1)</script>\"'}{@" in text
    assert "Callout <script>alert(1)</script>\"'}{@" in text


def test_latex_compiles(hostile: dict[str, Build]) -> None:
    outdir = Path(hostile["latex"].app.outdir)
    tex = next(outdir.glob("*.tex"))
    engine = hostile["latex"].app.config.latex_engine
    result = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=outdir,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


# -- 4. bounded work ---------------------------------------------------------------------------


def test_tag_pages_are_capped_with_a_warning(hostile: dict[str, Build]) -> None:
    build = hostile["classic"]
    assert build.warned("more than wikilink_tag_pages_max=6", "get no page", "[wikilink.config]")
    pages = [p for p in Path(build.app.outdir, "_tags").glob("*.html") if p.name != "index.html"]
    assert len(pages) == 6


# -- 5. nothing lost silently ------------------------------------------------------------------


def test_generated_pages_never_overwrite_a_note(hostile: dict[str, Build]) -> None:
    build = hostile["classic"]
    assert "PUBLIC-TAG-NOTE" in build.page("tags/Tag note.html")
    assert build.warned(
        "SRC/tags/Tag note.md:1:",
        "the vault has its own 'tags' note or folder; tag pages go to _tags/",
    )


def test_nested_and_dashed_tags_get_distinct_pages(hostile: dict[str, Build]) -> None:
    page = hostile["classic"].page("tags/Tag note.html")
    assert 'href="../_tags/a.b.html"' in page
    assert 'href="../_tags/a--b.html"' in page


def test_dotted_aliases_nested_aliases_and_nfd_names_resolve(hostile: dict[str, Build]) -> None:
    build = hostile["classic"]
    page = build.page("index.html")
    assert page.count('href="Doctor.html"') >= 2  # [[Dr. Who]] and [[Node.js]]
    assert 'href="Mapped.html"' in page  # [[Nested Two]], from a nested list
    assert 'href="Caf%C3%A9.html"' in page
    assert "PUBLIC-NFD" in build.page("Caf\u00e9.html")
    assert not build.warned("Unreadable", "Caf")
    assert not build.warned("[wikilink.missing]", "Dr. Who")


def test_mapping_valued_properties_warn_and_keep_their_strings(hostile: dict[str, Build]) -> None:
    build = hostile["classic"]
    assert build.warned(
        "SRC/Mapped.md:1:",
        "frontmatter aliases should be a list of strings; kept 'Nested One', 'Nested Two', 'Dr: Strange'",
    )
    assert build.warned(
        "SRC/Mapped.md:1:", "frontmatter tags should be a list of strings; kept 'first: second'"
    )


def test_one_malformed_references_item_drops_that_item_alone(hostile: dict[str, Build]) -> None:
    build = hostile["classic"]
    page = build.page("References.html")
    assert "Title one" in page and "Title three" in page
    assert "Title two" not in page
    assert build.warned("SRC/References.md:4:", "exactly one citation key", "[wikilink.citation]")


@pytest.mark.parametrize(
    ("where", "what", "subtype"),
    [
        ("SRC/Dangling.md:1:", "dangling symlink; skipped", "unreadable"),
        ("SRC/Loop1.md:1:", "cannot be read", "unreadable"),
        ("SRC/Loop2.md:1:", "cannot be read", "unreadable"),
        ("SRC/Binary.md:1:", "binary file named .md; skipped", "unreadable"),
        ("SRC/Latin.md:1:", "not UTF-8", "unreadable"),
    ],
)
def test_files_that_cannot_be_notes_are_one_warning_each(
    hostile: dict[str, Build], where: str, what: str, subtype: str
) -> None:
    assert len(hostile["classic"].warned(where, what, f"[wikilink.{subtype}]")) == 1


def test_a_latin1_note_is_read_with_replacement_characters(hostile: dict[str, Build]) -> None:
    assert "caf\ufffd PUBLIC-LATIN" in hostile["classic"].page("Latin.html")


def test_sphinx_itself_warns_about_nothing_it_was_kept_away_from(hostile: dict[str, Build]) -> None:
    lines = hostile["classic"].warnings
    assert not [
        line for line in lines if "unreadable document" in line or "image file not readable" in line
    ]
