"""`hattama plan render|register|sent` and `hattama activity render|narrative|register|sent`: the 20 December
submission (p.46); `register` gives the document its number and date (issue 16.4)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from hattama import clock
from hattama.cli.calendar_cmd import parse_iso_date
from hattama.cli.context import CommandContext
from hattama.cli.reports_cmd import registered_text
from hattama.i18n import _, format_date
from hattama.services.forms.definitions import FORM_LANGUAGES
from hattama.services.plans import (
    ACTIVITY,
    DOCUMENT_FORMATS,
    PLAN,
    documents_sent,
    record_sent,
    render_activity,
    render_plan,
    save_narrative,
    write_document,
)
from hattama.services.registration import register_submission_document, submission_subject


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", dest="document_language", choices=FORM_LANGUAGES, required=True)
    parser.add_argument("--format", choices=DOCUMENT_FORMATS, required=True)
    parser.add_argument("--out", type=Path, required=True, metavar="PATH")


def _sent(actions: argparse._SubParsersAction, help: str) -> None:
    sent = actions.add_parser("sent", help=help)
    sent.add_argument("year", type=int, metavar="YEAR", help=_("the year of the 20 December submission"))
    sent.add_argument("--on", metavar="DATE", help=_("the date it was sent (default: today)"))
    sent.add_argument("--ref", default="", metavar="TEXT", help=_("the outgoing letter's number"))


def add_registration_options(parser: argparse.ArgumentParser) -> None:
    """`--number N --on DATE` of `forms|plan|activity register`, as `report register` has them."""
    parser.add_argument("--number", metavar="NUMBER", help=_(
        "the number the document system (ESEDO) gave (default: the local register issues one)"))
    parser.add_argument("--on", metavar="YYYY-MM-DD", help=_("the registration date (default: today)"))


def register_and_say(context: CommandContext, kind: str, subject: str, args: argparse.Namespace) -> int:
    print(registered_text(register_submission_document(context.store(), kind, subject, number=args.number,
                                                       on=parse_iso_date(args.on) if args.on else None)))
    return 0


def register(subcommands: argparse._SubParsersAction) -> None:
    plan = subcommands.add_parser("plan", help=_("next year's plan of international events for the MFA (p.46)"))
    actions = plan.add_subparsers(dest="plan_action", metavar="ACTION", required=True)
    render = actions.add_parser("render", help=_("render the plan of a year as PDF or XLSX"))
    render.add_argument("year", type=int, metavar="YEAR", help=_("the year planned"))
    _output(render)
    registration = actions.add_parser("register", help=_(
        "register the plan of YEAR: its number from ESEDO, or the next one of the local register; its PDF prints "
        "them from then on"))
    registration.add_argument("year", type=int, metavar="YEAR", help=_("the year planned"))
    add_registration_options(registration)
    _sent(actions, _("record the plan sent to the MFA with the 20 December submission of YEAR"))
    plan.set_defaults(handler=run_plan)

    activity = subcommands.add_parser("activity", help=_("the report on international activity for the MFA (p.46)"))
    actions = activity.add_subparsers(dest="activity_action", metavar="ACTION", required=True)
    render = actions.add_parser("render", help=_("render the activity report of a period as PDF or XLSX"))
    _period(render)
    _output(render)
    narrative = actions.add_parser("narrative", help=_("store the narrative of a period's report (text from stdin)"))
    _period(narrative)
    narrative.add_argument("--lang", dest="document_language", choices=FORM_LANGUAGES, required=True)
    registration = actions.add_parser("register", help=_(
        "register the activity report of a period: its number from ESEDO, or the next one of the local register; "
        "its PDF prints them from then on"))
    _period(registration)
    add_registration_options(registration)
    _sent(actions, _("record the activity report sent to the MFA with the 20 December submission of YEAR"))
    activity.set_defaults(handler=run_activity)


def _period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="DATE", help=_("first day (default: 1 January this year)"))
    parser.add_argument("--to", dest="end", metavar="DATE", help=_("last day (default: today)"))


def _bounds(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    today = clock.today()
    start = parse_iso_date(args.start) if args.start else dt.date(today.year, 1, 1)
    return start, parse_iso_date(args.end) if args.end else today


def _record(args: argparse.Namespace, context: CommandContext, document: str) -> int:
    store = context.store()
    record_sent(store, args.year, document, parse_iso_date(args.on) if args.on else clock.today(), args.ref)
    names = {PLAN: _("Plan for {year}"), ACTIVITY: _("Activity report")}
    for sent in documents_sent(store, args.year):
        print(_("{document}: sent on {date}.").format(
            document=names[sent.document].format(year=sent.year + 1), date=format_date(sent.sent_on)))
    return 0


def run_plan(args: argparse.Namespace, context: CommandContext) -> int:
    if args.plan_action == "sent":
        return _record(args, context, PLAN)
    if args.plan_action == "register":
        return register_and_say(context, "plan", submission_subject("plan", year=args.year), args)
    data = render_plan(context.store(), args.year, args.document_language, args.format)
    print(write_document(data, args.out))
    return 0


def run_activity(args: argparse.Namespace, context: CommandContext) -> int:
    if args.activity_action == "sent":
        return _record(args, context, ACTIVITY)
    start, end = _bounds(args)
    if args.activity_action == "register":
        return register_and_say(context, "activity", submission_subject("activity", period=(start, end)), args)
    if args.activity_action == "narrative":
        save_narrative(context.store(), start, end, args.document_language, sys.stdin.read())
        return 0
    data = render_activity(context.store(), start, end, args.document_language, args.format)
    print(write_document(data, args.out))
    return 0
