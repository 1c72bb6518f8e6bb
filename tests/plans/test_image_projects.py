"""p.46: image projects agreed with the MFA before launch (a project launched without a recorded agreement is a
problem on the Dashboard), and the diplomatic service's participation agreed on the event."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.rules.plans import ImageProjectData, image_project_problems
from hattama.services.errors import ServiceError
from hattama.services.events import create_event, get_event, update_event
from hattama.services.image_projects import create_project, delete_project, list_projects, update_project
from hattama.services.obligations import compute_obligations
from tests.events.samples import sample_event

TODAY = dt.date(2026, 12, 4)
PROJECT = ImageProjectData(title_kk="Қазақстан экспорты көрмесі", title_ru="Выставка экспорта Казахстана",
                           starts_on=dt.date(2026, 11, 2), partners="Kazakh Invest", budget_source="Республикалық бюджет",
                           status="launched")


def _project_views(store):
    return [view for view in compute_obligations(store, today=TODAY, years=())
            if view.obligation.kind is ObligationKind.IMAGE_PROJECT_AGREEMENT]


def test_p46_an_image_project_launched_without_agreement_is_overdue_on_the_dashboard(store) -> None:
    project_id = create_project(store, PROJECT)
    [view] = _project_views(store)
    assert view.state is ObligationState.OVERDUE
    assert view.event_title.in_language("kk") == "Қазақстан экспорты көрмесі" and view.event_id is None
    assert view.obligation.planned_due == dt.date(2026, 10, 30)  # the last working day before Monday 2 November
    update_project(store, project_id, dataclasses.replace(PROJECT, mfa_agreement_on=dt.date(2026, 10, 20),
                                                          mfa_agreement_ref="12-1/77", mfa_answer="agreed"))
    [view] = _project_views(store)
    assert view.state is ObligationState.DONE


def test_p46_a_refusal_or_no_answer_does_not_count_as_agreement_and_a_cancelled_project_needs_none(store) -> None:
    refused = create_project(store, dataclasses.replace(PROJECT, mfa_agreement_on=dt.date(2026, 10, 20),
                                                        mfa_answer="not_agreed"))
    assert [view.state for view in _project_views(store)] == [ObligationState.OVERDUE]
    update_project(store, refused, dataclasses.replace(PROJECT, status="cancelled"))
    assert _project_views(store) == []
    delete_project(store, refused)
    assert list_projects(store) == []


def test_p46_a_future_project_is_upcoming_until_agreed(store) -> None:
    create_project(store, dataclasses.replace(PROJECT, starts_on=dt.date(2027, 3, 1), status="planned"))
    [view] = _project_views(store)
    assert view.state is ObligationState.UPCOMING


@pytest.mark.parametrize(("changes", "field"), [
    ({"title_kk": " ", "title_ru": ""}, "title_kk"),
    ({"ends_on": dt.date(2026, 1, 1)}, "ends_on"),
    ({"status": "paused"}, "status"),
    ({"mfa_answer": "maybe"}, "mfa_answer"),
    ({"mfa_answer": "agreed"}, "mfa_agreement_on"),
])
def test_p46_an_image_project_with_a_problem_is_refused(store, changes: dict, field: str) -> None:
    data = dataclasses.replace(PROJECT, **changes)
    assert [problem[0] for problem in image_project_problems(data)] == [field]
    with pytest.raises(ServiceError):
        create_project(store, data)


def test_p46_participation_agreed_with_the_mfa_closes_the_participation_obligation(store) -> None:
    data = sample_event(starts_at=dt.datetime(2026, 12, 15, 10), ends_at=dt.datetime(2026, 12, 15, 12),
                        status="confirmed")
    event_id = create_event(store, data)

    def participation():
        [view] = [v for v in compute_obligations(store, today=TODAY, years=())
                  if v.obligation.kind is ObligationKind.DIPLOMATIC_SERVICE_PARTICIPATION]
        return view

    assert participation().state is ObligationState.UPCOMING
    agreed = dataclasses.replace(data, diplomatic_agreement_on=dt.date(2026, 12, 1), diplomatic_agreement_ref="04-2/9",
                                 diplomatic_participants="Counsellor of the MFA's Europe department")
    update_event(store, event_id, agreed)
    assert participation().state is ObligationState.DONE
    assert participation().obligation.done_on == dt.date(2026, 12, 1)
    assert get_event(store, event_id).data.diplomatic_participants.startswith("Counsellor")
