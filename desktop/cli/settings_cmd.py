"""`hattama settings show|set`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from hattama.cli.context import CommandContext
from hattama.i18n import _
from hattama.presentation.settings import field_labels, setting_value
from hattama.rules.calendar_csv import WORKING_VALUES as YES_NO_VALUES
from hattama.services.settings import EDITABLE_FIELDS, FIELDS, UnitDetails, load_settings, update_settings

BOOLEAN_FIELDS = {f.name for f in dataclasses.fields(UnitDetails) if f.type in ("bool", bool)}
INTEGER_FIELDS = {f.name for f in dataclasses.fields(UnitDetails) if f.type in ("int", int)}
DATE_FIELDS = {f.name for f in dataclasses.fields(UnitDetails) if "date" in str(f.type)}


def register(subcommands: argparse._SubParsersAction) -> None:
    # The officer's own settings (language, signing key) are not here: --lang, and the window's Settings.
    parser = subcommands.add_parser("settings", help=_("the unit's settings"))
    actions = parser.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=_("print the unit's settings"))
    show.add_argument("--format", choices=("table", "json"), default="table")
    change = actions.add_parser("set", help=_("change one setting, e.g. `settings set officer_name 'A. Bekova'`"))
    change.add_argument("name", choices=EDITABLE_FIELDS)
    change.add_argument("value")
    parser.set_defaults(handler=run)


def _parse_value(name: str, raw: str) -> object:
    if name in BOOLEAN_FIELDS:
        # The same yes/no words (kk, ru, en, 1/0) the calendar CSV accepts.
        value = YES_NO_VALUES.get(raw.strip().lower())
        if value is None:
            raise argparse.ArgumentTypeError(_("Expected yes or no, got {value}.").format(value=raw))
        return value
    if name in DATE_FIELDS:  # tracking_since (issue 19.1): YYYY-MM-DD
        from hattama.cli.calendar_cmd import parse_iso_date

        return parse_iso_date(raw)
    if name in INTEGER_FIELDS:
        try:
            return int(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(_("Expected a whole number, got {value}.").format(value=raw)) from None
    return raw


def run(args: argparse.Namespace, context: CommandContext) -> int:
    store = context.store()
    if args.settings_action == "set":
        try:
            value = _parse_value(args.name, args.value)
        except argparse.ArgumentTypeError as error:
            print(f"hattama: {error}", file=sys.stderr)
            return 2
        update_settings(store, **{args.name: value})
    details = load_settings(store)
    if getattr(args, "format", "table") == "json":
        print(json.dumps(dataclasses.asdict(details), ensure_ascii=False, indent=2, default=str))
        return 0
    labels = field_labels()
    width = max(len(label) for label in labels.values())
    for name in FIELDS:
        print(f"{labels[name]:<{width}}  {setting_value(getattr(details, name))}")
    return 0
