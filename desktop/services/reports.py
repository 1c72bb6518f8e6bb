"""Post-event reports (p.46): drafting per language, the status workflow, and the official document."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from db.models import Event, EventParticipant, Report, ReportText
from db.store import Store
from db.types import utc_now
from desktop.i18n import N_, _, country_name, translate_in
from desktop.rules.exemptions import exemption_area
from desktop.services.errors import ServiceError
from desktop.services.events import Party, display_title, kind_label
from desktop.services.organisations import party_label
from desktop.services.pdf.document import (
    AGREEMENTS_REACHED,
    ISSUES_DISCUSSED,
    PARTICIPANTS_HEADING,
    PROPOSALS_FOR_FURTHER_WORK,
    REPORT_TITLE,
    ReportDocument,
    Section,
    p46_sections,
)
from desktop.services.pdf.official_dates import document_date
from desktop.services.pdf.render import render_report_pdf, write_report_pdf
from desktop.services.pdf.text import clean_pasted_text
from desktop.services.settings import load_settings

REPORT_LANGUAGES = ("kk", "ru")
SECTION_FIELDS = ("participants", "issues", "agreements", "proposals")
REQUIRED_SECTIONS = ("participants", "issues", "agreements")
STATUSES = ("draft", "ready", "exported", "sent", "acknowledged")
STATUS_LABELS = {
    "draft": N_("Draft"),
    "ready": N_("Ready"),
    "exported": N_("Exported"),
    "sent": N_("Sent to the MFA"),
    "acknowledged": N_("Acknowledged by the MFA"),
}
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

    @property
    def languages(self) -> list[str]:
        return [language for language in REPORT_LANGUAGES
                if language in self.texts and not self.texts[language].is_empty()]


def _record(report: Report, event: Event, language: str) -> ReportRecord:
    texts = {text.language: ReportTexts(text.participants, text.issues, text.agreements, text.proposals)
             for text in report.texts}
    return ReportRecord(report.id, report.event_id, display_title(event.title_kk, event.title_ru, language), event.ends_at, report.status, texts,
                        report.mfa_request_date, report.mfa_request_ref, report.sent_on, report.acknowledged_on,
                        report.bundle_sha256, report.updated_at)


def _load(session, report_id: uuid.UUID) -> tuple[Report, Event]:
    report = session.get(Report, report_id)
    if report is None:
        raise ServiceError(N_("There is no report with the id {id}."), id=str(report_id))
    return report, session.get(Event, report.event_id)


def list_reports(store: Store, language: str = "kk") -> list[ReportRecord]:
    with store.session() as session:
        rows = session.execute(select(Report, Event).join(Event, Event.id == Report.event_id)
                               .where(Event.deleted_at.is_(None)).order_by(Event.ends_at.desc())).all()
        return [_record(report, event, language) for report, event in rows]


def get_report(store: Store, report_id: uuid.UUID, language: str = "kk") -> ReportRecord:
    with store.session() as session:
        report, event = _load(session, report_id)
        return _record(report, event, language)


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


def participants_text(store: Store, event_id: uuid.UUID) -> str:
    """The event's participants as editable lines, our side first ("- Name, position, organisation")."""
    with store.session() as session:
        people = session.scalars(select(EventParticipant).where(EventParticipant.event_id == event_id)
                                 .order_by(EventParticipant.side.desc(), EventParticipant.position)).all()
        return "\n".join("- " + ", ".join(part for part in (p.full_name, p.job_title, p.organisation) if part)
                         for p in people)


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
            raise ServiceError(N_("No p.46 report is due for this event: p.50 exempts “{area}”."), area=_(area.label))
        existing = session.scalars(select(Report.id).where(Report.event_id == event_id)).first()
        if existing is not None:
            return existing
        report = Report(event_id=event_id, status="draft")
        session.add(report)
        session.flush()
        return report.id


def save_texts(store: Store, report_id: uuid.UUID, language: str, texts: ReportTexts) -> None:
    """Autosave target: stores one language's sections as typed (a ready report goes back to draft if changed)."""
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
        if changed and report.status == "ready":
            report.status = "draft"
            report.ready_at = None
        if changed:
            report.updated_at = utc_now()


def set_mfa_request(store: Store, report_id: uuid.UUID, on: dt.date | None, reference: str) -> None:
    with store.session() as session:
        report, _event = _load(session, report_id)
        report.mfa_request_date, report.mfa_request_ref = on, reference.strip()


def readiness_problems(record: ReportRecord) -> list[str]:
    """Why the report cannot be marked ready, in the UI language (empty when it can)."""
    if not record.languages:
        return [_("Write the report in Kazakh or Russian first.")]
    problems = []
    for language in record.languages:
        texts = record.texts[language]
        for name in REQUIRED_SECTIONS:
            if not getattr(texts, name).strip():
                problems.append(_("{language}: the section “{section}” is empty.").format(
                    language=_(LANGUAGE_NAMES[language]), section=_(SECTION_LABELS[name])))
    return problems


def set_status(store: Store, report_id: uuid.UUID, status: str, on: dt.date | None = None) -> None:
    """Moves the report along draft → ready → exported → sent → acknowledged (back to draft is allowed)."""
    if status not in STATUSES:
        raise ServiceError(N_("Unknown report status “{status}”."), status=status)
    record = get_report(store, report_id)
    if status == "ready":
        problems = readiness_problems(record)
        if problems:
            raise ServiceError(N_("The report is not ready: {problems}"), problems=" ".join(problems))
    if status in ("sent", "acknowledged") and record.status not in ("ready", "exported", "sent", "acknowledged"):
        raise ServiceError(N_("Only a ready or exported report can be recorded as sent."))
    when = on or dt.date.today()
    with store.session() as session:
        report, _event = _load(session, report_id)
        report.status = status
        if status == "ready":
            report.ready_at = utc_now()
        elif status == "sent":
            report.sent_on = when
        elif status == "acknowledged":
            report.acknowledged_on = when
            report.sent_on = report.sent_on or when


def record_export(store: Store, report_ids: list[uuid.UUID], bundle_sha256: str) -> None:
    with store.session() as session:
        for report_id in report_ids:
            report, _event = _load(session, report_id)
            report.bundle_sha256 = bundle_sha256
            report.exported_at = utc_now()
            if report.status in ("draft", "ready"):
                report.status = "exported"


def clean_texts(texts: ReportTexts) -> ReportTexts:
    """Text pasted from Word made plain (tabs, soft hyphens, control characters) before it is stored."""
    return ReportTexts(*(clean_pasted_text(getattr(texts, name)) for name in SECTION_FIELDS))


def build_document(store: Store, report_id: uuid.UUID, language: str, today: dt.date | None = None) -> ReportDocument:
    if language not in REPORT_LANGUAGES:
        raise ServiceError(N_("Reports are written in Kazakh or Russian, not “{language}”."), language=language)
    settings = load_settings(store)
    with store.session() as session:
        report, event = _load(session, report_id)
        text = next((t for t in report.texts if t.language == language), None)
        if text is None or not any(getattr(text, name).strip() for name in SECTION_FIELDS):
            raise ServiceError(N_("The report has no text in {language}."), language=_(LANGUAGE_NAMES[language]))
        place = ", ".join(part for part in (event.venue, event.city, country_name(event.country, language)) if part)
        mfa_request = None
        if report.mfa_request_date or report.mfa_request_ref:
            mfa_request = translate_in(language, N_("{date} No. {number}")).format(
                date=document_date(report.mfa_request_date, language) if report.mfa_request_date else "",
                number=report.mfa_request_ref or "—").strip()
        sections = []
        if text.participants.strip():
            sections.append(Section(PARTICIPANTS_HEADING, text.participants))
        sections.extend(p46_sections(text.issues, text.agreements, text.proposals))
        return ReportDocument(
            language=language,
            body_name=settings.body_name(language),
            unit_name=settings.unit_name(language),
            title=translate_in(language, REPORT_TITLE),
            event_title=display_title(event.title_kk, event.title_ru, language),
            event_kind_label=kind_label(event.kind, language),
            place=place,
            starts=event.starts_at,
            ends=event.ends_at,
            foreign_parties=[party_label(Party(p.party_kind, p.code, p.name), language) for p in event.parties],
            participants_ours=[],
            participants_foreign=[],
            sections=sections,
            signer_position=settings.officer_position(language),
            signer_name=settings.officer_name,
            document_date=today or dt.date.today(),
            mfa_request=mfa_request,
            report_id=str(report.id)[:8],
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
