"""p.2: the treaty register over the store: save, read back, change, duplicates reported, events linked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from hattama import i18n
from hattama.db.models import Treaty, TreatyMeasureEvent
from hattama.rules.treaty_validation import Measure
from hattama.services.events import create_event
from hattama.services.settings import store_owner
from hattama.services.treaties import (
    DuplicateTreaty,
    InvalidTreaty,
    create_treaty,
    delete_treaty,
    get_treaty,
    list_treaty_rows,
    update_treaty,
)
from tests.events.samples import sample_event
from tests.treaties.samples import treaty_in_force, treaty_signed


def count(store, model) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_treaty_with_measures_linked_to_events_reads_back_equal_p2(store) -> None:
    event_id = create_event(store, sample_event())
    base = treaty_in_force()
    linked = dataclasses.replace(base.measures[0], event_ids=(event_id,))
    data = dataclasses.replace(base, measures=(linked, base.measures[1]))
    treaty_id = create_treaty(store, data)
    assert get_treaty(store, treaty_id).data == data
    assert count(store, TreatyMeasureEvent) == 1


def test_signed_treaty_keeps_its_steps_and_reasons_p2(store) -> None:
    data = treaty_signed()
    record = get_treaty(store, create_treaty(store, data))
    assert record.data.steps == data.steps
    assert record.data.steps[1].reason.startswith("Сараптама")


def test_invalid_treaty_is_refused_with_the_field_named_and_nothing_stored_p2(store) -> None:
    with pytest.raises(InvalidTreaty) as raised:
        create_treaty(store, treaty_in_force(in_force_on=dt.date(2018, 1, 1)))
    assert [p.field for p in raised.value.problems] == ["in_force_on"]
    assert "in_force_on" in i18n.describe(raised.value)
    assert count(store, Treaty) == 0


def test_a_measure_linked_to_an_unknown_event_is_refused(store) -> None:
    data = treaty_in_force(measures=(Measure(2025, "measure", "Кездесу", event_ids=(uuid.uuid4(),)),))
    with pytest.raises(InvalidTreaty) as raised:
        create_treaty(store, data)
    assert [p.field for p in raised.value.problems] == ["measures[0].event_ids"]


def test_duplicate_is_reported_not_merged_p2(store) -> None:
    first = create_treaty(store, treaty_in_force())
    with pytest.raises(DuplicateTreaty) as raised:
        create_treaty(store, treaty_in_force(title_kk="", measures=()))
    assert raised.value.existing_id == first
    assert count(store, Treaty) == 1
    # Issue 20.1: the service names the registered treaty by its titles; the edge words it in its language.
    treaty = treaty_in_force()
    assert treaty.title_kk in i18n.describe(raised.value, "kk") and treaty.title_ru in i18n.describe(raised.value, "ru")
    second = create_treaty(store, treaty_in_force(), allow_duplicate=True)  # the officer says it is another one
    assert second != first and count(store, Treaty) == 2


def test_update_moves_the_time_on_and_may_not_become_a_duplicate(store) -> None:
    first = create_treaty(store, treaty_in_force())
    other = create_treaty(store, treaty_signed())
    before = get_treaty(store, other)
    update_treaty(store, other, treaty_signed(signed_at="Анкара"))
    after = get_treaty(store, other)
    assert after.data.signed_at == "Анкара" and after.updated_at > before.updated_at
    with pytest.raises(DuplicateTreaty):
        update_treaty(store, other, treaty_in_force())
    update_treaty(store, first, treaty_in_force(notes="өзгерді"))  # itself is no duplicate


def test_list_rows_search_parties_in_every_language_and_delete(store) -> None:
    treaty_id = create_treaty(store, treaty_in_force())
    create_treaty(store, treaty_signed())
    rows = list_treaty_rows(store)
    assert [row.status for row in rows] == ["in_force", "signed"]
    assert rows[0].measure_years == (2025,)
    assert "қытай" in rows[0].search_text and "китай" in rows[0].search_text
    delete_treaty(store, treaty_id)
    assert [row.status for row in list_treaty_rows(store)] == ["signed"]


def test_a_treaty_belongs_to_the_stores_body_as_events_do(store) -> None:
    treaty_id = create_treaty(store, treaty_in_force())
    with store.session() as session:
        assert session.get(Treaty, treaty_id).owner == store_owner(session) != ""
