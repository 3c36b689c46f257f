"""The extension's own CSS and JavaScript, served from ``wikilink_ext/static``."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

__all__ = ["STATIC", "add_static_files", "add_static_path"]

STATIC = Path(__file__).resolve().parent.parent / "static"


def add_static_path(app: Sphinx, config: Config) -> None:
    """At ``config-inited``, so that the saved configuration equals the next build's and an
    incremental build is not taken for a changed configuration (a full rebuild)."""
    if str(STATIC) not in config.html_static_path:  # a new list: defaults are shared
        config.html_static_path = [*config.html_static_path, str(STATIC)]


def add_static_files(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file("wikilink.css")
        app.add_js_file("wikilink.js", defer="defer")
        app.add_css_file("wikilink-reader.css")
