extensions = ["wikilink_ext", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
exclude_patterns = ["_build"]
myst_enable_extensions = ["dollarmath"]
wikilink_cite_box = True
wikilink_sources = True
wikilink_uncited_quotes = True
