"""`hattama obligations list|done|undo`: what the decree requires and by when."""

from __future__ import annotations

import argparse
import getpass
import json

from desktop import clock
from desktop.cli.calendar_cmd import parse_iso_date
from desktop.cli.context import CommandContext
from desktop.i18n import _, format_date
from desktop.rules.obligations import ObligationKind, ObligationState
from desktop.services.obligations import compute_obligations, mark_done, unmark_done


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser("obligations", help=_("obligations under the decree, with due dates"))
    actions = parser.add_subparsers(dest="obligations_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("list obligations"))
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.add_argument("--state", choices=[state.value for state in ObligationState], action="append")
    listing.add_argument("--today", metavar="DATE", help=_("compute as of DATE (default: today)"))
    done = actions.add_parser("done", help=_("mark an obligation done"))
    done.add_argument("kind", choices=[kind.value for kind in ObligationKind])
    done.add_argument("subject", help=_("the event id, or the year key shown by `obligations list`"))
    done.add_argument("--on", metavar="DATE", help=_("the date it was done (default: today)"))
    undo = actions.add_parser("undo", help=_("take back a done mark"))
    undo.add_argument("kind", choices=[kind.value for kind in ObligationKind])
    undo.add_argument("subject")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    store = context.store()
    action = args.obligations_action
    if action == "done":
        on = parse_iso_date(args.on) if args.on else clock.today()
        mark_done(store, ObligationKind(args.kind), args.subject, on, getpass.getuser())
        return 0
    if action == "undo":
        unmark_done(store, ObligationKind(args.kind), args.subject)
        return 0
    today = parse_iso_date(args.today) if args.today else None
    views = compute_obligations(store, today)
    if args.state:
        views = [view for view in views if view.state.value in args.state]
    views.sort(key=lambda view: view.obligation.planned_due)
    if args.format == "json":
        print(json.dumps([{
            "kind": view.obligation.kind.value,
            "item": view.obligation.item,
            "subject_id": view.obligation.subject_id,
            "nominal_due": view.obligation.nominal_due.isoformat(),
            "planned_due": view.obligation.planned_due.isoformat(),
            "state": view.state.value,
            "done_on": view.obligation.done_on.isoformat() if view.obligation.done_on else None,
            "working_days_left": view.working_days_left,
            "title": view.title(),
            "event_title": view.event_title,
            "explanation": view.explanation(),
        } for view in views], ensure_ascii=False, indent=2))
        return 0
    for view in views:
        print(f"{format_date(view.obligation.planned_due, 'short'):>12}  {view.state_label():<14} "
              f"{view.item_label():<7} {view.title()}" + (f" — {view.event_title}" if view.event_title else ""))
    return 0
