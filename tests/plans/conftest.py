"""A unit with a plan for 2027 and events held in 2026 (p.46)."""

from __future__ import annotations

import datetime as dt

import pytest

from hattama.services.events import Party, create_event, get_event, update_event
from hattama.services.settings import update_settings
from tests.events.samples import abroad_event, sample_event
from tests.gui.test_event_editor import open_editor  # noqa: F401 (fixture)
from tests.pdf.conftest import pdf_fonts, pdf_info, pdf_text, pdf_words  # noqa: F401 (fixtures)

BODY_KK = "Қазақстан Республикасының Сауда және интеграция министрлігі"
BODY_RU = "Министерство торговли и интеграции Республики Казахстан"
OFFICER = "Ә. С. Жұмабаева"


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


@pytest.fixture
def unit(store):
    update_settings(store, body_name_kk=BODY_KK, body_name_ru=BODY_RU, officer_name=OFFICER)
    return store


@pytest.fixture
def plan(unit):
    """2027: a confirmed event in February, one known only as Q2, one as November; a cancelled one in March;
    a held event of 2026 and a planned one of 2028 that are not in the plan."""
    def planned(title: str, day: dt.date, **changes: object):
        return create_event(unit, sample_event(title_kk=title, title_ru=title + " (ru)", starts_at=at(day),
                                               ends_at=at(day, 18), **changes))

    planned("Ақпандағы келіссөздер", dt.date(2027, 2, 10), status="confirmed", participation_level="Вице-министр",
            initiator="Шетелдік тарап", funding_source="Республикалық бюджет", foreign_economic=True,
            initiator_ru="Иностранная сторона", funding_source_ru="Республиканский бюджет")
    planned("Екінші тоқсандағы форум", dt.date(2027, 4, 1), status="planned", tentative_period="2027-Q2",
            programme="Экспорт 2029")
    planned("Қарашадағы кездесу", dt.date(2027, 11, 1), status="planned", tentative_period="2027-11")
    cancelled = planned("Наурыздағы кездесу", dt.date(2027, 3, 3), status="planned")
    update_event(unit, cancelled, sample_event(title_kk="Наурыздағы кездесу", starts_at=at(dt.date(2027, 3, 3)),
                                               ends_at=at(dt.date(2027, 3, 3), 18), status="cancelled",
                                               status_reason="Серіктес бас тартты"))
    assert get_event(unit, cancelled).data.status == "cancelled"
    planned("Өткен кездесу", dt.date(2026, 6, 3), status="held")
    planned("2028 жылғы кездесу", dt.date(2028, 1, 20), status="planned")
    create_event(unit, abroad_event(starts_at=at(dt.date(2026, 5, 20)), ends_at=at(dt.date(2026, 5, 21), 18),
                                    departs_on=dt.date(2026, 5, 19), parties=(Party("country", "DE"),
                                                                               Party("organisation", "SCO"))))
    return unit
