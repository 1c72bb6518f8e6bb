"""Hostile trip kits (issue 17; issue 21.2 "a trip kit returns to its own unit only").

Classes of hostile input, each built by `tests/hostile/trip_kit_hazards.py` from a real kit:
- secrecy: a wrong passphrase, an empty one;
- damage: a kit cut short anywhere (header, ciphertext, tag), a byte appended, any byte of the header (magic,
  salt, nonce, KDF parameters) or of the ciphertext or tag changed, a file that is not a kit;
- resource exhaustion: a header asking scrypt for gigabytes of memory, a future format version;
- a payload that is not the kit's JSON, sealed with the right passphrase;
- provenance: a kit returned to another unit, a returned kit older than the one already merged, a kit of the
  wrong kind (an outgoing kit merged, a returned kit opened), a laptop copy claiming another owner.
Each is refused with one translated sentence, and the store is byte-for-byte as it was.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hattama.services import events as event_service
from hattama.services.errors import ServiceError
from hattama.services.trips import export_kit, merge_kit, open_kit, return_kit
from hattama.services.trips.kit import KitError
from tests.hostile.trip_kit_hazards import byte_damage, header_with, resealed
from tests.trips.helpers import PASSPHRASE, make_trip
from tests.trips.test_trip_roundtrip import dump


@pytest.fixture
def trip(tmp_path: Path):
    made = make_trip(tmp_path)
    yield made
    made.unit.close()
    made.laptop.close()


def refused(action, store, match: str) -> None:
    before = dump(store)
    with pytest.raises(ServiceError, match=match):
        action()
    assert dump(store) == before


def returned(trip) -> Path:
    export_kit(trip.unit, [trip.talks], trip.kit, PASSPHRASE)
    open_kit(trip.laptop, trip.kit, PASSPHRASE)
    data = event_service.get_event(trip.laptop, trip.talks).data
    event_service.update_event(trip.laptop, trip.talks, dataclasses.replace(data, notes="from the trip"))
    return_kit(trip.laptop, trip.returned, PASSPHRASE)
    return trip.returned


def test_a_wrong_or_empty_passphrase_opens_nothing(trip) -> None:
    export_kit(trip.unit, [trip.talks], trip.kit, PASSPHRASE)
    refused(lambda: open_kit(trip.laptop, trip.kit, PASSPHRASE + "!"), trip.laptop, "passphrase is wrong")
    refused(lambda: open_kit(trip.laptop, trip.kit, ""), trip.laptop, "passphrase is wrong")


def test_every_kind_of_damage_is_refused_and_the_store_untouched(trip, tmp_path: Path) -> None:
    export_kit(trip.unit, [trip.talks], trip.kit, PASSPHRASE)
    cases = byte_damage(trip.kit.read_bytes())
    assert len(cases) >= 15
    for name, data in cases.items():
        damaged = tmp_path / f"damaged-{len(name)}.kit"
        damaged.write_bytes(data)
        before = dump(trip.laptop)
        with pytest.raises(KitError) as caught:
            open_kit(trip.laptop, damaged, PASSPHRASE)
        assert "trip kit" in str(caught.value), name
        assert dump(trip.laptop) == before, name


@pytest.mark.parametrize(("changes", "match"), [
    ({"log2_n": 40}, "header is damaged"),  # 2**40 × 1 KiB: refused before scrypt runs
    ({"log2_n": 17, "r": 16}, "header is damaged"),  # 256 MiB
    ({"p": 200}, "header is damaged"),
    ({"kdf": 7}, "header is damaged"),
    ({"version": 2}, "version 2 of the format"),
])
def test_a_header_asking_for_too_much_or_a_newer_format_is_refused_unread(trip, tmp_path, changes, match) -> None:
    export_kit(trip.unit, [trip.talks], trip.kit, PASSPHRASE)
    forged = tmp_path / "forged.kit"
    forged.write_bytes(header_with(trip.kit.read_bytes(), **changes))
    refused(lambda: open_kit(trip.laptop, forged, PASSPHRASE), trip.laptop, match)


@pytest.mark.parametrize("change", [
    lambda payload: b"not json",
    lambda payload: b'{"format": "hattama-trip-kit", "format": "x"}',
    lambda payload: payload.update(format="something else"),
    lambda payload: payload.pop("unit"),
    lambda payload: payload.update(attachments={"abc": "!!not base64!!"}),
    lambda payload: payload["settings"].update(body_bin=12),
    lambda payload: payload["calendar_overrides"].append({"id": "x"}),
], ids=["not json", "duplicate key", "wrong format", "no unit", "bad attachment", "bad setting", "bad override"])
def test_a_payload_not_in_the_kit_format_is_refused_even_with_the_passphrase(trip, tmp_path, change) -> None:
    export_kit(trip.unit, [trip.talks], trip.kit, PASSPHRASE)
    forged = tmp_path / "forged.kit"
    forged.write_bytes(resealed(trip.kit, PASSPHRASE, change))
    refused(lambda: open_kit(trip.laptop, forged, PASSPHRASE), trip.laptop, "contents are damaged")


def test_a_kit_returns_to_its_own_unit_only(trip, tmp_path: Path) -> None:
    kit = returned(trip)
    other = make_trip(tmp_path / "other")
    try:
        refused(lambda: merge_kit(other.unit, kit, PASSPHRASE), other.unit,
                "belongs to the unit .* not to this store's unit .*returns to its own unit only")
    finally:
        other.unit.close()
        other.laptop.close()


def test_a_returned_kit_older_than_the_one_merged_is_refused(trip, tmp_path: Path) -> None:
    first = returned(trip)
    older = tmp_path / "older.kit"
    older.write_bytes(first.read_bytes())
    data = event_service.get_event(trip.laptop, trip.talks).data
    event_service.update_event(trip.laptop, trip.talks, dataclasses.replace(data, notes="later on the trip"))
    return_kit(trip.laptop, trip.returned, PASSPHRASE)
    merge_kit(trip.unit, trip.returned, PASSPHRASE)
    refused(lambda: merge_kit(trip.unit, older, PASSPHRASE), trip.unit, "older than the unit's version")
    assert event_service.get_event(trip.unit, trip.talks).data.notes == "later on the trip"


def test_a_kit_of_the_wrong_kind_is_refused(trip) -> None:
    kit = returned(trip)
    refused(lambda: merge_kit(trip.unit, trip.kit, PASSPHRASE), trip.unit, "not a returned kit")
    refused(lambda: open_kit(trip.laptop, kit, PASSPHRASE), trip.laptop, "returned trip kit")


def test_a_laptop_copy_claiming_another_owner_is_refused(trip, tmp_path: Path) -> None:
    kit = returned(trip)
    forged = tmp_path / "forged.kit"

    def other_owner(payload: dict) -> None:
        payload["document"]["events"][0]["owner"] = "990340000999"

    forged.write_bytes(resealed(kit, PASSPHRASE, other_owner))
    refused(lambda: merge_kit(trip.unit, forged, PASSPHRASE), trip.unit, "belongs to the body")


def test_a_kit_the_unit_did_not_export_is_refused(trip, tmp_path: Path) -> None:
    kit = returned(trip)
    forged = tmp_path / "forged.kit"
    forged.write_bytes(resealed(kit, PASSPHRASE, lambda payload: payload.update(
        kit_id="00000000-0000-4000-8000-000000000000")))
    refused(lambda: merge_kit(trip.unit, forged, PASSPHRASE), trip.unit, "did not export the trip kit")


def test_a_kit_opens_neither_in_the_store_that_made_it_nor_beside_another_units_trip(trip, tmp_path: Path) -> None:
    export_kit(trip.unit, [trip.talks], trip.kit, PASSPHRASE)
    refused(lambda: open_kit(trip.unit, trip.kit, PASSPHRASE), trip.unit, "This store exported the trip kit")
    open_kit(trip.laptop, trip.kit, PASSPHRASE)
    other = make_trip(tmp_path / "other")
    try:
        other_kit = tmp_path / "other.kit"
        export_kit(other.unit, [other.talks], other_kit, PASSPHRASE)
        refused(lambda: open_kit(trip.laptop, other_kit, PASSPHRASE), trip.laptop, "holds a trip of another unit")
    finally:
        other.unit.close()
        other.laptop.close()
