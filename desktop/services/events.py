"""Events: the use cases over the store (create, update — with the event's attachments in the same
transaction —, bin and restore), the Events table's rows and the series of meetings.

EventData, Party and Participant are defined with their validation in hattama.rules and offered here too. The
rest of what concerns events has a module of its own: reference data (`event_reference`), documents in one
language (`event_language`), the JSON form (`event_json`), bulk storage (`event_storage`), attachments
(`attachments`) and editor drafts (`drafts`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Sequence
from pathlib import Path
from uuid import UUID, uuid4

from sqlalchemy import Row, select

from hattama.db.store import Store
from hattama.db.types import utc_now
from hattama.language import LANGUAGES, N_, format_date
from hattama.rules.errors import RuleError
from hattama.rules.event_validation import EventData as EventData  # offered here too, with the use cases
from hattama.rules.event_validation import FieldProblem, validate_event
from hattama.rules.event_validation import Participant as Participant
from hattama.rules.event_validation import Party as Party
from hattama.rules.plans import check_transition
from hattama.services.attachments import change_attachments, read_attachment_file
from hattama.services.errors import ServiceError
from hattama.services.event_reference import display_title, known_countries
from hattama.services.event_storage import (
    EVENT_TABLE,
    EventRecord,
    insert_event_records,
    later_than,
    load_one,
    refuse_if_binned,
    replace_event_records,
    touch,
)
from hattama.services.history import keep_version
from hattama.services.organisations import organisation, organisation_codes, party_label


class InvalidEvent(ServiceError):
    """The event has problems; `problems` lets the editor show each beside its field."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        super().__init__(
            N_("The event was not saved: {problems}"), problems=list(problems)
        )
        self.problems = list(problems)


def validate(data: EventData) -> list[FieldProblem]:
    return validate_event(data, known_countries(), organisation_codes())


# --------------------------------------------------------------------------------------------- use cases

def _check(data: EventData) -> None:
    problems = validate(data)
    if problems:
        raise InvalidEvent(problems)


def _check_status_change(current: str | None, data: EventData) -> None:
    """p.46 plan: only the transitions hattama.rules.plans allows."""
    try:
        check_transition(current, data.status, data.status_reason)
    except RuleError as error:
        raise InvalidEvent([FieldProblem("status", error.msgid, error.params)]) from None


def create_event(store: Store, data: EventData) -> UUID:
    return save_event(store, None, data)


def update_event(store: Store, event_id: UUID, data: EventData) -> None:
    """Replace the event's data, parties and participants; attachments are kept."""
    save_event(store, event_id, data)


def save_event(store: Store, event_id: UUID | None, data: EventData, added: Sequence[Path] = (),
               removed: Sequence[UUID] = ()) -> UUID:
    """Create (`event_id` None) or update the event together with the files `added` to it and the attachments
    `removed` from it: one transaction (issue 20.3), so a file that cannot be stored leaves the store as it was.
    The files are read, and refused when too big, before it begins."""
    _check(data)
    files = [(path.name, read_attachment_file(path)) for path in added]
    with store.session() as session:
        if event_id is None:
            _check_status_change(None, data)
            now = utc_now()
            event_id = uuid4()
            insert_event_records(session, [EventRecord(event_id, data, (), now, now, None)])
        else:
            current = load_one(session, event_id)
            refuse_if_binned(current.deleted_at)
            _check_status_change(current.data.status, data)
            replace_event_records(
                session, [dataclasses.replace(current, data=data, updated_at=later_than(current.updated_at))])
        change_attachments(session, event_id, files, removed)
        keep_version(session, "event", event_id)
    return event_id


def get_event(store: Store, event_id: UUID) -> EventRecord:
    with store.session() as session:
        return load_one(session, event_id)


def delete_event(store: Store, event_id: UUID) -> None:
    """To the bin: the event keeps everything and `restore_event` brings it back."""
    with store.session() as session:
        touch(session, event_id, editable=False, deleted_at=utc_now())
        keep_version(session, "event", event_id)


def restore_event(store: Store, event_id: UUID) -> None:
    with store.session() as session:
        touch(session, event_id, editable=False, deleted_at=None)
        keep_version(session, "event", event_id)


@functools.cache
def _search_terms(kind: str, code: str, name: str) -> str:
    """A party's (or, with kind "country", a place's) words in every language, so any of them finds it."""
    party = Party(kind, code, name)
    words = [code, name, *(party_label(party, language) for language in LANGUAGES)]
    listed = organisation(code) if kind == "organisation" else None
    if listed is not None:
        words += listed.abbreviations.values()
    return " ".join(dict.fromkeys(word for word in words if word))


def series_choices(store: Store, language: str) -> list[tuple[UUID, str]]:
    """Existing series of meetings (p.49), newest first, labelled by the first meeting's title and date."""
    query = (
        select(EVENT_TABLE.c.series_id, EVENT_TABLE.c.title_kk, EVENT_TABLE.c.title_ru, EVENT_TABLE.c.starts_at)
        .where(EVENT_TABLE.c.series_id.is_not(None), EVENT_TABLE.c.deleted_at.is_(None))
        .order_by(EVENT_TABLE.c.series_id, EVENT_TABLE.c.starts_at)
    )
    with store.session() as session:
        first_meetings: dict[UUID, Row[tuple[UUID | None, str, str, dt.datetime]]] = {}
        for row in session.execute(query):
            first_meetings.setdefault(row.series_id, row)
    ordered = sorted(first_meetings.values(), key=lambda row: row.starts_at, reverse=True)
    return [(row.series_id, f"{display_title(row.title_kk, row.title_ru, language)} — "
                            f"{format_date(row.starts_at.date(), language=language)}")
            for row in ordered]
