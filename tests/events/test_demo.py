"""The demo: a plausible year and a half of a ministry's international events, with reports, in both languages."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from hattama.db.store import open_store
from hattama.services.demo import UNIT_SETTINGS, fill_demo
from hattama.services.errors import ServiceError
from hattama.services.event_storage import load_event_records
from hattama.services.events import validate
from hattama.services.listed_events import all_listed_events
from hattama.services.settings import load_settings, update_settings
from tests.interchange.stored_reports import load_report_records

TODAY = dt.date(2026, 5, 15)
KAZAKH_LETTERS = set("әғқңөұүһі")


@pytest.fixture
def demo_store(store):
    summary = fill_demo(store, events=300, seed=7, today=TODAY)
    return store, summary


def stored(store):
    with store.session() as session:
        return load_event_records(session), load_report_records(session)


def test_counts_match_the_summary(demo_store) -> None:
    store, summary = demo_store
    events, reports = stored(store)
    assert summary.events == len(events) == 300
    assert summary.reports == len(reports)
    assert summary.abroad == sum(e.data.abroad for e in events)
    assert summary.exempt == sum(e.data.exemption_area is not None for e in events)
    assert summary.series == len({e.data.series_id for e in events if e.data.series_id})


def test_every_event_is_valid_and_titled_in_both_languages(demo_store) -> None:
    store, _ = demo_store
    events, _ = stored(store)
    for event in events:
        assert validate(event.data) == [], event.data
        assert event.data.title_kk and event.data.title_ru
        assert event.data.participants
    assert any(KAZAKH_LETTERS & set(e.data.title_kk.casefold()) for e in events)
    assert all(not KAZAKH_LETTERS & set(e.data.title_ru.casefold()) for e in events)


def test_events_span_last_year_and_this_one_at_home_and_abroad(demo_store) -> None:
    store, _ = demo_store
    events, _ = stored(store)
    assert {e.data.starts_at.year for e in events if e.data.status != "planned"} >= {2025, 2026}
    # p.46: a tenth is next year's plan, some known only by month or quarter; nothing after today is held.
    planned = [e for e in events if e.data.starts_at.year == 2027]
    assert len(planned) == 30 and {e.data.status for e in planned} == {"planned", "confirmed"}
    assert any(e.data.tentative_period for e in planned)
    assert all(e.data.status != "held" for e in events if e.data.starts_at.date() > TODAY)
    home = [e for e in events if not e.data.abroad]
    assert {e.data.city for e in home} >= {"Астана", "Алматы"}
    assert len({e.data.country for e in events if e.data.abroad}) >= 8
    assert any(e.data.departs_on is not None for e in events if e.data.abroad)  # p.48
    assert any(e.data.mfa_participated for e in events) and not all(e.data.mfa_participated for e in events)
    assert any(p.kind == "organisation" for e in events for p in e.data.parties)
    assert {p.side for e in events for p in e.data.participants} == {"ours", "foreign"}


def test_some_events_are_in_p50_exempt_areas(demo_store) -> None:
    store, summary = demo_store
    events, _ = stored(store)
    areas = {e.data.exemption_area for e in events} - {None}
    assert areas == {"trade_economic_in_organisations", "investment"}
    assert 0 < summary.exempt < summary.events


def test_series_are_meetings_in_kazakhstan_on_the_same_or_following_days_p49(demo_store) -> None:
    store, summary = demo_store
    events, _ = stored(store)
    series = defaultdict(list)
    for event in events:
        if event.data.series_id:
            series[event.data.series_id].append(event.data)
    assert len(series) == summary.series > 0
    for meetings in series.values():
        assert len(meetings) >= 2
        assert {m.country for m in meetings} == {"KZ"}
        days = sorted(m.starts_at.date() for m in meetings)
        assert all((later - earlier).days <= 1 for earlier, later in zip(days, days[1:], strict=False))


def test_reports_for_about_half_the_past_events_held_by_the_body(demo_store) -> None:
    store, _ = demo_store
    events, reports = stored(store)
    by_id = {e.id: e for e in events}
    eligible = [e for e in events if e.data.held_by_body and e.data.ends_at.date() < TODAY]
    assert 0.3 * len(eligible) <= len(reports) <= 0.7 * len(eligible)
    for report in reports:
        event = by_id[report.event_id]
        assert event.data.held_by_body and event.data.ends_at.date() < TODAY
        assert [t.language for t in report.texts] == ["kk", "ru"]
        assert all(t.participants and t.issues and t.agreements and t.proposals for t in report.texts)
        if report.status in ("sent", "acknowledged"):
            assert report.sent_on and len(report.bundle_sha256) == 64
        if report.status == "acknowledged":
            assert report.acknowledged_on >= report.sent_on
        if report.status == "draft":
            assert report.ready_at is None
        else:
            assert event.data.ends_at.replace(tzinfo=dt.UTC) <= report.ready_at
            assert report.ready_at.date() <= TODAY
        if report.acknowledged_on:
            assert report.acknowledged_on <= TODAY
    assert {r.status for r in reports} == {"draft", "ready", "sent", "acknowledged"}


def test_unit_settings_describe_a_ministry(demo_store) -> None:
    store, _ = demo_store
    settings = load_settings(store)
    assert settings.body_name_kk == UNIT_SETTINGS["body_name_kk"]
    assert settings.body_name_ru and settings.body_name_en and settings.officer_name


def test_the_units_own_settings_are_not_overwritten(store) -> None:
    update_settings(store, body_name_kk="Қазақстан Республикасының Денсаулық сақтау министрлігі")
    fill_demo(store, events=5, today=TODAY)
    assert load_settings(store).body_name_kk == "Қазақстан Республикасының Денсаулық сақтау министрлігі"


def test_a_store_with_events_is_refused(demo_store) -> None:
    store, _ = demo_store
    with pytest.raises(ServiceError) as raised:
        fill_demo(store, events=5, today=TODAY)
    assert raised.value.params == {"count": 300}
    assert len(all_listed_events(store)) == 300


def test_the_same_seed_gives_the_same_events(store, tmp_path) -> None:
    other = open_store(tmp_path / "other.sqlite3")
    try:
        fill_demo(store, events=40, seed=11, today=TODAY)
        fill_demo(other, events=40, seed=11, today=TODAY)
        with store.session() as session, other.session() as other_session:
            first = [(e.id, e.data) for e in load_event_records(session)]
            second = [(e.id, e.data) for e in load_event_records(other_session)]
        assert first == second
    finally:
        other.close()


@pytest.mark.parametrize("seed", range(8))
def test_exactly_the_requested_number_even_when_a_series_would_overflow(tmp_path, seed: int) -> None:
    small = open_store(tmp_path / f"small-{seed}.sqlite3")
    try:
        assert fill_demo(small, events=3, seed=seed, today=TODAY).events == 3
        assert len(all_listed_events(small)) == 3
    finally:
        small.close()
