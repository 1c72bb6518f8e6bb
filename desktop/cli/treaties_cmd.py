"""`hattama treaty add|list|show|import`: the treaty register (p.2) on the command line."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import uuid
from pathlib import Path

from hattama.cli.calendar_cmd import parse_iso_date
from hattama.cli.context import CommandContext
from hattama.i18n import N_, _, current_language, format_date
from hattama.presentation.treaties import treaty_label
from hattama.rules.treaty_validation import CONSENT_ACT_KINDS, TREATY_KINDS, TREATY_STATUSES, TreatyData
from hattama.services.errors import ServiceError
from hattama.services.event_reference import display_title
from hattama.services.organisations import party_label
from hattama.services.treaties import (
    TreatyRecord,
    TreatyRow,
    create_treaty,
    get_treaty,
    list_treaty_rows,
)
from hattama.services.treaty_import import IMPORT_FIELDS, import_treaties, parse_parties


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser("treaty", help=_("the register of international treaties (p.2)"))
    actions = parser.add_subparsers(dest="treaty_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help=_("register a treaty"))
    add.add_argument("--title-kk", default="", metavar="TEXT")
    add.add_argument("--title-ru", default="", metavar="TEXT")
    add.add_argument("--kind", required=True, choices=tuple(TREATY_KINDS))
    add.add_argument("--status", required=True, choices=tuple(TREATY_STATUSES))
    add.add_argument("--signed-on", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--signed-at", default="", metavar="PLACE")
    add.add_argument("--party", action="append", default=[], metavar="PARTY",
                     help=_("a party: ISO country code, organisation code or a name (repeatable)"))
    add.add_argument("--consent-act", choices=tuple(CONSENT_ACT_KINDS), default="")
    add.add_argument("--consent-act-number", default="", metavar="NUMBER")
    add.add_argument("--consent-act-date", metavar="YYYY-MM-DD")
    add.add_argument("--in-force-on", metavar="YYYY-MM-DD")
    add.add_argument("--terminated-on", metavar="YYYY-MM-DD")
    add.add_argument("--duration", default="", metavar="TEXT")
    add.add_argument("--responsible-body", default="", metavar="TEXT")
    add.add_argument("--co-executors", default="", metavar="TEXT")
    add.add_argument("--allow-duplicate", action="store_true",
                     help=_("register it even if a treaty with the same title, parties and signing date exists"))

    listing = actions.add_parser("list", help=_("list the treaties, oldest signed first"))
    listing.add_argument("--status", choices=tuple(TREATY_STATUSES))
    listing.add_argument("--format", choices=("table", "json"), default="table")

    show = actions.add_parser("show", help=_("show a treaty with its measures and procedure steps"))
    show.add_argument("treaty_id", metavar="TREATY_ID")
    show.add_argument("--format", choices=("text", "json"), default="text")

    imported = actions.add_parser("import", help=_("add the treaties of a spreadsheet or CSV file (all or none)"))
    imported.add_argument("file", type=Path, metavar="FILE.xlsx|FILE.csv")
    imported.add_argument("--map", action="append", default=[], metavar="HEADING=FIELD",
                          help=_("fill FIELD from the column headed HEADING (repeatable); fields: {fields}")
                          .format(fields=", ".join(IMPORT_FIELDS)))
    parser.set_defaults(handler=run)


def _optional_date(text: str | None) -> dt.date | None:
    return parse_iso_date(text) if text else None


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        heading, separator, field = pair.rpartition("=")
        if not separator or not heading.strip():
            raise ServiceError(N_("“{value}” is not HEADING=FIELD."), value=pair)
        mapping[heading] = field.strip()
    return mapping


def resolve_treaty_id(store, text: str) -> uuid.UUID:
    """A full id, or a unique prefix of one as `treaty list` shows it."""
    matches = [row.id for row in list_treaty_rows(store) if str(row.id).startswith(text.lower())]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ServiceError(N_("There is no treaty with the id {id}."), id=text)
    raise ServiceError(N_("Several treaties start with {id}; give more of the id."), id=text)


def _add(args: argparse.Namespace, context: CommandContext) -> int:
    data = TreatyData(
        title_kk=args.title_kk, title_ru=args.title_ru, kind=args.kind, status=args.status,
        signed_on=parse_iso_date(args.signed_on), signed_at=args.signed_at,
        parties=parse_parties(";".join(args.party)), consent_act_kind=args.consent_act,
        consent_act_number=args.consent_act_number, consent_act_date=_optional_date(args.consent_act_date),
        in_force_on=_optional_date(args.in_force_on), terminated_on=_optional_date(args.terminated_on),
        duration=args.duration, responsible_body=args.responsible_body, co_executors=args.co_executors,
    )
    print(create_treaty(context.store(), data, allow_duplicate=args.allow_duplicate))
    return 0


def _row_as_json(row: TreatyRow) -> dict[str, object]:
    values = {name: getattr(row, name) for name in ("title_kk", "title_ru", "kind", "status", "responsible_body")}
    values.update(id=str(row.id), signed_on=row.signed_on.isoformat(),
                  in_force_on=row.in_force_on.isoformat() if row.in_force_on else None,
                  terminated_on=row.terminated_on.isoformat() if row.terminated_on else None,
                  parties=list(row.party_codes), measure_years=list(row.measure_years))
    return values


def _list(args: argparse.Namespace, context: CommandContext) -> int:
    rows = [row for row in list_treaty_rows(context.store()) if args.status in (None, row.status)]
    if args.format == "json":
        print(json.dumps([_row_as_json(row) for row in rows], ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(f"{str(row.id)[:8]}  {format_date(row.signed_on, 'short'):>10}  {treaty_label('status', row.status):<22} "
              f"{display_title(row.title_kk, row.title_ru, current_language())}")
    return 0


def _record_as_json(record: TreatyRecord) -> dict[str, object]:
    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if isinstance(value, uuid.UUID):
            return str(value)
        return value.isoformat() if hasattr(value, "isoformat") else value

    return {"id": str(record.id), **plain(dataclasses.asdict(record.data))}  # type: ignore[dict-item]


def _show(args: argparse.Namespace, context: CommandContext) -> int:
    store = context.store()
    record = get_treaty(store, resolve_treaty_id(store, args.treaty_id))
    if args.format == "json":
        print(json.dumps(_record_as_json(record), ensure_ascii=False, indent=2))
        return 0
    data = record.data
    lines = [
        (_("Title (Kazakh)"), data.title_kk), (_("Title (Russian)"), data.title_ru),
        (_("Original title"), data.title_original), (_("Kind"), treaty_label("kind", data.kind)),
        (_("Status"), treaty_label("status", data.status)),
        (_("Parties"), "; ".join(party_label(party, current_language()) for party in data.parties)),
        (_("Signed"), ", ".join(part for part in (format_date(data.signed_on), data.signed_at) if part)),
        (_("Act expressing consent"), " ".join(part for part in (
            treaty_label("consent_act_kind", data.consent_act_kind) if data.consent_act_kind else "",
            data.consent_act_number, format_date(data.consent_act_date) if data.consent_act_date else "") if part)),
        (_("Entry into force"), format_date(data.in_force_on) if data.in_force_on else ""),
        (_("Duration"), data.duration),
        (_("Terminated"), format_date(data.terminated_on) if data.terminated_on else ""),
        (_("Responsible body"), data.responsible_body), (_("Co-executors"), data.co_executors),
    ]  # fmt: skip
    print(record.id)
    for name, value in lines:
        if value:
            print(f"{name}: {value}")
    for measure in data.measures:
        when = format_date(measure.taken_on) if measure.taken_on else str(measure.year)
        print(f"  [{measure.year}] {treaty_label('measure_kind', measure.kind)} — {when}: {measure.description}")
        if measure.result:
            print(f"      → {measure.result}")
    for step in data.steps:
        done = format_date(step.completed_on) if step.completed_on else _("not completed")
        print(f"  {treaty_label('stage', step.stage)}: {done}" + (f" — {step.reason}" if step.reason else ""))
    return 0


def run(args: argparse.Namespace, context: CommandContext) -> int:
    action = args.treaty_action
    if action == "add":
        return _add(args, context)
    if action == "show":
        return _show(args, context)
    if action == "import":
        summary = import_treaties(context.store(), args.file, _mapping(args.map))
        print(_("Imported {count} treaties from {path}.").format(count=summary.created, path=summary.path))
        return 0
    return _list(args, context)
