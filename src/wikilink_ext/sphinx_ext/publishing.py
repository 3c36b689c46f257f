"""Sphinx reads exactly the notes the vault scan publishes, and nothing else.

The scan (:mod:`wikilink_ext.vault.scan`) lists every note with its publish decision
(:mod:`wikilink_ext.vault.publish`). This module makes Sphinx obey it before any document
is read, so an unpublished note, or a file reached through a symlink that leaves the vault,
never reaches a doctree, ``_sources/``, the search index, the navigation, the PDF or any
data derived from them:

- files Sphinx cannot even open (dangling symlinks, loops, symlinked folders) and notes
  whose names are stored in NFD are excluded by an escaped (literal) pattern, so Sphinx's
  own file discovery neither warns nor follows them;
- every other document Sphinx found is dropped from ``env.found_docs`` unless it is
  published (``env-get-outdated``, which runs after discovery and before reading);
- NFD-named notes are added back under their NFC docname, read from their real path;
- notes that are not UTF-8 are read with replacement characters instead of stopping the
  build (the scan warns about each).
"""

from __future__ import annotations

import codecs
import glob
import posixpath
from collections.abc import Collection
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..vault.publish import excluded_reason
from ..vault.scan import unsafe_paths
from .defaults import ProjectWithHome
from .domain import vault_domain
from .messages import Problem, warn

CODEC = "wikilink-utf-8-replace"


def _codec(name: str) -> codecs.CodecInfo | None:
    if name != CODEC.replace("-", "_") and name != CODEC:
        return None
    utf8 = codecs.lookup("utf-8-sig")

    def decode(data: Any, errors: str = "strict") -> tuple[str, int]:
        return utf8.decode(data, "replace")

    def incremental(errors: str = "strict") -> codecs.IncrementalDecoder:
        return utf8.incrementaldecoder("replace")

    return codecs.CodecInfo(
        name=CODEC,
        encode=utf8.encode,
        decode=decode,
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=incremental,
        streamreader=utf8.streamreader,
        streamwriter=utf8.streamwriter,
    )


codecs.register(_codec)


def exclude_unsafe(app: Sphinx, config: Config) -> None:
    """Keep Sphinx's file discovery (which follows symlinks) away from what it must not open.

    Runs when the configuration is read, before Sphinx first looks for documents; the
    patterns are escaped, so a name such as ``Plan [draft].md`` is matched literally.
    """
    links, nfd = unsafe_paths(app.srcdir)
    for path in sorted(links | nfd):
        pattern = glob.escape(path)
        if pattern not in config.exclude_patterns:
            config.exclude_patterns.append(pattern)


def report(app: Sphinx, changed_paths: Collection[str] | None = None) -> None:
    """Report what the scan skipped or could not read, each at its file: every problem, in
    every build, whichever paths changed (``changed_paths``, from the live preview)."""
    for problem in vault_domain(app.env).scan.problems:
        location = f"{Path(app.srcdir, problem.relpath)}:{problem.line}"
        warn(Problem(problem.subtype), problem.message, location)
    encoding = str(app.config.source_encoding).replace("_", "-").lower()
    if encoding in ("utf-8", "utf-8-sig", "utf8"):
        app.env.settings["input_encoding"] = CODEC  # a note that is not UTF-8 is reported


def keep_published(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Drop every document that is not published; add NFD-named notes under NFC names."""
    domain = vault_domain(env)
    scan = domain.scan
    project: Any = env.project
    generated_home = getattr(project, "home_docname", None)  # defaults.ProjectWithHome
    for docname in sorted(env.found_docs):
        if docname == generated_home:
            continue  # written below, from published notes only
        # the path as discovered, relative to the vault (no absolute path built and cut
        # again: this runs for every note before every build, the live preview's too)
        found = env.doc2path(docname, False)
        relpath = "" if found.is_absolute() else posixpath.normpath(found.as_posix())
        if relpath.startswith("../"):  # a source outside the vault: never a note of it
            relpath = ""
        frontmatter = scan.notes.get(docname) if relpath.endswith(".md") else None
        keep = frontmatter is not None and frontmatter.publish
        if relpath and not relpath.endswith(".md") and excluded_reason(relpath) is None:
            # a .rst (or other) source would escape the publish rules and the boundary
            warn(
                Problem.UNPUBLISHED,
                f"not a Markdown note ({posixpath.splitext(relpath)[1] or 'no suffix'}); "
                "only .md notes are published, so it is not read",
                f"{env.srcdir / found}:1",
            )
        if not keep:
            project.docnames.discard(docname)
            added.discard(docname)
            changed.discard(docname)
            if docname in env.all_docs:
                removed.add(docname)
    for docname, real in sorted(scan.paths.items()):
        frontmatter = scan.notes.get(docname)
        if frontmatter is None or not frontmatter.publish:
            continue
        project.docnames.add(docname)
        project._docname_to_path[docname] = Path(real)
        project._path_to_docname[Path(real)] = docname
        # Sphinx discovered it under its raw name, so it called the saved one "removed"
        removed.discard(docname)
        if docname not in env.all_docs:
            added.add(docname)
        elif _outdated(env, docname, env.srcdir / real):
            changed.add(docname)
    if isinstance(project, ProjectWithHome) and generated_home:
        notes = sorted(d for d in project.docnames if d != generated_home)
        if project.write_home(notes) and generated_home in env.all_docs:
            changed.add(generated_home)
    domain.removed_docs = removed  # the final set, read when the build is finished
    domain.copied_before = _copied_files(env)  # before Sphinx forgets what removed docs used
    return []


def _outdated(env: BuildEnvironment, docname: str, path: Path) -> bool:
    """Sphinx's rule for a saved document (re-read always, no doctree, the file or a
    dependency newer than the last read), for a note whose file Sphinx names otherwise:
    reading it again on every build made each rebuild read every renamed note
    (``145%.md``). Times are whole microseconds, rounded up, as Sphinx stores them."""

    def changed_since(file: Path, read: int) -> bool:
        try:
            return -(file.stat().st_mtime_ns // -1_000) > read
        except OSError:
            return True

    if docname in env.reread_always:
        return True
    if not Path(env.doctreedir, f"{docname}.doctree").is_file():
        return True
    read = env.all_docs[docname]
    if changed_since(path, read):
        return True
    return any(changed_since(env.srcdir / dep, read) for dep in env.dependencies.get(docname, ()))


def _copied_files(env: BuildEnvironment) -> set[str]:
    """Output paths (relative to the image or download folder) of every image and download
    the documents use: ``_images/<name>`` and ``_downloads/<hash>/<name>``."""
    images = {f"i/{unique}" for _, unique in env.images.values()}
    return images | {f"d/{dest}" for _, dest in env.dlfiles.values()}


def remove_stale_output(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """A note that was published by an earlier build and is not any more (``publish: false``
    added, moved to ``.trash``, deleted) loses its page, its ``_sources`` copy and its
    doctree, and an image or download no page uses any more is deleted: Sphinx leaves
    them in place, and the output must equal a clean build's. Runs once the notes are read,
    before any page is written or packed (the EPUB packs what its folder holds)."""
    removed: set[str] = getattr(vault_domain(app.env), "removed_docs", set())
    builder: Any = app.builder
    outdir = Path(app.outdir).resolve()
    before: set[str] = getattr(vault_domain(app.env), "copied_before", set())
    for gone in sorted(before - _copied_files(app.env)):  # no page uses it any more
        kind, _, name = gone.partition("/")
        folder = getattr(builder, "imagedir", "_images") if kind == "i" else "_downloads"
        path = Path(app.outdir, folder, name)
        if path.resolve().is_relative_to(outdir) and path.is_file():
            path.unlink()
            if kind == "d" and path.parent != outdir and not any(path.parent.iterdir()):
                path.parent.rmdir()
    for folder in {getattr(builder, "imagedir", "_images"), "_downloads"} - {""}:
        path = Path(app.outdir, folder)
        if path.resolve() != outdir and path.is_dir() and not any(path.iterdir()):
            path.rmdir()  # a clean build has none
    for docname in sorted(removed):
        if docname in app.env.all_docs:
            continue
        stale: list[Path] = [Path(app.doctreedir, docname + ".doctree")]
        if hasattr(builder, "get_outfilename"):
            stale.append(Path(builder.get_outfilename(docname)))
        elif getattr(builder, "out_suffix", None):
            stale.append(Path(app.outdir, docname + builder.out_suffix))
        stale += Path(app.outdir, "_sources").glob(glob.escape(docname) + ".*")
        for path in stale:
            inside = path.resolve().is_relative_to(outdir) or path.resolve().is_relative_to(
                Path(app.doctreedir).resolve()
            )
            if inside and path.is_file():
                path.unlink()
    return []


def forget_removed_words(app: Sphinx) -> list[Any]:
    """Sphinx prunes a removed document from the search index but keeps its words, with no
    page: a stem of an unpublished note's title would stay searchable text. Runs before the
    index is written (``html-collect-pages``); adds no page."""
    indexer: Any = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    indexer.prune(app.env.all_docs)
    for name in ("_mapping", "_title_mapping"):  # word -> docnames, kept across builds
        mapping = getattr(indexer, name, None)
        if isinstance(mapping, dict):
            for word in [w for w, docs in mapping.items() if not docs]:
                del mapping[word]
    return []


def source_name(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The ``_sources`` copy of a note stored under another name than its docname.

    Sphinx derives the suffix by cutting the docname's length off the file name, which
    gives garbage when the two differ (an NFD name, an encoded one): the copy is named
    from the docname instead, so the page's "source" link and the file agree. Its ``%``
    escapes become ``_``: themes write this name into a link without quoting it, and a
    browser would decode ``%27`` in the link to a file name that does not exist.
    """
    real = vault_domain(app.env).scan.paths.get(pagename)
    if real is None or not context.get("sourcename"):
        return
    suffix = posixpath.splitext(real)[1]
    link_suffix = str(app.config.html_sourcelink_suffix)
    name = pagename.replace("%", "_")
    context["sourcename"] = name + suffix + (link_suffix if link_suffix != suffix else "")
    context["page_source_suffix"] = suffix
