"""The book graph as a reader handles it: zoom with the wheel or the buttons, pan by dragging
the background, drag a node (its edges follow, and the drag does not follow its link)."""

from __future__ import annotations

from typing import Any

from .browser_harness import Reader, require_browser

require_browser()

BOX = "#wikilink-book-graph"


def view_box(page: Any) -> list[float]:
    value = page.locator(f"{BOX} svg").get_attribute("viewBox")
    return [float(v) for v in value.split()]


def test_zoom_with_wheel_and_buttons(reader: Reader) -> None:
    page = reader.open("graph.html")
    start = view_box(page)
    box = page.locator(f"{BOX} svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    page.wait_for_function(
        f"() => document.querySelector('{BOX} svg').viewBox.baseVal.width < {start[2]}"
    )
    page.get_by_role("button", name="Reset view").click()
    assert view_box(page) == start
    page.get_by_role("button", name="Zoom in").click()
    assert view_box(page)[2] < start[2]
    page.get_by_role("button", name="Zoom out").click()
    page.get_by_role("button", name="Zoom out").click()
    assert view_box(page)[2] > start[2]


def test_pan_by_dragging_the_background(reader: Reader) -> None:
    page = reader.open("graph.html")
    start = view_box(page)
    box = page.locator(f"{BOX} svg").bounding_box()
    page.locator(f"{BOX} svg").scroll_into_view_if_needed()
    box = page.locator(f"{BOX} svg").bounding_box()
    bottom = min(box["y"] + box["height"], reader.height)
    x, y = box["x"] + 6, bottom - 6  # a corner: no node there
    assert (
        page.evaluate("([x, y]) => document.elementFromPoint(x, y).tagName.toLowerCase()", [x, y])
        == "svg"
    )
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y - 40, steps=6)
    page.mouse.up()
    after = view_box(page)
    assert after[0] < start[0] and after[1] > start[1] and after[2] == start[2]


def test_drag_a_node_moves_it_and_its_edges_without_following_it(reader: Reader) -> None:
    page = reader.open("graph.html")
    node = page.locator(f'{BOX} a.wikilink-graph-node[href="Superposition.html"]')
    before = node.get_attribute("transform")
    node.locator("circle").scroll_into_view_if_needed()  # below the legend on a phone
    circle = node.locator("circle").bounding_box()
    x, y = circle["x"] + circle["width"] / 2, circle["y"] + circle["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y + 30, steps=6)
    page.mouse.up()
    assert node.get_attribute("transform") != before
    assert page.url.endswith("graph.html")  # the drag did not follow the link
    moved = node.locator("circle").bounding_box()
    assert abs(moved["x"] - circle["x"] - 40) < 8
