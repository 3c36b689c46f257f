"""``wikilink-ext serve``: the live preview. sphinx-autobuild serves the site, watches the
vault and reloads the browser; the rebuild runs here, in the server's own process.

sphinx-autobuild's own builder starts ``sphinx-build`` for every save: a new Python, every
import, the saved environment unpickled, the theme and the extension set up again, about a
second of CPU before the edited note is read. Here one Sphinx application lives as long as
the preview and each save is an incremental build of it (its environment stays in memory).
What a build does for the whole site and that only changes slowly is kept off the path from
save to reload: Pagefind re-indexes the site in the background after the reload (the search
is a few seconds behind the page, never wrong for long). A change to the configuration
(``conf.py``, ``pyproject.toml``, a ``.bib``) starts a new application.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["Rebuilder", "preview"]

RESTART_SUFFIXES = frozenset({".py", ".toml", ".bib"})
"""A saved file of these kinds is configuration: the next build starts a new application."""

IGNORED = (".obsidian", ".trash", ".git", "node_modules")
"""Folders of a vault whose changes are not the site's (Obsidian writes its workspace file
on every click)."""


class _SearchIndexer:
    """Runs Pagefind over the site in a thread of its own, once more after each request,
    never twice at once: saves in quick succession cost one index."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self._wanted = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        threading.Thread(target=self._run, name="wikilink-search", daemon=True).start()

    def request(self) -> None:
        self._idle.clear()
        self._wanted.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Until no index is wanted or running (tests, the benchmark)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        from .pages.search import run_pagefind

        while True:
            self._wanted.wait()
            self._wanted.clear()
            problem = run_pagefind(self.outdir)
            if problem is not None:
                print(f"wikilink-ext: Pagefind could not index the site: {problem}")
            if not self._wanted.is_set():
                self._idle.set()


class Rebuilder:
    """sphinx-autobuild's builder: called with the paths that changed (none for the first
    build), builds the site incrementally with the application it keeps."""

    def __init__(self, vault: Path, out: Path, *, jobs: int, quiet: bool, url: str = "") -> None:
        self.vault, self.out, self.jobs, self.quiet, self.url = vault, out, jobs, quiet, url
        self.app: Any = None
        self._patches: contextlib.ExitStack | None = None
        self._assets: tuple[list[Any], list[Any]] = ([], [])
        self.search: _SearchIndexer | None = None
        self.failure = ""
        """Why the last build failed (a missing theme, an error in conf.py)."""

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> None:
        from sphinx.errors import SphinxError
        from sphinx_autobuild.utils import show_message

        if changed_paths:
            names = ", ".join(_shown(p, self.vault) for p in changed_paths[:5])
            show_message(f"Detected changes ({names})")
            show_message("Rebuilding...")
        if any(p.suffix in RESTART_SUFFIXES for p in changed_paths):
            self.close()
        try:
            if self.app is None:
                self._start()
            else:
                self._prepare_rebuild()
            self.app.build()
        except SphinxError as error:  # the previous pages stay served
            self.failure = f"{error.category}: {error}"
            if changed_paths:  # the first build's failure is the command's (see preview)
                print(f"wikilink-ext: {self.failure}", file=sys.stderr)
            self.close()
        except Exception as error:
            self.failure = f"the build failed: {error!r}"
            if changed_paths:
                print(f"wikilink-ext: {self.failure}", file=sys.stderr)
            self.close()
        else:
            self._index_search(first=not changed_paths)
        if self.url:
            show_message(f"Serving on {self.url}")

    def _start(self) -> None:
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        from .cli import settings
        from .pages.search import PREVIEW_TAG

        has_conf = (self.vault / "conf.py").is_file()
        self._patches = contextlib.ExitStack()
        self._patches.enter_context(patch_docutils(self.vault))
        self._patches.enter_context(docutils_namespace())
        self.app = Sphinx(
            srcdir=self.vault,
            confdir=self.vault if has_conf else None,
            outdir=self.out / "html",
            doctreedir=self.out / ".doctrees",
            buildername="html",
            confoverrides={} if has_conf else settings(self.vault),
            status=None if self.quiet else sys.stdout,
            warning=sys.stderr,
            parallel=self.jobs,
            keep_going=True,
            tags=[PREVIEW_TAG],
        )
        registry = self.app.registry
        self._assets = (list(registry.js_files), list(registry.css_files))

    def _prepare_rebuild(self) -> None:
        """Before a rebuild: the vault is scanned again (a new note, changed frontmatter);
        the scripts and style sheets a page added for itself (``app.add_js_file`` in
        ``html-page-context``), which stay in Sphinx's registry and would pile up build
        after build, are dropped; and the build runs in this process (a rebuild reads and
        writes a few notes: worker processes would cost more than they save)."""
        from .lifecycle import RESCAN

        for handler in RESCAN:
            handler(self.app)
        registry = self.app.registry
        registry.js_files[:] = self._assets[0]
        registry.css_files[:] = self._assets[1]
        self.app.parallel = 1

    def _index_search(self, *, first: bool) -> None:
        from .pages.search import _enabled, run_pagefind

        if not _enabled(self.app):
            return
        outdir = Path(self.app.outdir)
        if first and not (outdir / "_pagefind" / "pagefind.js").is_file():
            problem = run_pagefind(outdir)  # search works from the first page shown
            if problem is not None:
                print(f"wikilink-ext: Pagefind could not index the site: {problem}")
            return
        if self.search is None or self.search.outdir != outdir:
            self.search = _SearchIndexer(outdir)
        self.search.request()

    def close(self) -> None:
        if self._patches is not None:
            self._patches.close()
        self.app, self._patches = None, None


def _shown(path: Path, vault: Path) -> str:
    with contextlib.suppress(ValueError):
        return path.relative_to(vault.resolve()).as_posix()
    return path.as_posix()


def _server(paths: list[Path], ignore: Any, rebuild: Rebuilder) -> Any:
    """sphinx-autobuild's server, with the rebuild run in a thread of this process (its own
    runs the builder in a new worker process per change, where nothing can be kept)."""
    import watchfiles
    from sphinx_autobuild.server import RebuildServer

    class InProcessRebuildServer(RebuildServer):  # type: ignore[misc]
        async def watch(self) -> None:
            async for changes in watchfiles.awatch(
                *self.paths, watch_filter=lambda _, path: not self.ignore(path)
            ):
                changed = [Path(path).resolve() for _, path in changes]
                await asyncio.to_thread(self.change_callback, changed_paths=changed)
                self.flag.set()

    return InProcessRebuildServer(paths, ignore, change_callback=rebuild)


def preview(vault: Path, out: Path, *, host: str, port: int, jobs: int, quiet: bool) -> int:
    """Build, serve on ``host:port`` (0: a free port), rebuild and reload on each save, until
    interrupted."""
    import uvicorn
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.utils import find_free_port, show_message
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    port = port or find_free_port()
    url_host = f"{host}:{port}"
    html = out / "html"
    html.mkdir(parents=True, exist_ok=True)
    rebuild = Rebuilder(vault, out, jobs=jobs, quiet=quiet, url=f"http://{url_host}")
    ignore = IgnoreFilter([out.resolve(), *(vault / name for name in IGNORED)], [])
    watcher = _server([vault], ignore, rebuild)
    app = Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=html, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host)],
        lifespan=watcher.lifespan,
    )
    show_message("Starting initial build")
    rebuild(changed_paths=())
    if rebuild.app is None:  # a user's mistake: one line, as `build` says it
        from .cli import UsageError

        raise UsageError(rebuild.failure)
    show_message("Waiting to detect changes...")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except KeyboardInterrupt:
        pass
    finally:
        rebuild.close()
    return 0
