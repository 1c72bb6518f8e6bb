"""Loaded by every Python process of `make test-faketime` (the Makefile puts this folder on PYTHONPATH).

The suite runs under libfaketime with the monotonic clock left real (FAKETIME_DONT_FAKE_MONOTONIC=1): a faked
monotonic clock makes every timed wait hang, since Python waits through sem_clockwait(CLOCK_MONOTONIC), which
libfaketime does not intercept (wolfcw/libfaketime#390). But libfaketime 0.9.10 then still shifts the absolute
deadline Python 3.11's `time.sleep` passes to clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME), which the kernel
refuses with EINVAL (wolfcw/libfaketime#426, fixed after 0.9.10). So, in this setting only, `time.sleep` waits
with select() and a relative timeout instead, which libfaketime passes through unchanged.
"""

from __future__ import annotations

import os
import select
import sys
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        select.select([], [], [], remaining)


if ("faketime" in os.environ.get("LD_PRELOAD", "") and os.environ.get("FAKETIME_DONT_FAKE_MONOTONIC") == "1"
        and sys.version_info >= (3, 11)):
    time.sleep = _sleep
