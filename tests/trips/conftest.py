"""The `trip` fixture: see `tests/trips/helpers.py`."""

from tests.trips.helpers import trip

__all__ = ["trip"]
