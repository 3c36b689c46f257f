extensions = ["wikilink_ext"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
