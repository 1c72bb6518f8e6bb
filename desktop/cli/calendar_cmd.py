"""`hattama calendar add-workdays|count|show|import|overrides`."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
from pathlib import Path

from hattama.cli.context import CommandContext
from hattama.i18n import N_, _, format_date
from hattama.presentation.calendar import describe_day
from hattama.services.calendar import import_overrides_csv, list_overrides, working_calendar
from hattama.services.errors import ServiceError


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser("calendar", help=_("the official working-day calendar"))
    actions = parser.add_subparsers(dest="calendar_action", metavar="ACTION", required=True)
    add = actions.add_parser("add-workdays", help=_("the date N working days after DATE (day 1 is the first working day after it)"))
    add.add_argument("date", metavar="DATE")
    add.add_argument("count", metavar="N")
    count = actions.add_parser("count", help=_("the number of working days in YEAR"))
    count.add_argument("year", metavar="YEAR")
    show = actions.add_parser("show", help=_("the non-working days of YEAR with their reasons"))
    show.add_argument("year", metavar="YEAR")
    imported = actions.add_parser("import", help=_("import calendar overrides from a CSV file (all or nothing)"))
    imported.add_argument("file", type=Path, metavar="FILE.csv")
    actions.add_parser("overrides", help=_("list the overrides in force"))
    parser.set_defaults(handler=run)


def parse_iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ServiceError(N_("“{value}” is not a date written as YYYY-MM-DD."), value=text) from None


def parse_whole_number(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ServiceError(N_("“{value}” is not a whole number ({what})."), value=text, what=what) from None


def run(args: argparse.Namespace, context: CommandContext) -> int:
    store = context.store()
    calendar = working_calendar(store)
    action = args.calendar_action
    if action == "add-workdays":
        start = parse_iso_date(args.date)
        print(calendar.add_working_days(start, parse_whole_number(args.count, "N")).isoformat())
    elif action == "count":
        print(calendar.count_working_days(parse_whole_number(args.year, _("year"))))
    elif action == "show":
        for info in calendar.non_working_days(parse_whole_number(args.year, _("year"))):
            print(f"{info.day.isoformat()}  {format_date(info.day, 'EEEE')}  {describe_day(info)}")
    elif action == "import":
        imported = import_overrides_csv(store, args.file, getpass.getuser())
        print(_("Imported {count} calendar overrides.").format(count=imported))
    elif action == "overrides":
        for stored in list_overrides(store):
            override = stored.override
            print(f"{override.day.isoformat()}  {describe_day(calendar.day_info(override.day))}")
    return 0
