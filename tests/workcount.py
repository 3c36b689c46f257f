"""Work counted, not timed: the same figure on a busy machine as on an idle one."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

_RE_MODULE = os.path.dirname(re.__file__) + os.sep  # re.sub, re.match, re.split…


def work(run: Callable[[], object], extra: Callable[[], int] = lambda: 0) -> int:
    """Python calls during ``run()`` plus lines executed in wikilink_ext (a loop that rescans
    its input shows even when it calls nothing), plus the characters given to ``re``'s
    module functions (``re.sub(…, text)`` scans ``text`` in C, which a call count misses:
    re-running it on a growing string is n² steps), plus ``extra()`` counted by the caller."""
    count = 0

    def lines(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return lines

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        code = frame.f_code
        if code.co_filename.startswith(_RE_MODULE) and "string" in code.co_varnames:
            string = frame.f_locals.get("string")
            if isinstance(string, (str, bytes)):
                count += len(string)
        return lines if "wikilink_ext" in code.co_filename else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        run()
    finally:
        sys.settrace(previous)
    return count + extra()


class ScannedList(list[Any]):
    """A list that counts the items its C-level searches (``in``, ``index``, ``count``,
    ``remove``) step over, into :attr:`steps`: a search per item is n² steps, which a call
    count misses. Put one where the code keeps a list the test wants watched."""

    steps = 0

    def __contains__(self, item: object) -> bool:
        ScannedList.steps += len(self)
        return super().__contains__(item)

    def index(self, item: Any, *args: Any) -> int:
        ScannedList.steps += len(self)
        return super().index(item, *args)

    def count(self, item: Any) -> int:
        ScannedList.steps += len(self)
        return super().count(item)

    def remove(self, item: Any) -> None:
        ScannedList.steps += len(self)
        super().remove(item)
