"""The overrides CSV: what a unit may import, and a message naming the line for everything it may not."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hattama.rules.calendar import Override
from hattama.rules.calendar_csv import parse_overrides_csv
from hattama.rules.errors import RuleError

ENTERED_AT = datetime(2026, 3, 2, 10, 30)
ACT = "ҚР Үкіметінің 2026 жылғы 1 наурыздағы № 100 қаулысы"
GOOD = f"""date,working,reason,act
2026-03-20,0,Наурыз алдындағы демалыс,{ACT}
2026-03-28,иә,Жұмыс сенбісі,{ACT}
"""


def parse(text: str) -> list[Override]:
    return parse_overrides_csv(text, "a.officer", ENTERED_AT)


def error_of(text: str) -> RuleError:
    with pytest.raises(RuleError) as raised:
        parse(text)
    return raised.value


def test_a_good_file_gives_one_override_per_line_with_the_callers_audit_fields() -> None:
    assert parse(GOOD) == [
        Override(date(2026, 3, 20), False, "Наурыз алдындағы демалыс", ACT, "a.officer", ENTERED_AT),
        Override(date(2026, 3, 28), True, "Жұмыс сенбісі", ACT, "a.officer", ENTERED_AT),
    ]


def test_byte_order_mark_semicolons_crlf_column_order_and_extra_columns_are_accepted() -> None:
    text = ("\ufeffAct;Reason;Working;Date;Note\r\n"
            f"{ACT};Перенос;НЕТ;2026-03-20;x\r\n"
            "\r\n"
            f"\"{ACT}; п. 2\";Перенос;Да;2026-03-28;\r\n")
    assert [(item.day, item.working, item.act) for item in parse(text)] == [
        (date(2026, 3, 20), False, ACT), (date(2026, 3, 28), True, f"{ACT}; п. 2")]


@pytest.mark.parametrize(("value", "working"), [
    ("1", True), ("0", False), ("TRUE", True), ("false", False), ("Yes", True), ("no", False),
    ("ИӘ", True), ("жоқ", False), ("да", True), ("Нет", False)])
def test_every_spelling_of_working(value: str, working: bool) -> None:
    assert parse(f"date,working,reason,act\n2026-03-20,{value},r,a\n")[0].working is working


def test_an_empty_act_is_allowed_until_it_is_published() -> None:
    assert parse("date,working,reason,act\n2026-03-20,0,announced,\n")[0].act == ""


@pytest.mark.parametrize(("text", "line", "wrong"), [
    ("date,working,reason,act\n2026-03-20,0,r,a\n20.03.2026,0,r,a\n", 3, {"value": "20.03.2026"}),
    ("date,working,reason,act\n2026-02-30,0,r,a\n", 2, {"value": "2026-02-30"}),
    ("date,working,reason,act\n20260320,0,r,a\n", 2, {"value": "20260320"}),
    ("date,working,reason,act\n2026-03-20,maybe,r,a\n", 2, {"value": "maybe"}),
    ("date,working,reason,act\n\n2026-03-20,1,  ,a\n", 3, {}),
    ("date,working,reason,act\n2026-03-20,1,r,a\n2026-03-21,1,r,a\n2026-03-20,0,r,a\n", 4,
     {"day": date(2026, 3, 20), "first_line": 2}),
    ("date,working,reason,act\n2026-03-20,1,r\n", 2, {"column": "act"}),
    ("date,working,reason\n2026-03-20,1,r\n", 1, {"column": "act"}),
    ("date,working,reason,act,Date\n2026-03-20,1,r,a,x\n", 1, {"column": "date"}),
    ("date,working,reason,act\n1999-03-20,1,r,a\n", 2, {"year": 1999}),
])
def test_a_bad_line_is_named_and_nothing_is_imported(text: str, line: int, wrong: dict[str, object]) -> None:
    error = error_of(text)
    assert error.params["line"] == line
    assert wrong.items() <= error.params.items()


def test_a_quoted_reason_over_two_lines_keeps_the_line_numbers_of_what_follows() -> None:
    text = 'date,working,reason,act\n2026-03-20,1,"two\nlines",a\n2026-03-21,perhaps,r,a\n'
    assert error_of(text).params["line"] == 4


def test_an_empty_file_and_a_header_alone_are_refused() -> None:
    assert "empty" in error_of("\ufeff  \n").msgid
    assert "no days" in error_of("date;working;reason;act\n").msgid
