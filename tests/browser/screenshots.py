"""PNGs of the book's key pages, to look at: ``nox -s screenshots`` (or
``python tests/browser/screenshots.py build/html build/screenshots``).

Each page at a laptop's and a phone's width, in light and dark mode, served from 127.0.0.1
with every other request aborted; the script fails if a page asked for the network or logged
a console error. Files are named ``<shot>-<width>-<mode>.png``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from browser_harness import CHROMIUM, CHROMIUM_ARGS, WIDTHS, open_context, serve
from browser_harness import wait_for_book_page as settle


def hover_a_preview(page: Any) -> None:
    link = page.locator("article a.wikilink[data-wikilink-preview]").first
    link.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -innerHeight / 3)")
    link.hover()
    page.wait_for_selector("#wikilink-preview", state="visible")


def scroll_to(selector: str) -> Any:
    def action(page: Any) -> None:
        page.locator(selector).first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(200)

    return action


def search_results(page: Any) -> None:
    page.wait_for_selector("#search-results ul.search li", timeout=20000)


def open_folded_callouts(page: Any) -> None:
    for title in page.locator("div.callout-folded > .admonition-title").all():
        title.click()
    scroll_to("div.callout-abstract")(page)


# (name, page, what to do before the shot, whole page?)
SHOTS: list[tuple[str, str, Any, bool]] = [
    ("index", "index.html", None, False),
    ("entry", "QK-Circuit.html", None, False),
    ("entry-maths", "QK-Circuit.html", scroll_to("#mechanism"), False),
    ("entry-preview", "Induction head.html", hover_a_preview, False),
    ("entry-end", "QK-Circuit.html", scroll_to(".wikilink-backlinks-box"), False),
    ("entry-graph", "QK-Circuit.html", scroll_to("#wikilink-local-graph-box"), False),
    ("callouts", "How this book is built.html", open_folded_callouts, False),
    ("graph", "graph.html", None, False),
    ("tags", "tags/index.html", None, True),
    ("search", "search.html?q=TMS%20superposition", search_results, False),
]


def take(html: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    problems: list[str] = []
    with serve(html) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            for mode in ("light", "dark"):
                context, recorder = open_context(browser, width, height, dark=mode == "dark")
                page = context.new_page()
                page.set_default_timeout(15000)
                for name, path, action, full in SHOTS:
                    page.goto(base + path)
                    settle(page)
                    if action is not None:
                        action(page)
                    target = out / f"{name}-{width_name}-{mode}.png"
                    page.screenshot(path=str(target), full_page=full)
                    written.append(target)
                context.close()
                problems += [f"offline request: {u}" for u in recorder.offline_requests]
                problems += [f"console error: {e}" for e in recorder.console_errors]
        browser.close()
    if problems:
        raise SystemExit("\n".join(problems))
    return written


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit("usage: screenshots.py BUILT_HTML_DIR OUTPUT_DIR")
    if not CHROMIUM.exists():
        raise SystemExit(f"screenshots need Debian's chromium at {CHROMIUM}")
    for path in take(Path(argv[0]), Path(argv[1])):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
