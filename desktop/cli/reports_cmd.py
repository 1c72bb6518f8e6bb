"""`hattama report list|pdf|new|status|request|not-requested`."""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from pathlib import Path

from hattama.cli.calendar_cmd import parse_iso_date
from hattama.cli.context import CommandContext
from hattama.i18n import N_, _, current_language, describe, format_date
from hattama.services.errors import ServiceError
from hattama.services.registration import Registered, register_document
from hattama.services.reports import (
    REPORT_LANGUAGES,
    STATUS_LABELS,
    STATUSES,
    close_not_requested,
    create_report,
    list_reports,
    report_ids_starting,
    request_report,
    set_status,
    unit_details_missing,
    write_pdf,
)
from hattama.services.settings import UnitDetailsMissing


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser("report", help=_("post-event reports (p.46)"))
    actions = parser.add_subparsers(dest="report_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("list reports"))
    listing.add_argument("--format", choices=("table", "json"), default="table")
    pdf = actions.add_parser("pdf", help=_("render a report as an official PDF"))
    pdf.add_argument("report_id", metavar="REPORT_ID")
    pdf.add_argument("--lang", dest="document_language", choices=REPORT_LANGUAGES, required=True)
    pdf.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    new = actions.add_parser("new", help=_("start the report for an event the body held"))
    new.add_argument("event_id", metavar="EVENT_ID")
    status = actions.add_parser("status", help=_("move a report to another status"))
    status.add_argument("report_id", metavar="REPORT_ID")
    status.add_argument("status", choices=STATUSES)
    status.add_argument("--on", metavar="DATE", help=_("the date it was sent or acknowledged (default: today)"))
    request = actions.add_parser(
        "request", help=_("record the MFA's request for an event's report (p.46), starting the report if needed"))
    request.add_argument("event_id", metavar="EVENT_ID")
    request.add_argument("--on", metavar="DATE", required=True, help=_("the date of the MFA's request"))
    request.add_argument("--ref", default="", metavar="REF", help=_("the reference (number) of the MFA's letter"))
    closing = actions.add_parser(
        "not-requested", help=_("close an event's report as not requested by the MFA (p.46), with the reason"))
    closing.add_argument("event_id", metavar="EVENT_ID")
    closing.add_argument("--reason", required=True, help=_("why no report goes to the MFA"))
    add_register_action(actions, "report_id", "REPORT_ID")
    closing.add_argument("--on", metavar="DATE", help=_("the date it was closed (default: today)"))
    parser.set_defaults(handler=run)


def add_register_action(actions: argparse._SubParsersAction, id_name: str, id_metavar: str) -> None:
    """`… register ID [--number N] [--on DATE]`: the outgoing document's number and date, fixed once given."""
    register_parser = actions.add_parser("register", help=_(
        "register the outgoing document: its number from ESEDO, or the next one of the local register"))
    register_parser.add_argument(id_name, metavar=id_metavar)
    register_parser.add_argument("--number", metavar="NUMBER", help=_(
        "the number the document system (ESEDO) gave (default: the local register issues one)"))
    register_parser.add_argument("--on", metavar="YYYY-MM-DD", help=_("the registration date (default: today)"))


def registered_text(registered: Registered) -> str:
    return _("Registered: No. {number} of {date}").format(number=registered.number,
                                                          date=format_date(registered.registered_on))


def parse_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ServiceError(N_("“{value}” is not a record id."), value=text) from None


def resolve_report_id(store, text: str) -> uuid.UUID:
    """A full id, or a unique prefix of one as `report list` shows it: one query by id (issue 22.3)."""
    matches = report_ids_starting(store, text)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ServiceError(N_("There is no report with the id {id}."), id=text)
    raise ServiceError(N_("Several reports start with {id}; give more of the id."), id=text)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    store = context.store()
    action = args.report_action
    if action == "new":
        print(create_report(store, parse_id(args.event_id)))
        return 0
    if action == "request":
        print(request_report(store, parse_id(args.event_id), parse_iso_date(args.on), args.ref))
        return 0
    if action == "not-requested":
        on = parse_iso_date(args.on) if args.on else None
        print(close_not_requested(store, parse_id(args.event_id), args.reason, on))
        return 0
    if action == "status":
        on = parse_iso_date(args.on) if args.on else None
        set_status(store, resolve_report_id(store, args.report_id), args.status, on)
        return 0
    if action == "register":
        print(registered_text(register_document(store, "report", resolve_report_id(store, args.report_id),
                                                number=args.number, on=parse_iso_date(args.on) if args.on else None)))
        return 0
    if action == "pdf":
        report_id = resolve_report_id(store, args.report_id)
        missing = unit_details_missing(store, [args.document_language])
        if missing:  # issue 19.3: the PDF is made, with blanks where the unit's details go
            print(f"hattama: {describe(UnitDetailsMissing(missing))}", file=sys.stderr)
        path = write_pdf(store, report_id, args.document_language, args.out)
        print(path)
        return 0
    records = list_reports(store, current_language())
    if args.format == "json":
        print(json.dumps([{
            "id": str(record.id), "event_id": str(record.event_id), "status": record.status,
            "languages": record.languages, "event_title": record.event_title,
            "event_ends_at": record.event_ends_at.isoformat(),
            "sent_on": record.sent_on.isoformat() if record.sent_on else None,
            "mfa_request_date": record.mfa_request_date.isoformat() if record.mfa_request_date else None,
            "mfa_request_ref": record.mfa_request_ref,
            "not_requested_on": record.not_requested_on.isoformat() if record.not_requested_on else None,
            "not_requested_reason": record.not_requested_reason,
        } for record in records], ensure_ascii=False, indent=2))
        return 0
    for record in records:
        print(f"{str(record.id)[:8]}  {format_date(record.event_ends_at.date(), 'short'):>10}  "
              f"{_(STATUS_LABELS[record.status]):<22} {','.join(record.languages):<6} {record.event_title}")
    return 0
