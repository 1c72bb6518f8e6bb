"""The `hattama` entry point: no arguments opens the window; subcommands do headless work.

A user error is one translated line on stderr and exit code 2; a failed check (e.g. a bundle that does not
verify) is exit code 1. Start-up is kept short (issue 18.1): `--version` loads nothing of Hattama's; a subcommand
imports only its own module (`COMMANDS`), which imports what it needs; Qt is imported only when the window is
asked for. Only `--help` without a subcommand, or a name that is not one, loads them all (to list or refuse them).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

import hattama
from hattama.db.errors import StoreError, from_sqlite
from hattama.rules.errors import RuleError
from hattama.services.errors import ServiceError

EXIT_USAGE = 2
# Each subcommand and the module that defines it, in the order `hattama --help` lists them.
COMMANDS: dict[str, str] = {
    "settings": "settings_cmd", "calendar": "calendar_cmd", "obligations": "obligations_cmd",
    "report": "reports_cmd", "event": "events_cmd", "export": "events_cmd", "import": "events_cmd",
    "demo": "events_cmd", "bundle": "bundle_cmd", "treaty": "treaties_cmd", "forms": "forms_cmd",
    "trip": "trip_cmd", "plan": "plan_cmd", "activity": "plan_cmd", "letter": "letter_cmd",
}
_HELP_OPTIONS = ("-h", "--help")


class _PrintVersion(argparse.Action):
    """argparse's --version, reading the version only when asked (its metadata is slow to load)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_arguments: object) -> None:
        print(f"hattama {hattama.__version__}")
        parser.exit()


def build_parser(command: str | None = None, *, every_command: bool = True) -> argparse.ArgumentParser:
    """The parser with the subcommands it may meet: `command`'s module alone when that is one of ours, none
    when `every_command` is False (the window), else all of them."""
    from hattama import i18n
    from hattama.i18n import _
    from hattama.paths import default_store_path

    parser = argparse.ArgumentParser(
        prog="hattama",
        description=_("Hattama: international events, deadlines and MFA submissions under Decree No. 1037."),
    )
    parser.add_argument("--version", action=_PrintVersion, help=_("show the version and exit"))
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
    db_actions.add_parser("check", help=_("check the whole store file for damage (SQLite's integrity check)"))
    if command in COMMANDS:
        modules = [COMMANDS[command]]
    elif command == "db" or not every_command:
        modules = []
    else:
        modules = list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(f"hattama.cli.{name}").register(subcommands)
    return parser


def _run_db(args: argparse.Namespace, context) -> int:
    from hattama.i18n import _

    if args.db_action == "path":
        print(context.store_path)
        return 0
    store = context.store()
    if args.db_action == "check":
        from hattama import i18n
        from hattama.db.errors import StoreDamaged

        try:
            store.check_integrity()
        except StoreDamaged as damage:
            print(f"hattama: {i18n.describe(damage)}", file=sys.stderr)
            return 1
        print(_("The store {path} passed SQLite's integrity check.").format(path=context.store_path))
        return 0
    print(_("The store {path} is at schema {revision}.").format(path=context.store_path, revision=store.revision()))
    return 0


def requested_language(option: str | None) -> str | None:
    """--lang, else HATTAMA_LANG: the officer's choice for this run, which wins over the language kept in the
    store (that one is only the preference used when neither is given). An unknown HATTAMA_LANG is said and
    ignored."""
    from hattama import i18n

    if option:
        return option
    value = os.environ.get("HATTAMA_LANG", "").strip()
    if not value:
        return None
    try:
        return i18n.normalise_language(value)
    except ValueError:
        warning = i18n._("HATTAMA_LANG={value} is not one of {languages}; it is ignored.").format(
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
    from hattama.collector import collect_less_often

    collect_less_often()
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = _command_named(arguments)
    if command is None and "--version" in arguments:
        print(f"hattama {hattama.__version__}")  # as argparse would, without loading the rest
        raise SystemExit(0)
    from hattama import i18n, logs
    from hattama.paths import default_store_path

    _write_utf8()
    language = requested_language(_peek_language(arguments))
    if language:
        i18n.set_language(language)
    parser = build_parser(command, every_command=command is not None or any(
        argument in _HELP_OPTIONS for argument in arguments))
    args = parser.parse_args(arguments)
    store_path = args.db or default_store_path()
    # The default store's folder is made on first use; a --db into a missing folder is more likely a typo.
    may_create_folder = args.db is None or args.new_store
    if args.command is None:
        from hattama.ui.app import run_gui  # Qt is loaded only for the window

        return run_gui(store_path, language, ask_before_new_folder=not may_create_folder)
    logs.configure()
    log = logs.logger(__name__)
    log.info("command: %s %s", args.command, _action_of(args))
    from hattama.cli.context import CommandContext

    context = CommandContext(store_path=store_path, language_fixed=language is not None,
                             may_create_folder=may_create_folder)
    try:
        if args.command == "db":
            return _run_db(args, context)
        return args.handler(args, context)
    except (StoreError, RuleError, ServiceError) as error:
        message = i18n.describe(error)
        log.warning("%s: %s", args.command, message)
        print(f"hattama: {message}", file=sys.stderr)
        return EXIT_USAGE
    except _database_errors() as error:  # met outside a unit of work: busy, disk full, read-only
        mapped = from_sqlite(error, store_path)
        if mapped is None:
            log.exception("%s failed", args.command)
            raise
        log.warning("%s: %s", args.command, i18n.describe(mapped))
        print(f"hattama: {i18n.describe(mapped)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        log.info("%s interrupted", args.command)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:
        log.exception("%s failed", args.command)
        raise
    finally:
        context.close()


def _database_errors() -> tuple[type[BaseException], ...]:
    """SQLite's errors, and SQLAlchemy's wrapping of them when SQLAlchemy was loaded (then it raised them)."""
    sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
    return (sqlite3.Error,) if sqlalchemy_errors is None else (sqlite3.Error, sqlalchemy_errors.DBAPIError)


def _action_of(args: argparse.Namespace) -> str:
    """The subcommand's action for the log (`bundle export`): names only, never the values given."""
    return " ".join(str(value) for name, value in vars(args).items()
                    if name.endswith("_action") and isinstance(value, str))


def _command_named(arguments: Sequence[str]) -> str | None:
    """The subcommand's name, told before parsing (so only its module is imported): the first argument that is
    neither an option nor an option's value. A name that is not a subcommand is returned too (the parser
    then refuses it)."""
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument in ("--db", "--lang"):
            index += 2
        elif argument.startswith("-"):
            index += 1
        else:
            return argument
    return None


def _peek_language(arguments: list[str]) -> str | None:
    """The --lang value before parsing, so that help and parse errors are already translated."""
    from hattama import i18n

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
