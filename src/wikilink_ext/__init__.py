"""Publish an Obsidian vault with Sphinx.

Wikilinks, embeds, callouts, block ids, highlights, comments, tags and properties become
Sphinx cross-references, admonitions and targets; citation links become
sphinxcontrib-bibtex citations. The options are
:class:`wikilink_ext.sphinx_ext.config.WikilinkConfig`; the build's events and their
handlers, in order, are :data:`wikilink_ext.lifecycle.LIFECYCLE`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the syntax modules stay importable without Sphinx
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the options, the parser, the domains, nodes and transforms, then every event
    handler in the order of :data:`~wikilink_ext.lifecycle.LIFECYCLE`."""
    from docutils import nodes

    from .lifecycle import LIFECYCLE
    from .pages.accessibility import depart_citation_html, visit_citation_html
    from .pages.backlinks import FillBacklinks, wikilink_backlinks
    from .pages.citedpages import MarkCitingPlaces
    from .pages.epub import VaultEpub3Builder
    from .pages.linkdata import LinkData
    from .pages.maths import DisplayMathOutOfParagraphs
    from .pages.pdfbook import NoIndexEntriesWithoutIndex
    from .pages.pdftables import CodeTableWidths
    from .pages.sources import FillSources, wikilink_sources
    from .sphinx_ext import config
    from .sphinx_ext.blocks import InlineBlockTargets
    from .sphinx_ext.domain import VaultDomain
    from .sphinx_ext.figures import FigureCaptions
    from .sphinx_ext.mermaid import depart_latex, mermaid_diagram, visit_html, visit_latex
    from .sphinx_ext.nodes import (
        callout,
        callout_icon,
        depart_callout,
        depart_callout_latex,
        skip,
        task_checkbox,
        visit_callout,
        visit_callout_icon_html,
        visit_callout_latex,
        visit_media_html,
        visit_task_checkbox_html,
        visit_task_checkbox_latex,
        visit_task_checkbox_plain,
        visit_task_checkbox_text,
        wikilink_media,
        wikilink_ref,
    )
    from .sphinx_ext.parser import ObsidianParser
    from .sphinx_ext.resolve import ResolveWikilinks
    from .sphinx_ext.sanitize import SanitiseRawOutput

    app.setup_extension("myst_parser")
    try:
        from .bib.style import register

        register()  # the "wikilink-authoryear" bibliography style
    except ImportError:  # pybtex is optional for vaults without citations
        pass
    config.register(app)
    app.add_source_parser(ObsidianParser, override=True)
    app.add_domain(VaultDomain)
    app.add_domain(LinkData)
    app.add_builder(VaultEpub3Builder, override=True)
    app.add_node(wikilink_ref)
    app.add_node(
        callout,
        html=(visit_callout, depart_callout),
        latex=(visit_callout_latex, depart_callout_latex),
        text=(visit_callout, depart_callout),
    )
    app.add_node(
        callout_icon,
        html=(visit_callout_icon_html, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_node(
        wikilink_media,
        html=(visit_media_html, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_node(
        task_checkbox,
        html=(visit_task_checkbox_html, None),
        latex=(visit_task_checkbox_latex, None),
        text=(visit_task_checkbox_text, None),
        man=(visit_task_checkbox_plain, None),
        texinfo=(visit_task_checkbox_plain, None),
    )
    app.add_node(
        mermaid_diagram,
        html=(visit_html, None),
        latex=(visit_latex, depart_latex),
    )
    # bibliography entries as list items (axe: aria-required-children)
    app.add_node(nodes.citation, override=True, html=(visit_citation_html, depart_citation_html))
    app.add_node(wikilink_sources)
    app.add_node(wikilink_backlinks)
    app.add_transform(InlineBlockTargets)
    app.add_transform(FigureCaptions)
    app.add_transform(SanitiseRawOutput)
    app.add_post_transform(ResolveWikilinks)
    app.add_post_transform(MarkCitingPlaces)
    app.add_post_transform(FillSources)
    app.add_post_transform(FillBacklinks)
    app.add_post_transform(DisplayMathOutOfParagraphs)
    app.add_post_transform(NoIndexEntriesWithoutIndex)
    app.add_post_transform(CodeTableWidths)
    for hook in LIFECYCLE:
        app.connect(hook.event, hook.handler, priority=hook.priority)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
