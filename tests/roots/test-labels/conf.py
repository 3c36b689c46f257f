extensions = ["wikilink_ext", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "wikilink-authoryear"
bibtex_reference_style = "wikilink-authoryear"
exclude_patterns = ["_build"]
wikilink_sources = True
