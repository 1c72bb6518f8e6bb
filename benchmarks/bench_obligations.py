"""Times `obligations_for_events` on 100,000 synthetic events (target: at most 1 s).

Run: .venv/bin/python benchmarks/bench_obligations.py [--events N] [--runs R]

Baselines measured in the same run, on the same machine:
- building the 100,000 EventFacts (the cost of merely having the input);
- the same obligations with a naive calendar that walks day by day instead of bisecting year tables.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

from desktop.rules.calendar import WorkingCalendar
from desktop.rules.exemptions import ExemptionArea
from desktop.rules.facts import BodyFacts, EventFacts
from desktop.rules.obligations import DoneMark, ObligationKind, obligations_for_events

TODAY = date(2025, 6, 16)
COUNTRIES = ("KZ",) * 6 + ("RU", "CN", "US", "DE", "TR", "UZ", "FR", "AE")
AREAS = (None,) * 18 + tuple(ExemptionArea)[:2]


def event_rows(count: int, seed: int = 1037) -> list[tuple]:
    """Deterministic raw rows: 2024-2026, a third of the events in series of 2-5 meetings."""
    rng = random.Random(seed)
    rows: list[tuple] = []
    series_number = 0
    first_day = datetime(2024, 1, 1, 9, 0)
    while len(rows) < count:
        size = rng.randint(2, 5) if rng.random() < 0.12 else 1
        series_id = f"S{series_number}" if size > 1 else None
        series_number += size > 1
        starts_at = first_day + timedelta(days=rng.randrange(3 * 365), hours=rng.randrange(9))
        country = "KZ" if series_id else rng.choice(COUNTRIES)
        for _ in range(min(size, count - len(rows))):
            ends_at = starts_at + timedelta(hours=rng.randint(1, 60))
            rows.append((f"E{len(rows)}", starts_at, ends_at, country, rng.random() < 0.7, rng.random() < 0.3,
                         rng.choice(AREAS), series_id, None, rng.random() < 0.9))
            starts_at = ends_at + timedelta(hours=rng.randint(1, 30))
    return rows


def build_events(rows: list[tuple]) -> list[EventFacts]:
    return [EventFacts(*row) for row in rows]


class DayByDayCalendar(WorkingCalendar):
    """The naive arithmetic a first version would write: step one calendar day at a time."""

    def add_working_days(self, start: date, count: int) -> date:
        day = start
        while count:
            day += timedelta(days=1)
            count -= self.is_working_day(day)
        return day

    def last_working_day_on_or_before(self, day: date) -> date:
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        if end < start:
            return -self.working_days_between(end, start)
        return sum(self.is_working_day(start + timedelta(days=offset)) for offset in range(1, (end - start).days + 1))


def timings(run: Callable[[], object], runs: int) -> list[float]:
    results = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        results.append(time.perf_counter() - started)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    arguments = parser.parse_args()

    rows = event_rows(arguments.events)
    events = build_events(rows)
    done_marks = [DoneMark(ObligationKind.POST_EVENT_REPORT, event.id, event.ends_at.date() + timedelta(days=3))
                  for event in events[::4]]
    body = BodyFacts()

    def compute(calendar: WorkingCalendar) -> Callable[[], object]:
        return lambda: obligations_for_events(events, body, done_marks, calendar, TODAY)

    fast_calendar, naive_calendar = WorkingCalendar(), DayByDayCalendar()
    obligations = compute(fast_calendar)()  # also warms the year tables, as an app session would
    assert obligations == compute(naive_calendar)(), "the naive calendar must give the same obligations"

    engine = timings(compute(fast_calendar), arguments.runs)
    building = timings(lambda: build_events(rows), arguments.runs)
    naive = timings(compute(naive_calendar), max(1, arguments.runs // 3))

    print(f"events: {len(events):,}; obligations: {len(obligations):,}; "
          f"series: {len({event.series_id for event in events if event.series_id}):,}")
    print(f"obligations_for_events        best {min(engine):.3f} s  median {statistics.median(engine):.3f} s")
    print(f"baseline: build the EventFacts best {min(building):.3f} s  median {statistics.median(building):.3f} s"
          f"  (engine / baseline = {min(engine) / min(building):.2f})")
    print(f"baseline: day-by-day calendar  best {min(naive):.3f} s  median {statistics.median(naive):.3f} s"
          f"  (naive / engine = {min(naive) / min(engine):.2f})")
    print(f"target <= 1.000 s: {'met' if min(engine) <= 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
