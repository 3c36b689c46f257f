extensions = ["wikilink_ext"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["dollarmath"]
html_baseurl = "https://example.org/vault/"
myst_update_mathjax = False  # MyST changes mathjax4_config each build: every page rewritten
