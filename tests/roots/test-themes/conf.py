extensions = ["wikilink_ext"]
exclude_patterns = ["_build"]
