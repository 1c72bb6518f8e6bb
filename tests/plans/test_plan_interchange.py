"""p.46 plan fields in the interchange format: optional, carried both ways; a file without them imports as held."""

from __future__ import annotations

import datetime as dt
import json

from hattama.db.store import open_store
from hattama.services.events import create_event, get_event
from hattama.services.interchange.export import export_interchange
from hattama.services.interchange.importer import import_interchange
from hattama.services.interchange.records import utc_text
from tests.events.samples import sample_event

PLAN_FIELDS = ("status", "status_reason", "tentative_period", "participation_level", "initiator", "funding_source",
               "treaty_id", "programme", "foreign_economic", "diplomatic_agreement_on", "diplomatic_agreement_ref",
               "diplomatic_participants")


def test_p46_plan_fields_travel_and_old_files_import_as_held(store, tmp_path) -> None:
    data = sample_event(status="planned", tentative_period="2025-Q1", participation_level="Minister",
                        foreign_economic=True, diplomatic_agreement_on=dt.date(2025, 3, 1),
                        diplomatic_participants="Embassy")
    event_id = create_event(store, data)
    document = export_interchange(store)
    [event] = document["events"]
    assert event["status"] == "planned" and event["diplomatic_agreement_on"] == "2025-03-01"
    other = open_store(tmp_path / "other.db")
    try:
        import_interchange(other, json.loads(json.dumps(document)))
        assert get_event(other, event_id).data == data
        old = json.loads(json.dumps(document))
        old["events"][0] = {key: value for key, value in old["events"][0].items() if key not in PLAN_FIELDS}
        newer = get_event(other, event_id).updated_at + dt.timedelta(hours=1)  # replaces the copy held
        old["events"][0]["updated_at"] = utc_text(newer)
        import_interchange(other, old, now=newer + dt.timedelta(minutes=1))
        imported = get_event(other, event_id).data
        assert (imported.status, imported.tentative_period, imported.foreign_economic) == ("held", "", False)
    finally:
        other.close()
