"""The one place Hattama asks what day it is.

Every calendar date and local time the application reasons with or proposes — what is overdue today, the years
the Dashboard covers, the demo's two years, the date a report is marked sent, a new event's default day, the
year the calendar opens on — comes from `today()` or `local_now()`. Tests pin them (tests/conftest.py), so no
result depends on the real date, and the suite is run under a faked system clock to prove nothing else reads it.

Instants that are compared with other real instants stay on the system clock: record modification times
(hattama.db.types.utc_now) and certificate validity at signing and verification, which must agree with the signing
time the cryptographic libraries stamp.
"""

from __future__ import annotations

import datetime as dt

_pinned: dt.datetime | None = None


def local_now() -> dt.datetime:
    """The local wall-clock time, naive (as the officer reads it)."""
    return _pinned if _pinned is not None else dt.datetime.now()


def today() -> dt.date:
    """The officer's local date."""
    return local_now().date()


def pin(moment: dt.datetime | None) -> None:
    """Stop the clock at a naive local `moment`; None starts it again. For tests and reproducible runs."""
    global _pinned
    if moment is not None and moment.tzinfo is not None:
        raise ValueError("pin the clock with a naive local time")
    _pinned = moment
