"""Times `obligations_for_events` on 100,000 synthetic events (target: at most 1 s).

Run: .venv/bin/python benchmarks/bench_obligations.py [--events N] [--runs R]

Baselines measured in the same run, on the same machine:
- building the 100,000 EventFacts (the cost of merely having the input);
- the same obligations with a naive calendar that walks day by day instead of bisecting year tables;
- 100,000 bare add_working_days calls, with year tables and day by day.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hattama.rules.calendar import WorkingCalendar
from hattama.rules.exemptions import ExemptionArea
from hattama.rules.facts import BodyFacts, EventFacts
from hattama.rules.obligations import DoneMark, ObligationKind, obligations_for_events

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


@dataclass(frozen=True)
class Timings:
    """Wall-clock and CPU seconds per run. On a shared machine the CPU time is the steadier figure: it leaves out
    the time other processes held the cores."""

    wall: list[float]
    cpu: list[float]

    def describe(self) -> str:
        return (f"wall best {min(self.wall):.3f} s  median {statistics.median(self.wall):.3f} s  "
                f"CPU best {min(self.cpu):.3f} s")


def timings(run: Callable[[], object], runs: int) -> Timings:
    wall, cpu = [], []
    for _ in range(runs):
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        output = run()
        wall.append(time.perf_counter() - started_wall)
        cpu.append(time.process_time() - started_cpu)
        del output  # freed outside the timing, as a caller keeps the result
    return Timings(wall, cpu)


def report(label: str, measured: Timings, reference: tuple[str, Timings] | None = None) -> None:
    line = f"{label:<46} {measured.describe()}"
    if reference is not None:
        reference_label, reference_timings = reference
        line += f"  (CPU: {min(measured.cpu) / min(reference_timings.cpu):.2f} x {reference_label})"
    print(line)


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
    obligations = compute(fast_calendar)()  # also builds the year tables, as the first screen of a session would
    assert obligations == compute(naive_calendar)(), "the naive calendar must give the same obligations"
    end_dates = [event.ends_at.date() for event in events]

    def add_seven(calendar: WorkingCalendar) -> Callable[[], object]:
        return lambda: [calendar.add_working_days(day, 7) for day in end_dates]

    engine = timings(compute(fast_calendar), arguments.runs)
    building = timings(lambda: build_events(rows), arguments.runs)
    naive_engine = timings(compute(naive_calendar), arguments.runs)
    fast_adds = timings(add_seven(fast_calendar), arguments.runs)
    naive_adds = timings(add_seven(naive_calendar), max(1, arguments.runs // 2))

    print(f"events: {len(events):,}; obligations: {len(obligations):,}; "
          f"series: {len({event.series_id for event in events if event.series_id}):,}; "
          f"CPUs: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.2f}")
    report("obligations_for_events", engine)
    report("baseline: build the EventFacts", building, ("the engine", engine))
    report("baseline: same engine, day-by-day calendar", naive_engine, ("the engine", engine))
    report(f"calendar: {len(end_dates):,} x add_working_days(d, 7)", fast_adds)
    report("baseline: the same, day by day", naive_adds, ("year tables", fast_adds))
    print(f"target <= 1.000 s for {len(events):,} events: wall {min(engine.wall):.3f} s, CPU {min(engine.cpu):.3f} s: "
          f"{'met' if min(engine.wall) <= 1.0 else 'met by CPU time only' if min(engine.cpu) <= 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
