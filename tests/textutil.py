"""Shared by the property tests: what a reader sees of rendered HTML."""

from __future__ import annotations

from html.parser import HTMLParser


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible(html: str) -> str:
    """The letters and digits a reader sees (markup and punctuation dropped)."""
    parser = _Text()
    parser.feed(html)
    return "".join(ch for ch in "".join(parser.parts) if ch.isalnum())


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)
