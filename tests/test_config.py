"""One table of options: every ``wikilink_*`` option is declared, validated and documented
once, in :class:`wikilink_ext.sphinx_ext.config.WikilinkConfig`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

from wikilink_ext.sphinx_ext.config import (
    PREFIX,
    WikilinkConfig,
    fields,
    options_markdown,
    read_config,
)

MANUAL = Path(__file__).parent.parent / "book" / "How this book is built.md"


@pytest.mark.sphinx("html", testroot="claims")
def test_every_registered_option_is_declared_in_the_table(app) -> None:  # type: ignore[no-untyped-def]
    registered = {name for name in app.config.values if name.startswith(PREFIX)}
    declared = {PREFIX + spec.name for spec in fields()}
    assert registered == declared
    assert isinstance(read_config(app.config), WikilinkConfig)


def test_every_field_has_a_validator_help_and_a_default_it_accepts() -> None:
    for spec in fields():
        check = spec.metadata["check"]
        assert spec.metadata["help"].strip() and check.expects
        default = (
            spec.default_factory()
            if spec.default_factory is not dataclasses.MISSING
            else spec.default
        )
        assert check.test(default), spec.name
        assert spec.metadata["rebuild"] in ("env", "html")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("embed_depth", 0),
        ("embed_depth", True),
        ("embed_max_count", 0),
        ("citation_display", "neither"),
        ("ignore", [1]),
        ("claim_patterns", {"a layer": "layer ("}),
        ("cite_box", 1),
        ("references_note", " "),
        ("graph_groups", {"#tag": "red"}),
    ],
)
def test_a_wrong_value_stops_the_build_naming_the_option(
    make_app, rootdir, sphinx_test_tempdir, name: str, value: object
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match=f"{PREFIX}{name} must be"):
        make_app("html", srcdir=rootdir / "test-claims", confoverrides={PREFIX + name: value})


def test_the_manual_shows_the_generated_table() -> None:
    """Regenerate with
    ``python -m wikilink_ext.sphinx_ext.config "book/How this book is built.md"``."""
    assert options_markdown() in MANUAL.read_text(encoding="utf-8")


def test_the_table_lists_every_documented_option_once() -> None:
    table = options_markdown()
    for spec in fields():
        assert table.count(f"| `{PREFIX}{spec.name}` |") == int(spec.metadata["documented"])
