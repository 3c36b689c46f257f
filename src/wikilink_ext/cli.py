"""``wikilink-ext build VAULT [OUT] [--pdf]`` and ``wikilink-ext serve VAULT``: publish a
vault with no conf.py.

The vault is the Sphinx source directory. Configuration, in order of precedence: a
``conf.py`` in the vault (then used as is); else ``[tool.wikilink_ext]`` of a
``pyproject.toml`` in the vault, over the defaults below and those the extension sets
itself (:mod:`wikilink_ext.sphinx_ext.defaults`).

A user's mistake (a missing folder, a theme that is not installed, ``-j abc``, invalid
TOML) ends with one line saying what to change and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .vault.location import refusal

__all__ = ["UsageError", "build", "main", "serve", "settings"]

EXCLUDE = [".obsidian", ".trash", ".git", "_build", "node_modules", "**/.*"]

CONFIGURATION = """\
configuration:
  VAULT/conf.py                 used as it is when the vault has one (any Sphinx project)
  VAULT/pyproject.toml          otherwise its [tool.wikilink_ext] table sets any Sphinx or
                                wikilink_ext option over the defaults, e.g.
                                  [tool.wikilink_ext]
                                  project = "My garden"
                                  html_theme = "furo"
  defaults                      project = the vault's name, html_theme = sphinx_book_theme,
                                every *.bib of the vault for [@key] citations
"""

LAYOUT = """\
output (OUT, default ./_build/<vault name>):
  OUT/html/                     the site: open OUT/html/index.html, or upload the folder
  OUT/latex/<project>.pdf       with --pdf: the PDF (and its LaTeX sources)
  OUT/.doctrees/                saved state: the next build re-reads only changed notes
"""


class UsageError(Exception):
    """A mistake of the user's, reported as one line (no traceback)."""


def _theme() -> str:
    return "sphinx_book_theme" if importlib.util.find_spec("sphinx_book_theme") else "alabaster"


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def _tool_table(vault: Path) -> dict[str, Any]:
    pyproject = vault / "pyproject.toml"
    if not pyproject.is_file():
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"{pyproject}: not valid TOML ({error})") from None
    table = data.get("tool", {}).get("wikilink_ext", {})
    if not isinstance(table, dict):
        raise UsageError(f"{pyproject}: [tool.wikilink_ext] must be a table of options")
    return table


def settings(vault: Path) -> dict[str, Any]:
    """The configuration for a vault without conf.py: defaults, then its pyproject table."""
    values: dict[str, Any] = {
        "extensions": ["wikilink_ext"],
        "project": vault.resolve().name,
        "html_theme": _theme(),
        "exclude_patterns": list(EXCLUDE),
    }
    # a *.bib that is a symlink leaving the vault is not read (the scan says so)
    bibs = sorted(p.name for p in vault.glob("*.bib") if p.is_file() and _inside(p, vault))
    if importlib.util.find_spec("sphinxcontrib.bibtex") and bibs:
        values["extensions"].append("sphinxcontrib.bibtex")
        values["bibtex_bibfiles"] = bibs
    values.update(_tool_table(vault))
    if "wikilink_ext" not in values["extensions"]:
        values["extensions"] = ["wikilink_ext", *values["extensions"]]
    return values


def _sphinx(
    vault: Path, out: Path, builder: str, *, jobs: int, strict: bool, quiet: bool
) -> tuple[int, Any]:
    """Run one Sphinx builder; (status, the application's configuration)."""
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    has_conf = (vault / "conf.py").is_file()
    overrides = {} if has_conf else settings(vault)
    if not has_conf and _inside(out, vault):  # "_site" in the vault: never read as notes
        inner = out.resolve().relative_to(vault.resolve()).as_posix()
        overrides["exclude_patterns"] = [*overrides["exclude_patterns"], inner, f"{inner}/**"]
    try:
        with patch_docutils(vault), docutils_namespace():
            app = Sphinx(
                srcdir=vault,
                confdir=vault if has_conf else None,
                outdir=out / builder,
                doctreedir=out / ".doctrees",
                buildername=builder,
                confoverrides=overrides,
                status=None if quiet else sys.stdout,
                warning=sys.stderr,
                warningiserror=strict,
                parallel=jobs,
                keep_going=True,
            )
            app.build()
            return app.statuscode, app.config
    except SphinxError as error:  # a missing theme or extension, a bad option value
        raise UsageError(f"{error.category}: {error}") from None


def _pdf_names(config: Any) -> list[str]:
    return [Path(str(entry[1])).with_suffix(".pdf").name for entry in config.latex_documents]


def build(
    vault: Path,
    out: Path,
    *,
    pdf: bool = False,
    jobs: int = 1,
    strict: bool = False,
    quiet: bool = False,
) -> int:
    """Build the HTML site of ``vault`` into ``out/html`` (and, with ``pdf``, the PDF in
    ``out/latex``); the exit status. Prints where the results are."""
    code, _ = _sphinx(vault, out, "html", jobs=jobs, strict=strict, quiet=quiet)
    if code or not pdf:
        return code
    code, config = _sphinx(vault, out, "latex", jobs=jobs, strict=strict, quiet=quiet)
    if code:
        return code
    make = shutil.which("make")
    if make is None or shutil.which("latexmk") is None:
        print("wikilink-ext: `make` and `latexmk` (TeX Live) are needed for --pdf", file=sys.stderr)
        return 1
    latex = out / "latex"
    command = [make, "-C", str(latex), "all-pdf"]
    done: subprocess.CompletedProcess[Any]
    if quiet:
        command.append("LATEXMKOPTS=-silent")
        done = subprocess.run(command, check=False, capture_output=True, text=True)
        if done.returncode:
            sys.stderr.write(done.stdout[-4000:] + done.stderr[-2000:])
    else:
        done = subprocess.run(command, check=False)
    if done.returncode:
        print(f"wikilink-ext: LaTeX failed; see the .log files in {latex}", file=sys.stderr)
        return done.returncode
    for name in _pdf_names(config):
        print(f"wikilink-ext: PDF {latex / name}")
    return 0


# -- the command line ----------------------------------------------------------------------


def _jobs(text: str) -> int:
    if text == "auto":
        return os.cpu_count() or 1
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 'auto' or a whole number from 1, not {text!r}")
    return value


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("vault", type=Path, help="the vault folder")
    command.add_argument(
        "out", type=Path, nargs="?", help="output folder (default: ./_build/<vault name>)"
    )
    command.add_argument(
        "-j", "--jobs", type=_jobs, default="auto", help="parallel processes (default: auto)"
    )
    command.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    command.add_argument(
        "--force",
        action="store_true",
        help="build a file-system root or a home folder that has no .obsidian folder",
    )


def _parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    from . import __version__

    top = argparse.ArgumentParser(
        prog="wikilink-ext",
        description="Publish an Obsidian vault with Sphinx: a website, a PDF, a live preview.",
        epilog="wikilink-ext COMMAND --help tells more.",
    )
    top.add_argument("--version", action="version", version=f"wikilink-ext {__version__}")
    top.add_argument("command", choices=["build", "serve"], help="build or serve")
    formatter = argparse.RawDescriptionHelpFormatter
    build_cmd = argparse.ArgumentParser(
        prog="wikilink-ext build",
        description="Build a vault's HTML site (and, with --pdf, its PDF).",
        epilog=CONFIGURATION + "\n" + LAYOUT,
        formatter_class=formatter,
    )
    _common(build_cmd)
    build_cmd.add_argument("--pdf", action="store_true", help="also the PDF, through LaTeX")
    build_cmd.add_argument("-W", "--strict", action="store_true", help="warnings are errors")
    serve_cmd = argparse.ArgumentParser(
        prog="wikilink-ext serve",
        description="Live preview: build the site, serve it, rebuild and reload on every save "
        "(sphinx-autobuild).",
        epilog=CONFIGURATION + "\n" + LAYOUT,
        formatter_class=formatter,
    )
    _common(serve_cmd)
    serve_cmd.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8000, help="default: 8000 (0: any free)")
    for command in (build_cmd, serve_cmd):
        command.add_argument("--version", action="version", version=f"wikilink-ext {__version__}")
    return top, {"build": build_cmd, "serve": serve_cmd}


def _check_paths(vault: Path, out: Path, *, force: bool = False) -> None:
    if not vault.exists():
        raise UsageError(f"{vault}: no such folder (give the path of your vault)")
    if not vault.is_dir():
        raise UsageError(f"{vault}: is a file; give the vault's folder")
    refused = None if force else refusal(vault)
    if refused:
        raise UsageError(f"{refused}; name the vault's folder, or add --force")
    if not any(_notes(vault)):
        raise UsageError(f"{vault}: no notes (*.md) in this folder; is it the vault?")
    if _inside(out, vault):
        relative = out.resolve().relative_to(vault.resolve())
        if not any(part.startswith((".", "_")) for part in relative.parts):
            raise UsageError(
                f"{out}: the output folder is inside the vault, where its pages would be read "
                "as notes; choose a folder outside it, or one starting with '_' or '.'"
            )


def _notes(vault: Path) -> Any:
    for folder, dirs, files in os.walk(vault):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(".md"):
                yield Path(folder, name)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    top, commands = _parsers()
    position = next((i for i, a in enumerate(arguments) if a in commands), None)
    if position is None:
        top.parse_args(arguments)  # --help, --version, or a usage error
        return 2
    command = commands[arguments[position]]
    args = command.parse_intermixed_args(arguments[:position] + arguments[position + 1 :])
    vault: Path = args.vault
    out: Path = args.out or Path("_build", vault.resolve().name)
    try:
        _check_paths(vault, out, force=args.force)
        if arguments[position] == "serve":
            return serve(
                vault, out, host=args.host, port=args.port, jobs=args.jobs, quiet=args.quiet
            )
        start = time.perf_counter()
        code = build(vault, out, pdf=args.pdf, jobs=args.jobs, strict=args.strict, quiet=args.quiet)
    except UsageError as error:
        print(f"wikilink-ext: error: {error}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - start
    print(f"wikilink-ext: HTML {out / 'html'} in {seconds:.1f} s", file=sys.stderr)
    return code


# -- serve ---------------------------------------------------------------------------------


def serve(vault: Path, out: Path, *, host: str, port: int, jobs: int, quiet: bool = False) -> int:
    """Run the live preview until interrupted (:mod:`wikilink_ext.preview`)."""
    if importlib.util.find_spec("sphinx_autobuild") is None:
        raise UsageError("serve needs sphinx-autobuild: python -m pip install sphinx-autobuild")
    from .preview import preview

    try:
        return preview(vault, out, host=host, port=port, jobs=jobs, quiet=quiet)
    except KeyboardInterrupt:
        return 0
