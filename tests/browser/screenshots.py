"""``nox -s screenshots``: PNGs of the book's key pages at desktop and phone widths, in light
and dark mode, into build/screenshots/, taken offline in Debian's chromium (the same
harness as the browser tests). Look at them before a release."""

from __future__ import annotations

import sys
from pathlib import Path

from browser_harness import CHROMIUM, CHROMIUM_ARGS, ROOT, WIDTHS, build_book, open_context, serve
from browser_harness import wait_for_book_page as settle

PAGES = {
    "home": "index.html",
    "entry": "QK-Circuit.html",
    "callouts": "How this book is built.html#callouts",
    "references": "References.html",
    "graph": "graph.html",
    "search": "search.html?q=TMS",
    "tags": "tags/index.html",
}


def main() -> int:
    from playwright.sync_api import sync_playwright

    out = ROOT / "build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    html = build_book(ROOT / "build" / "screenshots-html")
    written: list[Path] = []
    with serve(html) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            for dark in (False, True):
                context, recorder = open_context(browser, width, height, dark)
                page = context.new_page()
                for name, path in PAGES.items():
                    if not (html / path.split("#")[0].split("?")[0]).exists():
                        continue
                    page.goto(base + path)
                    settle(page)
                    target = out / f"{name}-{width_name}-{'dark' if dark else 'light'}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
                context.close()
                problems = recorder.offline_requests + recorder.console_errors
                if problems:
                    print("\n".join(problems), file=sys.stderr)
                    return 1
        browser.close()
    print(f"{len(written)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
