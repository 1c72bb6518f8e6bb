"""`hattama obligations list|done|undo`: what the decree requires and by when."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from hattama import clock
from hattama.cli.calendar_cmd import parse_iso_date
from hattama.cli.context import CommandContext
from hattama.i18n import _, current_language, format_date
from hattama.presentation import obligations as words
from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.services.obligations import ObligationView, iter_obligations, mark_done, unmark_done


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


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _as_json(view: ObligationView, language: str) -> dict[str, object]:
    """One obligation for scripts. `late`: done after the due date; `form` (p.49 briefing): oral or written;
    `due_before`: the next meeting's start it must precede; `mfa_request_date`/`mfa_request_ref`: the MFA's
    request for a p.46 report; `reason`: why a `no_calendar` obligation has no deadline, or why a report was
    closed as `not_requested`."""
    obligation = view.obligation
    return {
        "kind": obligation.kind.value,
        "item": obligation.item,
        "subject_id": obligation.subject_id,
        "nominal_due": obligation.nominal_due.isoformat(),
        "planned_due": obligation.planned_due.isoformat(),
        "state": view.state.value,
        "late": obligation.late,
        "done_on": _iso(obligation.done_on),
        "working_days_left": view.working_days_left,
        "form": obligation.form.value if obligation.form else None,
        "due_before": obligation.due_before.isoformat() if obligation.due_before else None,
        "mfa_request_date": _iso(obligation.requested_on),
        "mfa_request_ref": view.mfa_request_ref,
        "reason": words.reason(view, language),
        "title": words.title(view, language),
        "event_title": words.event_title(view, language),
        "explanation": words.explanation(view, language),
    }


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
    states = [ObligationState(state) for state in args.state or ()]
    # In due-date order as the store's index yields them: each written as it comes, none kept.
    views = iter_obligations(store, today, states=states)
    language = current_language()
    if args.format == "json":
        write_json_array((_as_json(view, language) for view in views), sys.stdout)
        return 0
    for view in views:
        event = words.event_title(view, language)
        print(f"{format_date(view.obligation.planned_due, 'short'):>12}  {words.state_label(view, language):<14} "
              f"{words.item_label(view.obligation.item, language):<7} {words.title(view, language)}"
              + (f" — {event}" if event else ""))
    return 0


def _indented(items: Iterable[dict[str, object]]) -> Iterator[str]:
    for item in items:
        yield "  " + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")


def write_json_array(items: Iterable[dict[str, object]], out: TextIO) -> None:
    """The same text as `json.dumps(list(items), ensure_ascii=False, indent=2)`, written an item at a time."""
    first = True
    for text in _indented(items):
        out.write("[\n" if first else ",\n")
        out.write(text)
        first = False
    out.write("[]\n" if first else "\n]\n")
