"""The EPUB as a first-class format: safe file names, maths as MathML, a full contents.

* **File names.** Obsidian's note names have spaces; in an EPUB they need URI escaping and
  epubcheck warns about each (PKG-010). Each page is written under a safe name instead
  (``Induction head`` → ``Induction_head.xhtml``, unique within the book), and every link
  Sphinx makes asks the builder for that name.
* **Maths.** E-readers run no MathJax: each formula is converted at build time to MathML
  (latex2mathml), which EPUB 3 reading systems render natively. A formula the converter
  cannot read stays visible as its TeX source, with a located ``wikilink.maths`` warning.
* **Contents.** The book's toctree (pages/navigation.py) is hidden, so Sphinx's default
  ``epub_tocscope`` would list the home page alone: the nav document and toc.ncx take the
  hidden toctree too.

Extensions' assets under ``_static/`` that an EPUB cannot type (the licence texts and
READMEs that come with vendored scripts) stay out of it quietly; the EPUB runs none of
those scripts.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MethodType
from typing import Any
from urllib.parse import quote, unquote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.config import Config
from sphinx.util.math import get_node_equation_number

from ..sphinx_ext.messages import Problem, warn

__all__ = [
    "VaultEpub3Builder",
    "leave_out_vendor",
    "safe_file_name",
    "tex_to_mathml",
    "whole_contents",
]

_XHTML_ITEM = re.compile(
    r'(?P<start><item id="[^"]*" href="(?P<href>[^"]*)" media-type="application/xhtml\+xml")'
    r"\s*/>"
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._/-]")


def safe_file_name(name: str) -> str:
    """A file name an EPUB can hold without escaping: ASCII letters, digits, ``._-/``."""
    return _UNSAFE.sub("_", name)


def tex_to_mathml(tex: str, *, display: bool) -> str:
    """The formula as a MathML ``<math>`` element; ValueError when it cannot be read."""
    from latex2mathml.converter import convert

    try:
        return str(convert(tex.strip(), display="block" if display else "inline"))
    except Exception as error:  # the converter raises its own errors and plain ones
        raise ValueError(f"{type(error).__name__}: {error}") from error


def _mathml_or_source(translator: Any, node: nodes.Element, display: bool) -> str:
    try:
        return tex_to_mathml(node.astext(), display=display)
    except ValueError as error:
        warn(Problem.MATHS, f"formula shown as TeX in the EPUB ({error})", node)
        return f'<code class="math">{translator.encode(node.astext())}</code>'


def visit_math_mathml(self: Any, node: nodes.math, math_env: str = "") -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(_mathml_or_source(self, node, display=False) + "</span>")
    raise nodes.SkipNode


def visit_math_block_mathml(self: Any, node: nodes.math_block, math_env: str = "") -> None:
    self.body.append(self.starttag(node, "div", CLASS="math"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})</span>')
    self.body.append(_mathml_or_source(self, node, display=True) + "</div>\n")
    raise nodes.SkipNode


class VaultEpub3Builder(Epub3Builder):
    _safe_names: dict[str, str] | None = None

    def safe_name(self, page_name: str) -> str:
        """The page's file name in the EPUB (without suffix), unique among the book's pages."""
        if self._safe_names is None:
            taken: set[str] = set()
            names: dict[str, str] = {}
            for docname in sorted(self.env.all_docs):
                name = base = safe_file_name(docname)
                number = 2
                while name.casefold() in taken:
                    name, number = f"{base}-{number}", number + 1
                taken.add(name.casefold())
                names[docname] = name
            self._safe_names = names
        return self._safe_names.get(page_name) or safe_file_name(page_name)

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return quote(self.safe_name(docname)) + self.link_suffix

    def get_output_path(self, page_name: str, /) -> Path:
        return Path(self.outdir, self.safe_name(page_name) + self.out_suffix)

    def create_translator(self, *args: Any) -> Any:
        translator = super().create_translator(*args)
        # this builder's formulas only: a math renderer registered with Sphinx would be
        # picked by the HTML builder too
        translator.visit_math = MethodType(visit_math_mathml, translator)  # type: ignore[method-assign]
        translator.visit_math_block = MethodType(visit_math_block_mathml, translator)  # type: ignore[method-assign]
        return translator

    def build_content(self) -> None:
        static = Path(self.outdir, "_static")
        untyped = [
            path.relative_to(self.outdir).as_posix()
            for path in static.rglob("*")
            if path.is_file() and path.suffix not in self.media_types
        ]
        self.config.epub_exclude_files = [*self.config.epub_exclude_files, *untyped]
        super().build_content()
        self._declare_mathml()

    def _declare_mathml(self) -> None:
        """Pages with formulas say so in the manifest (epubcheck OPF-014); Sphinx's template
        has no place for an item's properties, so they are added to the written file."""
        opf = Path(self.outdir, "content.opf")

        def declare(item: re.Match[str]) -> str:
            page = Path(self.outdir, unquote(item["href"]))
            if page.suffix == ".xhtml" and "<math " in page.read_text(encoding="utf-8"):
                return f'{item["start"]} properties="mathml" />'
            return item[0]

        text = _XHTML_ITEM.sub(declare, opf.read_text(encoding="utf-8"))
        opf.write_text(text, encoding="utf-8")


VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"


def leave_out_vendor(app: Sphinx) -> None:
    """The vendored scripts and their licences serve the HTML graph, which an EPUB has not."""
    if app.builder.name == "epub":
        names = [f"_static/vendor/{path.name}" for path in sorted(VENDOR.iterdir())]
        app.config.epub_exclude_files = [*app.config.epub_exclude_files, *names]
        app.add_css_file("wikilink-epub.css")


def whole_contents(app: Sphinx, config: Config) -> None:
    """The book's toctree is hidden (the sidebar shows it): the EPUB's contents take it."""
    if config.wikilink_navigation and config.epub_tocscope == "default":
        config.epub_tocscope = "includehidden"
