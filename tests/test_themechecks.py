"""The theme's per-page emptiness check skips templates that cannot be empty (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from wikilink_ext.pages import themechecks

BUTTONS = "article-header-buttons.html"


def _count_checks(app: SphinxTestApp) -> list[str]:
    """Templates the theme renders by name (its emptiness check; the layout includes them)."""
    rendered: list[str] = []

    def counting(app: Any, *args: Any) -> None:
        templates = app.builder.templates
        if getattr(templates, "_counted", False):
            return
        render = templates.render

        def render_counted(template: str, context: dict[str, Any]) -> str:
            rendered.append(template)
            return render(template, context)  # type: ignore[no-any-return]

        templates.render = render_counted
        templates._counted = True

    app.connect("html-page-context", counting, priority=1)
    return rendered


def test_header_buttons_are_not_rendered_to_see_if_empty(
    make_app, sphinx_test_tempdir: Path
) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("nav", sphinx_test_tempdir / "themechecks-own")
    app: SphinxTestApp = make_app("html", srcdir=src, freshenv=True)
    rendered = _count_checks(app)
    app.build()
    assert "page.html" in rendered  # the count works: every page's layout
    assert "page-toc.html" in rendered  # one that can be empty is still checked
    assert set(themechecks.NEVER_EMPTY) & set(rendered) == set()
    page = Path(app.outdir, "Banana.html").read_text(encoding="utf-8")
    assert page.count('<div class="article-header-buttons">') == 1  # still in the header
    header = page.split('class="article-header-buttons"')[0].rsplit("bd-header-article", 1)[-1]
    assert "primary-toggle" in header  # the start section is before it, as the theme puts it
    for shown in ('class="navbar-brand logo"', "search-button-field", 'class="wikilink-nav"'):
        assert shown in page


def test_pages_are_the_same_as_with_the_check(  # type: ignore[no-untyped-def]
    make_app, sphinx_test_tempdir: Path, monkeypatch
) -> None:
    pages = {}
    for checked in (False, True):
        src = copy_root("nav", sphinx_test_tempdir / f"themechecks-same-{checked}")
        if checked:  # no template is known never to be empty: the theme checks them all
            monkeypatch.setattr(themechecks, "_own_copies", lambda app: set())
        app: SphinxTestApp = make_app(
            "html", srcdir=src, freshenv=True, confoverrides={"project": "Same"}
        )
        app.build()
        pages[checked] = {
            page.relative_to(app.outdir).as_posix(): page.read_text(encoding="utf-8")
            for page in Path(app.outdir).rglob("*.html")
        }
    assert len(pages[True]) >= 10
    assert pages[False] == pages[True]


def test_a_projects_own_copy_is_checked(make_app, sphinx_test_tempdir: Path) -> None:  # type: ignore[no-untyped-def]
    """A project's ``templates_path`` copy may render empty: the theme checks it as before."""
    src = copy_root("nav", sphinx_test_tempdir / "themechecks-project")
    (src / "_templates").mkdir()
    (src / "_templates" / BUTTONS).write_text("{# nothing #}\n", encoding="utf-8")
    app: SphinxTestApp = make_app(
        "html", srcdir=src, freshenv=True, confoverrides={"templates_path": ["_templates"]}
    )
    rendered = _count_checks(app)
    app.build()
    assert BUTTONS in rendered
    page = Path(app.outdir, "Banana.html").read_text(encoding="utf-8")
    assert "article-header-buttons" not in page


def test_order_of_the_section_is_kept() -> None:
    from types import SimpleNamespace

    App = SimpleNamespace(builder=SimpleNamespace(_wikilink_own_copies={BUTTONS}))

    context: dict[str, Any] = {"theme_article_header_end": f"first, {BUTTONS}, last.html"}
    themechecks.take_out(App, "page", "page.html", context, None)  # type: ignore[arg-type]
    assert context["theme_article_header_end"] == ["first.html", "last.html"]
    context["theme_article_header_end"] = ["last.html"]  # the theme found "first" empty
    themechecks.put_back(App, "page", "page.html", context, None)  # type: ignore[arg-type]
    assert context["theme_article_header_end"] == [BUTTONS, "last.html"]
    assert themechecks._KEY not in context
