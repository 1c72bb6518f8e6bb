"""Shared set-up for report tests: a settings row and events the body held."""

from __future__ import annotations

import datetime as dt
import uuid

from hattama.db.models import Event, EventParticipant, EventParty
from hattama.rules.event_validation import EventData
from hattama.services.events import create_event
from hattama.services.settings import update_settings


def unit_with_event(store, *, exemption: str | None = None, held: bool = True) -> uuid.UUID:
    update_settings(
        store,
        body_name_kk="Қазақстан Республикасының Сауда және интеграция министрлігі",
        body_name_ru="Министерство торговли и интеграции Республики Казахстан",
        unit_name_kk="Халықаралық ынтымақтастық департаменті",
        unit_name_ru="Департамент международного сотрудничества",
        officer_name="Ә. Қасымова",
        officer_position_kk="Департамент директоры",
        officer_position_ru="Директор департамента",
    )
    event_id = uuid.uuid4()
    with store.session() as session:
        event = Event(id=event_id, title_kk="Қытай делегациясымен келіссөздер",
                      title_ru="Переговоры с делегацией Китая", kind="talks",
                      starts_at=dt.datetime(2026, 11, 18, 10), ends_at=dt.datetime(2026, 11, 19, 17),
                      country="KZ", city="Астана", city_ru="Астана", venue="Министрлік ғимараты",
                      venue_ru="Здание министерства", held_by_body=held,
                      mfa_participated=False, exemption_area=exemption)
        event.parties.append(EventParty(party_kind="country", code="CN", name="", position=0))
        event.participants.extend([
            EventParticipant(side="ours", full_name="Ә. Қасымова", job_title="Директор", organisation="МТИ",
                             position=0),
            EventParticipant(side="foreign", full_name="Ван Лэй", job_title="Вице-министр",
                             organisation="ҚХР Коммерция министрлігі", organisation_ru="Минкоммерции КНР",
                             position=1),
        ])
        session.add(event)
    return event_id


def event_ending(store, ends: dt.datetime, title_kk: str = "Кездесу", title_ru: str = "") -> uuid.UUID:
    """An event the body held in Astana, ending at `ends`."""
    return create_event(store, EventData(title_kk, title_ru, "talks", ends - dt.timedelta(hours=2), ends, "KZ",
                                         "Астана"))
