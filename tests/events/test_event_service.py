"""Events over the store: create, read, change, the bin, the Events table's rows, series, drafts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import func, select

from hattama import i18n
from hattama.db.models import Event, EventParticipant, EventParty
from hattama.services.drafts import discard_draft, load_draft, save_draft
from hattama.services.errors import ServiceError
from hattama.services.event_json import event_data_from_json, event_data_to_json
from hattama.services.event_list import EventQuery, open_listing
from hattama.services.event_reference import display_title
from hattama.services.events import (
    EventData,
    InvalidEvent,
    Participant,
    Party,
    create_event,
    delete_event,
    get_event,
    restore_event,
    series_choices,
    update_event,
)
from hattama.services.listed_events import all_listed_events
from tests.events.samples import abroad_event, sample_event


def count(store, model) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_created_event_reads_back_equal(store) -> None:
    data = abroad_event(exemption_area="investment", mfa_participated=True, notes="СІМ-мен келісілген")
    event_id = create_event(store, data)
    record = get_event(store, event_id)
    assert record.data == data
    assert record.id == event_id
    assert record.deleted_at is None
    assert record.created_at == record.updated_at
    assert record.created_at.tzinfo is not None


def test_invalid_event_is_refused_with_its_problems_and_nothing_is_stored(store) -> None:
    data = sample_event(title_kk="", title_ru="", ends_at=dt.datetime(2025, 3, 12, 9, 0))
    with pytest.raises(InvalidEvent) as raised:
        create_event(store, data)
    assert [p.field for p in raised.value.problems] == ["title_kk", "ends_at"]
    assert "ends before it starts" in i18n.describe(raised.value)
    assert count(store, Event) == 0
    assert count(store, EventParty) == 0


def test_invalid_event_message_is_translated(store) -> None:
    i18n.set_language("ru")
    with pytest.raises(InvalidEvent) as raised:
        create_event(store, sample_event(kind="banquet"))
    assert raised.value.problems[0].field == "kind"
    assert isinstance(raised.value, ServiceError)


def test_update_replaces_parties_and_participants_and_moves_the_time_on(store) -> None:
    event_id = create_event(store, sample_event())
    before = get_event(store, event_id)
    changed = sample_event(
        title_ru="Переговоры с делегацией Китая (второй раунд)",
        parties=(Party("organisation", "EAEU"),),
        participants=(Participant("foreign", "Чжан Минь", "Советник"),),
    )
    update_event(store, event_id, changed)
    after = get_event(store, event_id)
    assert after.data == changed
    assert after.created_at == before.created_at
    assert after.updated_at > before.updated_at
    assert count(store, EventParty) == 1
    assert count(store, EventParticipant) == 1


def test_update_of_an_unknown_event_is_refused(store) -> None:
    with pytest.raises(ServiceError) as raised:
        update_event(store, uuid.uuid4(), sample_event())
    assert raised.value.msgid == "There is no event with the id {id}."


def test_update_of_an_invalid_change_leaves_the_event_as_it_was(store) -> None:
    event_id = create_event(store, sample_event())
    with pytest.raises(InvalidEvent):
        update_event(store, event_id, sample_event(country="XX"))
    assert get_event(store, event_id).data == sample_event()


def test_the_bin_keeps_the_event_and_restore_brings_it_back(store) -> None:
    kept = create_event(store, sample_event())
    binned = create_event(store, abroad_event())
    created = get_event(store, binned)
    delete_event(store, binned)
    in_bin = get_event(store, binned)
    assert in_bin.deleted_at is not None
    assert in_bin.updated_at > created.updated_at  # the deletion travels to other machines like any change
    assert in_bin.data == created.data
    assert [row.id for row in all_listed_events(store)] == [kept]
    assert [row.id for row in all_listed_events(store, deleted=True)] == [binned]

    restore_event(store, binned)
    restored = get_event(store, binned)
    assert restored.deleted_at is None
    assert restored.updated_at > in_bin.updated_at
    assert {row.id for row in all_listed_events(store)} == {kept, binned}


def test_an_event_in_the_bin_cannot_be_changed(store) -> None:
    event_id = create_event(store, sample_event())
    delete_event(store, event_id)
    with pytest.raises(ServiceError) as raised:
        update_event(store, event_id, sample_event(title_ru="Другое"))
    assert "bin" in raised.value.msgid
    assert get_event(store, event_id).data == sample_event()


def test_deleting_an_unknown_event_is_refused(store) -> None:
    with pytest.raises(ServiceError):
        delete_event(store, uuid.uuid4())


def test_rows_carry_the_table_columns_and_are_filtered_by_year(store) -> None:
    spring = create_event(store, sample_event())
    create_event(store, sample_event(starts_at=dt.datetime(2024, 12, 31, 23, 0), ends_at=dt.datetime(2025, 1, 1, 1)))
    create_event(store, abroad_event(starts_at=dt.datetime(2026, 1, 1, 0, 0), ends_at=dt.datetime(2026, 1, 2)))
    rows = all_listed_events(store, year=2025)
    assert [row.id for row in rows] == [spring]
    row = rows[0]
    data = sample_event()
    assert (row.title_kk, row.title_ru, row.kind, row.country, row.city) == (
        data.title_kk, data.title_ru, "talks", "KZ", "Астана")
    assert (row.starts_at, row.ends_at, row.held_by_body, row.mfa_participated) == (
        data.starts_at, data.ends_at, True, False)
    assert row.party_codes == ("CN", "SCO")
    assert [r.starts_at.year for r in all_listed_events(store)] == [2024, 2025, 2026]


@pytest.mark.parametrize(
    "typed",
    ["ҚЫТАЙ ДЕЛЕГАЦИЯСЫМЕН", "переговоры", "sco", "шос", "шанхай ынтымақтастық", "china", "китай", "қытай",
     "жібек жолы", "әлия қасымова", "министерство коммерции", "астана", "казахстан"],
)
def test_search_finds_titles_parties_in_any_language_participants_and_city(store, typed: str) -> None:
    """The Events page's search (SQLite FTS5 over the store) finds the event by any of these."""
    event_id = create_event(store, sample_event())
    listing = open_listing(store, EventQuery(search=typed))
    assert [row.id for row in listing.rows(0, 10)] == [event_id]


def test_search_does_not_find_what_the_event_lacks(store) -> None:
    create_event(store, sample_event())
    assert open_listing(store, EventQuery(search="германия")).count == 0


def test_rows_take_a_fixed_number_of_queries_however_many_events(store) -> None:
    def statements_for_listing() -> int:
        seen: list[str] = []

        def record(*args) -> None:
            if not args[2].lstrip().upper().startswith("BEGIN"):  # the store begins its transactions itself
                seen.append(args[2])
        sqlalchemy_event.listen(store.engine, "before_cursor_execute", record)
        try:
            all_listed_events(store)
        finally:
            sqlalchemy_event.remove(store.engine, "before_cursor_execute", record)
        return len(seen)

    create_event(store, sample_event())
    with_one = statements_for_listing()
    for day in range(1, 30):
        create_event(store, sample_event(starts_at=dt.datetime(2025, 4, day, 9), ends_at=dt.datetime(2025, 4, day, 10)))
    assert statements_for_listing() == with_one <= 3


def test_series_choices_are_labelled_by_the_first_meeting_newest_first_p49(store) -> None:
    older, newer = uuid.uuid4(), uuid.uuid4()
    create_event(store, sample_event(series_id=older, title_kk="Бірінші кездесу",
                                     starts_at=dt.datetime(2025, 2, 3, 10), ends_at=dt.datetime(2025, 2, 3, 11)))
    create_event(store, sample_event(series_id=older, title_kk="Екінші кездесу",
                                     starts_at=dt.datetime(2025, 2, 4, 10), ends_at=dt.datetime(2025, 2, 4, 11)))
    binned = create_event(store, sample_event(series_id=newer, starts_at=dt.datetime(2025, 6, 1, 10),
                                              ends_at=dt.datetime(2025, 6, 1, 11)))
    create_event(store, sample_event(series_id=newer, title_kk="Маусымдағы кездесу",
                                     starts_at=dt.datetime(2025, 6, 2, 10), ends_at=dt.datetime(2025, 6, 2, 11)))
    delete_event(store, binned)
    i18n.set_language("kk")
    choices = series_choices(store, "kk")
    assert [series for series, _ in choices] == [newer, older]
    assert choices[0][1].startswith("Маусымдағы кездесу — ")
    assert choices[1][1] == f"Бірінші кездесу — {i18n.format_date(dt.date(2025, 2, 3))}"


def test_display_title_prefers_the_users_language_and_falls_back() -> None:
    assert display_title("Келіссөздер", "Переговоры", "ru") == "Переговоры"
    assert display_title("Келіссөздер", "Переговоры", "kk") == "Келіссөздер"
    assert display_title("", "Переговоры", "kk") == "Переговоры"
    assert display_title("Келіссөздер", "", "ru") == "Келіссөздер"


def test_event_data_survives_its_json_form() -> None:
    data = abroad_event(series_id=None, exemption_area="criminal_proceedings")
    assert event_data_from_json(event_data_to_json(data)) == data
    with_series = sample_event(series_id=uuid.uuid4())
    assert event_data_from_json(event_data_to_json(with_series)) == with_series


def test_a_draft_is_kept_replaced_and_discarded(store) -> None:
    payload = {"event": event_data_to_json(sample_event()), "focus": "title_ru"}
    assert load_draft(store, "event", "new") is None
    save_draft(store, "event", "new", payload)
    assert load_draft(store, "event", "new") == payload
    save_draft(store, "event", "new", {"event": None})
    assert load_draft(store, "event", "new") == {"event": None}
    save_draft(store, "event", "other", payload)
    discard_draft(store, "event", "new")
    assert load_draft(store, "event", "new") is None
    assert load_draft(store, "event", "other") == payload


def test_a_draft_of_an_impossible_event_is_kept_as_typed(store) -> None:
    """Drafts hold what is half-typed; validation waits for saving."""
    half_typed = dataclasses.replace(sample_event(), title_kk="", title_ru="", country="")
    save_draft(store, "event", "new", {"event": event_data_to_json(half_typed)})
    assert event_data_from_json(load_draft(store, "event", "new")["event"]) == half_typed
    assert isinstance(half_typed, EventData)
