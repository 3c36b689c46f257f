"""Publish an Obsidian vault with Sphinx.

Wikilinks, embeds, callouts, block ids, highlights, comments, tags and properties become
Sphinx cross-references, admonitions and targets; citation links become
sphinxcontrib-bibtex citations. See the book's "How this book is built" page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the syntax modules stay importable without Sphinx
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

STATIC = Path(__file__).parent / "static"


def _visit_callout_html(self: Any, node: Any) -> None:
    self.visit_admonition(node)


def _depart_callout_html(self: Any, node: Any) -> None:
    self.depart_admonition(node)


def _visit_callout_text(self: Any, node: Any) -> None:
    self.visit_admonition(node)


def _depart_callout_text(self: Any, node: Any) -> None:
    self.depart_admonition(node)


def _static_path(app: Sphinx, config: Any) -> None:
    # at config-inited, so that the saved configuration equals the next build's and an
    # incremental build is not taken for a changed configuration (a full rebuild)
    if str(STATIC) not in config.html_static_path:  # a new list: defaults are shared
        config.html_static_path = [*config.html_static_path, str(STATIC)]


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file("wikilink.css")
        app.add_js_file("wikilink.js", defer="defer")
        app.add_css_file("wikilink-reader.css")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the parser, domain, nodes, transforms and events."""
    from .pages import (
        backlinks,
        citebox,
        epub,
        graph,
        linkdata,
        maths,
        metadata,
        pdfbook,
        previews,
        sources,
        tagpages,
    )
    from .pages import navigation as toc
    from .sphinx import (
        blocks,
        boundary,
        claims,
        config,
        defaults,
        embeds,
        events,
        publishing,
        sanitize,
    )
    from .sphinx.domain import VaultDomain
    from .sphinx.nodes import (
        callout,
        callout_icon,
        depart_callout_latex,
        skip,
        visit_callout_icon_html,
        visit_callout_latex,
        visit_media_html,
        wikilink_media,
        wikilink_ref,
    )
    from .sphinx.parser import ObsidianParser
    from .sphinx.resolve import ResolveWikilinks

    app.setup_extension("myst_parser")
    try:
        from .bib.style import register

        register()  # the "wikilink-authoryear" bibliography style
    except ImportError:  # pybtex is optional for vaults without citations
        pass
    config.register(app)
    defaults.connect(app)
    app.connect("config-inited", config.validate)
    app.add_source_parser(ObsidianParser, override=True)
    app.add_domain(VaultDomain)
    app.add_node(wikilink_ref)
    app.add_node(
        callout,
        html=(_visit_callout_html, _depart_callout_html),
        latex=(visit_callout_latex, depart_callout_latex),
        text=(_visit_callout_text, _depart_callout_text),
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
    app.add_post_transform(ResolveWikilinks)
    events.connect(app)
    embeds.connect(app)
    publishing.connect(app)
    boundary.connect(app)
    blocks.connect(app)
    sanitize.connect(app)
    toc.connect(app)
    sources.connect(app)
    citebox.connect(app)
    tagpages.connect(app)
    claims.connect(app)
    linkdata.connect(app)
    backlinks.connect(app)
    previews.connect(app)
    graph.connect(app)
    metadata.connect(app)
    maths.connect(app)
    app.connect("config-inited", _static_path)
    pdfbook.connect(app)
    epub.connect(app)
    app.connect("builder-inited", _add_static)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
