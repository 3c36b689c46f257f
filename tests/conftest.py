from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"

# Properties are about results, never speed: Hypothesis's per-example deadline made them fail
# on a loaded machine (speed lives in `nox -s bench`).
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def book_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book's PDF (its XeLaTeX log next to it, same name, ``.log``): the one ``nox -s pdf``
    made when it and its log are newer than every source, else built here once per session
    where XeLaTeX and latexmk are installed (skipped, saying so, where not)."""
    from artifacts import BUILT_PDF, BUILT_PDF_LOG, build_pdf, fresh, latex_tools_missing

    if fresh(BUILT_PDF) and fresh(BUILT_PDF_LOG):
        return BUILT_PDF
    missing = latex_tools_missing()
    if missing:
        pytest.skip(f"no fresh build/pdf and no {' or '.join(missing)} to build it")
    return build_pdf(tmp_path_factory.mktemp("pdf"))


def copy_root(name: str, dst: Path) -> Path:
    """A fresh, writable copy of ``tests/roots/test-<name>`` for builds that edit the vault."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(ROOTS / f"test-{name}", dst)
    return dst


def zero_config_vault(tmp_path: Path) -> Path:
    """The compatibility vault as a new user has it: no conf.py, no bibliography."""
    root = copy_root("compat", tmp_path / "My Vault")
    (root / "conf.py").unlink()
    (root / "refs.bib").unlink()
    return root
