"""Post-event reports (p.46): drafting per language, the status workflow, and the official document."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Exists, Select, String, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from hattama import clock
from hattama.db.models import Event, Report, ReportText
from hattama.db.store import Store
from hattama.db.types import utc_now
from hattama.language import N_, translate_in
from hattama.rules.document_language import participant_problems
from hattama.rules.errors import Message, RuleError
from hattama.rules.exemptions import exemption_area
from hattama.rules.registration import bare_number
from hattama.rules.report_status import CLEARED_ON_ENTRY as _CLEARED_ON_ENTRY
from hattama.rules.report_status import (
    COMPLETE,
    EDITING_RETURNS_TO_DRAFT,
    STAMPED_ON_ENTRY,
    WITH_THE_MFA,
    ReportStatus,
    check_transition,
)
from hattama.rules.report_status import STATUS_LABELS as _STATUS_LABELS
from hattama.services.errors import ServiceError
from hattama.services.event_language import (
    MissingTranslations,
    participant_line,
    place_in,
    require_translations,
)
from hattama.services.event_reference import display_title, kind_label
from hattama.services.event_storage import load_event_records
from hattama.services.events import Party, get_event
from hattama.services.history import keep_version
from hattama.services.organisations import party_label
from hattama.services.pdf.document import (
    AGREEMENTS_REACHED,
    ISSUES_DISCUSSED,
    PARTICIPANTS_HEADING,
    PROPOSALS_FOR_FURTHER_WORK,
    REPORT_TITLE,
    ReportDocument,
    Section,
    p46_sections,
)
from hattama.services.pdf.official_dates import document_date
from hattama.services.pdf.render import render_report_pdf, write_report_pdf
from hattama.services.pdf.text import clean_pasted_text
from hattama.services.registration import registration_in
from hattama.services.settings import UnitDetailsMissing, load_settings, missing_for_report

REPORT_LANGUAGES = ("kk", "ru")
SECTION_FIELDS = ("participants", "issues", "agreements", "proposals")
REQUIRED_SECTIONS = ("participants", "issues", "agreements")
# The status machine is hattama.rules.report_status; these are its values, for callers holding plain strings.
STATUSES = tuple(status.value for status in ReportStatus)
# A report in these is complete: every required section in each language it carries (issue 11, point 3).
COMPLETE_STATUSES = tuple(status.value for status in ReportStatus if status in COMPLETE)
MAX_REASON_LENGTH = 1000
STATUS_LABELS: dict[str, str] = {status.value: label for status, label in _STATUS_LABELS.items()}
SECTION_LABELS = {
    "participants": PARTICIPANTS_HEADING,
    "issues": ISSUES_DISCUSSED,
    "agreements": AGREEMENTS_REACHED,
    "proposals": PROPOSALS_FOR_FURTHER_WORK,
}
LANGUAGE_NAMES = {"kk": N_("Kazakh"), "ru": N_("Russian")}


@dataclass(frozen=True)
class ReportTexts:
    participants: str = ""
    issues: str = ""
    agreements: str = ""
    proposals: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in SECTION_FIELDS)


@dataclass(frozen=True)
class ReportRecord:
    id: uuid.UUID
    event_id: uuid.UUID
    event_title: str
    event_ends_at: dt.datetime
    status: str
    texts: dict[str, ReportTexts] = field(default_factory=dict)
    mfa_request_date: dt.date | None = None
    mfa_request_ref: str = ""
    sent_on: dt.date | None = None
    acknowledged_on: dt.date | None = None
    bundle_sha256: str = ""
    updated_at: dt.datetime | None = None
    not_requested_on: dt.date | None = None
    not_requested_reason: str = ""

    @property
    def languages(self) -> list[str]:
        return [language for language in REPORT_LANGUAGES
                if language in self.texts and not self.texts[language].is_empty()]


# The characters str.strip() removes: a section of nothing else is empty (`ReportTexts.is_empty`), in SQL too.
_BLANKS = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
           "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SECTION_COLUMNS = tuple(getattr(ReportText, name) for name in SECTION_FIELDS)
_RECORD_COLUMNS = (Report.id, Report.event_id, Event.title_kk, Event.title_ru, Event.ends_at, Report.status,
                   Report.mfa_request_date, Report.mfa_request_ref, Report.sent_on, Report.acknowledged_on,
                   Report.bundle_sha256, Report.updated_at, Report.not_requested_on, Report.not_requested_reason)


def _newest_first(query: Select[Any], condition: ColumnElement[bool]) -> Select[Any]:
    """The query over reports joined to their events, for those matching `condition`, latest-ending first."""
    return query.join(Event, Event.id == Report.event_id).where(condition).order_by(Event.ends_at.desc())


def _records(session: Session, condition: ColumnElement[bool], language: str) -> list[ReportRecord]:
    """Full records of the reports matching `condition`: two queries, however many reports."""
    reports = session.execute(_newest_first(select(*_RECORD_COLUMNS), condition)).all()
    texts_query = (select(ReportText.report_id, ReportText.language, *_SECTION_COLUMNS)
                   .join(Report, Report.id == ReportText.report_id).join(Event, Event.id == Report.event_id)
                   .where(condition).order_by(ReportText.language))
    texts: defaultdict[uuid.UUID, dict[str, ReportTexts]] = defaultdict(dict)
    for text in session.execute(texts_query).all():
        texts[text.report_id][text.language] = ReportTexts(*text[2:])
    return [ReportRecord(row.id, row.event_id, display_title(row.title_kk, row.title_ru, language), row.ends_at,
                         row.status, texts.get(row.id, {}), row.mfa_request_date, row.mfa_request_ref, row.sent_on,
                         row.acknowledged_on, row.bundle_sha256, row.updated_at, row.not_requested_on,
                         row.not_requested_reason)
            for row in reports]


def _no_report(report_id: uuid.UUID) -> ServiceError:
    return ServiceError(N_("There is no report with the id {id}."), id=str(report_id))


def _load(session: Session, report_id: uuid.UUID) -> tuple[Report, Event]:
    report = session.get(Report, report_id)
    if report is None:
        raise _no_report(report_id)
    return report, session.get_one(Event, report.event_id)  # a report's event is a foreign key: it is there


def list_reports(store: Store, language: str = "kk") -> list[ReportRecord]:
    """Every report with its texts, except those on events in the bin, latest-ending event first."""
    with store.session() as session:
        return _records(session, Event.deleted_at.is_(None), language)


def get_report(store: Store, report_id: uuid.UUID, language: str = "kk") -> ReportRecord:
    with store.session() as session:
        found = _records(session, Report.id == report_id, language)
    if not found:
        raise _no_report(report_id)
    return found[0]


def get_reports(store: Store, report_ids: Iterable[uuid.UUID], language: str = "kk") -> list[ReportRecord]:
    """These reports, in the order given, in two queries by id however many (issue 22.3)."""
    wanted = list(dict.fromkeys(report_ids))
    with store.session() as session:
        found = {record.id: record for record in _records(session, Report.id.in_(wanted), language)}
    missing = next((report_id for report_id in wanted if report_id not in found), None)
    if missing is not None:
        raise _no_report(missing)
    return [found[report_id] for report_id in wanted]


def report_ids_starting(store: Store, prefix: str, limit: int = 2) -> list[uuid.UUID]:
    """Up to `limit` report ids starting with `prefix` (hex digits, dashes ignored, as `report list` shows
    them): one range query on the primary key's index, never a read of every report (issue 22.3)."""
    digits = prefix.replace("-", "").lower()
    if not digits or len(digits) > 32 or any(char not in "0123456789abcdef" for char in digits):
        return []
    # A UUID is stored as 32 hex digits: those starting with the prefix lie in [prefix, prefix + "g").
    stored = type_coerce(Report.id, String())
    query = select(Report.id).where(stored >= digits, stored < digits + "g").order_by(stored).limit(limit)
    with store.session() as session:
        return list(session.scalars(query))


@dataclass(frozen=True)
class ReportRow:
    """A line of the reports list: what it shows, without the texts."""

    id: uuid.UUID
    event_title: str
    event_ends_at: dt.datetime
    status: str
    # As `ReportRecord.languages`: those with a section that is not blank.
    languages: tuple[str, ...]


def _written_in(language: str) -> Exists:
    """Whether the report has a section in `language` that is not blank, decided by the database."""
    written = or_(*(func.trim(column, _BLANKS) != "" for column in _SECTION_COLUMNS))
    return exists().where(ReportText.report_id == Report.id, ReportText.language == language, written)


def list_report_rows(store: Store, language: str = "kk") -> list[ReportRow]:
    """The reports list, as `list_reports` orders and titles it, in one query that reads no text into Python."""
    query = select(Report.id, Event.title_kk, Event.title_ru, Event.ends_at, Report.status,
                   *(_written_in(code).label(code) for code in REPORT_LANGUAGES))
    with store.session() as session:
        rows = session.execute(_newest_first(query, Event.deleted_at.is_(None))).all()
    return [ReportRow(report_id, display_title(title_kk, title_ru, language), ends_at, status,
                      tuple(compress(REPORT_LANGUAGES, written)))
            for report_id, title_kk, title_ru, ends_at, status, *written in rows]


def report_for_event(store: Store, event_id: uuid.UUID) -> uuid.UUID | None:
    with store.session() as session:
        return session.scalars(select(Report.id).where(Report.event_id == event_id)).first()


@dataclass(frozen=True)
class EventChoice:
    event_id: uuid.UUID
    title: str
    ends_at: dt.datetime


def events_needing_report(store: Store, language: str = "kk") -> list[EventChoice]:
    """Events the body held, not exempt under p.50 and without a report yet, newest first."""
    with store.session() as session:
        reported = select(Report.event_id)
        rows = session.scalars(select(Event).where(
            Event.deleted_at.is_(None), Event.held_by_body.is_(True), Event.exemption_area.is_(None),
            Event.id.not_in(reported)).order_by(Event.ends_at.desc())).all()
        return [EventChoice(event.id, display_title(event.title_kk, event.title_ru, language), event.ends_at) for event in rows]


def participants_text(store: Store, event_id: uuid.UUID, language: str) -> str:
    """The event's participants as editable lines for the report's text in `language`, our side first
    ("- Name, position, organisation"), each in that language's form: MissingTranslations names a participant
    whose position or organisation has only the other language's form (issue 19.2)."""
    people = get_event(store, event_id).data.participants
    problems = participant_problems(people, language)
    if problems:
        raise MissingTranslations(language, problems)
    ordered = sorted(people, key=lambda person: person.side != "ours")
    return "\n".join("- " + participant_line(person, language) for person in ordered)


def create_report(store: Store, event_id: uuid.UUID) -> uuid.UUID:
    """A draft report for an event the body held; p.50-exempt and attended events have no p.46 report."""
    with store.session() as session:
        event = session.get(Event, event_id)
        if event is None or event.deleted_at is not None:
            raise ServiceError(N_("The event no longer exists."))
        if not event.held_by_body:
            raise ServiceError(N_("p.46 asks for a report on events the body held; this event was only attended."))
        if event.exemption_area:
            area = exemption_area(event.exemption_area)
            raise ServiceError(N_("No p.46 report is due for this event: p.50 exempts “{area}”."), area=Message(area.label))
        existing = session.scalars(select(Report.id).where(Report.event_id == event_id)).first()
        if existing is not None:
            return existing
        report = Report(event_id=event_id, status="draft")
        session.add(report)
        session.flush()
        keep_version(session, "report", report.id)
        return report.id


def save_texts(store: Store, report_id: uuid.UUID, language: str, texts: ReportTexts) -> None:
    """Autosave target: stores one language's sections as typed. A ready or exported report goes back to draft
    if changed; the text of a report sent to the MFA is kept as sent (hattama.rules.report_status)."""
    if language not in REPORT_LANGUAGES:
        raise ServiceError(N_("Reports are written in Kazakh or Russian, not “{language}”."), language=language)
    with store.session() as session:
        report, _event = _load(session, report_id)
        row = next((text for text in report.texts if text.language == language), None)
        if row is None:
            row = ReportText(language=language)
            report.texts.append(row)
        changed = False
        for name in SECTION_FIELDS:
            value = getattr(texts, name)
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed = True
        if changed and report.status in WITH_THE_MFA:
            raise ServiceError(N_("The report was sent to the MFA; its text is kept as sent."))
        if changed and report.status in EDITING_RETURNS_TO_DRAFT:
            _enter(report, ReportStatus.DRAFT, None)
        if changed:
            report.updated_at = utc_now()
            keep_version(session, "report", report_id)


def set_mfa_request(store: Store, report_id: uuid.UUID, on: dt.date | None, reference: str,
                    today: dt.date | None = None) -> None:
    """p.46 «СІМ-нің сұратуы бойынша»: the MFA's request makes the report due (None takes it back). A request
    reopens a report closed as not requested."""
    if on is not None and on > (today or clock.today()):
        raise ServiceError(N_("The MFA's request cannot be dated in the future: {date}."), date=on)
    with store.session() as session:
        report, _event = _load(session, report_id)
        report.mfa_request_date, report.mfa_request_ref = on, reference.strip()
        if on is not None:
            report.not_requested_on, report.not_requested_reason = None, ""
        report.updated_at = utc_now()
        keep_version(session, "report", report_id)


def request_report(store: Store, event_id: uuid.UUID, on: dt.date, reference: str = "",
                   today: dt.date | None = None) -> uuid.UUID:
    """Records the MFA's request for the event's report, creating the report if needed; its id."""
    report_id = create_report(store, event_id)
    set_mfa_request(store, report_id, on, reference, today)
    return report_id


def close_not_requested(store: Store, event_id: uuid.UUID, reason: str, on: dt.date | None = None,
                        today: dt.date | None = None) -> uuid.UUID:
    """Closes the event's p.46 report as not requested by the MFA, with the officer's reason (creating the
    report if needed); its id. A report already requested or sent is not closed so."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(N_("Say why the report is closed as not requested."))
    if len(reason) > MAX_REASON_LENGTH:
        raise ServiceError(N_("This text is longer than {limit} characters."), limit=MAX_REASON_LENGTH)
    today = today or clock.today()
    on = on or today
    if on > today:
        raise ServiceError(N_("The date cannot be in the future: {date}."), date=on)
    report_id = create_report(store, event_id)
    with store.session() as session:
        report, _event = _load(session, report_id)
        if report.mfa_request_date is not None:
            raise ServiceError(N_("The MFA's request is recorded on this report; take it back first."))
        if report.status in ("sent", "acknowledged"):
            raise ServiceError(N_("The report was sent to the MFA; it cannot be closed as not requested."))
        report.not_requested_on, report.not_requested_reason = on, reason
        report.updated_at = utc_now()
        keep_version(session, "report", report_id)
    return report_id


def reopen_requested(store: Store, report_id: uuid.UUID) -> None:
    """Takes back "not requested": the report awaits the MFA's request again."""
    with store.session() as session:
        report, _event = _load(session, report_id)
        report.not_requested_on, report.not_requested_reason = None, ""
        report.updated_at = utc_now()
        keep_version(session, "report", report_id)


def readiness_problems(record: ReportRecord) -> list[Message]:
    """Why the report cannot be marked ready, as messages the caller words (empty when it can)."""
    if not record.languages:
        return [Message(N_("Write the report in Kazakh or Russian first."))]
    problems = []
    for language in record.languages:
        texts = record.texts[language]
        for name in REQUIRED_SECTIONS:
            if not getattr(texts, name).strip():
                problems.append(Message(N_("{language}: the section “{section}” is empty."), {
                    "language": Message(LANGUAGE_NAMES[language]), "section": Message(SECTION_LABELS[name])}))
    return problems


def _enter(report: Report, status: ReportStatus, on: dt.date | None) -> None:
    """Moves a loaded report to `status` with the stamps the machine says (hattama.rules.report_status)."""
    report.status = status.value
    for name in _CLEARED_ON_ENTRY.get(status, ()):
        setattr(report, name, None)
    stamp = STAMPED_ON_ENTRY.get(status)
    if stamp is not None:
        setattr(report, stamp, on if stamp.endswith("_on") else utc_now())


def unit_details_missing(store: Store, languages: Iterable[str]) -> tuple[str, ...]:
    """The unit's settings a report in these languages would go without (issue 19.3): the body's name, the
    officer's name and position, each in every one of the languages."""
    settings = load_settings(store)
    missing: list[str] = []
    for language in languages:
        missing += [name for name in missing_for_report(settings, language) if name not in missing]
    return tuple(missing)


def set_status(store: Store, report_id: uuid.UUID, status: str, on: dt.date | None = None,
               today: dt.date | None = None) -> None:
    """Moves the report as hattama.rules.report_status allows (draft → ready → exported → sent → acknowledged;
    a ready or exported report back to draft).

    Ready (and every status after it) needs every required section in each language the report carries and the
    unit's details it is sent with (issue 19.3); a sent or acknowledged date can be neither before the event
    ended nor after `today`, nor acknowledged before sent."""
    record = get_report(store, report_id)
    try:
        target = check_transition(record.status, status)
    except RuleError as error:
        raise ServiceError(error.msgid, **error.params) from None
    if target in COMPLETE:
        problems = readiness_problems(record)
        if problems:
            raise ServiceError(N_("The report is not complete: {problems}"), problems=problems)
    if target is ReportStatus.READY:
        missing = unit_details_missing(store, record.languages)
        if missing:
            raise UnitDetailsMissing(missing)
    today = today or clock.today()
    when = on or today
    if target in WITH_THE_MFA:
        ended_on = record.event_ends_at.date()
        if when < ended_on:
            raise ServiceError(N_("The report cannot be sent or acknowledged on {date}, before the event ended on "
                                  "{ended}."), date=when, ended=ended_on)
        if when > today:
            raise ServiceError(N_("The date cannot be in the future: {date}."), date=when)
        if target is ReportStatus.ACKNOWLEDGED and record.sent_on is not None and when < record.sent_on:
            raise ServiceError(N_("The MFA cannot acknowledge the report on {date}, before it was sent on {sent}."),
                               date=when, sent=record.sent_on)
    with store.session() as session:
        report, _event = _load(session, report_id)
        if report.status != record.status:  # changed since it was read: check the move again
            raise ServiceError(N_("The report changed meanwhile; look at it again."))
        _enter(report, target, when)
        report.updated_at = utc_now()
        keep_version(session, "report", report_id)


def record_export(store: Store, report_ids: list[uuid.UUID], bundle_sha256: str) -> None:
    with store.session() as session:
        for report_id in report_ids:
            report, _event = _load(session, report_id)
            try:
                check_transition(report.status, ReportStatus.EXPORTED)
            except RuleError as error:
                raise ServiceError(error.msgid, **error.params) from None
            report.bundle_sha256 = bundle_sha256
            _enter(report, ReportStatus.EXPORTED, None)
            report.updated_at = utc_now()
            keep_version(session, "report", report_id)


def clean_texts(texts: ReportTexts) -> ReportTexts:
    """Text pasted from Word made plain (tabs, soft hyphens, control characters) before it is stored."""
    return ReportTexts(*(clean_pasted_text(getattr(texts, name)) for name in SECTION_FIELDS))


def build_document(store: Store, report_id: uuid.UUID, language: str) -> ReportDocument:
    """The report as its PDF shows it: with its registered number and date, or marked as a draft (issue 16)."""
    if language not in REPORT_LANGUAGES:
        raise ServiceError(N_("Reports are written in Kazakh or Russian, not “{language}”."), language=language)
    settings = load_settings(store)
    with store.session() as session:
        report, event = _load(session, report_id)
        text = next((t for t in report.texts if t.language == language), None)
        if text is None or not any(getattr(text, name).strip() for name in SECTION_FIELDS):
            raise ServiceError(N_("The report has no text in {language}."), language=Message(LANGUAGE_NAMES[language]))
        data = load_event_records(session, Event.id == event.id)[0].data
        require_translations(data, language, participants=False)  # its participants are the report's own text
        mfa_request = None
        if report.mfa_request_date or report.mfa_request_ref:
            mfa_request = translate_in(language, N_("{date} No. {number}")).format(
                date=document_date(report.mfa_request_date, language) if report.mfa_request_date else "",
                number=bare_number(report.mfa_request_ref) or "—").strip()
        registered = registration_in(session, "report", report.id)
        sections = []
        if text.participants.strip():
            sections.append(Section(PARTICIPANTS_HEADING, text.participants))
        sections.extend(p46_sections(text.issues, text.agreements, text.proposals))
        return ReportDocument(
            language=language,
            body_name=settings.body_name(language),
            unit_name=settings.unit_name(language),
            title=translate_in(language, REPORT_TITLE),
            event_title=display_title(data.title_kk, data.title_ru, language),
            event_kind_label=kind_label(event.kind, language),
            place=place_in(data, language),
            starts=event.starts_at,
            ends=event.ends_at,
            foreign_parties=[party_label(Party(p.party_kind, p.code, p.name), language) for p in event.parties],
            participants_ours=[],
            participants_foreign=[],
            sections=sections,
            signer_position=settings.officer_position(language),
            signer_name=settings.officer_name,
            document_date=registered.registered_on if registered else None,
            mfa_request=mfa_request,
            report_id=registered.number if registered else "",
            author=settings.officer_name,
        )


def report_pdf(store: Store, report_id: uuid.UUID, language: str) -> bytes:
    return render_report_pdf(build_document(store, report_id, language))


def write_pdf(store: Store, report_id: uuid.UUID, language: str, path: Path) -> Path:
    try:
        return write_report_pdf(build_document(store, report_id, language), path)
    except OSError as error:
        raise ServiceError(N_("The PDF could not be written to {path}: {reason}."), path=str(path),
                           reason=error.strerror or str(error)) from error
