"""An import reads and checks its next records on a thread of its own while the batch before is written (issue
18.4): SQLite lets go of Python's interpreter lock while it writes, so the reading (JSON, the schema, the rules)
no longer waits for the writing, nor the writing for the reading."""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from queue import Full, Queue
from typing import Any, TypeVar

R = TypeVar("R")
_POLL_SECONDS = 0.1  # how often a reader waiting for room looks whether the caller has stopped


@dataclass(frozen=True)
class _Failed:
    error: BaseException


_END = object()


def read_ahead(items: Iterator[tuple[int, Any]], read: Callable[[int, Any], R], size: int,
               depth: int = 2) -> Generator[list[R], None, None]:
    """Batches of `read(index, values)` for the items, in their order, the last one possibly empty; at most
    `depth` batches are read ahead of the caller. What `read` or `items` raises is raised here, after the batches
    before it. Closing the iterator (the caller failed or stopped) stops the thread before it returns: nothing
    reads `items` any more."""
    ready: Queue[Any] = Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(item: Any) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=_POLL_SECONDS)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            batch: list[R] = []
            for index, values in items:
                if stop.is_set():
                    return
                batch.append(read(index, values))
                if len(batch) == size:
                    if not hand_over(batch):
                        return
                    batch = []
            if hand_over(batch):
                hand_over(_END)
        except BaseException as error:  # noqa: BLE001 (raised again on the caller's thread)
            hand_over(_Failed(error))

    reader = threading.Thread(target=produce, name="import-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            item = ready.get()  # the reader always hands over its end or its failure, unless told to stop
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        reader.join()
