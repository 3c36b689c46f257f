"""A quick test before linkify's own for bare links, when only links with a scheme count.

markdown-it asks linkify-it whether each paragraph may hold a link (``pretest``) with one
case-insensitive regular expression of every scheme and every host-like word: 4 % of a
vault's build (issue 18). With fuzzy links off (Obsidian links ``https://…`` but not
``example.com``), linkify-it finds only a scheme (``http:``, ``https:``, ``ftp:``,
``mailto:``, ``//``) or an e-mail address, so text with no ``:``, ``//`` or ``@`` has none:
its answer is known without the expression.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt

__all__ = ["may_hold_link", "quicken_linkify"]


def may_hold_link(text: str) -> bool:
    """False only for text in which linkify-it, fuzzy links off, finds no link."""
    return ":" in text or "@" in text or "//" in text


def quicken_linkify(md: MarkdownIt, *, fuzzy_links: bool) -> MarkdownIt:
    """Put :func:`may_hold_link` before ``md``'s linkify pretest (fuzzy links off only)."""
    linkify = getattr(md, "linkify", None)
    if linkify is None or fuzzy_links:
        return md
    pretest: Callable[[str], bool] = linkify.pretest
    linkify.pretest = lambda text: may_hold_link(text) and pretest(text)
    return md
