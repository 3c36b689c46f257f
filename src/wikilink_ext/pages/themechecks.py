"""Theme templates that cannot render empty are not rendered twice per page to find out.

pydata-sphinx-theme (and the book theme on it) renders every template of its header, footer
and sidebar sections once per page to drop those that come out empty, then again in the
layout. The book theme's ``article-header-buttons.html`` opens with an unconditional
``<div class="article-header-buttons">``: it is never empty, and its check was 4 % of
writing a page (issue 18). Such a template is taken out of its section before the theme's
check and put back, in its place, after it; only when the template the build uses is the
package's own file (a project's ``templates_path`` may replace it with one that can be
empty).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

__all__ = ["NEVER_EMPTY", "put_back", "take_out"]

NEVER_EMPTY = {
    "article-header-buttons.html": "sphinx_book_theme",  # an unconditional <div>
    "toggle-primary-sidebar.html": "sphinx_book_theme",  # a <button>
    "search-button-field.html": "pydata_sphinx_theme",  # a <button>
    "navbar-logo.html": "pydata_sphinx_theme",  # an <a class="navbar-brand logo">
    "sbt-sidebar-nav.html": "wikilink_ext",  # our sidebar's <nav> (templates/)
}
"""Template → the package whose own copy of it always renders something (each read)."""

SECTIONS = (
    "theme_article_header_start",
    "theme_article_header_end",
    "theme_navbar_start",
    "theme_navbar_center",
    "theme_navbar_end",
    "theme_navbar_persistent",
    "sidebars",
)
"""The context's lists of templates, of those the theme checks, where they are found."""

_KEY = "wikilink_never_empty"


def _own_copies(app: Sphinx) -> set[str]:
    """The templates of :data:`NEVER_EMPTY` that this build takes from their package."""
    builder: Any = app.builder
    cached = getattr(builder, "_wikilink_own_copies", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found: set[str] = set()
    templates = getattr(builder, "templates", None)
    for name, package in NEVER_EMPTY.items():
        try:
            _, filename, _ = templates.get_source(templates.environment, name)  # type: ignore[union-attr]
        except Exception:  # not a Jinja loader, or no such template in this theme
            continue
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None else None
        if filename and origin and Path(filename).is_relative_to(Path(origin).parent):
            found.add(name)
    builder._wikilink_own_copies = found
    return found


def _names(listed: Any) -> list[str] | None:
    """A section's templates as the theme reads them: a list, or a comma-separated string;
    each with its ``.html``."""
    if isinstance(listed, str):
        listed = [name.strip() for name in listed.split(",") if name.strip()]
    if not isinstance(listed, list):
        return None
    return [name if Path(name).suffix else f"{name}.html" for name in listed]


def take_out(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Before the theme's check: the never-empty templates leave their sections."""
    own = _own_copies(app) if any(context.get(s) for s in SECTIONS) else set()
    taken: dict[str, list[str]] = {}
    for section in SECTIONS:
        listed = _names(context.get(section))
        if listed and own.intersection(listed):
            taken[section] = listed
            context[section] = [name for name in listed if name not in own]
    if taken:
        context[_KEY] = taken


def put_back(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """After the theme's check: the section is what the check kept and the never-empty
    templates, in the order it was written."""
    own = _own_copies(app)
    for section, listed in context.pop(_KEY, {}).items():
        kept = set(_names(context.get(section)) or [])
        context[section] = [name for name in listed if name in own or name in kept]
