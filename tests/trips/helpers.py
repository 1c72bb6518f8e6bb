"""A unit store with two events (one with a report and an attachment), and a laptop store beside it; shared with
the hostile trip-kit tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest

from hattama.db.store import open_store
from hattama.services import attachments, reports
from hattama.services import events as event_service
from hattama.services.settings import update_settings
from tests.events.samples import abroad_event, sample_event

PASSPHRASE = "correct horse battery staple"
UNIT_BIN = "990340000123"


@dataclass
class Trip:
    unit: object
    laptop: object
    folder: Path
    talks: UUID
    visit: UUID
    report: UUID

    @property
    def kit(self) -> Path:
        return self.folder / "trip.kit"

    @property
    def returned(self) -> Path:
        return self.folder / "returned.kit"


def make_trip(tmp_path: Path) -> Trip:
    unit = open_store(tmp_path / "unit.sqlite3")
    laptop = open_store(tmp_path / "laptop.sqlite3")
    update_settings(unit, body_name_en="Ministry of Trade and Integration", body_bin=UNIT_BIN,
                    officer_name="Aliya Kassymova")
    update_settings(laptop, officer_name="Nurlan Bekov")
    talks = event_service.create_event(unit, sample_event())
    visit = event_service.create_event(unit, abroad_event())
    attachment = tmp_path / "programme.txt"
    attachment.write_text("Programme of the visit", encoding="utf-8")
    attachments.add_attachment(unit, talks, attachment)
    report = reports.create_report(unit, talks)
    reports.save_texts(unit, report, "kk", reports.ReportTexts(participants="Қасымова", issues="Сауда",
                                                                agreements="Келісім", proposals="Ұсыныс"))
    return Trip(unit, laptop, tmp_path, talks, visit, report)


@pytest.fixture
def trip(tmp_path: Path):
    made = make_trip(tmp_path)
    yield made
    made.unit.close()
    made.laptop.close()
