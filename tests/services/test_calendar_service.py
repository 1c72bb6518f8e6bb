"""The unit's calendar overrides in the store and the `hattama calendar` commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hattama.cli import main
from hattama.presentation.calendar import describe_day
from hattama.rules.calendar import DayKind
from hattama.rules.errors import RuleError
from hattama.services.calendar import (
    add_override,
    import_overrides_csv,
    list_overrides,
    remove_override,
    working_calendar,
)
from hattama.services.errors import ServiceError

FRIDAY = dt.date(2026, 12, 18)


def test_override_wins_over_the_base_and_removal_is_audited(store) -> None:
    assert working_calendar(store).is_working_day(FRIDAY)
    override_id = add_override(store, FRIDAY, False, "Transfer before New Year", "Decree No. 1", "A. Officer")
    calendar = working_calendar(store)
    assert not calendar.is_working_day(FRIDAY)
    assert calendar.day_info(FRIDAY).kind is DayKind.OVERRIDE_OFF
    remove_override(store, override_id, "B. Officer")
    assert working_calendar(store).is_working_day(FRIDAY)
    history = list_overrides(store, include_removed=True)
    assert [(h.override.reason, h.removed_by) for h in history] == [("Transfer before New Year", "B. Officer")]
    assert list_overrides(store) == []


def test_a_new_override_for_the_same_day_replaces_the_old_one_on_record(store) -> None:
    add_override(store, FRIDAY, False, "first", "", "A")
    add_override(store, FRIDAY, True, "second", "", "B")
    assert [stored.override.reason for stored in list_overrides(store)] == ["second"]
    assert len(list_overrides(store, include_removed=True)) == 2
    assert working_calendar(store).is_working_day(FRIDAY)


def test_override_needs_a_reason(store) -> None:
    with pytest.raises(ServiceError):
        add_override(store, FRIDAY, False, "   ", "", "A")


def test_csv_import_is_all_or_nothing(store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date;working;reason;act\n2026-12-31;нет;Перенос;№ 1\n2026-02-30;да;x;y\n", encoding="utf-8")
    with pytest.raises(RuleError) as raised:
        import_overrides_csv(store, bad, "A")
    assert raised.value.params["line"] == 3
    assert list_overrides(store, include_removed=True) == []
    good = tmp_path / "good.csv"
    good.write_text("date,working,reason,act\n2026-12-31,no,Transfer,Decree 1\n2027-01-09,yes,Worked Saturday,Decree 1\n")
    assert import_overrides_csv(store, good, "A") == 2
    calendar = working_calendar(store)
    assert not calendar.is_working_day(dt.date(2026, 12, 31))
    assert calendar.is_working_day(dt.date(2027, 1, 9))


def test_csv_that_is_not_utf8_is_refused(store, tmp_path: Path) -> None:
    path = tmp_path / "cp1251.csv"
    path.write_bytes("date,working,reason,act\n2026-12-31,нет,Перенос,x\n".encode("cp1251"))
    with pytest.raises(ServiceError):
        import_overrides_csv(store, path, "A")


def test_day_description_names_the_holiday_in_russian(store) -> None:
    from hattama import i18n

    i18n.set_language("ru")
    text = describe_day(working_calendar(store).day_info(dt.date(2025, 3, 21)))
    assert "Наурыз" in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["calendar", "add-workdays", "2025-01-02", "1"], "2025-01-05"),  # Sunday 5 January 2025 was worked
        (["calendar", "add-workdays", "2026-11-26", "7"], "2026-12-07"),
        (["calendar", "count", "2025"], "246"),
    ],
)
def test_calendar_cli(store_path: Path, capsys, args, expected) -> None:
    assert main(["--db", str(store_path), *args]) == 0
    assert capsys.readouterr().out.strip() == expected


def test_calendar_show_lists_reasons(store_path: Path, capsys) -> None:
    assert main(["--db", str(store_path), "--lang", "kk", "calendar", "show", "2025"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("2025-01-03") and "Үкімет" in line for line in lines)
    assert not any(line.startswith("2025-01-05") for line in lines)


@pytest.mark.parametrize(
    "args",
    [["calendar", "add-workdays", "2025-02-30", "3"], ["calendar", "add-workdays", "2025-01-01", "-1"],
     ["calendar", "add-workdays", "2025-01-01", "three"], ["calendar", "count", "1850"]],
)
def test_calendar_cli_bad_input_is_one_line(store_path: Path, capsys, args) -> None:
    assert main(["--db", str(store_path), *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
