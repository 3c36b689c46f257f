"""An automated accessibility check of the basics, in light and dark mode: axe-core (bundled
by axe-playwright-python, run offline) finds no heading-order, link-name or color-contrast
violation on key pages, and every callout's title and icon keep their contrast."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser_harness import WIDTHS, open_context, require_browser, wait_for_book_page

require_browser()

OBSIDIAN_TYPES = {
    "note", "abstract", "info", "todo", "tip", "success", "question", "warning", "failure",
    "danger", "bug", "example", "quote",
}  # fmt: skip
RULES = ["heading-order", "link-name", "color-contrast", "image-alt", "document-title"]
# How this book is built, the book graph, Neuron and References: axe in test_comfort.py
PAGES = [
    "index.html",
    "QK-Circuit.html",  # an entry: formulas, callouts, backlinks, local graph
    "tags/index.html",
    "search.html?q=superposition",  # result titles and snippets with highlighted terms
]


@pytest.fixture(params=["light", "dark"], scope="module")
def themed(request: pytest.FixtureRequest, browser: Any, book_url: str) -> Iterator[Any]:
    """A desktop page in light or dark mode (the theme's own switch, set before it paints)."""
    width, height = WIDTHS["desktop"]
    context, recorder = open_context(browser, width, height, dark=request.param == "dark")
    page = context.new_page()
    page.set_default_timeout(10000)
    yield request.param, page, book_url
    context.close()
    assert recorder.offline_requests == [] and recorder.console_errors == []


def open_page(page: Any, url: str, mode: str) -> None:
    page.goto(url)
    wait_for_book_page(page)
    if "search.html" in url:
        page.wait_for_selector("#search-results ul.search li", timeout=20000)
    assert page.evaluate("document.documentElement.dataset.theme") == mode


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation_of_the_basics(themed: Any, path: str) -> None:
    from axe_playwright_python.base import AXE_SCRIPT

    mode, page, base = themed
    open_page(page, base + path, mode)
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "(rules) => axe.run(document, {runOnly: {type: 'rule', values: rules}})", RULES
    )
    assert {rule["id"] for rule in results["passes"]} & {"link-name", "color-contrast"}
    found = [
        f"{v['id']}: {node['target']} {node.get('failureSummary', '')}"
        for v in results["violations"]
        for node in v["nodes"]
    ]
    assert found == []


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def parse(colour: str) -> tuple[float, ...]:
    inner = colour[colour.index("(") + 1 : colour.rindex(")")].replace("/", ",")
    values = [float(v) for v in inner.replace(",", " ").split()]
    return (*values[:3], values[3] if len(values) > 3 else 1.0)


def over(top: tuple[float, ...], under: tuple[float, ...]) -> tuple[float, ...]:
    alpha = top[3]
    return (*(t * alpha + u * (1 - alpha) for t, u in zip(top[:3], under[:3], strict=True)), 1.0)


def test_every_callout_title_and_icon_keep_their_contrast(themed: Any) -> None:
    """Each callout type's title text (4.5:1, WCAG AA) and its icon (3:1, non-text contrast)
    against the title's tinted background, over what is behind the callout."""
    mode, page, base = themed
    open_page(page, base + "How%20this%20book%20is%20built.html", mode)
    callouts = page.evaluate(
        """() => [...document.querySelectorAll('div.callout')].map((c) => {
          const title = c.querySelector(':scope > .admonition-title');
          let under = 'rgb(255, 255, 255)';
          for (let el = c; el; el = el.parentElement) {
            const bg = getComputedStyle(el).backgroundColor;
            if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') { under = bg; break; }
          }
          return {
            type: [...c.classList].find((k) => k.startsWith('callout-') && k !== 'callout-foldable'
              && k !== 'callout-folded' && k !== 'callout-open'),
            text: getComputedStyle(title).color,
            tint: getComputedStyle(title, '::before').backgroundColor,
            icon: getComputedStyle(title.querySelector(':scope > .callout-icon > svg')).color,
            under,
          };
        })"""
    )
    assert {c["type"].removeprefix("callout-") for c in callouts} == OBSIDIAN_TYPES
    low = []
    for c in callouts:
        background = over(parse(c["tint"]), parse(c["under"]))
        text, icon = contrast(parse(c["text"]), background), contrast(parse(c["icon"]), background)
        if text < 4.5 or icon < 3:
            low.append(f"{c['type']}: title {text:.2f}, icon {icon:.2f} ({mode})")
    assert low == []
