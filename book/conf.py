"""Sphinx configuration of the book. Everything Sphinx-only lives here, not in the notes."""

from __future__ import annotations

import os
from pathlib import Path

from wikilink_ext import __version__

project = "Mechanistic Interpretability: A Citation-Checked Reference"
author = "The Mechanistic Interpretability Reference authors"
copyright = f"2026, {author}"
version = release = __version__  # the one version (pyproject reads it too)
html_baseurl = "https://mechinterp-reference.readthedocs.io/en/latest/"  # canonical URLs

# sitemap.xml and OpenGraph tags, both from html_baseurl; a note's frontmatter description
# becomes its og:description (wikilink_ext), else the first words of the page
sitemap_url_scheme = "{link}"  # html_baseurl already holds the language and version
sitemap_excludes = ["search.html", "genindex.html"]
ogp_site_url = html_baseurl
ogp_site_name = "Mechanistic Interpretability Reference"
ogp_social_cards = {"enable": False}  # would need matplotlib at build time

extensions = [
    "wikilink_ext",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "sphinx_sitemap",
    "sphinxext.opengraph",
]
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
bibtex_reference_style = "wikilink-authoryear"  # the text says 2020a as the bibliography does
wikilink_references_note = "References"
# Instant search (Pagefind): the build manual and the bibliography come after the entries.
wikilink_search_demoted = ["How this book is built", "References", "appendix/*", "Appendix*"]
# The book's own features (off by default for other vaults).
wikilink_cite_box = True
# The build manual follows the book: after the References in the navigation, appendix A of
# the PDF, and outside the book's graph (its syntax demos add no backlinks to the entries).
wikilink_appendices = ["How this book is built"]
# the book's own words (a vault without conf.py gets "Graph of <project>")
wikilink_graph_title = "Graph of the book"
wikilink_graph_link_text = "The graph of the whole book"
wikilink_graph_nav_text = "Book graph"
wikilink_cite_pdf_url = "https://mechinterp-reference.readthedocs.io/_/downloads/en/latest/pdf/"
# Under the sidebar of every page; on Read the Docs its own links of the version being built.
wikilink_downloads = (
    {}
    if os.environ.get("READTHEDOCS") == "True"
    else {
        "PDF": wikilink_cite_pdf_url,
        "EPUB": "https://mechinterp-reference.readthedocs.io/_/downloads/en/latest/epub/",
    }
)
# wikilink.uncited-claim: a sentence with a number, a date or an attribution and
# no citation in it or its paragraph (our own statements are marked %%editorial%%).
wikilink_uncited_claims = True
# the field's own notation: a head or layer index (L9H9, layer 5, head 3; 9.9 is layer.head)
wikilink_claim_patterns = {
    "a head or layer index": r"\b[Ll]\d+[Hh]\d+\b|\b[Ll]ayer \d+\b|\b[Hh]ead \d+",
    "a number or head index": r"(?<![\w.,:-])\d{1,2}\.\d{1,2}(?![\w.,%]?\d)(?![\w%])",
}
wikilink_sources = True
wikilink_uncited_quotes = True
# The entries' properties are aliases, tags and a one-line description: the tags are listed
# under each title and the description is the page's summary, so no properties table.
wikilink_properties = False
# Figures: an image followed by a "*Figure:* caption" paragraph is a numbered figure
# ("Figure 3." in the HTML, the EPUB and the PDF, where image and caption stay on one page).
wikilink_figure_captions = True
numfig = True
numfig_format = {"figure": "Figure %s."}
numfig_secnum_depth = 0  # one count through the book, in the PDF too (not 14.1 per chapter)
# Line breaks follow the vault: .obsidian/app.json has "strictLineBreaks": true (the notes
# wrap long sentences onto a new line inside a paragraph, read as one paragraph in both).

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

# nox -s linkcheck: redirects that are expected, so a real run reports only surprises.
# A DOI resolves through doi.org to its publisher's landing page (Distill, IEEE Xplore, MIT
# Press); refs.bib's DOIs, URLs and arXiv ids are checked from the rendered bibliography and
# reported at their refs.bib lines by wikilink_ext.bib.links.
linkcheck_allowed_redirects = {
    r"https://doi\.org/10\.23915/distill\..*": r"https://distill\.pub/.*",
    r"https://doi\.org/10\.1109/.*": r"https://ieeexplore\.ieee\.org/.*",
    r"https://doi\.org/10\.1162/.*": r"https://(direct\.mit\.edu|aclanthology\.org)/.*",
    # Distill is served by GitHub Pages, which adds the trailing slash of a folder's URL
    r"https://distill\.pub/\d{4}/.*[^/]": r"https://distill\.pub/\d{4}/.*/",
}

# PDF: XeLaTeX with the FreeFont OpenType fonts from Debian's fonts-freefont-otf.
latex_engine = "xelatex"
latex_documents = [(root_doc, "mechinterp-reference.tex", project, author, "manual")]
latex_elements = {
    "fontpkg": r"""
\setmainfont{FreeSerif}[Extension=.otf,UprightFont=*,BoldFont=*Bold,ItalicFont=*Italic,BoldItalicFont=*BoldItalic]
\setsansfont{FreeSans}[Extension=.otf,UprightFont=*,BoldFont=*Bold,ItalicFont=*Oblique,BoldItalicFont=*BoldOblique]
\setmonofont{FreeMono}[Extension=.otf,UprightFont=*,BoldFont=*Bold,ItalicFont=*Oblique,BoldItalicFont=*BoldOblique]
""",
    "printindex": "",
    # "Figure 3. Caption", as in the HTML (LaTeX's own separator would add a colon)
    "preamble": r"\usepackage[labelsep=space]{caption}",
}
latex_show_urls = "no"


def _quote_sitemap(app: object, exception: Exception | None) -> None:
    """sphinx-sitemap writes note names with their spaces; a sitemap needs URLs (%20)."""
    from urllib.parse import quote
    from xml.etree import ElementTree

    path = Path(getattr(app, "outdir", "")) / "sitemap.xml"
    if exception is not None or not path.is_file():
        return
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    ElementTree.register_namespace("", namespace[1:-1])
    tree = ElementTree.parse(path)
    for loc in tree.iter(namespace + "loc"):
        loc.text = quote(loc.text or "", safe=":/%#?=&~")
    tree.write(path, encoding="utf-8", xml_declaration=True)


def setup(app: object) -> None:
    app.connect("build-finished", _quote_sitemap, priority=900)  # type: ignore[attr-defined]
