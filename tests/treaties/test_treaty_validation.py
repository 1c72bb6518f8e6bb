"""p.2: what makes a treaty fit for the register, and which treaties a year's forms cover."""

from __future__ import annotations

import datetime as dt

from hattama.rules.event_validation import Party
from hattama.rules.treaty_validation import Measure, ProcedureStep, duplicate_keys, validate_treaty
from tests.treaties.samples import treaty_in_force, treaty_signed

COUNTRIES = frozenset({"CN", "TR", "RU", "KZ"})


def fields(data) -> list[str]:
    return [problem.field for problem in validate_treaty(data, COUNTRIES, frozenset({"UN"}))]


def test_sample_treaties_are_valid_p2() -> None:
    assert fields(treaty_in_force()) == []
    assert fields(treaty_signed()) == []


def test_treaty_in_force_without_entry_into_force_date_is_refused_naming_the_field_p2() -> None:
    assert fields(treaty_in_force(in_force_on=None)) == ["in_force_on"]


def test_entry_into_force_before_signing_is_refused_naming_the_field_p2() -> None:
    assert fields(treaty_in_force(in_force_on=dt.date(2019, 9, 10))) == ["in_force_on"]
    assert fields(treaty_in_force(in_force_on=dt.date(2019, 9, 11))) == []  # on signature is fine


def test_termination_needs_a_date_after_entry_into_force_p2() -> None:
    assert fields(treaty_in_force(status="terminated")) == ["terminated_on"]
    assert fields(treaty_in_force(status="terminated", terminated_on=dt.date(2020, 1, 1))) == ["terminated_on"]
    assert fields(treaty_signed(terminated_on=dt.date(2025, 1, 1))) == ["terminated_on"]


def test_bad_measures_and_steps_are_named_by_position_p2() -> None:
    data = treaty_in_force(
        measures=(Measure(2025, "measure", "   "), Measure(2025, "measure", "ok", dt.date(2024, 12, 31))),
        steps=(ProcedureStep("nonsense"), ProcedureStep("government", "", dt.date(2025, 5, 1), dt.date(2025, 4, 1))),
    )
    assert fields(data) == ["measures[0].description", "measures[1].taken_on", "steps[0].stage",
                            "steps[1].completed_on"]


def test_title_kind_and_parties_are_checked() -> None:
    assert fields(treaty_in_force(title_kk=" ", title_ru="", kind="bilateral",
                                  parties=(Party("country", "XX"),))) == ["title_kk", "kind", "parties[0].code"]


def test_duplicates_share_a_key_by_either_title_case_and_spacing_aside_p2() -> None:
    first = treaty_in_force()
    again = treaty_signed(title_kk="", title_ru="  " + first.title_ru.upper().replace(" ", "  "),
                          signed_on=first.signed_on, parties=first.parties)
    assert duplicate_keys(first) & duplicate_keys(again)
    assert not duplicate_keys(first) & duplicate_keys(treaty_in_force(signed_on=dt.date(2019, 9, 12),
                                                                      in_force_on=None, status="signed"))
    assert not duplicate_keys(first) & duplicate_keys(treaty_in_force(parties=(Party("country", "RU"),)))


def test_which_treaties_each_year_covers_p2() -> None:
    in_force = treaty_in_force()
    assert not in_force.in_force_during(2019)
    assert in_force.in_force_during(2020) and in_force.in_force_during(2025)
    ended = treaty_in_force(status="terminated", terminated_on=dt.date(2023, 6, 30))
    assert ended.in_force_during(2023) and not ended.in_force_during(2024)
    signed = treaty_signed()
    assert not signed.in_force_during(2025)
    assert signed.pending_at_end_of(2024) and not signed.pending_at_end_of(2023)
    assert not in_force.pending_at_end_of(2025)


def test_forms_4_5_see_a_treaty_as_it_stood_at_the_end_of_the_year_p2() -> None:
    later_in_force = treaty_in_force(signed_on=dt.date(2025, 3, 1), in_force_on=dt.date(2026, 2, 1))
    assert later_in_force.pending_at_end_of(2025) and not later_in_force.pending_at_end_of(2026)
    assert later_in_force.in_force_during(2026) and not later_in_force.in_force_during(2025)
    signed = treaty_signed()  # approval completed 10.02.2025; expertise started 01.03.2025, not completed
    assert signed.steps_at_end_of(2024) == ([], [signed.steps[0]])
    assert signed.steps_at_end_of(2025) == ([signed.steps[0]], [signed.steps[1]])
