"""Whole builds of a small vault: every link form resolves to the right page and anchor."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root


def html(app: SphinxTestApp, page: str) -> str:
    return Path(app.outdir, page + ".html").read_text(encoding="utf-8")


def hrefs(source: str) -> list[tuple[str, str]]:
    """(href, text) of every wikilink reference in a page."""
    found = re.findall(
        r'<a class="[^"]*wikilink[^"]*"[^>]*href="([^"]*)"[^>]*>(.*?)</a>', source, re.S
    )
    return [(unescape(href), unescape(re.sub(r"<[^>]+>", "", text))) for href, text in found]


@pytest.fixture
def links(make_app, sphinx_test_tempdir) -> SphinxTestApp:
    app = make_app("html", srcdir=copy_root("links", sphinx_test_tempdir / "links"))
    app.build()
    return app


def test_builds_without_warnings(links: SphinxTestApp) -> None:
    assert links.warning.getvalue() == ""


def test_each_link_form_resolves(links: SphinxTestApp) -> None:
    found = hrefs(html(links, "index"))
    assert ("Alpha.html", "Alpha") in found
    assert ("Beta.html", "beta") in found  # case-insensitive name
    assert ("sub/Gamma.html", "sub/Gamma") in found
    assert ("Alpha.html#second-section", "Alpha > Second section") in found
    # nested heading: the "Deep part" under "Second section", not the later one
    assert ("Alpha.html#deep-part", "Alpha > Second section > Deep part") in found
    assert ("Alpha.html#block-para-one", "Alpha > ^para-one") in found
    assert ("Alpha.html#block-list-a", "a list item") in found
    assert ("Delta.html", "Delta nickname") in found  # frontmatter alias
    assert ("Alpha.html", "Markdown link") in found
    assert ("sub/Gamma%20two.html", "Encoded") in found or (
        "sub/Gamma two.html",
        "Encoded",
    ) in found
    assert any(text == "Angle" and "Gamma" in href for href, text in found)
    assert ("#local-heading", "Local heading") in found  # same-note heading
    assert ("Alpha.html", "padded") in found  # [[ Alpha | padded ]] is trimmed
    assert ("Alpha.html", "table text") in found  # escaped pipe inside a table


def test_nested_heading_picks_the_section_under_its_parent(links: SphinxTestApp) -> None:
    second = [href for href, text in hrefs(html(links, "index")) if text == "second deep"]
    assert len(second) == 1
    anchor = second[0].split("#")[1]
    assert anchor != "deep-part"
    assert f'id="{anchor}"' in html(links, "Alpha")


def test_display_text_renders_markdown_and_escapes_html(links: SphinxTestApp) -> None:
    page = html(links, "index")
    assert re.search(r'href="Alpha.html"[^>]*>(?:<span[^>]*>)?<em>styled</em> text', page)
    assert "&lt;b&gt;raw&lt;/b&gt;" in page
    assert "<b>raw</b>" not in page


def test_code_and_math_are_untouched(links: SphinxTestApp) -> None:
    page = re.sub(r"<[^>]+>", "", html(links, "index"))
    assert "[[Not a link]]" in page
    assert "[[Not a link either]]" in page
    assert "[[x]]" in page


def test_attachment_link_is_a_download(links: SphinxTestApp) -> None:
    page = html(links, "index")
    assert re.search(r'href="_downloads/[0-9a-f]+/paper.pdf"', page)
    assert list(Path(links.outdir, "_downloads").rglob("paper.pdf"))


def test_same_folder_wins(links: SphinxTestApp) -> None:
    found = hrefs(html(links, "sub/Gamma"))
    assert ("Alpha.html", "Alpha") in found  # sub/Alpha, relative to sub/


def test_block_ids_become_targets_and_leave_the_text(links: SphinxTestApp) -> None:
    alpha = html(links, "Alpha")
    assert 'id="block-para-one"' in alpha
    assert 'id="block-list-a"' in alpha
    text = alpha.split('id="wikilink-linked-from"')[0]  # backlinks quote the linking notes
    assert "^para-one" not in text
    assert "^list-a" not in text


def test_toctree_follows_the_index_note(links: SphinxTestApp) -> None:
    # listed notes first, in the index's order; then every other note alphabetically
    toc = links.env.toctree_includes["index"]
    assert toc[:4] == ["Alpha", "Beta", "sub/Gamma", "Delta"]
    assert set(toc) == {
        "Alpha",
        "Beta",
        "Delta",
        "sub/Gamma",
        "sub/Gamma two",
        "sub/Alpha",
        "other/Zeta",
    }


@pytest.mark.sphinx("latex", testroot="links")
def test_latex_links_are_internal_hyperrefs(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\hyperref[\detokenize{Alpha:second-section}]" in tex
    assert r"\hyperref[\detokenize{Alpha:block-para-one}]" in tex
    assert r"\label{\detokenize{Alpha:block-para-one}}" in tex
    assert app.warning.getvalue() == ""
