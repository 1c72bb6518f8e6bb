"""The entry point makes the cyclic collector's full passes rarer (they froze the window at 100,000 events)."""

from __future__ import annotations

import gc

import pytest

from hattama.cli import main
from hattama.collector import THRESHOLDS


@pytest.fixture
def restored_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # Python's defaults, as a fresh interpreter has them
    yield
    gc.set_threshold(*before)


def test_the_entry_point_sets_the_collector_thresholds(restored_thresholds, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert gc.get_threshold() == THRESHOLDS
    assert THRESHOLDS[0] > 700 and gc.isenabled()  # rarer, never switched off
