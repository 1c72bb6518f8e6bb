"""How often Python's cyclic garbage collector runs, tuned for stores of 100,000 events."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

# Python's defaults (700, 10, 10) make a full pass over every object each time the heap grows by a quarter:
# loading 100,000 events makes a dozen of them, each holding every thread, the window's included, for ~1 s.
# Nearly everything Hattama allocates is freed by reference counting, so the passes are made rarer, not skipped.
THRESHOLDS = (20_000, 10, 50)


def collect_less_often() -> None:
    gc.set_threshold(*THRESHOLDS)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collector pass while the block runs: for work that makes millions of short-lived objects without cycles
    (an import's or an export's records, dicts and tuples), which reference counting frees; the passes over them
    freed nothing and took about a tenth of an import or export of 10,000 events (issue 18.4). The collector runs
    again afterwards (its next pass finds whatever cycles were made meanwhile). Already paused: left to that pause.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
