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
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..vault.publish import excluded_reason
from ..vault.scan import unsafe_paths
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


def report(app: Sphinx) -> None:
    """Report what the scan skipped or could not read, each at its file."""
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
    srcdir = Path(env.srcdir).resolve()
    generated_home = getattr(project, "home_docname", None)  # defaults.ProjectWithHome
    for docname in sorted(env.found_docs):
        if docname == generated_home:
            continue  # written by the build itself, from published notes only
        path = Path(env.doc2path(docname))
        try:
            relpath = posixpath.normpath(path.relative_to(env.srcdir).as_posix())
        except ValueError:  # a source outside the vault: never a note of it
            relpath = ""
        if not relpath:
            keep = False
        elif relpath.endswith(".md"):
            frontmatter = scan.notes.get(docname)
            keep = frontmatter is not None and frontmatter.publish
        else:  # another source format: the folder rules and the boundary still hold
            try:
                inside = path.resolve(strict=True).is_relative_to(srcdir)
            except (OSError, RuntimeError):
                inside = False
            keep = inside and excluded_reason(relpath, app.config.wikilink_ignore) is None
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
        (changed if docname in env.all_docs else added).add(docname)
    domain.removed_docs = removed  # the final set, read when the build is finished
    return []


def remove_stale_output(app: Sphinx, exception: Exception | None) -> None:
    """A note that was published by an earlier build and is not any more (``publish: false``
    added, moved to ``.trash``, deleted) loses its page, its ``_sources`` copy and its
    doctree: Sphinx leaves a removed document's output in place."""
    removed: set[str] = getattr(vault_domain(app.env), "removed_docs", set())
    if exception is not None or not removed:
        return
    builder: Any = app.builder
    outdir = Path(app.outdir).resolve()
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
