"""A valid document to damage: demo events with reports, plus an event at home and one abroad."""

from __future__ import annotations

from typing import Any

import pytest

from hattama.db.store import open_store
from hattama.services.events import create_event
from hattama.services.interchange import export_interchange
from tests.events.samples import abroad_event, sample_event
from tests.interchange.helpers import filled


@pytest.fixture(scope="session")
def valid_document(tmp_path_factory) -> dict[str, Any]:
    source = open_store(tmp_path_factory.mktemp("source") / "source.sqlite3")
    try:
        filled(source, events=12)
        create_event(source, sample_event(exemption_area="investment"))
        create_event(source, abroad_event())
        document = export_interchange(source)
    finally:
        source.close()
    assert document["reports"] and len(document["events"]) == 14
    return document
