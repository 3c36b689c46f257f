"""Admonition-plugin blocks (```` ```ad-note ````) read as the callouts they draw.

The Admonition plugin for Obsidian writes a callout as a fenced block whose language is
``ad-<type>``; its first lines may set ``title:``, ``collapse:`` (``open``, ``closed`` or
``none``), ``icon:`` and ``color:``; the rest is Markdown. An empty ``title:`` hides the
title bar. The plugin's types are Obsidian's callout types, so the block becomes the same
``callout_open`` … ``callout_close`` tokens as ``> [!type]`` (:mod:`.callouts`), and every
renderer of callouts draws it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .callouts import CalloutHeader, resolve_callout, title_tokens

__all__ = ["AdmonitionBlock", "admonition_plugin", "parse_admonition"]

_PARAMETER = re.compile(r"^(title|collapse|icon|color)\s*:(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class AdmonitionBlock:
    """An ``ad-*`` block: its callout header, where its body starts, and its body."""

    header: CalloutHeader
    hide_title: bool
    """``title:`` written with nothing after it: the plugin draws no title bar."""
    body_line: int
    """How many lines of parameters come before the body."""
    body: str


def parse_admonition(info: str, content: str) -> AdmonitionBlock | None:
    """Parse a fence's info string and content; None when it is not an ``ad-*`` block."""
    language = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    if not language.casefold().startswith("ad-") or len(language) == 3:
        return None
    lines = content.split("\n")
    parameters: dict[str, str] = {}
    used = 0
    for line in lines:
        match = _PARAMETER.match(line.strip())
        if match is None or match[1].casefold() in parameters:
            break
        parameters[match[1].casefold()] = match[2].strip()
        used += 1
    collapse = parameters.get("collapse", "").casefold()
    fold = {"open": "+", "closed": "-", "close": "-"}.get(collapse, "")
    title = parameters.get("title", "")
    header = CalloutHeader(
        kind=resolve_callout(language[3:]),
        metadata="",
        fold=fold,
        title=title,
    )
    body = "\n".join(lines[used:])
    return AdmonitionBlock(header, "title" in parameters and not title, used, body)


def _convert(md: MarkdownIt, state: StateCore, tokens: list[Token]) -> list[Token]:
    if not any(t.type == "fence" and t.info.lstrip()[:3].casefold() == "ad-" for t in tokens):
        return tokens
    result: list[Token] = []
    for token in tokens:
        block = parse_admonition(token.info, token.content) if token.type == "fence" else None
        if block is None:
            result.append(token)
        else:
            result += _tokens_for(md, state, token, block)
    return result


def _tokens_for(
    md: MarkdownIt, state: StateCore, fence: Token, block: AdmonitionBlock
) -> list[Token]:
    start = fence.map[0] if fence.map else 0
    level = fence.level
    opener = Token("callout_open", "div", 1)
    opener.block, opener.level, opener.map = True, level, fence.map
    classes = ["callout", "admonition-plugin"]
    if block.header.fold:
        classes.append("is-collapsible")
    if block.header.fold == "-":
        classes.append("is-collapsed")
    opener.attrs = {"class": " ".join(classes), "data-callout": block.header.kind.name}
    opener.meta = {
        "kind": block.header.kind,
        "metadata": "",
        "fold": block.header.fold,
        "has_title": bool(block.header.title) or block.hide_title,
        "hide_title": block.hide_title,
    }
    for key in ("block_id", "block_aliases"):
        if fence.meta and key in fence.meta:
            opener.meta[key] = fence.meta[key]
    result = [opener]
    if block.header.title:
        result += title_tokens(block.header, level + 1, start)
    body: list[Token] = []
    md.block.parse(block.body, md, state.env, body)
    body = _convert(md, state, body)  # an ``ad-`` block inside another
    offset = start + 1 + block.body_line  # the fence line, then the parameters
    for token in body:
        token.level += level + 1
        if token.map:
            token.map = [token.map[0] + offset, token.map[1] + offset]
    result += body
    closer = Token("callout_close", "div", -1)
    closer.block, closer.level = True, level
    result.append(closer)
    return result


def admonition_plugin(md: MarkdownIt) -> None:
    """Turn ``ad-<type>`` fences into callout tokens (after block parsing, before inline)."""

    def admonition_rule(state: StateCore) -> None:
        state.tokens[:] = _convert(md, state, state.tokens)

    md.core.ruler.after("block", "admonition_plugin", admonition_rule)
