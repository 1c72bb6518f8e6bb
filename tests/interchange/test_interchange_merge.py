"""Export, import into another store, merge by id and time: the same record twice never duplicates."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest

from hattama.db.store import open_store
from hattama.services.attachments import add_attachment, read_attachment
from hattama.services.errors import ServiceError
from hattama.services.events import create_event, delete_event, get_event, update_event
from hattama.services.interchange import (
    Conflict,
    export_interchange,
    export_to_file,
    import_file,
    import_interchange,
)
from hattama.services.listed_events import all_listed_events
from tests.events.samples import abroad_event, sample_event
from tests.interchange.helpers import filled, records_of, table_counts


@pytest.fixture
def other_store(tmp_path: Path):
    opened = open_store(tmp_path / "other.sqlite3")
    yield opened
    opened.close()


def test_round_trip_gives_equal_records(store, other_store) -> None:
    filled(store)
    binned = all_listed_events(store)[3].id
    delete_event(store, binned)
    exempt = create_event(store, sample_event(exemption_area="criminal_proceedings"))
    document = export_interchange(store)

    result = import_interchange(other_store, document)
    assert result.created == len(document["events"]) + len(document["reports"])
    assert (result.updated, result.unchanged, result.conflicts) == (0, 0, [])
    assert records_of(export_interchange(other_store)) == records_of(document)
    assert get_event(other_store, binned) == get_event(store, binned)  # the bin travels: deleted_at
    # p.50: the exemption is part of the event, stored and exported like any field.
    assert get_event(other_store, exempt).data.exemption_area == "criminal_proceedings"
    assert [e for e in document["events"] if e["id"] == str(exempt)][0]["exemption_area"] == "criminal_proceedings"
    assert table_counts(other_store) == table_counts(store)


def test_importing_the_same_file_twice_changes_nothing(store, other_store, tmp_path: Path) -> None:
    filled(store)
    path = tmp_path / "exchange.json"
    export_to_file(store, path)
    first = import_file(other_store, path)
    counts = table_counts(other_store)
    snapshot = records_of(export_interchange(other_store))

    second = import_file(other_store, path)
    assert (second.created, second.updated, second.conflicts) == (0, 0, [])
    assert second.unchanged == first.created
    assert table_counts(other_store) == counts
    assert records_of(export_interchange(other_store)) == snapshot


def test_a_newer_copy_replaces_the_older_one(store, other_store) -> None:
    event_id = create_event(store, sample_event())
    import_interchange(other_store, export_interchange(store))
    changed = sample_event(title_ru="Переговоры (итог)", participants=())
    update_event(other_store, event_id, changed)

    result = import_interchange(store, export_interchange(other_store))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert get_event(store, event_id) == get_event(other_store, event_id)
    assert get_event(store, event_id).data == changed


def test_an_older_copy_leaves_the_local_record_and_is_reported(store, other_store) -> None:
    event_id = create_event(store, sample_event())
    old_document = export_interchange(store)
    import_interchange(other_store, old_document)
    update_event(store, event_id, sample_event(title_ru="Изменено здесь"))
    local = get_event(store, event_id)

    result = import_interchange(store, old_document)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert result.conflicts == [Conflict("event", event_id, local.updated_at, get_event(other_store, event_id).updated_at)]
    assert get_event(store, event_id) == local


def test_a_deletion_elsewhere_arrives_as_a_newer_copy(store, other_store) -> None:
    event_id = create_event(store, abroad_event())
    import_interchange(other_store, export_interchange(store))
    delete_event(other_store, event_id)
    import_interchange(store, export_interchange(other_store))
    assert get_event(store, event_id).deleted_at is not None
    assert all_listed_events(store) == []


def test_a_report_whose_event_is_nowhere_refuses_the_whole_file(store, other_store) -> None:
    filled(store)
    document = export_interchange(store)
    assert document["reports"]
    document["reports"][-1]["event_id"] = str(uuid.uuid4())
    before = table_counts(other_store)
    with pytest.raises(ServiceError) as raised:
        import_interchange(other_store, document)
    assert raised.value.params["id"] == document["reports"][-1]["id"]
    assert table_counts(other_store) == before  # all or nothing: the valid events were not kept either


def test_a_report_for_an_event_already_in_the_store_is_accepted(store, other_store) -> None:
    filled(store)
    document = export_interchange(store)
    import_interchange(other_store, {**document, "reports": []})
    result = import_interchange(other_store, {**document, "events": []})
    assert result.created == len(document["reports"])


def test_a_second_report_for_an_event_is_refused(store, other_store) -> None:
    filled(store)
    document = export_interchange(store)
    import_interchange(other_store, document)
    document["reports"][0]["id"] = str(uuid.uuid4())
    before = table_counts(other_store)
    with pytest.raises(ServiceError) as raised:
        import_interchange(other_store, document)
    assert "already has another report" in raised.value.msgid
    assert table_counts(other_store) == before


def test_attachments_without_their_content_are_reported_not_attached(store, other_store, tmp_path: Path) -> None:
    event_id = create_event(store, sample_event())
    path = tmp_path / "protocol.pdf"
    path.write_bytes(b"%PDF-1.7 signed protocol")
    info = add_attachment(store, event_id, path)
    document = export_interchange(store)
    assert document["attachments_included"] is False

    result = import_interchange(other_store, document)
    assert [(m.event_id, m.file_name, m.sha256) for m in result.missing_attachments] == [
        (event_id, "protocol.pdf", info.sha256)]
    assert get_event(other_store, event_id).attachments == ()


def test_attachments_whose_content_comes_alongside_are_stored(store, other_store, tmp_path: Path) -> None:
    event_id = create_event(store, sample_event())
    path = tmp_path / "protocol.pdf"
    path.write_bytes(b"%PDF-1.7 signed protocol")
    info = add_attachment(store, event_id, path)
    forged = {info.sha256: b"not the protocol"}
    assert import_interchange(other_store, export_interchange(store), forged).missing_attachments

    third = open_store(tmp_path / "third.sqlite3")
    try:
        result = import_interchange(third, export_interchange(store), {info.sha256: path.read_bytes()})
        assert result.missing_attachments == []
        assert get_event(third, event_id).attachments == (info,)
        assert read_attachment(third, info.id) == path.read_bytes()
    finally:
        third.close()


def test_a_newer_copy_without_an_attachment_drops_its_unused_content(store, other_store, tmp_path: Path) -> None:
    event_id = create_event(store, sample_event())
    path = tmp_path / "protocol.pdf"
    path.write_bytes(b"%PDF-1.7 signed protocol")
    info = add_attachment(store, event_id, path)
    import_interchange(other_store, export_interchange(store), {info.sha256: path.read_bytes()})
    document = export_interchange(store)
    document["events"][0]["attachments"] = []
    document["events"][0]["updated_at"] = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)).isoformat().replace(
        "+00:00", "Z")
    assert import_interchange(other_store, document).updated == 1
    assert table_counts(other_store)["attachment_blob"] == 0
