extensions = ["wikilink_ext", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
wikilink_uncited_claims = True
wikilink_claim_patterns = {
    "a head or layer index": r"\b[Ll]\d+[Hh]\d+\b|\b[Ll]ayer \d+\b|\b[Hh]ead \d+",
    "a number or head index": r"(?<![\w.,:-])\d{1,2}\.\d{1,2}(?![\w.,%]?\d)(?![\w%])",
}
