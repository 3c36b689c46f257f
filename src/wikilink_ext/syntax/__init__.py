"""Obsidian Flavored Markdown as markdown-it plugins: pure, no Sphinx or docutils."""
