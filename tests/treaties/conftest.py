"""A register to render forms from (p.2): the unit's settings, an event, treaties in force, signed, terminated."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hattama.rules.treaty_validation import Measure
from hattama.services.events import create_event
from hattama.services.settings import update_settings
from hattama.services.treaties import create_treaty
from tests.events.samples import sample_event
from tests.pdf.conftest import pdf_fonts, pdf_info, pdf_text, pdf_words  # noqa: F401 (fixtures)
from tests.treaties.samples import treaty_in_force, treaty_signed

BODY_KK = "Қазақстан Республикасының Сауда және интеграция министрлігі"
OFFICER = "Ә. Қасымова"
EVENT_TITLE_KK = "Қытай кеден әкімшілігінің делегациясымен жұмыс кездесуі"
RECOMMENDATION = "Дүниежүзілік сауда ұйымы сарапшыларының кедендік рәсімдерді жеңілдету жөніндегі ұсынымы"


@pytest.fixture
def register(store):
    update_settings(store, body_name_kk=BODY_KK, body_name_ru="Министерство торговли и интеграции Республики Казахстан",
                    unit_name_kk="Халықаралық ынтымақтастық департаменті",
                    unit_name_ru="Департамент международного сотрудничества", officer_name=OFFICER,
                    officer_position_kk="Департамент директоры", officer_position_ru="Директор департамента")
    event_id = create_event(store, sample_event(title_kk=EVENT_TITLE_KK, starts_at=dt.datetime(2025, 4, 15, 10),
                                                ends_at=dt.datetime(2025, 4, 15, 12)))
    base = treaty_in_force()
    measures = (dataclasses.replace(base.measures[0], event_ids=(event_id,)), base.measures[1],
                Measure(2025, "recommendation", RECOMMENDATION, dt.date(2025, 6, 3),
                        "Кедендік тексеру тәртібіне өзгерістер енгізілді", "WTO"),
                Measure(2024, "measure", "Өткен жылғы шара", dt.date(2024, 3, 1)))
    create_treaty(store, dataclasses.replace(base, measures=measures))
    create_treaty(store, treaty_signed())
    create_treaty(store, treaty_in_force(
        title_kk="Қазақстан Республикасы мен Ресей Федерациясы арасындағы ғылыми-техникалық ынтымақтастық туралы келісім",
        title_ru="Соглашение между Республикой Казахстан и Российской Федерацией о научно-техническом сотрудничестве",
        kind="interstate", status="terminated", signed_on=dt.date(2001, 5, 4), in_force_on=dt.date(2002, 1, 1),
        terminated_on=dt.date(2023, 6, 30), parties=(), measures=()))
    return store
