"""Formulas offline: MathJax served from the build itself, and readable in search results.

* When the page renderer is MathJax at Sphinx's default (a CDN address) and the package
  ``sphinx-mathjax-offline`` is installed (MathJax 3.2.2, Apache-2.0), the HTML build copies
  MathJax into ``_static/mathjax`` and loads it from there, so formulas render with no
  network. The EPUB is left alone: its readers do not run MathJax.
* Formulas are not tab stops: MathJax puts every formula in the tab order (for its menu),
  so a keyboard reader pressed Tab once per formula to reach the next link. Its menu stays
  on the right click (``inTabOrder: false``; a ``mathjax3_config`` of the project's own that
  says otherwise wins).
* Display maths written inside a paragraph (``$$…$$`` mid-sentence, as Obsidian allows)
  is lifted out of it, because a ``<div>`` inside a ``<p>`` is invalid XHTML (the EPUB).
* Sphinx cuts each search result's snippet from the page's HTML, where a formula is still its
  TeX source. Each formula of a page carries its text (``data-text``, by pylatexenc at build
  time: ``\\alpha`` becomes the Greek letter), and ``wikilink-search.js``, loaded on the
  search page only, shows that text in the snippets.
"""

from __future__ import annotations

import contextlib
import html
import importlib.util
import os
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["add_math_text", "formulas_out_of_tab_order", "math_text", "offline_mathjax"]


#: The distribution that ships MathJax 3 (its import name has hyphens).
PACKAGE = "sphinx-mathjax-offline"
LOCAL_MATHJAX = "mathjax/tex-chtml.js"
"""``mathjax_path`` once :func:`choose_offline_mathjax` chose the offline copy."""
HTML_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
#: What the CommonHTML page needs (8 of the package's 24 MB): the component, its fonts, the
#: TeX extensions it loads on demand, and the menu, accessibility and speech it loads lazily.
PARTS = ("tex-chtml.js", "output/chtml", "input/tex", "ui", "a11y", "sre")


def offline_mathjax() -> Path | None:
    """The folder that holds ``mathjax/tex-chtml.js``, or None when the package is absent."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        return None
    static = Path(spec.origin).parent / "static"
    return static if (static / "mathjax" / "tex-chtml.js").is_file() else None


def formulas_out_of_tab_order(app: Sphinx, config: Config) -> None:
    settings = {"inTabOrder": False}
    mathjax = dict(config.mathjax3_config or {})
    options = dict(mathjax.get("options", {}))
    menu = dict(options.get("menuOptions", {}))
    menu["settings"] = {**settings, **menu.get("settings", {})}
    options["menuOptions"] = menu
    mathjax["options"] = options
    config.mathjax3_config = mathjax


def choose_offline_mathjax(app: Sphinx, config: Config) -> None:
    """The offline MathJax, when installed and ``mathjax_path`` is Sphinx's default: chosen
    when the configuration is read. Sphinx compares the configuration an environment was
    saved with to the one read at the next start, before ``builder-inited``: a value set
    there differed at every start ("The configuration has changed")."""
    from sphinx.ext.mathjax import MATHJAX_URL

    if config.mathjax_path == MATHJAX_URL and offline_mathjax() is not None:
        config.mathjax_path = LOCAL_MATHJAX


def use_offline_mathjax(app: Sphinx) -> None:
    """Sphinx's default again for the other HTML-like builders (the EPUB): their pages
    must not load a copy that is not written into them."""
    from sphinx.ext.mathjax import MATHJAX_URL

    builder = app.builder
    html_like = builder.format == "html" and builder.name not in HTML_BUILDERS
    if html_like and app.config.mathjax_path == LOCAL_MATHJAX:
        app.config.mathjax_path = MATHJAX_URL


def copy_mathjax(app: Sphinx, exception: BaseException | None) -> None:
    static = offline_mathjax()
    if exception is not None or static is None or app.config.mathjax_path != LOCAL_MATHJAX:
        return
    if app.builder.name not in HTML_BUILDERS:  # LaTeX has no use for it
        return
    target = Path(app.outdir) / "_static"
    for part in PARTS:
        source = static / "mathjax" / part
        if source.is_dir():
            shutil.copytree(
                source, target / "mathjax" / part, dirs_exist_ok=True, copy_function=_copy_changed
            )
        else:
            (target / "mathjax" / part).parent.mkdir(parents=True, exist_ok=True)
            _copy_changed(str(source), str(target / "mathjax" / part))


def _copy_changed(source: str, target: str) -> str:
    """Copy unless the copy is there already (same size and time: ``copy2`` keeps the
    time): each incremental build, and each save in the live preview, copied it all."""
    with contextlib.suppress(OSError):
        was, now = os.stat(source), os.stat(target)
        if was.st_size == now.st_size and was.st_mtime_ns == now.st_mtime_ns:
            return target
    return str(shutil.copy2(source, target))


class DisplayMathOutOfParagraphs(SphinxPostTransform):
    """Split a paragraph around the display formulas it holds."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if not any(isinstance(c, nodes.math_block) for c in paragraph.children):
                continue
            parts: list[nodes.Element] = []
            current = paragraph.copy()  # the first part keeps the paragraph's ids
            for child in list(paragraph.children):
                paragraph.remove(child)
                if isinstance(child, nodes.math_block):
                    if current.astext().strip():
                        parts.append(current)
                    parts.append(child)
                    current = nodes.paragraph()
                else:
                    current += child
            if current.astext().strip():
                parts.append(current)
            paragraph.replace_self(parts)


def add_search_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename == "search":
        app.add_js_file("wikilink-search.js", defer="defer")


_DELIMITERS = re.compile(r"^\s*(?:\\\(|\\\[|\$\$?)|(?:\\\)|\\\]|\$\$?)\s*$")
# the elements Sphinx's MathJax renderer writes for inline and display maths
_MATH = re.compile(r'<(span|div) class="math notranslate nohighlight"([^>]*)>(.*?)</\1>', re.S)


@cache
def _converter() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


@cache
def math_text(tex: str) -> str:
    """A formula as plain Unicode text (``\\frac{1}{2}`` → ``1/2``), for readers
    that do not run MathJax: search snippets."""
    source = _DELIMITERS.sub("", tex)
    try:
        text = str(_converter().latex_to_text(source))
    except Exception:  # pylatexenc is lenient; never let a formula stop a page
        text = source
    return " ".join(text.split())


def add_math_text(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give each formula of the page its text, as ``data-text``."""
    body = context.get("body")
    if not isinstance(body, str) or "math notranslate" not in body:
        return

    def annotate(match: re.Match[str]) -> str:
        tag, attributes, tex = match.groups()
        if "data-text=" in attributes:
            return match.group()
        text = html.escape(math_text(html.unescape(tex)), quote=True)
        return (
            f'<{tag} class="math notranslate nohighlight"{attributes} data-text="{text}">'
            f"{tex}</{tag}>"
        )

    context["body"] = _MATH.sub(annotate, body)
