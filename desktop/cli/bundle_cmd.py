"""`hattama bundle export|verify|import|trust`: signed submission bundles for the MFA.

The key's password comes from `--password-env VAR`, else the system keyring, else a prompt (only when stdin is a
terminal). A bundle that fails verification exits with 1, after every check is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import os
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509

from hattama import clock
from hattama.cli.calendar_cmd import parse_iso_date
from hattama.cli.context import CommandContext
from hattama.cli.reports_cmd import resolve_report_id
from hattama.db.store import Store
from hattama.i18n import N_, _, current_language, describe, format_date, ngettext
from hattama.presentation.bundles import MEMBER_KIND_LABELS, check_line, import_summary
from hattama.services import submission
from hattama.services.bundle.format import member_kind
from hattama.services.errors import ServiceError
from hattama.services.pdf.document import DOCUMENT_LANGUAGES
from hattama.services.signing.secrets import KeyringUnavailable

if TYPE_CHECKING:  # the verifier loads pyHanko, which only a bundle command should wait for
    from hattama.services.bundle.verifier import VerificationReport
    from hattama.services.signing.providers import Signer

EXIT_FAILED_CHECK = 1
# When the keyring gives no usable password, the officer is asked instead (in a terminal).
_PROMPT_AFTER = (submission.PasswordNeeded, submission.RememberedPasswordWrong, KeyringUnavailable)


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser("bundle", help=_("signed submission bundles for the MFA"))
    actions = parser.add_subparsers(dest="bundle_action", metavar="ACTION", required=True)

    export = actions.add_parser("export", help=_(
        "sign ready reports, the treaty forms, the plan or the activity report into a bundle with its covering letter"))
    export.add_argument("--report", dest="reports", action="append", default=[], metavar="ID",
                        help=_("a report to include (repeat for more); an id prefix is enough"))
    export.add_argument("--forms", type=int, metavar="YEAR",
                        help=_("the treaty forms (p.2) of this year, as PDF and workbook"))
    export.add_argument("--form", dest="form_numbers", type=int, action="append", metavar="N",
                        help=_("with --forms: only this form (repeatable; default: forms 1 to 5)"))
    export.add_argument("--plan", type=int, metavar="YEAR",
                        help=_("the plan of international events for this year (p.46), as PDF and workbook"))
    export.add_argument("--activity", action="store_true",
                        help=_("the activity report (p.46) of the period --from … --to, as PDF and workbook"))
    export.add_argument("--from", dest="start", metavar="DATE",
                        help=_("with --activity: first day (default: 1 January this year)"))
    export.add_argument("--to", dest="end", metavar="DATE", help=_("with --activity: last day (default: today)"))
    export.add_argument("--doc-lang", dest="document_languages", action="append", choices=DOCUMENT_LANGUAGES,
                        help=_("a language of the documents and covering letter (repeatable; default: kk and ru)"))
    export.add_argument("--number", metavar="NUMBER", help=_(
        "the covering letter's number from the document system (ESEDO) (default: the local register issues one)"))
    export.add_argument("--key", type=Path, metavar="FILE.p12",
                        help=_("the PKCS#12 signing key (default: the one chosen in the settings)"))
    export.add_argument("--out", type=Path, required=True, metavar="FILE.zip", help=_("where to write the bundle"))
    export.add_argument("--password-env", metavar="VAR",
                        help=_("read the key's password from this environment variable"))
    export.add_argument("--ncalayer", action="store_true",
                        help=_("sign with NCALayer instead of a key file (also the default when chosen in the settings)"))
    export.add_argument("--offline", action="store_true",
                        help=_("with NCALayer: do not ask NCA's timestamp service (no network)"))
    export.add_argument("--remember", action="store_true",
                        help=_("remember the password in the system keyring once it has worked"))

    for name, help_text in (("verify", _("check a bundle's signature, certificate and files")),
                            ("import", _("verify a bundle, then merge its data into the store"))):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("bundle", type=Path, metavar="FILE.zip")
        action.add_argument("--trust", type=Path, action="append", default=[], metavar="CA.pem",
                            help=_("also trust this root certificate, for this run only (repeatable)"))

    crl = actions.add_parser("crl", help=_("certificate revocation lists checked when verifying"))
    crl_actions = crl.add_subparsers(dest="crl_action", metavar="ACTION", required=True)
    crl_actions.add_parser("list", help=_("list the imported revocation lists"))
    crl_import = crl_actions.add_parser("import", help=_("import a revocation list (CRL) from a file"))
    crl_import.add_argument("crl_file", type=Path, metavar="FILE.crl")

    trust = actions.add_parser("trust", help=_("the root certificates trusted when verifying"))
    trust_actions = trust.add_subparsers(dest="trust_action", metavar="ACTION", required=True)
    trust_actions.add_parser("list", help=_("list the trusted roots"))
    trust_import = trust_actions.add_parser("import", help=_("trust the certificate authorities in a file"))
    trust_import.add_argument("certificate", type=Path, metavar="FILE.pem")
    trust_remove = trust_actions.add_parser("remove", help=_("stop trusting a root"))
    trust_remove.add_argument("root_id", metavar="ID")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    # pyHanko logs an untrusted signer with a traceback; the check list already says so, and with no logging set
    # up Python would print that traceback on the terminal.
    for library in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(library).addHandler(logging.NullHandler())
    store = context.store()
    action = args.bundle_action
    if action == "export":
        return _export(args, store)
    if action == "crl":
        return _crl(args, store)
    if action == "trust":
        return _trust(args, store)
    extra_roots = _extra_roots(args.trust)
    if action == "verify":
        report = submission.verify_bundle_file(store, args.bundle, extra_roots)
        _print_report(report)
        return 0 if report.ok else EXIT_FAILED_CHECK
    try:
        result = submission.import_bundle(store, args.bundle, extra_roots)
    except submission.BundleRefused as refused:
        _print_report(refused.report)
        print("hattama: " + _("The bundle did not pass verification, so nothing was imported."), file=sys.stderr)
        return EXIT_FAILED_CHECK
    print("\n".join(import_summary(result)))
    return 0


# ---------------------------------------------------------------------------------------------- export

def _export(args: argparse.Namespace, store: Store) -> int:
    report_ids = [resolve_report_id(store, text) for text in args.reports]
    enclosures = _enclosures(args)
    identity = _ncalayer_signer(args) if args.ncalayer or _ncalayer_chosen(args, store) else _unlock(args, store)
    result = submission.export_bundle(store, report_ids, identity, args.out, enclosures=enclosures,
                                      letter_number=args.number)
    print(result.path)
    print(_("SHA-256: {sha256}").format(sha256=result.sha256))
    print(ngettext("{count} report, signed by {signer}", "{count} reports, signed by {signer}",
                   result.report_count).format(count=result.report_count, signer=result.signer))
    for kind in result.documents:
        print(_(MEMBER_KIND_LABELS[kind]))
    if result.registered is not None:
        print(_("Covering letter: No. {number} of {date}").format(
            number=result.registered.number, date=format_date(result.registered.registered_on)))
    return 0


def _enclosures(args: argparse.Namespace) -> submission.Enclosures:
    if (args.start or args.end) and not args.activity:
        raise ServiceError(N_("--from and --to choose the period of the activity report: add --activity."))
    if args.form_numbers and args.forms is None:
        raise ServiceError(N_("--form chooses among the forms of a year: add --forms YEAR."))
    if not (args.reports or args.forms is not None or args.plan is not None or args.activity):
        raise ServiceError(N_("Choose what goes into the bundle: --report, --forms, --plan or --activity."))
    activity = None
    if args.activity:
        today = clock.today()
        activity = (parse_iso_date(args.start) if args.start else dt.date(today.year, 1, 1),
                    parse_iso_date(args.end) if args.end else today)
    defaults = submission.Enclosures()
    return submission.Enclosures(
        forms_year=args.forms, forms=tuple(args.form_numbers or defaults.forms), plan_year=args.plan,
        activity=activity, languages=tuple(dict.fromkeys(args.document_languages or defaults.languages)))


def _ncalayer_chosen(args: argparse.Namespace, store: Store) -> bool:
    """NCALayer when the settings say so and no key file is given on the command line."""
    return args.key is None and submission.signs_with_ncalayer(store)


def _ncalayer_signer(args: argparse.Namespace) -> Signer:
    from hattama.services.signing.ncalayer import connect_signer

    print(_("Choose your signing key in NCALayer's window."), file=sys.stderr)
    return connect_signer(submission.utc_now(), offline=args.offline, language=current_language())


def _unlock(args: argparse.Namespace, store: Store) -> Signer:
    key = args.key or submission.signing_key_path(store)
    if key is None:
        raise ServiceError(N_("No signing key has been chosen; give one with --key FILE.p12."))
    if args.remember:
        keyring_state = submission.remembered_password_available(key)
        if isinstance(keyring_state, KeyringUnavailable):
            print(f"hattama: {describe(keyring_state)}", file=sys.stderr)
    if args.password_env:
        password = os.environ.get(args.password_env)
        if password is None:
            raise ServiceError(N_("The environment variable {name} is not set."), name=args.password_env)
        return submission.unlock_signing_key(key, password, args.remember)
    try:
        return submission.unlock_signing_key(key, None)
    except _PROMPT_AFTER as why:
        if not sys.stdin.isatty():
            raise ServiceError(
                N_("{reason} Give the password with --password-env VAR, or run the command in a terminal."),
                reason=describe(why),
            ) from None
        if not isinstance(why, submission.PasswordNeeded):
            print(f"hattama: {describe(why)}", file=sys.stderr)
    password = getpass.getpass(_("Password for the key {path}: ").format(path=key))
    return submission.unlock_signing_key(key, password, args.remember)


# ---------------------------------------------------------------------------------------------- verify, import

def _print_report(report: VerificationReport) -> None:
    for check in report.checks:
        print(check_line(check))
    print(_("Signer: {signer}").format(signer=report.signer or "—"))
    if report.manifest is not None:
        for entry in report.manifest["files"]:
            print(f"  {_(MEMBER_KIND_LABELS[member_kind(entry)])}: {entry['path']}")
    print(_("The bundle passed every check.") if report.ok else _("The bundle did not pass verification."))


def _extra_roots(paths: Sequence[Path]) -> list[x509.Certificate]:
    return [root for path in paths for root in submission.read_roots_file(path)]


# ---------------------------------------------------------------------------------------------- revocation lists

def _crl(args: argparse.Namespace, store: Store) -> int:
    if args.crl_action == "import":
        info = submission.import_revocation_list(store, args.crl_file)
        print(_("Revocation list of {issuer}, {date}: {count} revoked certificates.").format(
            issuer=info.issuer, date=format_date(info.this_update.date(), "short"), count=info.revoked_count))
        return 0
    for info in submission.list_revocation_lists(store):
        until = format_date(info.next_update.date(), "short") if info.next_update else "—"
        print(f"{info.issuer}  {format_date(info.this_update.date(), 'short')} → {until}  {info.revoked_count}")
    return 0


# ---------------------------------------------------------------------------------------------- trusted roots

def _trust(args: argparse.Namespace, store: Store) -> int:
    if args.trust_action == "import":
        added = submission.import_trusted_roots(store, args.certificate)
        for subject in added:
            print(_("Trusted: {subject}").format(subject=subject))
        if not added:
            print(_("Every certificate in the file was already trusted."))
        return 0
    if args.trust_action == "remove":
        submission.remove_trusted_root(store, _resolve_root_id(store, args.root_id))
        return 0
    for root in submission.list_trusted_roots(store):
        until = format_date(root.valid_until.date(), "short")
        print(f"{str(root.id)[:8]}  {root.subject}  {root.fingerprint}  "
              + _("valid until {date}").format(date=until))
    return 0


def _resolve_root_id(store: Store, text: str) -> uuid.UUID:
    """A full id, or a unique prefix as `bundle trust list` shows it."""
    matches = [root.id for root in submission.list_trusted_roots(store) if str(root.id).startswith(text.lower())]
    if len(matches) != 1:
        raise ServiceError(N_("There is no trusted root with the id {id}."), id=text)
    return matches[0]
