"""How often Python's cyclic garbage collector runs, tuned for stores of 100,000 events."""

from __future__ import annotations

import gc

# Python's defaults (700, 10, 10) make a full pass over every object each time the heap grows by a quarter:
# loading 100,000 events makes a dozen of them, each holding every thread, the window's included, for ~1 s.
# Nearly everything Hattama allocates is freed by reference counting, so the passes are made rarer, not skipped.
THRESHOLDS = (20_000, 10, 50)


def collect_less_often() -> None:
    gc.set_threshold(*THRESHOLDS)
