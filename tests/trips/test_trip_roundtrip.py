"""Issue 17: a trip kit leaves the unit, is worked on offline on a laptop, returns and merges back with nothing
lost — the same event edited on both sides shows a conflict and keeps both versions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hattama.services import attachments, reports
from hattama.services import events as event_service
from hattama.services.history import history
from hattama.services.settings import load_settings
from hattama.services.trips import BOTH, export_kit, merge_kit, open_kit, preview_merge, return_kit
from tests.events.samples import sample_event
from tests.trips.helpers import PASSPHRASE, UNIT_BIN


def dump(store) -> str:
    connection = store.engine.raw_connection()
    try:
        return "\n".join(connection.driver_connection.iterdump())
    finally:
        connection.close()


def test_a_kit_is_sealed_and_unreadable_without_the_passphrase(trip) -> None:
    summary = export_kit(trip.unit, [trip.talks], trip.kit, PASSPHRASE)
    data = trip.kit.read_bytes()
    assert (summary.events, summary.reports, summary.attachments) == (1, 1, 1)
    assert data.startswith(b"HATTKIT\0")
    for secret in ("Переговоры с делегацией Китая", "Қытай", "Programme of the visit", UNIT_BIN, str(trip.talks)):
        assert secret.encode("utf-8") not in data
    assert trip.kit.stat().st_mode & 0o077 == 0


def test_the_laptop_opens_the_kit_with_ids_owner_settings_and_attachments(trip) -> None:
    export_kit(trip.unit, [trip.talks], trip.kit, PASSPHRASE)
    result = open_kit(trip.laptop, trip.kit, PASSPHRASE)
    assert (result.created, result.unit) == (2, UNIT_BIN)
    opened = event_service.get_event(trip.laptop, trip.talks)
    assert opened.owner == UNIT_BIN
    assert opened.data == event_service.get_event(trip.unit, trip.talks).data
    assert attachments.read_attachment(trip.laptop, opened.attachments[0].id) == b"Programme of the visit"
    settings = load_settings(trip.laptop)
    assert (settings.body_bin, settings.body_name_en) == (UNIT_BIN, "Ministry of Trade and Integration")
    assert settings.body_id == load_settings(trip.unit).body_id
    assert reports.get_report(trip.laptop, trip.report).texts["kk"].issues == "Сауда"


def edit_both_sides(trip) -> event_service.EventData:
    export_kit(trip.unit, [trip.talks, trip.visit], trip.kit, PASSPHRASE)
    open_kit(trip.laptop, trip.kit, PASSPHRASE)
    unit_data = event_service.get_event(trip.unit, trip.talks).data
    event_service.update_event(trip.unit, trip.talks, dataclasses.replace(unit_data, title_ru="Переговоры (unit)"))
    laptop_data = event_service.get_event(trip.laptop, trip.talks).data
    event_service.update_event(trip.laptop, trip.talks, dataclasses.replace(
        laptop_data, title_ru="Переговоры (trip)", city="Алматы"))
    new_event = sample_event(title_kk="Сапардағы кездесу", title_ru="Встреча в поездке",
                             starts_at=dt.datetime(2025, 3, 14, 9, 0), ends_at=dt.datetime(2025, 3, 14, 10, 0))
    new_id = event_service.create_event(trip.laptop, new_event)
    reports.save_texts(trip.laptop, trip.report, "kk", reports.ReportTexts(
        participants="Қасымова", issues="Сауда (trip)", agreements="Келісім", proposals="Ұсыныс"))
    return_kit(trip.laptop, trip.returned, PASSPHRASE)
    return new_id


def test_the_preview_shows_new_taken_and_conflicting_fields_without_writing(trip) -> None:
    edit_both_sides(trip)
    before = dump(trip.unit)
    preview = preview_merge(trip.unit, trip.returned, PASSPHRASE)
    assert dump(trip.unit) == before
    by_id = {record.id: record for record in preview.records}
    talks = by_id[trip.talks]
    assert talks.status == "conflict"
    fields = {change.name: change for change in talks.fields}
    assert fields["title_ru"].side == BOTH
    assert (fields["title_ru"].unit, fields["title_ru"].trip) == ("Переговоры (unit)", "Переговоры (trip)")
    assert fields["city"].side == "trip"
    assert by_id[trip.report].status == "taken"
    assert preview.count("new") == 1
    assert trip.visit not in by_id  # unchanged on the laptop: not returned


@pytest.mark.parametrize("prefer", ["unit", "trip"])
def test_the_merge_settles_conflicts_by_preference_and_keeps_both_versions(trip, prefer: str) -> None:
    new_id = edit_both_sides(trip)
    merge_kit(trip.unit, trip.returned, PASSPHRASE, prefer=prefer)
    merged = event_service.get_event(trip.unit, trip.talks)
    assert merged.data.title_ru == f"Переговоры ({prefer})"
    assert merged.data.city == "Алматы"  # changed on the trip only: taken
    assert event_service.get_event(trip.unit, new_id).owner == UNIT_BIN
    assert reports.get_report(trip.unit, trip.report).texts["kk"].issues == "Сауда (trip)"
    versions = history(trip.unit, "event", trip.talks)
    titles = {(v.origin, v.fields["title_ru"]) for v in versions}
    assert ("laptop", "Переговоры (trip)") in titles and ("unit", "Переговоры (unit)") in titles
    trip_version = next(v for v in versions if v.origin == "laptop")
    assert trip_version.author == "Nurlan Bekov"
    assert versions[-1].reason == "merged"


def test_merging_the_same_kit_twice_changes_nothing(trip) -> None:
    edit_both_sides(trip)
    merge_kit(trip.unit, trip.returned, PASSPHRASE, prefer="trip")
    before = dump(trip.unit)
    again = merge_kit(trip.unit, trip.returned, PASSPHRASE, prefer="unit")
    assert {record.status for record in again.records} == {"unchanged"}
    assert dump(trip.unit) == before


def test_a_change_on_the_unit_only_is_kept(trip) -> None:
    export_kit(trip.unit, [trip.talks], trip.kit, PASSPHRASE)
    open_kit(trip.laptop, trip.kit, PASSPHRASE)
    data = event_service.get_event(trip.unit, trip.talks).data
    event_service.update_event(trip.unit, trip.talks, dataclasses.replace(data, venue="Unit venue"))
    laptop_data = event_service.get_event(trip.laptop, trip.talks).data
    event_service.update_event(trip.laptop, trip.talks, dataclasses.replace(laptop_data, notes="Trip note"))
    return_kit(trip.laptop, trip.returned, PASSPHRASE)
    plan = merge_kit(trip.unit, trip.returned, PASSPHRASE)
    assert plan.records[0].status == "combined"
    merged = event_service.get_event(trip.unit, trip.talks).data
    assert (merged.venue, merged.notes) == ("Unit venue", "Trip note")


def test_a_second_return_of_the_same_trip_conflicts_only_on_what_changed_since(trip) -> None:
    edit_both_sides(trip)
    merge_kit(trip.unit, trip.returned, PASSPHRASE, prefer="unit")  # the unit keeps its title
    data = event_service.get_event(trip.laptop, trip.talks).data
    event_service.update_event(trip.laptop, trip.talks, dataclasses.replace(data, venue="Second venue"))
    return_kit(trip.laptop, trip.returned, PASSPHRASE)
    plan = merge_kit(trip.unit, trip.returned, PASSPHRASE, prefer="trip")
    talks = next(record for record in plan.records if record.id == trip.talks)
    assert {(change.name, change.side) for change in talks.fields} == {("venue", "trip"), ("title_ru", "unit")}
    merged = event_service.get_event(trip.unit, trip.talks).data
    assert (merged.title_ru, merged.venue, merged.city) == ("Переговоры (unit)", "Second venue", "Алматы")


def test_the_kit_carries_the_latest_mfa_position_with_its_file(trip, tmp_path) -> None:
    """p.45, p.47: the officer abroad prepares with the MFA's latest half-yearly position; an older one stays."""
    from sqlalchemy import select

    from hattama.db.models import AttachmentBlob
    from hattama.services import letters

    def position(half: str, day: dt.date, text: str, files=()) -> None:
        letters.add_letter(trip.unit, letters.LetterData(
            direction="incoming", correspondent_kind="mfa", dated_on=day, subject="Position", position_half=half,
            text=text), files, today=dt.date(2026, 12, 4))

    position("2026-H1", dt.date(2026, 6, 20), "June position")
    enclosure = tmp_path / "position.pdf"
    enclosure.write_bytes(b"%PDF-1.7 the December position")
    position("2026-H2", dt.date(2026, 12, 2), "December position", [enclosure])
    export_kit(trip.unit, [trip.talks], trip.kit, PASSPHRASE)
    assert letters.latest_mfa_position(trip.laptop) is None
    open_kit(trip.laptop, trip.kit, PASSPHRASE)
    carried = letters.latest_mfa_position(trip.laptop)
    assert carried is not None and (carried.data.text, carried.data.position_half) == ("December position", "2026-H2")
    assert [letter.data.text for letter in letters.list_letters(trip.laptop)] == ["December position"]
    with trip.laptop.session() as session:
        assert session.scalar(select(AttachmentBlob.content).where(
            AttachmentBlob.sha256 == carried.attachments[0].sha256)) == b"%PDF-1.7 the December position"
