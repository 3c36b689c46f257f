"""The one loopback HTTP server of the tests: no test touches the network, so anything that
fetches (linkcheck, ``--refresh``, the browser) fetches from here."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class QuietHandler(BaseHTTPRequestHandler):
    """A handler that keeps the test output clean (no access log)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Files(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 (a free port) from a thread; yields the base URL,
    ``http://127.0.0.1:PORT`` (no trailing slash)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True  # a slow answer never holds up shutdown
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve the files of ``directory``; yields the base URL with a trailing slash."""
    with serve(functools.partial(_Files, directory=str(directory))) as url:
        yield url + "/"
