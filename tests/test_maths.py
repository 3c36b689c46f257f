# ruff: noqa: RUF001  (Unicode maths symbols are what these tests are about)
"""Formulas offline: MathJax is served from the build, never from a CDN, and the search page
loads the script that turns TeX into text in its snippets. (The browser tests check that the
formulas really render with the network off: tests/browser/.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="ofm")
def test_mathjax_is_served_from_the_build(app: SphinxTestApp) -> None:
    app.build()
    html = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    assert 'src="_static/mathjax/tex-chtml.js' in html
    assert "cdn.jsdelivr.net" not in html
    mathjax = Path(app.outdir, "_static", "mathjax")
    assert (mathjax / "tex-chtml.js").stat().st_size > 500_000
    assert list((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("MathJax_Main-*.woff"))
    assert (mathjax / "input" / "tex" / "extensions").is_dir()  # loaded on demand
    assert not (mathjax / "tex-svg-full.js").exists()  # only what the page needs is copied
    search = Path(app.outdir, "search.html").read_text(encoding="utf-8")
    assert "_static/wikilink-search.js" in search
    assert "wikilink-search.js" not in html


@pytest.mark.sphinx("html", testroot="ofm", confoverrides={"mathjax_path": "custom/mj.js"})
def test_a_chosen_mathjax_is_left_alone(app: SphinxTestApp) -> None:
    app.build()
    html = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    assert "custom/mj.js" in html
    assert "_static/mathjax/" not in html


@pytest.mark.sphinx("epub", testroot="ofm")
def test_the_epub_gets_no_mathjax(app: SphinxTestApp) -> None:
    app.build()
    assert not Path(app.outdir, "_static", "mathjax").exists()


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"\(\alpha \cdot \beta\)", "α·β"),
        (r"\[\frac{1}{2} x\]", "1/2 x"),
        (r"W_{QK}", "W_QK"),
        (r"x \in \mathbb{R}^n", "x ∈ℝ^n"),
        (r"\text{softmax}(x)", "softmax(x)"),
        (r"\hat{y}", "ŷ"),
    ],
)
def test_math_text(tex: str, text: str) -> None:
    from wikilink_ext.pages.maths import math_text

    assert math_text(tex) == text


@pytest.mark.sphinx("html", testroot="ofm")
def test_each_formula_carries_its_text_for_search(app: SphinxTestApp) -> None:
    """The search page's script shows ``data-text`` (pylatexenc, at build time), not TeX."""
    import re

    app.build()
    html = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    formulas = re.findall(r'class="math notranslate nohighlight"[^>]*>', html)
    assert formulas
    assert all("data-text=" in tag for tag in formulas)
