"""Obsidian callouts: a blockquote whose first line is ``[!type]`` becomes a ``callout``.

Semantics follow Obsidian's help page "Callouts" (https://help.obsidian.md/callouts):

- "add ``[!info]`` to the first line of a blockquote, where ``info`` is the type identifier";
- "By default, the title of the callout is its type identifier in title case. You can change it
  by adding text after the type identifier"; "You can even omit the body to create title-only
  callouts";
- "adding a plus (+) or a minus (-) directly after the type identifier" makes it foldable, "A plus
  sign expands the callout by default, and a minus sign collapses it";
- "You can nest callouts in multiple levels";
- "any unsupported type defaults to the ``note`` type. The type identifier is case-insensitive";
- the ``data-callout`` attribute carries the type for CSS, so custom types keep their name.

The ``|metadata`` suffix (``[!note|wide]``) is Obsidian's ``data-callout-metadata`` attribute,
used by themes and CSS snippets. Colour families follow Obsidian's default theme variables
(``--callout-default``/``info``/``todo`` blue, ``summary``/``tip`` cyan, ``success`` green,
``question``/``warning`` orange, ``fail``/``error``/``bug`` red, ``example`` purple, ``quote``
grey).

The rule is a core rule between "block" and "inline": blockquotes are parsed as usual (so lists,
fences, math and tables inside just work, at any nesting depth) and are then re-labelled.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

__all__ = [
    "CALLOUT_TYPES",
    "CalloutHeader",
    "CalloutKind",
    "callout_plugin",
    "default_title",
    "parse_callout_header",
    "resolve_callout",
    "title_tokens",
]


@dataclass(frozen=True)
class CalloutKind:
    """A callout type as written, resolved to Obsidian's canonical type and colour family."""

    name: str
    """The type identifier as written, lowercased (``tldr``, ``my-type``)."""
    canonical: str
    """Obsidian's canonical type (``abstract`` for ``tldr``); ``note`` for unknown types."""
    family: str
    """Colour family shared by types with the same look (``blue``, ``red``, ...)."""


# canonical type -> (colour family, aliases); order is Obsidian's "Supported types" list.
_CANONICAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "note": ("blue", ()),
    "abstract": ("cyan", ("summary", "tldr")),
    "info": ("blue", ()),
    "todo": ("blue", ()),
    "tip": ("cyan", ("hint", "important")),
    "success": ("green", ("check", "done")),
    "question": ("orange", ("help", "faq")),
    "warning": ("orange", ("caution", "attention")),
    "failure": ("red", ("fail", "missing")),
    "danger": ("red", ("error",)),
    "bug": ("red", ()),
    "example": ("purple", ()),
    "quote": ("grey", ("cite",)),
}

CALLOUT_TYPES: dict[str, str] = {
    alias: canonical
    for canonical, (_, aliases) in _CANONICAL.items()
    for alias in (canonical, *aliases)
}
"""Every known type identifier (canonical or alias) mapped to its canonical type."""


def resolve_callout(name: str) -> CalloutKind:
    """Resolve a type identifier case-insensitively; unknown types look like ``note``."""
    written = name.strip().lower()
    canonical = CALLOUT_TYPES.get(written, "note")
    return CalloutKind(name=written, canonical=canonical, family=_CANONICAL[canonical][0])


def default_title(name: str) -> str:
    """The title Obsidian shows when none is given: the type as written, capitalised.

    The docs say "its type identifier in title case"; Obsidian upper-cases the first letter and
    lower-cases the rest (``[!TLDR]`` shows "Tldr", ``[!my-type]`` shows "My-type").
    """
    written = name.strip()
    return written[:1].upper() + written[1:].lower()


@dataclass(frozen=True)
class CalloutHeader:
    """The parsed first line of a callout."""

    kind: CalloutKind
    metadata: str
    fold: str
    """``""``, ``"+"`` (foldable, open) or ``"-"`` (foldable, collapsed)."""
    title: str
    """Raw markdown after the marker, stripped; empty when none was written."""


_HEADER = re.compile(
    r"^\[!(?P<type>[^\]|\s][^\]|]*)"  # [!type
    r"(?:\|(?P<meta>[^\]]*))?\]"  # |metadata]
    r"(?P<fold>[+-]?)"  # fold, "directly after the type identifier"
    r"(?:\s+(?P<title>.*))?$"  # any whitespace, a no-break space too
)


def parse_callout_header(line: str) -> CalloutHeader | None:
    """Parse ``[!type|metadata]+ Title``; None when the line is not a callout header."""
    match = _HEADER.match(line.strip())
    if match is None or not match["type"].strip():
        return None
    return CalloutHeader(
        kind=resolve_callout(match["type"]),
        metadata=(match["meta"] or "").strip(),
        fold=match["fold"],
        title=(match["title"] or "").strip(),
    )


def _first_block(tokens: list[Token], open_index: int) -> tuple[int, CalloutHeader] | None:
    """The paragraph (or setext heading) starting a blockquote, if it begins with a header."""
    if open_index + 3 >= len(tokens):
        return None
    first, inline = tokens[open_index + 1], tokens[open_index + 2]
    if first.type == "heading_open" and first.markup not in ("=", "-"):
        return None  # an ATX heading line does not start with "[!"
    if first.type not in ("paragraph_open", "heading_open") or inline.type != "inline":
        return None
    header = parse_callout_header(inline.content.split("\n", 1)[0])
    return None if header is None else (open_index + 1, header)


def title_tokens(header: CalloutHeader, level: int, line: int) -> list[Token]:
    opener = Token("callout_title_open", "div", 1)
    opener.attrs = {"class": "callout-title"}
    opener.block = True
    opener.level = level
    opener.map = [line, line + 1]
    inline = Token("inline", "", 0)
    inline.content = header.title
    inline.children = []
    inline.level = level + 1
    inline.map = [line, line + 1]
    closer = Token("callout_title_close", "div", -1)
    closer.block = True
    closer.level = level
    return [opener, inline, closer]


def _convert(tokens: list[Token], index: int, block: int, header: CalloutHeader) -> list[Token]:
    """Relabel the blockquote opened at ``index``; return what replaces its first block."""
    opener = tokens[index]
    start = opener.map[0] if opener.map else 0
    kind = header.kind

    classes = ["callout"]
    if header.fold:
        classes.append("is-collapsible")
    if header.fold == "-":
        classes.append("is-collapsed")
    opener.type, opener.tag = "callout_open", "div"
    marked = opener.meta.get("block_id") if opener.meta else None  # ``^id`` after the quote
    aliases = opener.meta.get("block_aliases") if opener.meta else None
    opener.attrs = {"class": " ".join(classes), "data-callout": kind.name}
    if header.metadata:
        opener.attrs["data-callout-metadata"] = header.metadata
    if header.fold:
        opener.attrs["data-callout-fold"] = header.fold
    opener.meta = {
        "kind": kind,
        "metadata": header.metadata,
        "fold": header.fold,
        "has_title": bool(header.title),
    }
    if marked:
        opener.meta["block_id"] = marked
        opener.attrs["data-block-id"] = marked
    if aliases:
        opener.meta["block_aliases"] = aliases

    block_open, inline, block_close = tokens[block], tokens[block + 1], tokens[block + 2]
    rest = inline.content.split("\n", 1)[1] if "\n" in inline.content else ""
    rest = rest.strip()
    replacement: list[Token] = []
    if header.title:
        replacement.extend(title_tokens(header, opener.level + 1, start))
    if rest:
        inline.content = rest
        if block_open.map:
            block_open.map = [block_open.map[0] + 1, block_open.map[1]]
            inline.map = list(block_open.map)
        replacement.extend([block_open, inline, block_close])
    return replacement


def _callout_rule(state: StateCore) -> None:
    """One pass: open quotes on a stack, the token list rebuilt once (no splicing per callout)."""
    tokens = state.tokens
    result: list[Token] = []
    callouts: list[bool] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "blockquote_open":
            found = _first_block(tokens, index)
            callouts.append(found is not None)
            result.append(token)
            if found is not None:
                result.extend(_convert(tokens, index, *found))
                index += 4  # the opener and its first block (open, inline, close)
                continue
        elif token.type == "blockquote_close" and callouts:
            if callouts.pop():
                token.type, token.tag = "callout_close", "div"
            result.append(token)
        else:
            result.append(token)
        index += 1
    state.tokens[:] = result


def _render_callout_open(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[idx]
    attrs = "".join(f' {key}="{escapeHtml(str(value))}"' for key, value in token.attrs.items())
    html = f"<div{attrs}>\n"
    kind = token.meta.get("kind")
    if not token.meta.get("has_title") and isinstance(kind, CalloutKind):
        title = escapeHtml(default_title(kind.name))
        html += f'<div class="callout-title"><div class="callout-title-inner">{title}</div></div>\n'
    return html


def _render_title_open(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    return '<div class="callout-title"><div class="callout-title-inner">'


def _render_title_close(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    return "</div></div>\n"


def _render_callout_close(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    return "</div>\n"


def callout_plugin(md: MarkdownIt) -> None:
    """Turn ``> [!type|metadata]± Title`` blockquotes into ``callout_open``/``callout_close``.

    Tokens: ``callout_open`` (div, meta ``kind``/``metadata``/``fold``/``has_title``, map of the
    blockquote), then ``callout_title_open``/``inline``/``callout_title_close`` when a title was
    written, then the body, then ``callout_close``. Other blockquotes are left alone.
    """
    md.core.ruler.after("block", "callout", _callout_rule)
    md.add_render_rule("callout_open", _render_callout_open)
    md.add_render_rule("callout_close", _render_callout_close)
    md.add_render_rule("callout_title_open", _render_title_open)
    md.add_render_rule("callout_title_close", _render_title_close)
