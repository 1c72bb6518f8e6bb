"""Events the tests start from: valid, in Kazakh and Russian, with parties and participants."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hattama.services.events import EventData, Participant, Party


def sample_event(**changes: object) -> EventData:
    event = EventData(
        title_kk="Қытай делегациясымен келіссөздер",
        title_ru="Переговоры с делегацией Китая",
        kind="talks",
        starts_at=dt.datetime(2025, 3, 12, 10, 0),
        ends_at=dt.datetime(2025, 3, 12, 12, 30),
        country="KZ",
        city="Астана",
        venue="Министрліктің мәжіліс залы",
        parties=(Party("country", "CN"), Party("organisation", "SCO"), Party("other", "", "Жібек жолы қауымдастығы")),
        participants=(
            Participant("ours", "Әлия Қасымова", "Вице-министр", "Сауда және интеграция министрлігі"),
            Participant("foreign", "Ван Лэй", "Заместитель министра", "Министерство коммерции КНР"),
        ),
    )
    return dataclasses.replace(event, **changes)


def abroad_event(**changes: object) -> EventData:
    """An official visit to Germany, departing the day before (p.48)."""
    defaults = dict(
        title_kk="Министрдің Германияға ресми сапары", title_ru="Официальный визит министра в Германию",
        kind="official_visit", starts_at=dt.datetime(2025, 5, 20, 9, 0), ends_at=dt.datetime(2025, 5, 21, 18, 0),
        country="DE", city="Берлин", venue="", departs_on=dt.date(2025, 5, 19), parties=(Party("country", "DE"),),
    )
    return sample_event(**{**defaults, **changes})
