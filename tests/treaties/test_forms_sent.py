"""p.2: recording a year's forms as sent to the MFA closes that year's obligations of the next 10 January."""

from __future__ import annotations

import datetime as dt

import pytest

from hattama.cli import main
from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.services.errors import ServiceError
from hattama.services.forms import forms_sent, record_forms_sent
from hattama.services.obligations import compute_obligations
from tests.services.test_stored_obligations import track_since

TODAY = dt.date(2026, 1, 12)


@pytest.fixture(autouse=True)
def tracking_since_2025(store) -> None:
    """The unit has kept its obligations in Hattama since 2025 (issue 19.1), so January's are overdue."""
    track_since(store, dt.date(2025, 1, 1))


def p2_states(store) -> dict[str, ObligationState]:
    return {view.obligation.subject_id: view.state
            for view in compute_obligations(store, today=TODAY, years=(2026,))
            if view.obligation.kind is ObligationKind.TREATY_INFORMATION}


def test_forms_1_to_3_close_p2_1_and_forms_4_5_close_p2_2(store) -> None:
    assert p2_states(store) == {"2026-1": ObligationState.OVERDUE, "2026-2": ObligationState.OVERDUE}
    record_forms_sent(store, 2025, (1, 2), dt.date(2026, 1, 6), "№ 12-3/45", today=TODAY)
    assert p2_states(store)["2026-1"] is ObligationState.OVERDUE  # form 3 is still missing
    record_forms_sent(store, 2025, (3,), dt.date(2026, 1, 8), today=TODAY)
    assert p2_states(store) == {"2026-1": ObligationState.DONE, "2026-2": ObligationState.OVERDUE}
    done = next(view for view in compute_obligations(store, today=TODAY, years=(2026,))
                if view.obligation.subject_id == "2026-1")
    assert done.obligation.done_on == dt.date(2026, 1, 8)  # the day the last of them went
    record_forms_sent(store, 2025, (4, 5), dt.date(2026, 1, 9), today=TODAY)
    assert p2_states(store) == {"2026-1": ObligationState.DONE, "2026-2": ObligationState.DONE}
    assert [(form.form, form.reference) for form in forms_sent(store, 2025)][:2] == [(1, "№ 12-3/45"),
                                                                                    (2, "№ 12-3/45")]


def test_forms_of_another_year_do_not_close_it_and_future_dates_are_refused(store) -> None:
    record_forms_sent(store, 2024, (1, 2, 3, 4, 5), dt.date(2025, 1, 9), today=TODAY)
    assert set(p2_states(store).values()) == {ObligationState.OVERDUE}
    with pytest.raises(ServiceError, match="cannot be in the future"):
        record_forms_sent(store, 2025, (1,), dt.date(2026, 1, 13), today=TODAY)
    with pytest.raises(ServiceError, match="There is no form 6"):
        record_forms_sent(store, 2025, (6,), dt.date(2026, 1, 9), today=TODAY)


def test_cli_records_forms_sent_and_shows_the_definitions_in_use(store_path, capsys) -> None:
    assert main(["--db", str(store_path), "--lang", "en", "forms", "sent", "2025", "--form", "4", "--form", "5",
                 "--on", "2026-01-09", "--ref", "№ 01-12/7"]) == 0
    assert capsys.readouterr().out.splitlines() == ["Form 4 for 2025: sent on 9 Jan 2026.",
                                                    "Form 5 for 2025: sent on 9 Jan 2026."]
    assert main(["--db", str(store_path), "--lang", "en", "forms", "definitions"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith("resources/forms/form-1.json")
