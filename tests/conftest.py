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


def copy_root(name: str, dst: Path) -> Path:
    """A fresh, writable copy of ``tests/roots/test-<name>`` for builds that edit the vault."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(ROOTS / f"test-{name}", dst)
    return dst
