"""Fixtures of the browser tests: the book built once per session, served on 127.0.0.1, and
a reader in Debian's chromium through Playwright (no downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_harness import CHROMIUM, CHROMIUM_ARGS, WIDTHS, Reader, build_book, serve


@pytest.fixture(scope="session")
def book_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book, built once: ``nox -s build``'s when it is fresh, else once per session."""
    from artifacts import BUILT_HTML, fresh

    if fresh(BUILT_HTML):
        return BUILT_HTML
    return build_book(tmp_path_factory.mktemp("browser") / "html")


@pytest.fixture(scope="session")
def book_url(book_html: Path) -> Iterator[str]:
    with serve(book_html) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def reading(reader: Reader) -> Iterator[Reader]:
    """Lend ``reader`` to a test, then prove that the pages it visited made no request off
    127.0.0.1 and logged no console error."""
    yield reader
    reader.close()
    reader.assert_clean()


@pytest.fixture(params=sorted(WIDTHS))
def reader(request: pytest.FixtureRequest, browser: Any, book_url: str) -> Iterator[Reader]:
    """A reader at desktop and at phone width."""
    yield from reading(Reader(browser, book_url, request.param))


@pytest.fixture
def phone(browser: Any, book_url: str) -> Iterator[Reader]:
    yield from reading(Reader(browser, book_url, "phone"))


@pytest.fixture
def laptop(browser: Any, book_url: str) -> Iterator[Reader]:
    yield from reading(Reader(browser, book_url, "desktop"))


@pytest.fixture(params=["light", "dark"])
def moded_reader(request: pytest.FixtureRequest, browser: Any, book_url: str) -> Iterator[Reader]:
    """A desktop reader in light and in dark mode."""
    yield from reading(Reader(browser, book_url, "desktop", dark=request.param == "dark"))
