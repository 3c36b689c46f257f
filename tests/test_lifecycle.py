"""The build's events: setup() connects exactly the map in wikilink_ext.lifecycle, in order."""

from __future__ import annotations

from operator import attrgetter

import pytest

from wikilink_ext.lifecycle import EVENTS, LIFECYCLE, Hook
from wikilink_ext.pages import citebox, graph, navigation
from wikilink_ext.sphinx_ext import boundary, config, defaults, events, publishing, sanitize

SPHINX_COLLECTORS = 500
"""The priority of Sphinx's own handlers (its image and toctree collectors)."""


def _position(handler: object) -> int:
    return next(i for i, hook in enumerate(LIFECYCLE) if hook.handler is handler)


def _hook(handler: object) -> Hook:
    return LIFECYCLE[_position(handler)]


def test_the_map_lists_events_in_the_order_a_build_emits_them() -> None:
    order = [EVENTS.index(hook.event) for hook in LIFECYCLE]
    assert order == sorted(order)


def test_within_an_event_the_map_reads_in_the_order_sphinx_calls() -> None:
    for event in EVENTS:
        hooks = [hook for hook in LIFECYCLE if hook.event == event]
        assert hooks == sorted(hooks, key=attrgetter("priority")), event


def test_every_handler_is_listed_once() -> None:
    handlers = [(hook.event, hook.handler) for hook in LIFECYCLE]
    assert len(handlers) == len(set(handlers))


@pytest.mark.sphinx("html", testroot="claims")
def test_setup_connects_the_map_and_nothing_else(app) -> None:  # type: ignore[no-untyped-def]
    ours = {id(hook.handler) for hook in LIFECYCLE}
    for event in EVENTS:
        listeners = sorted(app.events.listeners.get(event, []), key=attrgetter("priority"))
        connected = [
            (listener.handler, listener.priority)
            for listener in listeners
            if getattr(listener.handler, "__module__", "").startswith("wikilink_ext")
        ]
        expected = [(hook.handler, hook.priority) for hook in LIFECYCLE if hook.event == event]
        assert connected == expected, event
        assert {id(h) for h, _ in connected} <= ours


def test_the_orderings_that_matter() -> None:
    # defaults fill in conf.py's gaps before the values are checked
    assert _position(defaults.apply_defaults) < _position(config.validate)
    # the vault is scanned before anything reports on the scan
    assert _position(events.scan) < _position(publishing.report)
    assert _hook(publishing.report).priority > _hook(events.scan).priority
    # unpublished notes are dropped before other handlers add notes to re-read
    assert _hook(publishing.keep_published).priority < SPHINX_COLLECTORS
    # a file outside the vault is refused before Sphinx's collectors copy it
    assert _hook(boundary.guard).priority < SPHINX_COLLECTORS
    # the toctree exists before Sphinx's toctree collector reads it
    assert _hook(navigation.add_toctree).priority < SPHINX_COLLECTORS
    # the local graph comes after "Linked from" and before the cite box
    assert _position(graph.add_local_graph) < _position(citebox.add_box)
    # the title is escaped after the theme has set it
    assert _hook(sanitize.escape_page_title).priority > SPHINX_COLLECTORS
