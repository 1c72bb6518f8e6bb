"""p.2: treaties travel in the interchange format (an optional `treaties` array): exported with the whole store,
merged by id and time like events, owners kept, bad treaties refused with their place named."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from hattama import i18n
from hattama.db.store import open_store
from hattama.services.errors import ServiceError
from hattama.services.interchange import export_interchange, import_interchange
from hattama.services.interchange.schema import interchange_schema
from hattama.services.treaties import create_treaty, get_treaty, list_treaty_rows, update_treaty
from tests.interchange.helpers import filled
from tests.treaties.samples import treaty_in_force


@pytest.fixture
def other(tmp_path: Path):
    opened = open_store(tmp_path / "other.sqlite3")
    yield opened
    opened.close()


def test_a_whole_export_carries_the_treaties_and_a_year_export_does_not_p2(store) -> None:
    filled(store)
    document = export_interchange(store)
    jsonschema.validate(document, interchange_schema())
    assert len(document["treaties"]) == 30
    assert any(m["event_ids"] for t in document["treaties"] for m in t["measures"])
    assert "treaties" not in export_interchange(store, year=2025)


def test_treaties_round_trip_with_their_links_owner_and_times_p2(store, other) -> None:
    filled(store)
    document = export_interchange(store)
    result = import_interchange(other, document)
    assert result.treaties_created == 30
    originals = {row.id: get_treaty(store, row.id) for row in list_treaty_rows(store)}
    for row in list_treaty_rows(other):
        copied = get_treaty(other, row.id)
        assert copied.data == originals[row.id].data
        assert copied.updated_at == originals[row.id].updated_at
    again = import_interchange(other, document)
    assert (again.treaties_created, again.treaties_updated, again.treaties_unchanged) == (0, 0, 30)


def test_a_newer_copy_replaces_an_older_one_is_a_conflict_p2(store, other) -> None:
    filled(store)
    import_interchange(other, export_interchange(store))
    treaty_id = list_treaty_rows(store)[0].id
    changed = dataclasses.replace(get_treaty(store, treaty_id).data, notes="Жаңартылды")
    update_treaty(store, treaty_id, changed)
    newer = export_interchange(store)
    result = import_interchange(other, newer)
    assert result.treaties_updated == 1 and get_treaty(other, treaty_id).data.notes == "Жаңартылды"
    older = copy.deepcopy(newer)
    for treaty in older["treaties"]:
        if treaty["id"] == str(treaty_id):
            treaty["updated_at"] = "2020-01-01T00:00:00.000000Z"
            treaty["notes"] = "ескі"
    result = import_interchange(other, older)
    assert [(c.kind, c.id) for c in result.conflicts] == [("treaty", treaty_id)]
    assert get_treaty(other, treaty_id).data.notes == "Жаңартылды"


def test_links_to_events_the_store_lacks_are_dropped(store, other) -> None:
    filled(store)
    document = export_interchange(store)
    linked = next(t for t in document["treaties"] if any(m["event_ids"] for m in t["measures"]))
    alone = {**document, "events": [], "reports": [], "treaties": [linked]}
    import_interchange(other, alone)
    data = get_treaty(other, list_treaty_rows(other)[0].id).data
    assert all(m.event_ids == () for m in data.measures)
    assert len(data.measures) == len(linked["measures"])


@pytest.mark.parametrize(("change", "expected"), [
    (lambda t: t.update(in_force_on=None, status="in_force"), "$.treaties[0]"),
    (lambda t: t.update(secret=1), "$.treaties[0]"),
    (lambda t: t.update(signed_on="2025-02-30"), "$.treaties[0]"),
    (lambda t: t.update(updated_at="2031-01-01T00:00:00.000000Z"), "more than a day after now"),
])
def test_a_bad_treaty_refuses_the_whole_file_p2(store, other, change, expected: str) -> None:
    create_treaty(store, treaty_in_force(measures=()))
    document = export_interchange(store)
    change(document["treaties"][0])
    with pytest.raises(ServiceError) as raised:
        import_interchange(other, json.loads(json.dumps(document)))
    assert expected in i18n.describe(raised.value)
    assert list_treaty_rows(other) == []
