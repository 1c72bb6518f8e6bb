"""`hattama trip export | open | return | merge`: trip kits (issue 17)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from uuid import UUID

from hattama.cli.context import CommandContext
from hattama.i18n import N_, _
from hattama.services.errors import ServiceError
from hattama.services.trips import (
    PREFERENCES,
    MergePreview,
    conflicts,
    export_kit,
    merge_kit,
    open_kit,
    preview_merge,
    return_kit,
)

_CONFLICT_LINES = {
    ("event", "unit"): N_("Conflict: the event {id} “{title}”, field {field}: the unit has {unit}, the trip has "
                          "{trip}; the unit's value was taken, the trip's kept in the history."),
    ("event", "trip"): N_("Conflict: the event {id} “{title}”, field {field}: the unit has {unit}, the trip has "
                          "{trip}; the trip's value was taken, the unit's kept in the history."),
    ("report", "unit"): N_("Conflict: the report {id} (event {title}), field {field}: the unit has {unit}, the trip "
                           "has {trip}; the unit's value was taken, the trip's kept in the history."),
    ("report", "trip"): N_("Conflict: the report {id} (event {title}), field {field}: the unit has {unit}, the trip "
                           "has {trip}; the trip's value was taken, the unit's kept in the history."),
}


def register(subcommands: argparse._SubParsersAction) -> None:
    trip = subcommands.add_parser("trip", help=_("trip kits: work offline on a laptop and merge back"))
    actions = trip.add_subparsers(dest="trip_action", metavar="ACTION", required=True)
    passphrase_help = _("the environment variable holding the kit's passphrase")

    exported = actions.add_parser("export", help=_("write an encrypted trip kit of the chosen events"))
    exported.add_argument("--event", type=UUID, action="append", required=True, metavar="ID", dest="events")
    exported.add_argument("--out", type=Path, required=True, metavar="KIT")
    exported.add_argument("--passphrase-env", required=True, metavar="VAR", help=passphrase_help)

    opened = actions.add_parser("open", help=_("open a trip kit into this (laptop's) store"))
    opened.add_argument("kit", type=Path, metavar="KIT")
    opened.add_argument("--passphrase-env", required=True, metavar="VAR", help=passphrase_help)

    returned = actions.add_parser("return", help=_("write what this laptop changed since it opened the kit"))
    returned.add_argument("--out", type=Path, required=True, metavar="KIT")
    returned.add_argument("--passphrase-env", required=True, metavar="VAR", help=passphrase_help)

    merged = actions.add_parser("merge", help=_("merge a returned kit into the unit's store (one transaction)"))
    merged.add_argument("kit", type=Path, metavar="KIT")
    merged.add_argument("--passphrase-env", required=True, metavar="VAR", help=passphrase_help)
    merged.add_argument("--prefer", choices=PREFERENCES, default="unit",
                        help=_("which side a field changed on both sides takes (default: unit)"))
    merged.add_argument("--preview", action="store_true", help=_("only say what the merge would do"))
    trip.set_defaults(handler=run_trip)


def _passphrase(variable: str) -> str:
    value = os.environ.get(variable, "")
    if not value:
        raise ServiceError(N_("The environment variable {name} holds no passphrase."), name=variable)
    return value


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def _print_merge(preview: MergePreview, prefer: str, done: bool) -> None:
    counts = {status: preview.count(status) for status in ("new", "taken", "combined", "kept", "conflict",
                                                            "unchanged")}
    line = (_("Merged: {new} new, {taken} taken from the trip, {combined} combined, {kept} kept as the unit has "
              "them, {conflict} with conflicts, {unchanged} unchanged.") if done else
            _("The merge would bring: {new} new, {taken} taken from the trip, {combined} combined, {kept} kept as the "
              "unit has them, {conflict} with conflicts, {unchanged} unchanged."))
    print(line.format(**counts))
    for record, change in conflicts(preview):
        print(_(_CONFLICT_LINES[record.kind, prefer]).format(
            id=record.id, title=record.title, field=change.name, unit=_shown(change.unit), trip=_shown(change.trip)))


def run_trip(args: argparse.Namespace, context: CommandContext) -> int:
    passphrase = _passphrase(args.passphrase_env)
    store = context.store()
    if args.trip_action == "export":
        summary = export_kit(store, args.events, args.out, passphrase)
        print(_("Trip kit {path}: {events} events, {reports} reports, {attachments} attachments.").format(
            path=summary.path, events=summary.events, reports=summary.reports, attachments=summary.attachments))
    elif args.trip_action == "open":
        result = open_kit(store, args.kit, passphrase)
        print(_("Opened the trip kit of the unit {unit}: {created} created, {updated} updated, {unchanged} "
                "unchanged; {overrides} calendar overrides.").format(**vars(result)))
    elif args.trip_action == "return":
        summary = return_kit(store, args.out, passphrase)
        print(_("Returned kit {path}: {events} events and {reports} reports created or changed on this laptop.")
              .format(path=summary.path, events=summary.events, reports=summary.reports))
    elif args.preview:
        _print_merge(preview_merge(store, args.kit, passphrase), args.prefer, done=False)
    else:
        _print_merge(merge_kit(store, args.kit, passphrase, prefer=args.prefer), args.prefer, done=True)
    return 0
