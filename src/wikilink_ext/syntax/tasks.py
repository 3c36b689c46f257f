"""Obsidian task lists: ``- [ ]``, ``- [x]`` and any other one-character state like ``- [?]``.

Obsidian's help page "Basic formatting syntax", section Task lists
(https://help.obsidian.md/syntax#Task lists): "To create a task list, start each list item with a
hyphen and space followed by ``[ ]``", with ``- [x] This is a completed task.``; and "You can use
any character inside the brackets to mark it as complete", with ``- [?]`` and ``- [-]``. Themes
style the states through ``data-task``, so the character is kept: ``[ ]`` is open, anything
else is done. Ordered list items (``1. [ ]``) are tasks too, as in GFM.

This is a core rule before "inline": the ``[c]`` marker is cut from the item's first inline
token before inline parsing, so the rest of the line parses as if the marker were not there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

__all__ = ["task_checked", "task_plugin"]

_MARKER = re.compile(r"^\[([^\t\r\n])\](?:[ \t]+|$)")


def task_checked(state: str) -> bool:
    """Obsidian counts every state but a space as complete."""
    return state != " "


def _add_class(token: Token, name: str) -> None:
    classes = str(token.attrs.get("class", "")).split()
    if name not in classes:
        token.attrs["class"] = " ".join([*classes, name])


def _task_rule(state: StateCore) -> None:
    """One pass over the tokens; the open lists are kept on a stack, never searched for."""
    tokens = state.tokens
    lists: list[Token] = []
    for index, item in enumerate(tokens):
        if item.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(item)
            continue
        if item.type in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
            continue
        if item.type != "list_item_open" or index + 2 >= len(tokens):
            continue
        paragraph, inline = tokens[index + 1], tokens[index + 2]
        if paragraph.type != "paragraph_open" or inline.type != "inline":
            continue
        match = _MARKER.match(inline.content)
        if match is None:
            continue
        task = match.group(1)
        inline.content = inline.content[match.end() :]
        item.meta = {**(item.meta or {}), "task": task}
        _add_class(item, "task-list-item")
        if task_checked(task):
            _add_class(item, "is-checked")
        if lists:
            _add_class(lists[-1], "contains-task-list")


def _render_item_open(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[idx]
    html: str = self.renderToken(tokens, idx, options, env)  # type: ignore[attr-defined]
    task = token.meta.get("task") if token.meta else None
    if not isinstance(task, str):
        return html
    checked = " checked" if task_checked(task) else ""
    return (
        f'{html}<input type="checkbox" class="task-list-item-checkbox" disabled{checked}'
        f' data-task="{escapeHtml(task)}">'
    )


def task_plugin(md: MarkdownIt) -> None:
    """Mark ``[c] `` list items: ``list_item_open.meta["task"] = c`` plus CSS classes.

    The default HTML renderer puts a disabled checkbox at the start of the item.
    """
    md.core.ruler.before("inline", "obsidian_tasks", _task_rule)
    md.add_render_rule("list_item_open", _render_item_open)
