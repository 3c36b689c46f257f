"""One place that adds every Obsidian syntax plugin to a markdown-it parser.

Used by the Sphinx parser, by embeds (which parse the embedded note with the same rules)
and by offline tools such as ``nox -s citations``; imports neither Sphinx nor docutils.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from .admonitions import admonition_plugin
from .blockids import block_id_plugin
from .callouts import callout_plugin
from .citations import citation_plugin
from .comments import comment_plugin
from .dollars import dollar_digit_plugin
from .fenceinfo import fence_attributes_plugin
from .footnotes import footnote_line_plugin, inline_footnote_plugin
from .highlight import highlight_plugin
from .mathblock import math_block_interrupts_plugin
from .nesting import deep_nesting_plugin
from .tags import tag_plugin
from .tasks import task_plugin
from .wikilinks import wikilink_plugin

__all__ = ["MAX_NESTING", "obsidian_parser", "use_obsidian"]

#: Container levels parsed as written (a list and its item are one level each): 40 nested
#: lists or 80 nested quotes, far past what notes hold, and well inside Python's recursion
#: limit for parsing, rendering, pickling and writing the page (tests/test_compat.py).
MAX_NESTING = 80


def use_obsidian(md: MarkdownIt) -> MarkdownIt:
    """Add Obsidian Flavored Markdown to ``md`` (comments first, so nothing sees them).

    MyST's ``% line comment`` is switched off: Obsidian shows such lines as text.
    """
    md.disable("myst_line_comment", ignoreInvalid=True)
    # CommonMark's preset stops at 20 levels (ten nested lists: a list and its item take
    # one each); markdown-it's own default is 100. Deeper content is flattened (nesting.py).
    md.options["maxNesting"] = MAX_NESTING
    md.use(deep_nesting_plugin)
    md.use(comment_plugin)
    md.use(math_block_interrupts_plugin)
    md.use(fence_attributes_plugin)
    md.use(dollar_digit_plugin)
    md.use(callout_plugin)
    md.use(admonition_plugin)
    md.use(block_id_plugin)
    md.use(task_plugin)
    md.use(citation_plugin)
    md.use(wikilink_plugin)
    md.use(highlight_plugin)
    md.use(inline_footnote_plugin)
    md.use(footnote_line_plugin)
    md.use(tag_plugin)
    return md


def obsidian_parser() -> MarkdownIt:
    """A standalone parser (CommonMark + tables + front matter + footnotes + math + OFM)."""
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    md.use(front_matter_plugin).use(footnote_plugin).use(dollarmath_plugin, allow_space=False)
    return use_obsidian(md)
