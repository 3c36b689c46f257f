# ruff: noqa: E501  (vault files and warning lines are clearer unwrapped)
"""Nothing private in any output (issue 18 "nothing private", issue 22 items 1-7).

A vault with no home note holds private text of every kind, each a canary string: comments,
private properties, unpublished notes (CR-only frontmatter, a repeated ``publish`` key,
``publish: .nan``, ``_drafts/`` named in ``wikilink_ignore``), the top-level templates folder in
any case and the ones named by ``.obsidian/templates.json`` and Templater's settings, files outside the vault reached through ``{eval-rst}``,
``{csv-table}`` ``:url:``, a ``.rst`` file and a symlinked ``refs.bib``, a symlink to a
private note and a ``.env`` file. The whole output tree of every builder (HTML with a
sitemap, JSON, LaTeX, EPUB, unzipped; ``objects.inv`` inflated), the command line's output,
and an output rebuilt after a note is unpublished are searched for every canary.
"""

from __future__ import annotations

import gzip
import os
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from test_hostile_vault import ANSI
from wikilink_ext.cli import main

NOTE = """\
---
secret_field: CANARY-FIELD
publish: true
tags: [public]
description: PUBLIC-DESCRIPTION
---
# Note

Text %%CANARY-COMMENT%% here and `code %%kept%%`.

%%
CANARY-BLOCKCOMMENT
%%

```{eval-rst}
.. include:: ../outside/secret.txt
```

```{eval-rst}
.. include:: CanaryPrivate.md
```

```{csv-table}
:url: file://OUTSIDE/table.csv
```

[alias](alias.txt) and [env](.env) and [[Scaffolded]]
"""

FILES = {
    "Note.md": NOTE,
    "Other.md": "# Other\n\nPUBLIC-OTHER #public\n\n![[public.png]]\n\n[notes](public.txt)\n",
    "public.txt": "PUBLIC-DOWNLOAD\n",
    "CanaryPrivate.md": "---\npublish: false\n---\n# P\n\nCANARY-PRIVATE\n",
    "CanaryDup.md": "---\npublish: false\nPublish: true\n---\n# Dup\n\nCANARY-DUP\n",
    "CanaryNan.md": "---\npublish: .nan\n---\n# Nan\n\nCANARY-NAN\n",
    "_drafts/CanaryDraft.md": "# Draft\n\nCANARY-DRAFT\n",
    "TEMPLATES/CanaryTplA.md": "# T\n\nCANARY-TPL-A\n",
    "Meta/Templates/CanaryTplB.md": "# T\n\nCANARY-TPL-B\n",
    "Scaffold/Scaffolded.md": "# T\n\nCANARY-TPL-C\n",
    "Page.rst": "Page\n====\n\n.. include:: ../outside/secret2.txt\n",
    ".env": "CANARY-ENV=1\n",
    ".obsidian/templates.json": '{"folder": "Scaffold"}',
    ".obsidian/plugins/templater-obsidian/data.json": '{"templates_folder": "Meta/Templates"}',
    # the author hides properties in Obsidian ("Properties in document: hidden"), so the page
    # shows no properties table: a property it does not show must reach no output at all
    ".obsidian/app.json": '{"propertiesInDocument": "hidden"}',
    "pyproject.toml": '[tool.wikilink_ext]\nextensions = ["sphinx_sitemap"]\nhtml_baseurl = "https://example.org/"\nwikilink_ignore = ["_drafts"]\n',
}
OUTSIDE = {
    "secret.txt": "CANARY-OUTSIDE-RST\n",
    "secret2.txt": "CANARY-RST-FILE\n",
    "table.csv": "a,b\nCANARY-CSV,1\n",
    "refs.bib": "@misc{k1,\n  author = {A, B},\n  title = {CANARY-BIB},\n  year = {2020},\n}\n",
}
CANARY = b"CANARY"
CANARY_NAMES = [b"CanaryPrivate", b"CanaryDup", b"CanaryNan", b"CanaryDraft", b"CanaryTpl"]


def _png(comment: bytes) -> bytes:
    """A real 1 by 1 PNG (LaTeX reads it) holding ``comment`` in a text chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1 by 1, 8-bit grey
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + comment)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff"))
        + chunk(b"IEND", b"")
    )


def write_vault(root: Path) -> Path:
    vault, outside = root / "vault", root / "outside"
    outside.mkdir(parents=True)
    for name, text in OUTSIDE.items():
        (outside / name).write_text(text, encoding="utf-8")
    for name, text in FILES.items():
        path = vault / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("OUTSIDE", str(outside)), encoding="utf-8")
    (vault / "public.png").write_bytes(_png(b"PUBLIC-IMAGE"))
    (vault / "CanaryCR.md").write_bytes(b"---\rpublish: false\r---\r# CR\r\rCANARY-CR\r")
    os.symlink("../outside/refs.bib", vault / "refs.bib")
    os.symlink("CanaryPrivate.md", vault / "alias.txt")
    return vault


def readable(path: Path) -> Iterator[tuple[str, bytes]]:
    """Every file under ``path`` as bytes, with EPUBs unzipped, objects.inv inflated, the
    search index's gzipped fragments unpacked and a PDF's text extracted (as well as its
    bytes: metadata)."""
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        data = file.read_bytes()
        name = str(file.relative_to(path))
        if file.suffix == ".epub":
            with zipfile.ZipFile(file) as epub:
                for member in epub.namelist():
                    yield f"{name}!{member}", epub.read(member)
        elif file.name == "objects.inv":
            head = data.split(b"\n", 4)
            yield name, b"\n".join(head[:4]) + zlib.decompress(head[4])
        elif data[:2] == b"\x1f\x8b":  # Pagefind's index and fragments
            yield name, gzip.decompress(data)
        elif file.suffix == ".pdf":
            yield name, data
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(file), "-"], capture_output=True, check=True
            ).stdout
            yield f"{name} (text)", text
        else:
            yield name, data


def leaks(path: Path, *needles: bytes) -> list[str]:
    return sorted(
        f"{name}: {needle.decode()}"
        for name, data in readable(path)
        for needle in needles
        if needle in data
    )


CONF = 'extensions = ["wikilink_ext", "sphinx_sitemap"]\nhtml_baseurl = "https://example.org/"\nwikilink_ignore = ["_drafts"]\n'


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """The vault built by the command line (HTML and EPUB) and by Sphinx (JSON, LaTeX and its
    PDF)."""
    root = tmp_path_factory.mktemp("private")
    vault = write_vault(root)
    results: dict[str, object] = {"root": root, "vault": vault}
    for builder in ("json", "latex", "epub"):
        (vault / "conf.py").write_text(CONF, encoding="utf-8")
        app = SphinxTestApp(builder, srcdir=vault, builddir=root / f"build-{builder}")
        try:
            app.build()
            results[builder] = ANSI.sub("", app.warning.getvalue())
        finally:
            app.cleanup()
    (vault / "conf.py").unlink()
    latex = root / "build-latex" / "latex"
    made = subprocess.run(
        ["make", "-C", str(latex), "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stdout[-3000:]
    yield results
    shutil.rmtree(root, ignore_errors=True)


def cli(vault: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code = main(["build", str(vault), str(out), "-j", "1", *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return ANSI.sub("", captured.out + captured.err)


def test_no_canary_in_any_output(
    built: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = built["root"]
    assert isinstance(root, Path)
    vault = built["vault"]
    assert isinstance(vault, Path)
    output = cli(vault, tmp_path / "site", capsys)
    assert CANARY.decode() not in output
    html = tmp_path / "site" / "html"
    assert b"Other.html" in (html / "sitemap.xml").read_bytes()
    # each kind of output is there, and read: a canary in any of them would be found
    found = {name.split("/")[0] for name in leaks(html, b"PUBLIC-")}
    for kind in ["_sources", "_downloads", "_images", "_pagefind"]:
        assert kind in found, kind
    indexes = {name.split(":")[0] for name in leaks(html, b"Other")}
    assert {"objects.inv", "sitemap.xml"} <= indexes, indexes  # Pagefind's: _pagefind above
    pdf = [f for f in leaks(root / "build-latex" / "latex", b"PUBLIC") if "pdf (text):" in f]
    assert pdf, "the PDF's text was not read"
    for where in [
        html,  # with _sources, _downloads, _images, the search indexes, objects.inv, sitemap
        *(root / f"build-{b}" / b for b in ("json", "latex", "epub")),  # .tex and its PDF
    ]:
        assert leaks(where, CANARY) == [], where
        # names of unpublished notes: only where the note's own text names them (its source)
        # (the JSON builder's environment.pickle is Sphinx's whole saved state, by design)
        names = leaks(where, *CANARY_NAMES)
        assert [f for f in names if not f.startswith(("_sources/", "environment.pickle"))] == []
    assert list((root / "build-json" / "json").rglob("Note.fjson"))
    assert leaks(root, b"PUBLIC-OTHER")  # the builds did write the public notes


def test_the_sitemap_and_the_search_index_name_only_public_pages(built: dict[str, object]) -> None:
    root = built["root"]
    assert isinstance(root, Path)
    epub = root / "build-epub" / "epub"
    assert leaks(epub, b"PUBLIC-OTHER")
    json_build = root / "build-json" / "json"
    assert leaks(json_build, b"Other")
    assert [
        f
        for f in leaks(json_build, *CANARY_NAMES)
        if not f.startswith(("_sources/", "environment.pickle"))
    ] == []


def test_sources_hold_what_a_reader_sees(
    built: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = built["vault"]
    assert isinstance(vault, Path)
    cli(vault, tmp_path / "site", capsys)
    html = tmp_path / "site" / "html"
    source = (html / "_sources" / "Note.md").read_text(encoding="utf-8")
    assert "CANARY" not in source and "publish" not in source
    assert "Text  here and `code %%kept%%`." in source  # code keeps its %%, as the page shows it
    assert "description: PUBLIC-DESCRIPTION" in source and "- public" in source
    page = (html / "Note.html").read_text(encoding="utf-8")
    assert 'href="_sources/Note.md"' in page  # the download button leads to the copy


def test_no_builder_path_anywhere(
    built: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = built["vault"]
    assert isinstance(vault, Path)
    out = tmp_path / "site"
    cli(vault, out, capsys)
    assert leaks(out / "html", str(tmp_path).encode(), str(vault).encode()) == []
    root = built["root"]
    assert isinstance(root, Path)
    for builder in ("json", "latex", "epub"):  # also a vault without a home note
        builddir = root / f"build-{builder}"
        found = leaks(builddir / builder, str(builddir).encode(), str(root / "vault").encode())
        # (LaTeX's record of the files it opened, .fls, is its own, never published)
        kept = ("environment.pickle", "vault.fls")
        assert [f for f in found if not f.startswith(kept)] == []
    assert sorted(p.name for p in (out / "html" / "_sources").iterdir()) == [
        "Note.md",
        "Other.md",
        "index.md",
    ]


def test_the_generated_home_lists_only_published_notes(
    built: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = built["vault"]
    assert isinstance(vault, Path)
    output = cli(vault, tmp_path / "site", capsys)
    home = (tmp_path / "site" / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="Note.html"' in home and 'href="Other.html"' in home
    assert "Canary" not in home and "wikilink-home" not in output


@pytest.mark.parametrize(
    "expected",
    [
        "vault/CanaryDup.md:2: WARNING: publish is set 2 times (lines 2, 3); the note is not published [wikilink.unpublished]",
        "vault/CanaryNan.md:2: WARNING: publish: nan is neither true nor false; the note is not published [wikilink.unpublished]",
        "vault/Note.md:15: WARNING: {eval-rst} names a file outside the vault: '../outside/secret.txt'; not read [wikilink.outside]",
        "vault/Note.md:19: WARNING: {eval-rst} names a file that is not published: 'CanaryPrivate.md'; not read [wikilink.unpublished]",
        "vault/Note.md:23: WARNING: {csv-table} names a file outside the vault: 'file://",
        "vault/Note.md:27: WARNING: link to a file that is not published: 'alias.txt'; not copied [wikilink.unpublished]",
        "vault/Note.md:27: WARNING: link to a file that is not published: '.env'; not copied [wikilink.unpublished]",
        "vault/Note.md:27: WARNING: [[Scaffolded]]",
        "vault/Page.rst:1: WARNING: not a Markdown note (.rst); only .md notes are published, so it is not read [wikilink.unpublished]",
        "vault/refs.bib:1: WARNING: symlink that leads outside the vault; not read [wikilink.outside]",
    ],
)
def test_each_refusal_is_a_located_warning(built: dict[str, object], expected: str) -> None:
    warnings = str(built["latex"])
    assert any(expected in line for line in warnings.splitlines()), warnings


def test_cr_only_frontmatter_is_read(built: dict[str, object]) -> None:
    root = built["root"]
    assert isinstance(root, Path)
    assert not list((root / "build-json" / "json").rglob("CanaryCR*"))
    assert list((root / "build-json" / "json").rglob("Other.fjson"))


def _vault_with_later(root: Path) -> Path:
    vault = root / "vault"
    vault.mkdir()
    (vault / "index.md").write_text("# Home\n\n- [[Later]]\n- [[Other]]\n", encoding="utf-8")
    (vault / "Other.md").write_text("# Other\n\n#keep\n", encoding="utf-8")
    (vault / "Later.md").write_text(
        "# Later CANARY-TITLE\n\n#canarytag #keep\n\n![[later.png]]\n\n[dl](later.txt)\n",
        encoding="utf-8",
    )
    (vault / "later.png").write_bytes(b"\x89PNG\r\n\x1a\nCANARY-IMG")
    (vault / "later.txt").write_text("CANARY-DL\n", encoding="utf-8")
    return vault


@pytest.mark.parametrize("builder", ["html", "epub"])
def test_a_rebuild_after_unpublishing_equals_a_clean_build(tmp_path: Path, builder: str) -> None:
    vault = _vault_with_later(tmp_path)
    (vault / "conf.py").write_text('extensions = ["wikilink_ext"]\n', encoding="utf-8")

    def build(builddir: Path) -> Path:
        app = SphinxTestApp(builder, srcdir=vault, builddir=builddir, freshenv=False)
        try:
            app.build()
        finally:
            app.cleanup()
        return Path(app.outdir)

    first = build(tmp_path / "again")
    assert leaks(first, b"CANARY-IMG", b"CANARY-DL", b"canarytag")  # published, for now
    text = (vault / "Later.md").read_text(encoding="utf-8")
    (vault / "Later.md").write_text("---\npublish: false\n---\n" + text, encoding="utf-8")
    again = build(tmp_path / "again")
    clean = build(tmp_path / "clean")
    # the page and its files by name (the home note still shows the link's text, "Later")
    names = (b"Later.html", b"Later.xhtml", b"Later.md", b"later.png", b"later.txt")
    assert leaks(again, CANARY, b"canarytag", *names) == []
    files = {str(p.relative_to(again)) for p in again.rglob("*") if p.is_file()}
    assert files == {str(p.relative_to(clean)) for p in clean.rglob("*") if p.is_file()}
    if builder == "html":
        different = [
            f
            for f in sorted(files)
            if f != ".buildinfo" and (again / f).read_bytes() != (clean / f).read_bytes()
        ]
        assert different == []
