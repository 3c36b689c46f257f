"""The built book in a real browser: Debian's chromium driven by Playwright, offline.

The book is built once per session into a temporary folder and served on 127.0.0.1 from a
thread inside the test run; every request to any other host is aborted and recorded, so a
page that needs the network shows it. No browser is downloaded: Playwright launches the
system's chromium (``apt-get install chromium``); without it (or without the ``playwright``
package) these tests skip and say why.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

BOOK = Path(__file__).parent.parent.parent / "book"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = 1280
PHONE = 400


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book built as HTML, once, with warnings as errors."""
    out = tmp_path_factory.mktemp("browser-site")
    run = subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q"),
            *("-d", str(out / "doctrees"), str(BOOK), str(out / "html")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return out / "html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed (test group)"
    )
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A page in a fresh browser context, with what it logged and what it tried to fetch."""

    page: Any
    base_url: str
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        self.page.goto(self.base_url + path, wait_until="load")
        return self.page


@pytest.fixture
def visit(browser: Any, base_url: str) -> Iterator[Callable[..., Visit]]:
    contexts: list[Any] = []

    def make(width: int = DESKTOP, scheme: str = "light", touch: bool = False) -> Visit:
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            color_scheme=scheme,
            has_touch=touch,
            service_workers="block",
        )
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page, base_url)

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith("http://127.0.0.1:") or url.startswith("data:"):
                route.continue_()
            else:
                visit.blocked.append(url)
                route.abort()

        context.route("**/*", route)
        page.on(
            "console",
            lambda message: visit.errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: visit.errors.append(str(error)))
        return visit

    yield make
    for context in contexts:
        context.close()
