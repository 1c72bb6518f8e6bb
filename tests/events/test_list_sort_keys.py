"""The Events list's stored sort keys of kind and place (migration 0017, issues 18.2 and 22): the order in Kazakh and
Russian, kept in step on update and import, filled by the migration, walked by an index; the search by the Russian
city; a search's first window shown before its count."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import sqlite3

from hattama.db.store import create_sqlite_engine, open_store, upgrade
from hattama.rules.event_validation import EVENT_KINDS
from hattama.services.event_list import EventQuery, open_listing
from hattama.services.event_sort_keys import event_sort_keys, kind_ranks
from hattama.services.events import get_event, update_event
from hattama.services.interchange import export_interchange, import_interchange
from tests.events.test_event_list import add, titles


def plan(store, sql: str) -> str:
    with store.engine.connect() as connection:
        return " ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


def test_kinds_sort_by_their_names_in_kazakh_and_in_russian(store) -> None:
    # kk: Басқа іс-шара < Бейнеконференция < Келіссөздер; ru: Видеоконференция < Другое мероприятие < Переговоры.
    add(store, "Келіссөз", kind="talks")
    add(store, "Бейне", kind="videoconference")
    add(store, "Басқа", kind="other")
    assert titles(store, sort="kind", descending=False) == ["Басқа", "Бейне", "Келіссөз"]
    assert titles(store, sort="kind", descending=False, language="ru") == ["Бейне", "Басқа", "Келіссөз"]
    assert titles(store, sort="kind", language="ru") == ["Келіссөз", "Басқа", "Бейне"]


def test_places_sort_by_country_then_city_in_the_list_language(store) -> None:
    # Kazakh: Германия < Қазақстан (then Алматы < Астана); Russian: Германия < Казахстан.
    # The city in Russian only (Kazakh form empty) sorts and shows by it in both lists.
    add(store, "Астана", country="KZ", city="Астана", city_ru="Астана")
    add(store, "Алматы", country="KZ", city="Алматы", city_ru="Алма-Ата")
    add(store, "Берлин", country="DE", city="", city_ru="Берлин")
    add(store, "Ақтау", country="KZ", city="Ақтау", city_ru="Актау")
    assert titles(store, sort="place", descending=False) == ["Берлин", "Ақтау", "Алматы", "Астана"]
    # Russian: Актау < Алма-Ата < Астана.
    assert titles(store, sort="place", descending=False, language="ru") == ["Берлин", "Ақтау", "Алматы", "Астана"]
    listing = open_listing(store, EventQuery(sort="place", descending=False, language="ru"))
    assert [row.city for row in listing.first_rows] == ["Берлин", "Актау", "Алма-Ата", "Астана"]
    listing = open_listing(store, EventQuery(sort="place", descending=False, language="kk"))
    assert [row.city for row in listing.first_rows] == ["Берлин", "Ақтау", "Алматы", "Астана"]


def test_the_russian_city_decides_the_russian_order_where_the_kazakh_differs(store) -> None:
    # A pair whose order flips: Kazakh "Әлем" < "Бәйтерек", Russian "Мир" > "Байтерек".
    add(store, "Бірінші", country="KZ", city="Әлем", city_ru="Мир")
    add(store, "Екінші", country="KZ", city="Бәйтерек", city_ru="Байтерек")
    assert titles(store, sort="place", descending=False) == ["Бірінші", "Екінші"]
    assert titles(store, sort="place", descending=False, language="ru") == ["Екінші", "Бірінші"]


def test_the_keys_follow_an_update_of_kind_and_city(store) -> None:
    first = add(store, "Бірінші", kind="talks", country="KZ", city="Астана", city_ru="Астана")
    add(store, "Екінші", kind="other", country="KZ", city="Алматы", city_ru="Алматы")
    assert titles(store, sort="kind", descending=False) == ["Екінші", "Бірінші"]
    assert titles(store, sort="place", descending=False) == ["Екінші", "Бірінші"]
    data = get_event(store, first).data
    update_event(store, first, dataclasses.replace(data, kind="videoconference", city="Ақтау", city_ru="Актау"))
    # kk: Басқа іс-шара < Бейнеконференция; ru: Видеоконференция < Другое мероприятие; Ақтау < Алматы.
    assert titles(store, sort="kind", descending=False) == ["Екінші", "Бірінші"]
    assert titles(store, sort="kind", descending=False, language="ru") == ["Бірінші", "Екінші"]
    assert titles(store, sort="place", descending=False) == ["Бірінші", "Екінші"]


def test_an_import_writes_the_keys(store, tmp_path) -> None:
    add(store, "Бірінші", kind="other", country="DE", city="", city_ru="Берлин")
    document = export_interchange(store)
    other = open_store(tmp_path / "other.sqlite3")
    try:
        import_interchange(other, document)
        row = other.read("SELECT kind, country, city, city_ru, kind_order_kk, kind_order_ru, kind_order_en, "
                         "place_order_kk, place_order_ru, place_order_en FROM event")[0]
        keys = event_sort_keys("", "", row[0], row[1], row[2], row[3])
        assert row[4:] == tuple(keys[name] for name in ("kind_order_kk", "kind_order_ru", "kind_order_en",
                                                        "place_order_kk", "place_order_ru", "place_order_en"))
    finally:
        other.close()


def test_kind_and_place_sorts_walk_their_index(store) -> None:
    add(store, "Бір")
    for language in ("kk", "ru", "en"):
        for key in ("kind_order", "place_order"):
            found = plan(store, f"SELECT * FROM event WHERE deleted_at IS NULL "
                                f"ORDER BY {key}_{language} DESC, starts_at DESC, id DESC LIMIT 100")
            assert f"ix_event_{key}_{language}" in found and "TEMP B-TREE" not in found


def test_the_migrations_kind_order_is_the_applications() -> None:
    # A release renaming a kind must refill the stored ranks with a migration of its own.
    migration = importlib.import_module("hattama.db.migrations.versions.0017_list_sort_keys")
    for language, order in migration.KIND_ORDER.items():
        assert sorted(order) == sorted(EVENT_KINDS)
        assert {code: rank for rank, code in enumerate(order)} == kind_ranks(language)


def test_migration_0017_fills_the_keys_and_indexes_the_russian_city(tmp_path) -> None:
    path = tmp_path / "store.sqlite3"
    engine = create_sqlite_engine(path)
    upgrade(engine, "0016")
    engine.dispose()
    with sqlite3.connect(path) as connection:  # the columns of 0016 (later migrations add more)
        old_columns = {row[1] for row in connection.execute("PRAGMA table_info(event)")}
    store = open_store(tmp_path / "model.sqlite3")
    try:
        add(store, "Бірінші", kind="talks", country="DE", city="", city_ru="Берлин")
        columns = [row[1] for row in store.read("PRAGMA table_info(event)") if row[1] in old_columns]
        values = store.read(f"SELECT {', '.join(columns)} FROM event")
    finally:
        store.close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"INSERT INTO event ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                           values[0])
    upgraded = open_store(path)
    try:
        row = upgraded.read("SELECT kind_order_kk, kind_order_ru, kind_order_en, place_order_kk, place_order_ru, "
                            "place_order_en FROM event")[0]
        keys = event_sort_keys("", "", "talks", "DE", "", "Берлин")
        assert row == tuple(keys[name] for name in ("kind_order_kk", "kind_order_ru", "kind_order_en",
                                                    "place_order_kk", "place_order_ru", "place_order_en"))
        assert titles(upgraded, search="берл") == ["Бірінші"]  # the Russian city, indexed by the migration
    finally:
        upgraded.close()


def test_the_russian_city_finds_the_event(store) -> None:
    add(store, "Кездесу", country="CN", city="Бейжің", city_ru="Пекин")
    add(store, "Басқа", country="JP", city="Токио", city_ru="Токио")
    assert titles(store, search="пек") == ["Кездесу"]
    assert titles(store, search="Бейж") == ["Кездесу"]
    assert titles(store, search="п") == ["Кездесу"]  # the first letter, by the prefix index


def test_a_search_window_before_its_count(store) -> None:
    for number in range(5):
        add(store, f"Кездесу {number}", starts=dt.datetime(2025, 1, 1 + number, 9))
    add(store, "Басқа")
    listing = open_listing(store, EventQuery(search="кез"), window=3, count=False)
    assert len(listing.first_rows) == 3 and listing.count == 3 and not listing.counted
    assert listing.exact_count() == 5
    small = open_listing(store, EventQuery(search="кез"), window=10, count=False)
    assert small.counted and small.count == 5  # a window not full holds every row
