extensions = ["wikilink_ext", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
wikilink_uncited_claims = True
