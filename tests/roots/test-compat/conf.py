# A plain vault: the extension alone, no other setting (see tests/test_compat.py).
extensions = ["wikilink_ext"]
exclude_patterns = ["_build"]
