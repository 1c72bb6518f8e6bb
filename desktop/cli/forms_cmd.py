"""`hattama forms render|register|sent|definitions`: the annual information on treaties (p.2, annexes 1–5);
`register` gives the year's forms their number and date (issue 16.4)."""

from __future__ import annotations

import argparse
from pathlib import Path

from hattama import clock
from hattama.cli.calendar_cmd import parse_iso_date
from hattama.cli.context import CommandContext
from hattama.cli.plan_cmd import add_registration_options, register_and_say
from hattama.i18n import _, format_date
from hattama.services.forms import FORM_FORMATS, forms_sent, record_forms_sent, write_forms
from hattama.services.forms.definitions import FORM_LANGUAGES, FORM_NUMBERS, definition_path
from hattama.services.registration import submission_subject


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser("forms", help=_("the annual forms on treaties for the MFA (p.2)"))
    actions = parser.add_subparsers(dest="forms_action", metavar="ACTION", required=True)
    render = actions.add_parser("render", help=_("render the forms of a year as PDF or XLSX"))
    render.add_argument("year", type=int, metavar="YEAR", help=_("the year reported on"))
    render.add_argument("--form", type=int, choices=FORM_NUMBERS, action="append",
                        help=_("only this form (repeatable; default: all five)"))
    render.add_argument("--lang", dest="document_language", choices=FORM_LANGUAGES, required=True)
    render.add_argument("--format", choices=FORM_FORMATS, required=True)
    render.add_argument("--out", type=Path, required=True, metavar="PATH")
    registration = actions.add_parser("register", help=_(
        "register the forms of YEAR: their number from ESEDO, or the next one of the local register; their PDF "
        "prints them from then on"))
    registration.add_argument("year", type=int, metavar="YEAR", help=_("the year reported on"))
    add_registration_options(registration)
    sent = actions.add_parser("sent", help=_("record the forms of a year as sent to the MFA"))
    sent.add_argument("year", type=int, metavar="YEAR")
    sent.add_argument("--form", type=int, choices=FORM_NUMBERS, action="append",
                      help=_("only this form (repeatable; default: all five)"))
    sent.add_argument("--on", metavar="DATE", help=_("the date it was sent (default: today)"))
    sent.add_argument("--ref", default="", metavar="TEXT", help=_("the outgoing letter's number"))
    actions.add_parser("definitions", help=_("show which definition file each form uses"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    if args.forms_action == "definitions":
        for form in FORM_NUMBERS:
            print(f"{form}  {definition_path(form)}")
        return 0
    if args.forms_action == "register":
        return register_and_say(context, "forms", submission_subject("forms", year=args.year), args)
    store = context.store()
    forms = tuple(dict.fromkeys(args.form or FORM_NUMBERS))
    if args.forms_action == "render":
        print(write_forms(store, args.year, args.document_language, args.format, args.out, forms))
        return 0
    record_forms_sent(store, args.year, forms, parse_iso_date(args.on) if args.on else clock.today(), args.ref)
    for sent in forms_sent(store, args.year):
        print(_("Form {form} for {year}: sent on {date}.").format(form=sent.form, year=sent.year,
                                                                  date=format_date(sent.sent_on)))
    return 0
