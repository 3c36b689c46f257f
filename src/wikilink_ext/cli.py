"""``python -m wikilink_ext build VAULT [OUT] [--pdf]``: publish a vault with no conf.py.

The vault is the Sphinx source directory. Configuration, in order of precedence: a
``conf.py`` in the vault (then used as is); else ``[tool.wikilink_ext]`` of a
``pyproject.toml`` in the vault, over the defaults below and those the extension sets
itself (:mod:`wikilink_ext.sphinx.defaults`).
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

__all__ = ["build", "main", "settings"]

EXCLUDE = [".obsidian", ".trash", ".git", "_build", "node_modules", "**/.*"]


def _theme() -> str:
    return "sphinx_book_theme" if importlib.util.find_spec("sphinx_book_theme") else "alabaster"


def settings(vault: Path) -> dict[str, Any]:
    """The configuration for a vault without conf.py: defaults, then its pyproject table."""
    values: dict[str, Any] = {
        "extensions": ["wikilink_ext"],
        "project": vault.resolve().name,
        "html_theme": _theme(),
        "exclude_patterns": list(EXCLUDE),
    }
    if importlib.util.find_spec("sphinxcontrib.bibtex") and any(vault.glob("*.bib")):
        values["extensions"].append("sphinxcontrib.bibtex")
        values["bibtex_bibfiles"] = sorted(p.name for p in vault.glob("*.bib"))
    pyproject = vault / "pyproject.toml"
    if pyproject.is_file():
        table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        values.update(table.get("tool", {}).get("wikilink_ext", {}))
    if "wikilink_ext" not in values["extensions"]:
        values["extensions"] = ["wikilink_ext", *values["extensions"]]
    return values


def build(
    vault: Path,
    out: Path,
    *,
    pdf: bool = False,
    jobs: int = 1,
    strict: bool = False,
    quiet: bool = False,
) -> int:
    """Build HTML (or a PDF) of ``vault`` into ``out``; the exit status."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    has_conf = (vault / "conf.py").is_file()
    overrides = {} if has_conf else settings(vault)
    builder = "latex" if pdf else "html"
    outdir = out / builder
    status = None if quiet else sys.stdout
    with patch_docutils(vault), docutils_namespace():
        app = Sphinx(
            srcdir=vault,
            confdir=vault if has_conf else None,
            outdir=outdir,
            doctreedir=out / ".doctrees",
            buildername=builder,
            confoverrides=overrides,
            status=status,
            warning=sys.stderr,
            warningiserror=strict,
            parallel=jobs,
            keep_going=True,
        )
        app.build()
        code = app.statuscode
    if code or not pdf:
        return code
    make = shutil.which("make")
    if make is None:
        print("wikilink-ext: `make` is needed to run LaTeX", file=sys.stderr)
        return 1
    return subprocess.run([make, "-C", str(outdir), "all-pdf"], check=False).returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="wikilink-ext", description="Publish an Obsidian vault with Sphinx."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("build", help="build a vault's HTML (or PDF)")
    run.add_argument("vault", type=Path, help="the vault folder")
    run.add_argument("out", type=Path, nargs="?", help="output folder (default: _build/VAULT)")
    run.add_argument("--pdf", action="store_true", help="a PDF through LaTeX instead of HTML")
    run.add_argument("-j", "--jobs", default="auto", help="parallel processes (default: auto)")
    run.add_argument("-W", "--strict", action="store_true", help="warnings are errors")
    run.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    run.add_argument(
        "--force",
        action="store_true",
        help="build a file-system root or a home folder that has no .obsidian folder",
    )
    args = parser.parse_args(argv)
    vault: Path = args.vault
    if not vault.is_dir():
        parser.error(f"not a folder: {vault}")
    refused = None if args.force else refusal(vault)
    if refused:
        parser.error(f"{refused}; name the vault's folder, or add --force")
    out: Path = args.out or Path("_build", vault.resolve().name)
    jobs = (os.cpu_count() or 1) if args.jobs == "auto" else int(args.jobs)
    start = time.perf_counter()
    code = build(vault, out, pdf=args.pdf, jobs=jobs, strict=args.strict, quiet=args.quiet)
    where = out / ("latex" if args.pdf else "html")
    print(f"wikilink-ext: {where} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return code
