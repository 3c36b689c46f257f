extensions = ["wikilink_ext", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
wikilink_cite_box = True
wikilink_sources = True
wikilink_uncited_quotes = True
