"""Sphinx configuration of the book. Everything Sphinx-only lives here, not in the notes."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

project = "Mechanistic Interpretability: A Citation-Checked Reference"
author = "The Mechanistic Interpretability Reference authors"
copyright = f"2026, {author}"
version = release = _meta["version"]
html_baseurl = "https://mechinterp-reference.readthedocs.io/en/latest/"

extensions = ["wikilink_ext", "sphinxcontrib.bibtex", "sphinx_copybutton"]
root_doc = "index"
exclude_patterns = ["figures/scripts", "README.md", ".obsidian", ".trash"]

# MyST: only what an Obsidian note can contain (math, footnotes, tables, strikethrough).
myst_enable_extensions = ["dollarmath", "strikethrough"]  # tasks: wikilink_ext (all states)
myst_heading_anchors = 3
myst_title_to_header = True
myst_dmath_double_inline = True  # Obsidian renders $$…$$ inside a paragraph as display math

# Citations: one bibliography, author-year, rendered on the References page.
bibtex_bibfiles = ["../refs.bib"]
bibtex_default_style = "wikilink-authoryear"
bibtex_reference_style = "author_year"
wikilink_references_note = "References"
# The book's own features (off by default for other vaults).
wikilink_cite_box = True
wikilink_sources = True
wikilink_uncited_quotes = True

html_theme = "sphinx_book_theme"
html_title = "Mechanistic Interpretability Reference"
html_context = {"default_mode": "auto"}  # light or dark as the reader's system prefers
html_extra_path = ["../refs.bib"]
epub_exclude_files = ["refs.bib"]  # a download of the HTML site, not part of the EPUB
html_theme_options = {
    "repository_url": "https://github.com/mechinterp-reference/mechinterp-reference",
    "use_repository_button": True,
    "show_toc_level": 2,
}
copybutton_selector = "div.highlight pre"

# PDF: XeLaTeX with the FreeFont OpenType fonts from Debian's fonts-freefont-otf.
latex_engine = "xelatex"
latex_documents = [(root_doc, "mechinterp-reference.tex", project, author, "manual")]
latex_appendices = ["How this book is built"]  # after the entries, before the bibliography
latex_elements = {
    "fontpkg": r"""
\setmainfont{FreeSerif}[Extension=.otf,UprightFont=*,BoldFont=*Bold,ItalicFont=*Italic,BoldItalicFont=*BoldItalic]
\setsansfont{FreeSans}[Extension=.otf,UprightFont=*,BoldFont=*Bold,ItalicFont=*Oblique,BoldItalicFont=*BoldOblique]
\setmonofont{FreeMono}[Extension=.otf,UprightFont=*,BoldFont=*Bold,ItalicFont=*Oblique,BoldItalicFont=*BoldOblique]
""",
    "printindex": "",
}
latex_show_urls = "no"
