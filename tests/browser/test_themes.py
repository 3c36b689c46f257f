"""Other themes in a real browser (issue 18): callout icons drawn as SVG, with no
missing-glyph box, and the sidebar's folder tree loading folder by folder, in alabaster and
furo (no Font Awesome) as in the book theme. ``WIKILINK_SHOTS=DIR`` keeps screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_harness import ROOT, Reader, require_browser, serve

require_browser()

THEMES = ["alabaster", "furo", "sphinx_book_theme"]
SHOTS = os.environ.get("WIKILINK_SHOTS")


@pytest.fixture(scope="module", params=THEMES)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    theme = request.param
    out = tmp_path_factory.mktemp(f"themes-{theme}")
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "-D"]
    command += [f"html_theme={theme}", str(ROOT / "tests" / "roots" / "test-themes"), str(out)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with serve(out) as url:
        yield theme, url


@pytest.fixture
def reader(site: tuple[str, str], browser: Any) -> Iterator[tuple[str, Reader]]:
    theme, url = site
    reader = Reader(browser, url, "desktop")
    yield theme, reader
    reader.close()
    reader.assert_clean()


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def test_callout_titles_show_an_svg_icon_and_no_missing_glyph(
    reader: tuple[str, Reader],
) -> None:
    theme, r = reader
    page = r.open("Callouts.html")
    shot(page, f"{theme}-callouts")
    titles = page.evaluate(
        """() => [...document.querySelectorAll('div.callout > .admonition-title')].map((t) => {
          const svg = t.querySelector(':scope > .callout-icon > svg');
          const box = svg ? svg.getBoundingClientRect() : null;
          const strokes = svg ? [...svg.querySelectorAll('path, circle, line, rect')] : [];
          const drawn = strokes.reduce((n, s) => n + s.getBBox().width + s.getBBox().height, 0);
          return {
            text: t.textContent,
            width: box ? box.width : 0,
            height: box ? box.height : 0,
            drawn,
            stroke: svg ? getComputedStyle(svg).color : '',
            after: getComputedStyle(t, '::after').content,
            before: getComputedStyle(t, '::before').content,
          };
        })"""
    )
    assert len(titles) == 15
    for title in titles:
        assert 10 <= title["width"] <= 40 and 10 <= title["height"] <= 40, title
        assert title["drawn"] > 0, title  # the icon's strokes have a size: it is drawn
        assert title["stroke"] not in ("", "rgba(0, 0, 0, 0)"), title
        for content in (title["text"], title["after"], title["before"]):
            # a Font Awesome code point, in a theme without Font Awesome, is a box
            assert not any("\ue000" <= ch <= "\uf8ff" for ch in content), (theme, title)


def test_sidebar_folders_load_as_they_open(reader: tuple[str, Reader]) -> None:
    theme, r = reader
    page = r.open("Topics/Deeper/Deep.html")
    nav = page.locator(".wikilink-nav").first
    # the page's branch is open and the page marked, once the listings came
    current = nav.locator('li[data-doc="Topics/Deeper/Deep"] > a[aria-current="page"]')
    current.wait_for()
    other = nav.locator('li[data-doc="Topics/Other"] > a')
    other.wait_for()  # Topics' listing, loaded because the page is inside it
    shot(page, f"{theme}-deep")
    # a note outside the branch is there too (the top listing), and a click goes to it
    page = r.open("Second.html")
    nav = page.locator(".wikilink-nav").first
    nav.locator('li[data-doc="Loose"] > a').wait_for()
    assert nav.locator('li[data-doc="Topics/Other"]').count() == 0  # Topics not loaded yet
    nav.locator('summary:has-text("Topics")').click()
    link = nav.locator('li[data-doc="Topics/Other"] > a')
    link.wait_for()
    link.click()
    page.wait_for_url("**/Topics/Other.html")
    nav = page.locator(".wikilink-nav").first
    nav.locator('li[data-doc="Topics/Other"] > a[aria-current="page"]').wait_for()
