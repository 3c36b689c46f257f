"""Pandoc citations (``[see @key, p. 3; -@other]`` and ``@key [p. 3]``) as markdown-it tokens.

The syntax is pandoc's (https://pandoc.org/MANUAL.html#citation-syntax), parsed by inline
rules rather than by regular expressions over the source, so code spans, escapes, links and
autolinks keep their Markdown meaning. Each citation becomes one ``citation`` token whose
``meta["citation"]`` is a :class:`Citation` and whose ``content`` is the raw source.

This module is pure: it knows nothing of Sphinx, docutils or the bibliography.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.link import link as _link_rule
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .lines import line_offset

__all__ = [
    "Citation",
    "CiteItem",
    "citation_plugin",
    "match_key",
    "parse_citation_group",
]

_KEY_PUNCT = ":.#$%&-+?<>~/"
_SIMPLE_KEY = re.compile(r"\w+(?:[" + re.escape(_KEY_PUNCT) + r"]\w+)*")
"""Pandoc's key: word characters with single internal punctuation (trailing is not kept)."""
_CURLY_KEY = re.compile(r"\{((?:[^{}\n]|\{[^{}\n]*\})*)\}")
_MAX_CURLY = 400
"""Longest ``@{…}`` key read; pandoc keys are short, a URL or DOI at most."""


@dataclass(frozen=True)
class CiteItem:
    """One cited work of a citation, with the text around it as written (raw Markdown)."""

    key: str
    prefix: str = ""
    """Text before the key inside the brackets, e.g. ``see``."""
    locator: str = ""
    """Text after the key, without the separating comma, e.g. ``p. 3``."""
    suppress_author: bool = False
    """``-@key``: the author is already named in the sentence, print the year only."""


@dataclass(frozen=True)
class Citation:
    """A citation group ``[...]`` (parenthetical) or an in-text ``@key`` (narrative)."""

    items: tuple[CiteItem, ...]
    narrative: bool

    @property
    def keys(self) -> tuple[str, ...]:
        """The cited keys in order, as a bibliography lookup needs them."""
        return tuple(item.key for item in self.items)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def match_key(text: str, pos: int, endpos: int | None = None) -> tuple[str, int] | None:
    """Read a key (simple or ``{curly}``) starting just after an ``@``, before ``endpos``.

    Returns the key and the end position, or None if no key starts at ``pos``.
    """
    endpos = len(text) if endpos is None else endpos
    if pos >= endpos:
        return None
    if text[pos] == "{":
        # One regex, one level of inner braces, one line, at most _MAX_CURLY characters:
        # a run of ``@{`` without ``}`` costs a few characters per ``@``, not a rescan.
        curly = _CURLY_KEY.match(text, pos, min(endpos, pos + _MAX_CURLY))
        if curly is None:
            return None
        key = curly.group(1).strip()
        return (key, curly.end()) if key else None
    match = _SIMPLE_KEY.match(text, pos, endpos)
    if match is None:
        return None
    return match.group(), match.end()


def _find_key(text: str, start: int = 0) -> tuple[int, int, str, bool] | None:
    """Find the first citation key in ``text``: (start of ``-``/``@``, end, key, suppress).

    An ``@`` counts only if not preceded by a word character or a backslash, so that
    e-mail addresses and escaped ``\\@`` are left alone.
    """
    pos = text.find("@", start)
    while pos != -1:
        before = text[pos - 1] if pos > 0 else ""
        if not (before and (_is_word(before) or before == "\\")):
            found = match_key(text, pos + 1)
            if found is not None:
                key, end = found
                suppress = before == "-" and (pos < 2 or not _is_word(text[pos - 2]))
                return (pos - 1 if suppress else pos), end, key, suppress
        pos = text.find("@", pos + 1)
    return None


def _split_items(text: str) -> list[str]:
    """Split a group at ``;`` outside ``{...}`` and not escaped."""
    parts: list[str] = []
    depth = 0
    last = 0
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == ";" and depth == 0:
            parts.append(text[last:pos])
            last = pos + 1
        pos += 1
    parts.append(text[last:])
    return parts


def _squash(text: str) -> str:
    """Collapse whitespace (a group may span lines) so prefixes and locators are one line."""
    return " ".join(text.split())


def _locator(suffix: str) -> str:
    suffix = suffix.strip()
    if suffix.startswith(","):
        suffix = suffix[1:]
    return _squash(suffix)


def _parse_item(text: str) -> CiteItem | None:
    found = _find_key(text)
    if found is None:
        return None
    start, end, key, suppress = found
    suffix = text[end:]
    if _find_key(suffix) is not None:
        return None  # two keys without ``;``: not pandoc's syntax, leave it to in-text rules
    return CiteItem(
        key=key, prefix=_squash(text[:start]), locator=_locator(suffix), suppress_author=suppress
    )


def parse_citation_group(text: str) -> Citation | None:
    """Parse the inside of ``[...]`` as a pandoc citation group, or None if it is not one.

    Every ``;``-separated item must hold exactly one key, so ``[text]``, ``[foo@bar.com]``
    and ``[@a;]`` are not citations.
    """
    items: list[CiteItem] = []
    for part in _split_items(text):
        item = _parse_item(part)
        if item is None:
            return None
        items.append(item)
    return Citation(items=tuple(items), narrative=False)


def _closing_bracket(src: str, start: int, end: int) -> int:
    """Position of the ``]`` closing the ``[`` at ``start``, or -1 (also for nested ``[``)."""
    pos = start + 1
    while pos < end:
        char = src[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "[":
            return -1
        if char == "]":
            return pos
        pos += 1
    return -1


def _is_link(state: StateInline, start: int) -> bool:
    """Whether ``[...]`` at ``start`` is a Markdown link (inline, reference or shortcut)."""
    old_pos, old_max = state.pos, state.posMax
    state.pos = start
    try:
        return _link_rule(state, True)
    finally:
        state.pos, state.posMax = old_pos, old_max


def _in_wikilink(src: str, start: int, close: int) -> bool:
    """``[[@key]]`` is a wikilink to a literature note, not a citation: leave it alone."""
    return src[start - 1 : start] == "[" and src[close + 1 : close + 2] == "]"


def _push(state: StateInline, citation: Citation, start: int, end: int, markup: str) -> None:
    token = state.push("citation", "", 0)
    token.content = state.src[start:end]
    token.markup = markup
    token.meta = {"citation": citation, "line_offset": line_offset(state, start)}


def _citation_group(state: StateInline, silent: bool) -> bool:
    """Inline rule for ``[see @key, p. 3; @other]``.

    Citations never nest in link text, so in silent mode (link label scanning) the rule
    declines and ``[see [@a]](url)`` stays a link, as ``[see [a]](url)`` is.
    """
    start = state.pos
    if silent or state.src[start] != "[" or state.linkLevel > 0:
        return False
    close = _closing_bracket(state.src, start, state.posMax)
    if close < 0 or _in_wikilink(state.src, start, close):
        return False
    citation = parse_citation_group(state.src[start + 1 : close])
    if citation is None or _is_link(state, start):
        return False
    _push(state, citation, start, close + 1, "[]")
    state.pos = close + 1
    return True


def _narrative_locator(state: StateInline, pos: int) -> tuple[str, int] | None:
    """Read the `` [p. 3]`` after an in-text ``@key``: the locator and the end position."""
    src = state.src
    while pos < state.posMax and src[pos] in " \t":
        pos += 1
    if pos >= state.posMax or src[pos] != "[":
        return None
    close = _closing_bracket(src, pos, state.posMax)
    if close < 0:
        return None
    inside = src[pos + 1 : close]
    if not inside.strip() or inside.startswith("^"):
        return None  # ``@key [^1]`` is followed by a footnote reference, not a locator
    if _find_key(inside) is not None or _is_link(state, pos):
        return None
    return _locator(inside), close + 1


def _citation_narrative(state: StateInline, silent: bool) -> bool:
    """Inline rule for ``@key`` and ``@key [p. 3]``, not after a word character."""
    start = state.pos
    src = state.src
    if silent or src[start] != "@" or state.linkLevel > 0:
        return False
    if start > 0 and _is_word(src[start - 1]):
        return False
    if src[max(start - 2, 0) : start] == "[[":
        return False
    found = match_key(src, start + 1, state.posMax)
    if found is None:
        return False
    key, end = found
    locator = ""
    after = _narrative_locator(state, end)
    if after is not None:
        locator, end = after
    citation = Citation(items=(CiteItem(key=key, locator=locator),), narrative=True)
    _push(state, citation, start, end, "@")
    state.pos = end
    return True


def _render_citation(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    """Render as pandoc's HTML writer does without citeproc, so fixtures read like pandoc's."""
    token = tokens[idx]
    citation: Citation = token.meta["citation"]
    cites = escapeHtml(" ".join(citation.keys))
    return f'<span class="citation" data-cites="{cites}">{escapeHtml(token.content)}</span>'


def _plain_in_images(tokens: Sequence[Token]) -> None:
    for token in tokens:
        if not token.children:
            continue
        if token.type == "image":
            for child in token.children:
                if child.type == "citation":
                    child.type, child.markup, child.meta = "text", "", {}
        _plain_in_images(token.children)


def _citations_in_alt_text(state: StateCore) -> None:
    """Image alt text is plain text, so citations in it go back to the source they were."""
    _plain_in_images(state.tokens)


def citation_plugin(md: MarkdownIt) -> None:
    """Add pandoc citations: ``[@key]`` groups and in-text ``@key`` as ``citation`` tokens.

    The group rule runs before ``link`` and gives way to real links (``[@key](url)``,
    ``[@key][ref]`` and defined shortcut references) and to wikilinks (``[[@key]]``).
    """
    md.inline.ruler.before("link", "citation_group", _citation_group)
    md.inline.ruler.before("link", "citation_narrative", _citation_narrative)
    md.core.ruler.after("inline", "citation_alt_text", _citations_in_alt_text)
    md.add_render_rule("citation", _render_citation)
