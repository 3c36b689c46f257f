"""Every theme: callout icons as inline SVG, and a sidebar that costs the same per page
whatever the size of the vault (issue 18).

The themes' own sidebars render the whole toctree on every page (alabaster, furo, classic's
``globaltoc.html``): notes times notes. Ours replaces them; pages are compared by their
bytes at two vault sizes, a ratio, not a timing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from wikilink_ext.pages.navigation import LISTING_SIZE, Entry, _split
from wikilink_ext.sphinx_ext.icons import CALLOUT_ICONS, icon_svg
from wikilink_ext.syntax.callouts import CALLOUT_TYPES

THEMES = ["sphinx_book_theme", "pydata_sphinx_theme", "furo", "alabaster", "classic"]
# Font Awesome's glyphs live in Unicode's private use area: a box where the font is missing
PRIVATE_USE = re.compile("[\ue000-\uf8ff]|\\\\f[0-9a-f]{3}")


def build(make_app: Callable[..., SphinxTestApp], src: Path, theme: str, **options: str) -> Any:
    """Build ``src`` with ``theme`` in a process of its own, as ``sphinx-build`` does: themes
    add to the defaults Sphinx shares between the applications of one process (its template
    paths), so a theme built after another in one process can pick up the other's templates."""
    out = src.parent / f"{src.name}-out"
    overrides = [
        f"html_theme={theme}",
        *(f"html_theme_options.{k}={v}" for k, v in options.items()),
    ]
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E"]
    for override in overrides:
        command += ["-D", override]
    done = subprocess.run([*command, str(src), str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return SimpleNamespace(outdir=out)


def page(app: Any, name: str) -> str:
    return Path(app.outdir, name + ".html").read_text(encoding="utf-8")


def test_every_canonical_type_has_an_icon_file() -> None:
    assert set(CALLOUT_ICONS) == set(CALLOUT_TYPES.values())
    for canonical in CALLOUT_ICONS:
        svg = icon_svg(canonical)
        assert svg.startswith('<svg aria-hidden="true" focusable="false" ') and "\n" not in svg
        assert 'stroke="currentColor"' in svg  # coloured by the callout's CSS
    assert icon_svg("my-own-type") == icon_svg("note")  # unknown types look like a note


@pytest.mark.parametrize("theme", THEMES)
def test_callout_titles_carry_an_svg_icon(
    make_app: Callable[..., SphinxTestApp], sphinx_test_tempdir: Path, theme: str
) -> None:
    app = build(make_app, copy_root("themes", sphinx_test_tempdir / f"icons-{theme}"), theme)
    html = page(app, "Callouts")
    titles = re.findall(r'<p class="[^"]*admonition-title[^"]*">(.*?)</p>', html, re.S)
    assert len(titles) == 15
    for title in titles:
        assert title.startswith('<span class="callout-icon"><svg aria-hidden="true"'), title
    assert "lucide-pencil" in titles[0] and "lucide-bug" in titles[10]
    assert "lucide-clipboard-list" in titles[13]  # tldr: abstract's icon
    assert "lucide-pencil" in titles[14]  # a type Obsidian does not know: note's
    css = Path(app.outdir, "_static", "wikilink.css").read_text(encoding="utf-8")
    assert not PRIVATE_USE.search(css)
    assert not PRIVATE_USE.search(html.split('<div class="body"')[-1].split("callout")[0])


def test_callout_icon_stays_out_of_latex_and_text(
    make_app: Callable[..., SphinxTestApp], sphinx_test_tempdir: Path
) -> None:
    src = copy_root("themes", sphinx_test_tempdir / "icons-text")
    app = make_app("text", srcdir=src)
    app.build()
    text = Path(app.outdir, "Callouts.txt").read_text(encoding="utf-8")
    assert "Note" in text and "svg" not in text


@pytest.mark.parametrize("theme", THEMES)
def test_each_theme_shows_our_sidebar_not_its_toctree(
    make_app: Callable[..., SphinxTestApp], sphinx_test_tempdir: Path, theme: str
) -> None:
    app = build(make_app, copy_root("themes", sphinx_test_tempdir / f"nav-{theme}"), theme)
    html = page(app, "Topics/Deeper/Deep")
    assert html.count('class="wikilink-nav"') == 1
    nav = re.search(r'<div class="wikilink-nav".*?</div>', html, re.S).group(0)  # type: ignore[union-attr]
    # the listed notes and the folders down to the page; not the rest of the vault
    assert re.findall(r'<details open data-folder="([^"]+)"', nav) == ["Topics", "Topics/Deeper"]
    assert "Loose" not in nav and "Topics/Other" not in nav
    assert 'href="../../Loose.html"' not in html.replace(nav, "").split("</nav>")[0]
    assert re.search(r'src="../../_static/wikilink-nav\.js', html)


def test_a_big_folder_is_split_into_groups_of_groups() -> None:
    entries: list[Entry] = [[0, f"Big/Note {i:05d}", f"B/{i}.html"] for i in range(12345)]
    listings: dict[str, list[Entry]] = {}
    _split("big", entries, listings)
    assert max(len(rows) for rows in listings.values()) <= LISTING_SIZE
    top = listings["big"]
    assert top[0][:3] == [2, "Note 00000", "Note 09999"]  # a group of groups
    notes: list[str] = []

    def walk(name: str) -> None:
        for row in listings[name]:
            if row[0] == 0:
                notes.append(row[1])
            else:
                walk(row[-1])

    walk("big")
    assert notes == [e[1] for e in entries]
    assert top[-1][2] == "Note 12344"  # a group is named by its first and last notes


def _vault(root: Path, n: int) -> Path:
    """``n`` one-line notes in ten folders, and a home note listing three of them."""
    root.mkdir(parents=True)
    (root / "conf.py").write_text('extensions = ["wikilink_ext"]\n', encoding="utf-8")
    (root / "index.md").write_text("# Home\n\n1. [[Note 0]]\n2. [[Note 1]]\n3. [[Note 2]]\n")
    for i in range(n):
        folder = root / f"Folder {i % 10}"
        folder.mkdir(exist_ok=True)
        (folder / f"Note {i}.md").write_text(f"# Note {i}\n\nText of note {i}.\n")
    return root


@pytest.mark.parametrize("theme", THEMES)
def test_page_bytes_do_not_grow_with_the_vault(
    make_app: Callable[..., SphinxTestApp], sphinx_test_tempdir: Path, theme: str
) -> None:
    sizes = {}
    for n in (40, 200):
        src = _vault(sphinx_test_tempdir / f"grow-{theme}-{n}", n)
        app = build(make_app, src, theme)
        note = Path(app.outdir, "Folder 5", "Note 15.html").read_text(encoding="utf-8")
        # the graph's data names linked notes only; the sidebar must name no more
        sizes[n] = len(note.encode("utf-8"))
    assert sizes[200] / sizes[40] < 1.1, sizes


@pytest.mark.parametrize("theme", ["sphinx_book_theme", "pydata_sphinx_theme"])
def test_only_the_search_page_loads_the_search_index(
    make_app: Callable[..., SphinxTestApp], sphinx_test_tempdir: Path, theme: str
) -> None:
    """pydata-sphinx-theme loads ``searchindex.js`` (megabytes in a big vault) on every page
    for a search-as-you-type that is off by default."""
    app = build(make_app, copy_root("themes", sphinx_test_tempdir / f"search-{theme}"), theme)
    assert "searchindex.js" not in page(app, "Second")
    assert "searchindex.js" not in page(app, "Topics/Deeper/Deep")
    assert 'src="searchindex.js"' in page(app, "search")
    typing = build(
        make_app,
        copy_root("themes", sphinx_test_tempdir / f"typing-{theme}"),
        theme,
        search_as_you_type="True",
    )
    assert 'src="searchindex.js"' in page(typing, "Second")  # there it is used on every page
