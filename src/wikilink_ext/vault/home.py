"""Which note is the vault's home page.

No real vault has an ``index`` note: Obsidian users call it ``Home``, ``README``,
``Welcome`` or after the vault, or have none. The first of these names that a top-level
note carries (case-insensitively) is the home note; ``None`` means the build generates one.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["HOME_NAMES", "find_home_note"]

HOME_NAMES: tuple[str, ...] = ("index", "home", "readme", "welcome")


def find_home_note(docnames: Iterable[str], vault_name: str = "") -> str | None:
    """The home note among ``docnames`` (vault-relative, no ``.md``), or ``None``.

    Only notes at the top of the vault count; ``vault_name`` is the vault folder's name.
    Exact case wins over other cases of the same name.
    """
    top = sorted(d for d in docnames if "/" not in d)
    names = [*HOME_NAMES, vault_name.casefold()] if vault_name.strip() else list(HOME_NAMES)
    for name in names:
        matches = [d for d in top if d.casefold() == name]
        if matches:
            return min(matches, key=lambda d: (d != name, d))
    return None
