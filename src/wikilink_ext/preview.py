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

The watcher says which paths a save changed; what a build would otherwise do for the whole
vault is done for them alone when they cannot change the rest: the vault's scan
(:func:`~wikilink_ext.vault.scan.rescan_vault`), Sphinx's list of documents, the copy of
the theme's static files. The environment is pickled when the preview stops, not per save.
At 1,000 notes a save costs about 0.4 CPU s (``nox -s bench -- --only serve``).
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

    def __init__(self, outdir: Path, shard_size: int) -> None:
        self.outdir = outdir
        self.shard_size = shard_size
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
            problem = run_pagefind(self.outdir, self.shard_size)
            if problem is not None:
                print(f"wikilink-ext: Pagefind could not index the site: {problem}")
            if not self._wanted.is_set():
                self._idle.set()


class Rebuilder:
    """sphinx-autobuild's builder: called with the paths that changed (none for the first
    build), builds the site incrementally with the application it keeps."""

    def __init__(
        self,
        vault: Path,
        out: Path,
        *,
        jobs: int,
        quiet: bool,
        url: str = "",
        freeze_heap: bool = False,
    ) -> None:
        self.vault, self.out, self.jobs, self.quiet, self.url = vault, out, jobs, quiet, url
        self.freeze_heap = freeze_heap
        """Move what the first build leaves in memory out of the garbage collector's way
        (:func:`_settle_heap`): for the ``serve`` process, which is all this."""
        self.app: Any = None
        self._patches: contextlib.ExitStack | None = None
        self._assets: tuple[list[Any], list[Any]] = ([], [])
        self.search: _SearchIndexer | None = None
        self._environment = _EnvironmentInMemory()
        self._sources = _SourcesKnown()
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
                app = self._start()
                with self._environment.kept_in_memory(app), self._sources.listed(app, None):
                    app.build()
                self._environment.save(app)  # as Sphinx would: the first build is on disk
                if self.freeze_heap:
                    _settle_heap()
            else:
                self._prepare_rebuild(changed_paths)
                with (
                    self._environment.kept_in_memory(self.app),
                    self._sources.listed(self.app, changed_paths),
                    _static_files_kept(self.app, changed_paths),
                ):
                    self.app.build()
        except SphinxError as error:  # the previous pages stay served
            self.failure = f"{error.category}: {error}"
            if changed_paths:  # the first build's failure is the command's (see preview)
                print(f"wikilink-ext: {self.failure}", file=sys.stderr)
            self.close(save=False)
        except Exception as error:
            self.failure = f"the build failed: {error!r}"
            if changed_paths:
                print(f"wikilink-ext: {self.failure}", file=sys.stderr)
            self.close(save=False)
        else:
            self._index_search(first=not changed_paths)
        if self.url:
            show_message(f"Serving on {self.url}")

    def _start(self) -> Any:
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
        return self.app

    def _prepare_rebuild(self, changed_paths: Sequence[Path]) -> None:
        """Before a rebuild: the vault is scanned again (a new note, changed frontmatter),
        only where the watcher saw changes when that is enough; the scripts and style
        sheets a page added for itself (``app.add_js_file`` in ``html-page-context``),
        which stay in Sphinx's registry and in its builder and would pile up build after
        build or reach every page, are dropped;
        and the build runs in this process (a rebuild reads and writes a few notes: worker
        processes would cost more than they save)."""
        from .lifecycle import RESCAN

        changed = _inside(changed_paths, self.vault)
        for handler in RESCAN:
            handler(self.app, changed)
        registry = self.app.registry
        registry.js_files[:] = self._assets[0]
        registry.css_files[:] = self._assets[1]
        # the HTML builder starts each build from the assets the last page of the last one
        # left (the search page's scripts, its ``pagename``): every page then carried them
        builder = self.app.builder
        for start_again in ("init_css_files", "init_js_files"):
            if hasattr(builder, start_again):
                getattr(builder, start_again)()
        self.app.parallel = 1

    def _index_search(self, *, first: bool) -> None:
        from .pages.search import _enabled, run_pagefind

        if not _enabled(self.app):
            return
        outdir = Path(self.app.outdir)
        if first and not (outdir / "_pagefind" / "pagefind.js").is_file():
            # search works from the first page shown
            problem = run_pagefind(outdir, self.app.config.wikilink_search_shard_size)
            if problem is not None:
                print(f"wikilink-ext: Pagefind could not index the site: {problem}")
            return
        if self.search is None or self.search.outdir != outdir:
            self.search = _SearchIndexer(outdir, self.app.config.wikilink_search_shard_size)
        self.search.request()

    def close(self, *, save: bool = True) -> None:
        """Drop the application; its environment is saved first (``save``) when a rebuild
        left it unsaved, so the next application (a restart, the next ``serve``) starts
        from it. After a failed build it is not: the last saved one is still right."""
        if self.app is not None and save:
            self._environment.save(self.app)
        self._environment.forget()
        if self._patches is not None:
            self._patches.close()
        self.app, self._patches = None, None


def _settle_heap() -> None:
    """The application kept between saves holds millions of objects (the environment of
    1,000 notes); Python's garbage collector walks all of them in each full collection,
    which a rebuild's allocations set off at random: a third of a second, in one save out
    of two or three. Frozen after the first build (and after a restart, which thaws the
    last application's first), they are left out of those walks; what a rebuild creates is
    still collected."""
    import gc

    gc.unfreeze()
    gc.collect()
    gc.freeze()


class _EnvironmentInMemory:
    """Sphinx pickles the whole environment to disk in every build that read a note, for
    the next process: 5.5 MB and a fifth of a second per save at 1,000 notes. The preview
    keeps its environment in memory, so a rebuild skips that dump and the environment is
    written once, when the application is dropped (the preview stops or restarts).

    Until then the file on disk holds the environment of the first build. That is a
    consistent start for a later run, should this process be killed: each note saved since
    is newer than its record in it, so it is read again, as after any edit."""

    def __init__(self) -> None:
        self.unsaved = False

    @contextlib.contextmanager
    def kept_in_memory(self, app: Any) -> Any:
        import sphinx.builders
        from sphinx.application import ENV_PICKLE_FILENAME

        saved = Path(app.doctreedir, ENV_PICKLE_FILENAME)
        aside = saved.with_name(saved.name + ".kept")
        if saved.is_file():  # Sphinx empties the file before the dump it will skip
            saved.replace(aside)
        builders: Any = sphinx.builders  # its ``pickle`` is the module it dumps with
        real = builders.pickle
        builders.pickle = _SkipDump(real, app.env, self)
        try:
            yield
        finally:
            builders.pickle = real
            if aside.is_file():
                aside.replace(saved)

    def save(self, app: Any) -> None:
        import pickle

        from sphinx.application import ENV_PICKLE_FILENAME

        if not self.unsaved:
            return
        saved = Path(app.doctreedir, ENV_PICKLE_FILENAME)
        partial = saved.with_name(saved.name + ".new")
        with partial.open("wb") as file:
            pickle.dump(app.env, file, pickle.HIGHEST_PROTOCOL)
        partial.replace(saved)
        self.unsaved = False

    def forget(self) -> None:
        self.unsaved = False


class _SkipDump:
    """The ``pickle`` module as ``sphinx.builders`` sees it during a rebuild: every dump
    but the environment's (doctrees are still written)."""

    def __init__(self, real: Any, env: Any, owner: _EnvironmentInMemory) -> None:
        self._real, self._env, self._owner = real, env, owner

    def dump(self, obj: Any, file: Any, *args: Any, **kwargs: Any) -> None:
        if obj is self._env:
            self._owner.unsaved = True
            return
        self._real.dump(obj, file, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class _SourcesKnown:
    """Sphinx lists the vault's documents anew before every build: a glob over every
    folder, each name matched against the exclude patterns, a tenth of a second at 1,000
    notes. A save that cannot change that list (the watcher says which paths changed) uses
    the last one again."""

    def __init__(self) -> None:
        self.last: tuple[set[str], dict[Path, str], dict[str, Path]] | None = None

    @contextlib.contextmanager
    def listed(self, app: Any, changed: Sequence[Path] | None) -> Any:
        """During a build of ``app``: Sphinx's discovery, or the last one's list when none
        of the ``changed`` paths (None: unknown) can change it."""
        project = app.env.project
        real = project.discover
        last = self.last
        suffixes = tuple(app.config.source_suffix)
        known = (
            last is not None
            and changed is not None
            and _same_documents(changed, Path(app.srcdir), last[1], suffixes)
        )

        def discover(*args: Any, **kwargs: Any) -> set[str]:
            if known and last is not None:  # the same containers, refilled (as discover)
                docnames, to_doc, to_path = _listing(project)
                docnames.clear()
                docnames.update(last[0])
                to_doc.clear()
                to_doc.update(last[1])
                to_path.clear()
                to_path.update(last[2])
                return project.docnames  # type: ignore[no-any-return]
            found = real(*args, **kwargs)
            docnames, to_doc, to_path = _listing(project)
            self.last = (set(docnames), dict(to_doc), dict(to_path))
            return found  # type: ignore[no-any-return]

        project.discover = discover  # never pickled: gone before the environment is saved
        try:
            yield
        finally:
            del project.discover


def _listing(project: Any) -> tuple[set[str], dict[Path, str], dict[str, Path]]:
    return project.docnames, project._path_to_docname, project._docname_to_path


def _same_documents(
    changed: Sequence[Path], vault: Path, listed: dict[Path, str], suffixes: tuple[str, ...]
) -> bool:
    """Whether Sphinx's list of documents (``listed``: vault-relative path → docname) is
    still right after ``changed``: each path is a listed document that is still a file
    (an edit), or a name no document can have (no source suffix) that is a file or gone
    (an attachment, an editor's temporary file) and was not the folder of a listed one."""
    import stat

    relpaths = _inside(changed, vault)
    if relpaths is None:
        return False
    for path, relpath in zip(changed, relpaths, strict=True):
        try:
            mode: int | None = path.lstat().st_mode
        except FileNotFoundError:
            mode = None
        except OSError:
            return False
        if mode is not None and not stat.S_ISREG(mode):
            return False  # a folder (moved in, say), a symlink
        if Path(relpath) in listed:
            if mode is None:
                return False  # a document deleted
            continue
        if relpath.endswith(suffixes):
            return False  # a new document
        if mode is None and any(p.as_posix().startswith(relpath + "/") for p in listed):
            return False  # a folder that went away with its documents
    return True


@contextlib.contextmanager
def _static_files_kept(app: Any, changed: Sequence[Path]) -> Any:
    """Sphinx copies every static file of the theme and of ``html_static_path`` (hundreds)
    in every build; in the preview, only a save inside one of those folders (or the logo or
    favicon) can change them."""
    builder = app.builder
    config = app.config
    sources = [Path(builder.confdir, entry) for entry in config.html_static_path]
    sources += [
        Path(builder.confdir, str(name)) for name in (config.html_logo, config.html_favicon) if name
    ]
    theme = getattr(builder, "theme", None)
    sources += [Path(d) for d in (theme.get_theme_dirs() if theme else ())]
    roots = [s.resolve() for s in sources]
    if not hasattr(builder, "copy_static_files") or any(
        p.resolve().is_relative_to(root) for p in changed for root in roots
    ):
        yield
        return
    builder.copy_static_files = lambda: None
    try:
        yield
    finally:
        del builder.copy_static_files


def _inside(paths: Sequence[Path], vault: Path) -> list[str] | None:
    """The vault-relative posix paths of ``paths``; None when one is not in the vault (or
    none is given): then only a whole scan can tell what changed."""
    root = vault.resolve()
    found = []
    for path in paths:
        try:
            found.append(path.relative_to(root).as_posix())
        except ValueError:
            return None
    return found or None


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
    rebuild = Rebuilder(
        vault, out, jobs=jobs, quiet=quiet, url=f"http://{url_host}", freeze_heap=True
    )
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
