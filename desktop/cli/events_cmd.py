"""`hattama event list`, `hattama export`, `hattama import`, `hattama demo`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from uuid import UUID

from hattama.cli.context import CommandContext
from hattama.i18n import N_, _, country_name, current_language, format_date, format_datetime
from hattama.presentation.bundles import refused_line
from hattama.services.demo import fill_demo
from hattama.services.errors import ServiceError
from hattama.services.event_reference import display_title, kind_label
from hattama.services.history import history, version_as_json
from hattama.services.interchange import export_to_file, import_file
from hattama.services.listed_events import ListedEvent, listed_events

MAX_DEMO_EVENTS = 1_000_000

_CONFLICT_MESSAGES = {
    "event": N_("Conflict: the event {id} was kept as the store has it (changed {local}); "
                "the file's copy is older (changed {incoming})."),
    "report": N_("Conflict: the report {id} was kept as the store has it (changed {local}); "
                 "the file's copy is older (changed {incoming})."),
    "treaty": N_("Conflict: the treaty {id} was kept as the store has it (changed {local}); "
                 "the file's copy is older (changed {incoming})."),
}


def register(subcommands: argparse._SubParsersAction) -> None:
    event = subcommands.add_parser("event", help=_("international events"))
    actions = event.add_subparsers(dest="event_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("list the events, oldest first"))
    listing.add_argument("--year", type=int, metavar="YEAR", help=_("only the events starting in YEAR"))
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.add_argument("--deleted", action="store_true", help=_("list the events in the bin instead"))
    history_parser = actions.add_parser(
        "history", help=_("every version of an event: its fields, time, author and origin (unit or laptop)"))
    history_parser.add_argument("id", type=UUID, metavar="ID")
    history_parser.add_argument("--format", choices=("table", "json"), default="table")
    event.set_defaults(handler=run_event)

    export = subcommands.add_parser("export", help=_("write events and their reports to an interchange file"))
    export.add_argument("--out", type=Path, required=True, metavar="FILE.json")
    export.add_argument("--year", type=int, metavar="YEAR", help=_("only the events starting in YEAR"))
    export.set_defaults(handler=run_export)

    imported = subcommands.add_parser(
        "import", help=_("merge an interchange file into the store (all or nothing; newer copies win)"))
    imported.add_argument("file", type=Path, metavar="FILE.json")
    imported.set_defaults(handler=run_import)

    demo = subcommands.add_parser("demo", help=_("fill an empty store with demo events and reports"))
    demo.add_argument("--events", type=int, default=120, metavar="N")
    demo.add_argument("--seed", type=int, default=2026, metavar="S")
    demo.set_defaults(handler=run_demo)


def _row_as_json(row: ListedEvent) -> dict[str, object]:
    return {
        "id": str(row.id), "title_kk": row.title_kk, "title_ru": row.title_ru, "kind": row.kind,
        "starts_at": row.starts_at.isoformat(), "ends_at": row.ends_at.isoformat(), "country": row.country,
        "city": row.city, "held_by_body": row.held_by_body, "mfa_participated": row.mfa_participated,
        "exemption_area": row.exemption_area, "series_id": str(row.series_id) if row.series_id else None,
        "parties": list(row.party_codes),
    }


def _print_table(rows: list[ListedEvent]) -> None:
    # The id first: what `report new`, `letter add --event` and `trip export --event` take.
    cells = [(str(row.id), format_date(row.starts_at.date()), kind_label(row.kind, current_language()),
              country_name(row.country), display_title(row.title_kk, row.title_ru, current_language()))
             for row in rows]
    widths = [max((len(line[column]) for line in cells), default=0) for column in range(4)]
    for line in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False)) + "  " + line[4])


def run_event(args: argparse.Namespace, context: CommandContext) -> int:
    if args.event_action == "history":
        return run_history(args, context)
    chunks = listed_events(context.store(), year=args.year, deleted=args.deleted)
    if args.format == "json":
        _write_json_list(chunks)
    else:
        _print_table([row for chunk in chunks for row in chunk])
    return 0


def _write_json_list(chunks: Iterable[list[ListedEvent]]) -> None:
    """The rows as one JSON list (as `json.dumps(rows, indent=2)` writes it), written a chunk at a time."""
    out = sys.stdout
    out.write("[")
    written = False
    for chunk in chunks:
        if chunk:
            # A chunk dumped as a list, without its brackets, is the same lines as in the whole list.
            text = json.dumps([_row_as_json(row) for row in chunk], ensure_ascii=False, indent=2)
            out.write(("," if written else "") + text[1:-2])
            written = True
    out.write("\n]\n" if written else "]\n")


def run_history(args: argparse.Namespace, context: CommandContext) -> int:
    versions = history(context.store(), "event", args.id)
    if args.format == "json":
        print(json.dumps([version_as_json(version) for version in versions], ensure_ascii=False, indent=2))
        return 0
    for version in versions:
        print("  ".join((format_datetime(version.version_at), version.origin or "—", version.author or "—",
                         version.reason)))
    return 0


def run_export(args: argparse.Namespace, context: CommandContext) -> int:
    summary = export_to_file(context.store(), args.out, year=args.year)
    print(_("Exported to {path}. Events: {events}; reports: {reports}.").format(
        path=summary.path, events=summary.events, reports=summary.reports))
    return 0


def run_import(args: argparse.Namespace, context: CommandContext) -> int:
    result = import_file(context.store(), args.file)
    print(_("Created: {created}; updated: {updated}; unchanged: {unchanged}.").format(
        created=result.created, updated=result.updated, unchanged=result.unchanged))
    if result.treaties_created or result.treaties_updated or result.treaties_unchanged:
        print(_("Treaties created: {created}; updated: {updated}; unchanged: {unchanged}.").format(
            created=result.treaties_created, updated=result.treaties_updated,
            unchanged=result.treaties_unchanged))
    for conflict in result.conflicts:
        if conflict.reason is not None:
            print(refused_line(conflict))
            continue
        print(_(_CONFLICT_MESSAGES[conflict.kind]).format(
            id=conflict.id, local=format_datetime(conflict.local_updated_at),
            incoming=format_datetime(conflict.incoming_updated_at)))
    for missing in result.missing_attachments:
        print(_("Not attached: {file_name} (event {id}); its content is neither in the store nor beside the file.")
              .format(file_name=missing.file_name, id=missing.event_id))
    return 0


def run_demo(args: argparse.Namespace, context: CommandContext) -> int:
    if not 1 <= args.events <= MAX_DEMO_EVENTS:
        raise ServiceError(N_("The number of demo events must be between 1 and {limit}."), limit=MAX_DEMO_EVENTS)
    summary = fill_demo(context.store(), events=args.events, seed=args.seed)
    print(_("Demo data written. Events: {events}; reports: {reports}; series of meetings: {series}; abroad: {abroad}; "
            "exempt under p.50: {exempt}; with the MFA: {with_mfa}.").format(**vars(summary)))
    return 0
