"""Work counted, not timed: the same figure on a busy machine as on an idle one."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any


def work(run: Callable[[], object], extra: Callable[[], int] = lambda: 0) -> int:
    """Python calls during ``run()`` plus lines executed in wikilink_ext (a loop that rescans
    its input shows even when it calls nothing), plus ``extra()`` counted by the caller."""
    count = 0

    def lines(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return lines

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return lines if "wikilink_ext" in frame.f_code.co_filename else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        run()
    finally:
        sys.settrace(previous)
    return count + extra()
