"""The Events list served by the store (issue 18.2): FTS5 prefix search in kk and ru kept in step by triggers,
filters, sorting by SQL in the order the Python sort gave, and windows that read only their rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sqlite3
import uuid

from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event as sa_event

from hattama.db.models import Event
from hattama.db.search import CYRILLIC_ORDER, collation_key
from hattama.db.store import alembic_config, create_sqlite_engine, open_store
from hattama.db.types import utc_now
from hattama.rules.obligations import ObligationState
from hattama.services import event_list
from hattama.services.event_list import EventQuery, event_years, open_listing
from hattama.services.event_reference import display_title
from hattama.services.event_storage import EventRecord, insert_event_records
from hattama.services.events import Participant, Party, create_event, delete_event, get_event, update_event
from hattama.services.interchange import export_interchange, import_interchange
from hattama.services.obligations import STATES_BY_URGENCY
from tests.events.samples import sample_event
from tests.worst_states import worst_states


def titles(store, **query) -> list[str]:
    listing = open_listing(store, EventQuery(**query))
    return [display_title(row.title_kk, row.title_ru, query.get("language", "kk")) for row in
            listing.rows(0, listing.count + 1)]


def add(store, title_kk: str = "", title_ru: str = "", **changes) -> object:
    starts = changes.pop("starts", dt.datetime(2025, 3, 12, 10, 0))
    fields = {"parties": (), "participants": (), **changes}
    return create_event(store, sample_event(title_kk=title_kk, title_ru=title_ru, starts_at=starts,
                                            ends_at=starts + dt.timedelta(hours=2), **fields))


# ---------------------------------------------------------------------------------------------------- search

def test_the_first_letter_finds_by_prefix_in_kazakh_and_russian_case_insensitively(store) -> None:
    # In Tokyo, so that neither the city nor the country (Жапония, Япония, Japan) starts with a letter searched.
    place = {"country": "JP", "city": "Токио"}
    add(store, "Әуе көлігі жөніндегі кеңес", "Совет по воздушному транспорту", **place)
    add(store, "Қытаймен келіссөздер", "Переговоры с Китаем", **place)
    add(store, "Іскерлік форум", "Деловой форум", starts=dt.datetime(2025, 4, 1, 9), **place)
    add(store, "Ұлттық кеңес", "Ёлочный базар", starts=dt.datetime(2025, 4, 2, 9), **place)
    # Each Kazakh letter is a letter of its own: ә is not а, қ is not к, і is not и; upper case finds lower.
    assert titles(store, search="ә") == ["Әуе көлігі жөніндегі кеңес"]
    assert titles(store, search="Қ") == ["Қытаймен келіссөздер"]
    assert titles(store, search="і") == ["Іскерлік форум"]
    assert titles(store, search="Ұ") == ["Ұлттық кеңес"]
    assert titles(store, search="а") == []
    # Russian titles, Ё included, by their first letters; a later word of the title too.
    assert titles(store, search="ё") == ["Ұлттық кеңес"]
    assert titles(store, search="ПЕРЕГ") == ["Қытаймен келіссөздер"]
    assert sorted(titles(store, search="форум")) == ["Іскерлік форум"]
    assert sorted(titles(store, search="кеңес")) == ["Ұлттық кеңес", "Әуе көлігі жөніндегі кеңес"]


def test_every_word_must_match_and_each_is_a_prefix(store) -> None:
    add(store, "Қытай делегациясымен келіссөздер")
    add(store, "Делегациямен кездесу")
    assert sorted(titles(store, search="дел")) == ["Делегациямен кездесу", "Қытай делегациясымен келіссөздер"]
    assert titles(store, search="дел қыт") == ["Қытай делегациясымен келіссөздер"]
    assert titles(store, search="  ") == titles(store)
    # FTS5 syntax typed by the officer is text, not a query.
    assert titles(store, search='"NEAR( * OR') == []


def test_parties_participants_and_places_are_found_in_every_language(store) -> None:
    add(store, "Кездесу", parties=(Party("country", "CN"),))
    add(store, "Форум", parties=(Party("organisation", "SCO"),), country="UZ", city="Ташкент")
    add(store, "Семинар", parties=(Party("other", "", "Жібек жолы қауымдастығы"),),
        participants=(Participant("ours", "Әлия Қасымова", "", "Сауда министрлігі"),))
    assert titles(store, search="китай") == ["Кездесу"]  # the party CN, named in Russian
    assert titles(store, search="qyt") == [] and titles(store, search="chin") == ["Кездесу"]  # in English
    assert titles(store, search="shanghai") == ["Форум"]  # the SCO, named in English
    assert titles(store, search="шос") == ["Форум"]  # its abbreviation
    assert titles(store, search="ташк") == ["Форум"]  # the city
    assert titles(store, search="узбек") == ["Форум"]  # the country of the place
    assert titles(store, search="жібек") == ["Семинар"]  # a party without a code
    assert titles(store, search="қасым") == ["Семинар"]  # a participant
    assert titles(store, search="сауда") == ["Семинар"]  # a participant's organisation


def test_a_keystroke_probes_its_word_once_and_never_one_extending_a_rare_word(store, monkeypatch) -> None:
    monkeypatch.setattr(event_list, "COMMON_WORD", 2)
    add(store, "Ташкент кездесуі")
    add(store, "Тараз форумы")
    add(store, "Алматы семинары")
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    def typed(search: str, changed_elsewhere: bool = False) -> tuple[list[str], int]:
        """The titles listed for `search` as a keystroke opens them, and the probes it ran."""
        statements.clear()
        listing = open_listing(store, EventQuery(search=search), changed_elsewhere=changed_elsewhere, count=False)
        probes = [statement for statement in statements if statement.startswith("SELECT CASE WHEN")]
        return sorted(row.title_kk for row in listing.first_rows), len(probes)

    sa_event.listen(store.engine, "after_cursor_execute", record)
    try:
        # All the bounded counts of a word in one statement; "та" matches two titles (common at a bound of 2).
        assert typed("т", changed_elsewhere=True) == (["Тараз форумы", "Ташкент кездесуі"], 1)
        assert typed("та") == (["Тараз форумы", "Ташкент кездесуі"], 1)
        assert typed("таш") == (["Ташкент кездесуі"], 1)  # rare
        # Its prefix "таш" is rare: so is "ташк" (its matches are among those of "таш"), no probe.
        assert typed("ташк") == (["Ташкент кездесуі"], 0)
        assert typed("та") == (["Тараз форумы", "Ташкент кездесуі"], 0)  # known from before
        # A write may have changed how common a word is: it is probed again.
        assert typed("та", changed_elsewhere=True) == (["Тараз форумы", "Ташкент кездесуі"], 1)
    finally:
        sa_event.remove(store.engine, "after_cursor_execute", record)


def test_a_word_naming_a_frequent_party_is_common_and_its_rows_walked_in_order(store, monkeypatch) -> None:
    # "shang" names the SCO (in English), a party of two events here: matched by no text, yet common at a bound
    # of 2, its rows are tested as SQLite walks the list's order (the party tested per row), not gathered first.
    monkeypatch.setattr(event_list, "COMMON_WORD", 2)
    for title in ("Форум", "Саммит"):
        add(store, title, parties=(Party("organisation", "SCO"),))
    add(store, "Кездесу", parties=(Party("country", "CN"),))
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    sa_event.listen(store.engine, "after_cursor_execute", record)
    try:
        listing = open_listing(store, EventQuery(search="shang"), count=False)
    finally:
        sa_event.remove(store.engine, "after_cursor_execute", record)
    assert sorted(row.title_kk for row in listing.first_rows) == ["Саммит", "Форум"]
    assert "searched_party" in statements[-1]
    assert listing.exact_count() == 2


def test_triggers_keep_the_index_in_step_on_insert_update_delete_and_import(store, tmp_path) -> None:
    event_id = add(store, "Бірінші кездесу", parties=(Party("other", "", "Алтын орда"),))
    assert titles(store, search="алтын") == ["Бірінші кездесу"]
    update_event(store, event_id, dataclasses.replace(
        get_event(store, event_id).data, title_kk="Екінші кездесу",
        parties=(Party("other", "", "Күміс қала"),), participants=(Participant("ours", "Болат Серік"),)))
    assert titles(store, search="бірінші") == [] and titles(store, search="алтын") == []
    assert titles(store, search="екінші") == titles(store, search="күміс") == titles(store, search="серік") == [
        "Екінші кездесу"]
    delete_event(store, event_id)  # to the bin: still indexed, listed there
    assert titles(store, search="екінші") == [] and titles(store, search="екінші", deleted=True) == ["Екінші кездесу"]
    with store.session() as session:  # a record deleted for good leaves the index too
        session.execute(Event.__table__.delete())
    assert titles(store, search="екінші", deleted=True) == []
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql(
            "INSERT INTO event_search(event_search) VALUES ('integrity-check')") is not None
    # An import writes through the same tables: what it brings is found at once.
    add(store, "Импорт туралы", "Об импорте", parties=(Party("other", "", "Бағдаршам"),))
    document = export_interchange(store)
    other = tmp_path / "other.sqlite3"
    target = open_store(other)
    try:
        import_interchange(target, document, {})
        assert titles(target, search="багд") == [] and titles(target, search="бағд") == ["Импорт туралы"]
        assert titles(target, search="об импорт", language="ru") == ["Об импорте"]
    finally:
        target.close()


def test_an_existing_store_gets_its_index_built_on_upgrade(store_path) -> None:
    store = open_store(store_path)
    add(store, "Ескі кездесу")
    add(store, "Әуе кеңесі", starts=dt.datetime(2025, 5, 1, 9))
    store.close()
    engine = create_sqlite_engine(store_path)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0012")
    engine.dispose()
    with sqlite3.connect(store_path) as connection:
        assert connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'event_search'").fetchone() == (0,)
    store = open_store(store_path)  # upgrades to the newest schema
    try:
        assert titles(store, search="ескі") == ["Ескі кездесу"]
        # The sort keys were filled for the events the store held.
        assert titles(store, sort="title", descending=False) == ["Әуе кеңесі", "Ескі кездесу"]
    finally:
        store.close()


# ---------------------------------------------------------------------------------------------------- filters

def test_filters_by_year_kind_country_status_and_the_bin(store) -> None:
    add(store, "Ескі", starts=dt.datetime(2024, 9, 1, 9))
    add(store, "Сапар", kind="official_visit", country="DE", city="Берлин")
    add(store, "Қытай", parties=(Party("country", "CN"),))
    add(store, "Жоспар", status="planned", starts=dt.datetime(2026, 5, 1, 9))
    assert titles(store, year=2024) == ["Ескі"]
    assert titles(store, kind="official_visit") == ["Сапар"]
    assert titles(store, country="DE") == ["Сапар"]
    assert titles(store, country="CN") == ["Қытай"]  # a foreign party
    assert titles(store, status="planned") == ["Жоспар"]
    assert titles(store, search="ескі", year=2025) == []
    assert event_years(store) == [2026, 2025, 2024]
    assert event_years(store, deleted=True) == []


def test_rows_carry_their_stored_obligation_state_and_filter_and_sort_by_it(store) -> None:
    # p.46: a report is due after an event the body held; an attended event or a planned one owes none yet.
    add(store, "Өткен кездесу", starts=dt.datetime(2025, 1, 1, 9))
    add(store, "Қатысқан", starts=dt.datetime(2025, 2, 1, 9), held_by_body=False)
    add(store, "Жоспарлы", starts=dt.datetime(2027, 3, 1, 9), status="planned")
    stored = worst_states(store)
    listing = open_listing(store, EventQuery())
    rows = listing.rows(0, 10)
    assert {row.id: row.state for row in rows if row.state is not None} == stored
    assert ObligationState.OVERDUE in stored.values()
    for state in set(stored.values()):
        filtered = open_listing(store, EventQuery(state=state))
        assert {row.id for row in filtered.rows(0, 10)} == {key for key, value in stored.items() if value is state}
    ranked = [row.state for row in open_listing(store, EventQuery(sort="obligations", descending=False)).rows(0, 10)]
    urgency = [*STATES_BY_URGENCY, None]
    assert [urgency.index(state) for state in ranked] == sorted(urgency.index(state) for state in ranked)


# ------------------------------------------------------------------------------------------------------- sort

def test_titles_sort_in_the_kazakh_alphabet_by_the_index(store) -> None:
    for title in ("Яқын", "Әуе", "бас", "Ақпан", "Ұлт", "Урал", "Germany"):
        add(store, title)
    assert titles(store, sort="title", descending=False) == ["Germany", "Ақпан", "Әуе", "бас", "Урал", "Ұлт",
                                                             "Яқын"]
    assert titles(store, sort="title") == ["Яқын", "Ұлт", "Урал", "бас", "Әуе", "Ақпан", "Germany"]
    with store.engine.connect() as connection:
        plan = " ".join(row[-1] for row in connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT * FROM event WHERE deleted_at IS NULL "
            "ORDER BY title_order_kk, starts_at, id LIMIT 10"))
    assert "ix_event_title_order_kk" in plan and "TEMP B-TREE" not in plan


def test_the_sort_keys_follow_the_titles_on_update_and_in_russian(store) -> None:
    first = add(store, "Бірінші", "Яблоко")
    add(store, "Екінші", "Арбуз")
    assert titles(store, sort="title", descending=False) == ["Бірінші", "Екінші"]
    assert titles(store, sort="title", descending=False, language="ru") == ["Арбуз", "Яблоко"]
    update_event(store, first, dataclasses.replace(get_event(store, first).data, title_kk="Үшінші", title_ru=""))
    assert titles(store, sort="title", descending=False) == ["Екінші", "Үшінші"]
    # A title in one language only sorts by it in the other language's list too.
    assert titles(store, sort="title", descending=False, language="ru") == ["Арбуз", "Үшінші"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=CYRILLIC_ORDER + CYRILLIC_ORDER.upper() + "ab Z", min_size=1, max_size=8)
                .filter(str.strip),  # a title of nothing visible is refused (event validation)
                min_size=1, max_size=8))
def test_the_sql_title_order_is_the_python_collation_order(store, titles_kk) -> None:
    with store.session() as session:
        session.execute(Event.__table__.delete())
    for title in titles_kk:
        add(store, title)
    listing = open_listing(store, EventQuery(sort="title", descending=False))
    ordered = [row.title_kk for row in listing.rows(0, 100)]
    assert [collation_key(title) for title in ordered] == sorted(collation_key(title) for title in titles_kk)


def test_sorts_by_dates_kind_place_and_status(store) -> None:
    add(store, "Бір", starts=dt.datetime(2025, 1, 5, 9), city="Алматы")
    add(store, "Екі", starts=dt.datetime(2024, 12, 31, 9), kind="official_visit", country="DE", city="")
    add(store, "Үш", starts=dt.datetime(2025, 1, 10, 9), status="planned", city="Астана")
    assert titles(store, sort="starts", descending=False) == ["Екі", "Бір", "Үш"]
    assert titles(store, sort="ends") == ["Үш", "Бір", "Екі"]
    # By country (Германия before Қазақстан in Kazakh), then city (Алматы before Астана).
    assert titles(store, sort="place", descending=False) == ["Екі", "Бір", "Үш"]
    assert titles(store, sort="status", descending=False)[0] == "Үш"  # planned comes first


# ---------------------------------------------------------------------------------------------------- windows

def test_a_window_reads_only_its_rows(store) -> None:
    events = [dataclasses.replace(sample_event(title_kk=f"Кездесу {number:03}", parties=(), participants=()),
                                  starts_at=dt.datetime(2025, 1, 1, 9) + dt.timedelta(days=number),
                                  ends_at=dt.datetime(2025, 1, 1, 11) + dt.timedelta(days=number))
              for number in range(300)]
    with store.session() as session:
        insert_event_records(session, [EventRecord(uuid.uuid4(), data, (), utc_now(), utc_now(), None)
                                       for data in events])
    statements: list[str] = []

    def count_rows(_connection, cursor, statement, *_args) -> None:
        statements.append(statement)

    listing = open_listing(store, EventQuery(sort="starts", descending=False))
    assert listing.count == 300
    sa_event.listen(store.engine, "after_cursor_execute", count_rows)
    try:
        window = listing.rows(100, 50)
    finally:
        sa_event.remove(store.engine, "after_cursor_execute", count_rows)
    assert len(window) == 50 and [row.title_kk for row in window[:2]] == ["Кездесу 100", "Кездесу 101"]
    # One query reads the events, a window's worth by LIMIT/OFFSET; the obligation states are read by id.
    reading_events = [statement for statement in statements if re.search(r"FROM event\b(?!_)", statement)]
    assert len(reading_events) == 1 and "LIMIT" in reading_events[0] and "OFFSET" in reading_events[0]
    assert listing.position(next(row.id for row in window if row.title_kk == "Кездесу 120")) == 120
