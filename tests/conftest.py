from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def copy_root(name: str, dst: Path) -> Path:
    """A fresh, writable copy of ``tests/roots/test-<name>`` for builds that edit the vault."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(ROOTS / f"test-{name}", dst)
    return dst
