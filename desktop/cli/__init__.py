"""The `hattama` entry point: no arguments opens the window; subcommands do headless work.

A user error is one translated line on stderr and exit code 2; a failed check (e.g. a bundle that does not
verify) is exit code 1. Qt is imported only when the window is asked for.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from hattama import __version__, i18n
from hattama.cli import (
    bundle_cmd,
    calendar_cmd,
    events_cmd,
    forms_cmd,
    letter_cmd,
    obligations_cmd,
    plan_cmd,
    reports_cmd,
    settings_cmd,
    treaties_cmd,
    trip_cmd,
)
from hattama.cli.context import CommandContext
from hattama.collector import collect_less_often
from hattama.db.errors import StoreError, from_sqlite
from hattama.i18n import _
from hattama.paths import default_store_path
from hattama.rules.errors import RuleError
from hattama.services.errors import ServiceError

EXIT_USAGE = 2
COMMAND_MODULES = (settings_cmd, calendar_cmd, obligations_cmd, reports_cmd, events_cmd, bundle_cmd,
                   treaties_cmd, forms_cmd, trip_cmd, plan_cmd, letter_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hattama",
        description=_("Hattama: international events, deadlines and MFA submissions under Decree No. 1037."),
    )
    parser.add_argument("--version", action="version", version=f"hattama {__version__}")
    parser.add_argument(
        "--db", type=Path, default=None, metavar="PATH",
        help=_("the store file to use (default: {path})").format(path=default_store_path()),
    )
    parser.add_argument(
        "--lang", choices=i18n.LANGUAGES, default=None,
        help=_("language of messages and output (default: HATTAMA_LANG, else the store's setting)"),
    )
    parser.add_argument(
        "--new-store", action="store_true",
        help=_("create the store given by --db, and its folder, when they do not exist yet"),
    )
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")
    db_parser = subcommands.add_parser("db", help=_("store maintenance"))
    db_actions = db_parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    db_actions.add_parser("upgrade", help=_("upgrade the store to this version's schema (backing it up first)"))
    db_actions.add_parser("path", help=_("print the store's path"))
    for module in COMMAND_MODULES:
        module.register(subcommands)
    return parser


def _run_db(args: argparse.Namespace, context: CommandContext) -> int:
    if args.db_action == "path":
        print(context.store_path)
        return 0
    store = context.store()
    print(_("The store {path} is at schema {revision}.").format(path=context.store_path, revision=store.revision()))
    return 0


def requested_language(option: str | None) -> str | None:
    """--lang, else HATTAMA_LANG: the officer's choice for this run, which wins over the language kept in the
    store (that one is only the preference used when neither is given). An unknown HATTAMA_LANG is said and
    ignored."""
    if option:
        return option
    value = os.environ.get("HATTAMA_LANG", "").strip()
    if not value:
        return None
    try:
        return i18n.normalise_language(value)
    except ValueError:
        warning = _("HATTAMA_LANG={value} is not one of {languages}; it is ignored.").format(
            value=value, languages=", ".join(i18n.LANGUAGES))
        print(f"hattama: {warning}", file=sys.stderr)
        return None


def _write_utf8() -> None:
    """Kazakh letters survive a redirect: Windows gives a redirected stream its ANSI code page (cp1251), which has
    no ә or ү, so printing a Kazakh line into a file or a pipe would fail there."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    collect_less_often()
    _write_utf8()
    arguments = list(sys.argv[1:] if argv is None else argv)
    language = requested_language(_peek_language(arguments))
    if language:
        i18n.set_language(language)
    parser = build_parser()
    args = parser.parse_args(arguments)
    store_path = args.db or default_store_path()
    # The default store's folder is made on first use; a --db into a missing folder is more likely a typo.
    may_create_folder = args.db is None or args.new_store
    if args.command is None:
        from hattama.ui.app import run_gui  # Qt is loaded only for the window

        return run_gui(store_path, language, ask_before_new_folder=not may_create_folder)
    context = CommandContext(store_path=store_path, language_fixed=language is not None,
                             may_create_folder=may_create_folder)
    try:
        if args.command == "db":
            return _run_db(args, context)
        return args.handler(args, context)
    except (StoreError, RuleError, ServiceError) as error:
        print(f"hattama: {i18n.describe(error)}", file=sys.stderr)
        return EXIT_USAGE
    except (DBAPIError, sqlite3.Error) as error:  # met outside a unit of work: busy, disk full, read-only
        mapped = from_sqlite(error, store_path)
        if mapped is None:
            raise
        print(f"hattama: {i18n.describe(mapped)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        context.close()


def _peek_language(arguments: list[str]) -> str | None:
    """The --lang value before parsing, so that help and parse errors are already translated."""
    for index, argument in enumerate(arguments):
        if argument == "--lang" and index + 1 < len(arguments):
            value = arguments[index + 1]
            return value if value in i18n.LANGUAGES else None
        if argument.startswith("--lang="):
            value = argument.split("=", 1)[1]
            return value if value in i18n.LANGUAGES else None
    return None


if __name__ == "__main__":
    raise SystemExit(main())
