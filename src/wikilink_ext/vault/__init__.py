"""The vault model: files, names, link resolution, the References list. No Sphinx."""
