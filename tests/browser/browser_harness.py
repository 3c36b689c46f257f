"""What the browser tests and ``nox -s screenshots`` share: build the book, serve it on
127.0.0.1, and open pages in Debian's chromium with every request off 127.0.0.1 aborted
and recorded (the book must work offline), and every console error recorded."""

from __future__ import annotations

import shutil
import subprocess
import sys
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # run as nox -s screenshots
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from loopback import serve_directory

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Viewports a reader uses: a laptop and a phone.
WIDTHS = {"desktop": (1280, 900), "phone": (400, 800)}


def require_browser() -> None:
    """Skip the calling test module, saying why, where chromium or playwright is missing."""
    import pytest

    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)",
            allow_module_level=True,
        )
    pytest.importorskip(
        "playwright.sync_api",
        reason="browser tests need the playwright package (the 'test' dependency group)",
    )


def build_book(out: Path) -> Path:
    """The book as HTML, built as ``nox -s build`` builds it (warnings are errors)."""
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n"]
    command += ["-j", "auto", "-q", str(BOOK), str(out)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"the book does not build:\n{result.stdout}\n{result.stderr}")
    return out


def serve(directory: Path) -> AbstractContextManager[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port), the tests' one loopback server."""
    return serve_directory(directory)


@dataclass
class Recorder:
    """What the pages of one browser context did that a reader should never see."""

    offline_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def open_context(browser: Any, width: int, height: int, dark: bool = False) -> tuple[Any, Recorder]:
    """A browser context at ``width`` by ``height``, light or dark, that aborts and records
    every request not addressed to 127.0.0.1 and records console errors of its pages."""
    recorder = Recorder()
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme="dark" if dark else "light",
        service_workers="block",
    )
    mode = "dark" if dark else "light"
    # sphinx-book-theme reads the reader's choice from localStorage before it paints
    context.add_init_script(
        f"try {{ localStorage.setItem('mode', '{mode}'); "
        f"localStorage.setItem('theme', '{mode}'); }} catch (e) {{}}"
    )

    def route(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            recorder.offline_requests.append(url)
            route.abort()

    context.route("**/*", route)

    def on_page(page: Any) -> None:
        def on_console(message: Any) -> None:
            if message.type == "error":
                recorder.console_errors.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: recorder.console_errors.append(f"{page.url}: {error}"))

    context.on("page", on_page)
    return context, recorder


def wait_for_book_page(page: Any) -> None:
    """Wait until what a reader waits for: the page loaded, MathJax done typesetting (when the
    page has formulas), the graph drawn (when the page has one)."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        """() => {
          const mj = window.MathJax;
          const hasMath = document.querySelector('.math') !== null;
          const mathDone = !hasMath || (mj && mj.startup && mj.startup.promise &&
            document.querySelector('mjx-container') !== null);
          const graph = document.querySelector('.wikilink-graph');
          const graphDone = !graph || graph.dataset.rendered === 'true';
          return mathDone && graphDone;
        }""",
        timeout=20000,
    )
    page.evaluate("() => (window.MathJax && MathJax.startup && MathJax.startup.promise) || null")


class Reader:
    """One reader at one width: opens pages of the book and keeps what went wrong."""

    def __init__(self, browser: Any, base: str, width: str, dark: bool = False) -> None:
        self.base = base
        self.width_name = width
        self.width, self.height = WIDTHS[width]
        self.context, self.recorder = open_context(browser, self.width, self.height, dark)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10000)

    def url(self, path: str) -> str:
        return self.base + path

    def open(self, path: str) -> Any:
        self.page.goto(self.url(path))
        wait_for_book_page(self.page)
        return self.page

    def close(self) -> None:
        self.context.close()

    def assert_clean(self) -> None:
        """Nothing left the machine and no page logged an error."""
        assert self.recorder.offline_requests == [], "requests off 127.0.0.1"
        assert self.recorder.console_errors == [], "console errors"
