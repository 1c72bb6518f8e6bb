"""The officer's date comes from one clock (desktop/clock.py) that the tests pin: nothing reads the real date.

`make test-faketime` runs the whole suite with the system clock in 2027 and 2030; this module keeps the rule
cheap to check on every run: the pin is honoured by services, the CLI and the pages, and no module in desktop/
reads the local date or time any other way.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from hattama import clock
from hattama.cli import main
from hattama.services.demo import fill_demo
from hattama.services.listed_events import all_listed_events
from hattama.services.obligations import compute_obligations

DESKTOP = Path(clock.__file__).resolve().parent  # the application package, whatever its folder is called
# Local date or time read past the clock. UTC instants (`datetime.now(dt.UTC)`, record stamps, certificate
# checks) are compared with other real instants and stay on the system clock.
DIRECT_READS = re.compile(r"date\.today\(\)|datetime\.now\(\)|datetime\.today\(\)|currentDate\(\)|currentDateTime\(\)"
                          r"|time\.localtime\(|QDate\.currentDate|QDateTime\.currentDateTime")


def test_no_module_reads_the_local_date_past_the_clock() -> None:
    offenders = [
        f"{path.relative_to(DESKTOP.parent)}:{number}: {line.strip()}"
        for path in sorted(DESKTOP.rglob("*.py")) if path.name != "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if DIRECT_READS.search(line)
    ]
    assert len(list(DESKTOP.rglob("*.py"))) > 100  # the scan saw the application
    assert offenders == [], "read hattama.clock.today()/local_now() instead:\n" + "\n".join(offenders)


def test_the_suite_runs_on_the_pinned_day() -> None:
    assert clock.today() == dt.date(2026, 12, 4)
    assert clock.local_now() == dt.datetime(2026, 12, 4, 10, 0)


def test_a_pin_moves_today_and_unpinning_returns_to_the_system_clock(pinned_clock) -> None:
    pinned_clock.pin(dt.datetime(2031, 2, 28, 23, 59))
    assert clock.today() == dt.date(2031, 2, 28)
    pinned_clock.pin(None)
    before = dt.datetime.now()
    assert before - dt.timedelta(seconds=5) <= clock.local_now() <= dt.datetime.now()
    with pytest.raises(ValueError):
        pinned_clock.pin(dt.datetime(2031, 1, 1, tzinfo=dt.UTC))


def test_obligations_and_the_demo_follow_the_clock(pinned_clock, store) -> None:
    pinned_clock.pin(dt.datetime(2033, 3, 9, 9, 0))
    fill_demo(store, events=30, seed=4)
    years = {row.starts_at.year for row in all_listed_events(store)}
    assert {2032, 2033} <= years <= {2032, 2033, 2034}  # last year, this one, and next year's plan
    assert compute_obligations(store) == compute_obligations(store, dt.date(2033, 3, 9))
    assert compute_obligations(store) != compute_obligations(store, dt.date(2026, 12, 4))


def test_the_obligations_command_reads_the_clock(pinned_clock, store_path, capsys) -> None:
    pinned_clock.pin(dt.datetime(2029, 7, 2, 9, 0))
    listing = ["--db", str(store_path), "--lang", "en", "obligations", "list", "--format", "json"]
    assert main(listing) == 0
    by_default = capsys.readouterr().out
    assert main([*listing, "--today", "2029-07-02"]) == 0
    assert capsys.readouterr().out == by_default
    assert main([*listing, "--today", "2026-12-04"]) == 0
    assert capsys.readouterr().out != by_default


@pytest.mark.gui
def test_the_pages_open_on_the_clocks_day(pinned_clock, qtbot, store) -> None:
    from hattama.ui.calendar.page import CalendarPage
    from hattama.ui.dashboard.page import MarkDoneDialog

    pinned_clock.pin(dt.datetime(2034, 10, 17, 12, 0))
    calendar = CalendarPage(store)
    qtbot.addWidget(calendar)
    assert calendar.year.value() == 2034
    dialog = MarkDoneDialog("Annual plan")
    qtbot.addWidget(dialog)
    assert dialog.done_on() == dt.date(2034, 10, 17)
    assert dialog.date.maximumDate().toPython() == dt.date(2034, 10, 17)
