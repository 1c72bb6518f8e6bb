"""The import reads its next records on a thread of its own while a batch is written (issue 18.4): the batches
come in the file's order, a refusal comes after the batches before it, and a merge that fails stops the reading."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from hattama.services.errors import ServiceError
from hattama.services.interchange.read_ahead import read_ahead


def numbered(count: int, seen: list[int] | None = None) -> Iterator[tuple[int, Any]]:
    for index in range(count):
        if seen is not None:
            seen.append(index)
        yield index, {"n": index}


def test_batches_come_in_order_the_last_one_possibly_empty_read_on_another_thread() -> None:
    threads: set[str] = set()

    def read(index: int, values: Any) -> int:
        threads.add(threading.current_thread().name)
        return values["n"] * 10

    assert list(read_ahead(numbered(7), read, 3)) == [[0, 10, 20], [30, 40, 50], [60]]
    assert list(read_ahead(numbered(6), read, 3)) == [[0, 10, 20], [30, 40, 50], []]
    assert threads == {"import-read-ahead"}


def test_a_refused_record_is_raised_after_the_batches_before_it() -> None:
    def read(index: int, values: Any) -> int:
        if index == 7:
            raise ServiceError("The record at {path} is refused.", path=f"$.events[{index}]")
        return index

    batches = read_ahead(numbered(20), read, 3)
    assert [next(batches), next(batches)] == [[0, 1, 2], [3, 4, 5]]
    with pytest.raises(ServiceError) as refused:
        next(batches)
    assert refused.value.params == {"path": "$.events[7]"}


def test_a_failed_merge_stops_the_reading_a_few_batches_ahead() -> None:
    seen: list[int] = []
    batches = read_ahead(numbered(10_000, seen), lambda index, values: index, 10, depth=2)
    with pytest.raises(RuntimeError):
        for batch in batches:
            if batch[0] == 20:
                raise RuntimeError("the store refused the batch")
    batches.close()
    assert not [thread for thread in threading.enumerate() if thread.name == "import-read-ahead"]  # stopped
    # Three batches handed over, two waiting, one being made: the rest of the file is never read.
    assert len(seen) <= 70
