"""`hattama letter add|list|show`: the letter log (p.44, p.45) on the command line."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from hattama.cli.calendar_cmd import parse_iso_date
from hattama.cli.context import CommandContext
from hattama.cli.reports_cmd import add_register_action, parse_id, registered_text
from hattama.cli.treaties_cmd import resolve_treaty_id
from hattama.db.store import Store
from hattama.i18n import N_, _, format_date
from hattama.presentation.letters import (
    CHANNEL_LABELS,
    CORRESPONDENT_LABELS,
    DIRECTION_LABELS,
    PURPOSE_LABELS,
    subject_title,
)
from hattama.rules.letters import CHANNEL_DIRECT_URGENT, CHANNELS, CORRESPONDENT_KINDS, DIRECTIONS, PURPOSES
from hattama.services.attachments import read_file_within
from hattama.services.errors import ServiceError
from hattama.services.letter_drafts import DRAFTS, write_letter_pdf
from hattama.services.letter_sending import log_drafted_document
from hattama.services.letters import (
    LetterData,
    LetterView,
    add_letter,
    get_letter,
    list_letters,
)
from hattama.services.pdf.document import DOCUMENT_LANGUAGES
from hattama.services.registration import register_document

MAX_BODY_FILE_BYTES = 1024 * 1024


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser("letter", help=_("the letter log: correspondence in and out (p.44, p.45)"))
    actions = parser.add_subparsers(dest="letter_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=_("log a letter"))
    add.add_argument("--direction", required=True, choices=DIRECTIONS)
    add.add_argument("--correspondent-kind", required=True, choices=CORRESPONDENT_KINDS)
    add.add_argument("--correspondent", default="", metavar="TEXT", help=_("who wrote or receives it"))
    add.add_argument("--subject", default="", metavar="TEXT")
    add.add_argument("--on", required=True, metavar="YYYY-MM-DD", help=_("the date it was sent or received"))
    add.add_argument("--our-number", default="", metavar="TEXT")
    add.add_argument("--our-date", metavar="YYYY-MM-DD")
    add.add_argument("--their-number", default="", metavar="TEXT")
    add.add_argument("--their-date", metavar="YYYY-MM-DD")
    add.add_argument("--channel", choices=CHANNELS, default="",
                     help=_("the way of an outgoing letter to a foreign correspondent (p.44)"))
    add.add_argument("--urgency-reason", default="", metavar="TEXT",
                     help=_("the issue to work out with the foreign side within five days (p.44)"))
    add.add_argument("--legal-basis", default="", metavar="TEXT",
                     help=_("the law, act or treaty under which the letter goes directly (p.44)"))
    add.add_argument("--notice-for", metavar="LETTER_ID",
                     help=_("this letter informs the MFA of that direct urgent letter (p.44)"))
    add.add_argument("--position-half", default="", metavar="YYYY-H1|YYYY-H2",
                     help=_("the half-year whose MFA position this letter carries (p.45)"))
    add.add_argument("--purpose", default="", choices=[purpose for purpose in PURPOSES if purpose],
                     help=_("the drafted document this outgoing letter is (p.48, p.49, a bundle's covering letter); "
                            "logging it closes the obligation of the event it is linked to"))
    add.add_argument("--text", default="", metavar="TEXT", help=_("the text of the letter or of the position"))
    add.add_argument("--notes", default="", metavar="TEXT")
    add.add_argument("--attach", type=Path, action="append", default=[], metavar="PATH",
                     help=_("a scan or file of the letter (repeatable)"))
    add.add_argument("--event", action="append", default=[], metavar="EVENT_ID",
                     help=_("an event the letter is about (repeatable)"))
    add.add_argument("--treaty", action="append", default=[], metavar="TREATY_ID",
                     help=_("a treaty the letter is about, or a unique start of its id as `treaty list` shows it "
                            "(repeatable)"))
    actions.add_parser("list", help=_("list the letters, latest first"))
    show = actions.add_parser("show", help=_("show a letter with its attachments and links"))
    show.add_argument("letter_id", metavar="LETTER_ID")
    add_register_action(actions, "letter_id", "LETTER_ID")
    draft = actions.add_parser("draft", help=_(
        "render a document Hattama drafts: the p.44 notice of a direct urgent letter (LETTER_ID), the p.48 "
        "consultation request, the p.49 briefing or the p.49 notice of an event (EVENT_ID)"))
    draft.add_argument("kind", choices=tuple(DRAFTS))
    draft.add_argument("record_id", metavar="ID")
    draft.add_argument("--lang", dest="document_language", choices=DOCUMENT_LANGUAGES, required=True)
    draft.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    draft.add_argument("--body-file", type=Path, metavar="PATH",
                       help=_("the text to print instead of Hattama's draft (UTF-8, one paragraph a line)"))
    draft.add_argument("--log", action="store_true",
                       help=_("also log the document as sent, with its PDF attached: that closes its obligation"))
    draft.add_argument("--sent-on", metavar="YYYY-MM-DD", help=_("the day it was sent (default: today)"))
    parser.set_defaults(handler=run)


def read_text_file(path: Path) -> str:
    content = read_file_within(path, MAX_BODY_FILE_BYTES, N_("The file {path} is larger than {limit} MB."))
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise ServiceError(N_("The file {path} is not UTF-8 text."), path=str(path)) from None


def _optional_date(text: str | None):
    return parse_iso_date(text) if text else None


def _data(args: argparse.Namespace, store: Store) -> LetterData:
    links = tuple([("event", parse_id(text)) for text in args.event]
                  + [("treaty", resolve_treaty_id(store, text)) for text in args.treaty])
    return LetterData(
        direction=args.direction, correspondent_kind=args.correspondent_kind, dated_on=parse_iso_date(args.on),
        correspondent=args.correspondent, subject=args.subject, our_number=args.our_number,
        our_date=_optional_date(args.our_date), their_number=args.their_number,
        their_date=_optional_date(args.their_date), channel=args.channel, urgency_reason=args.urgency_reason,
        legal_basis=args.legal_basis, notice_for_id=parse_id(args.notice_for) if args.notice_for else None,
        position_half=args.position_half, purpose=args.purpose, text=args.text, notes=args.notes, links=links)


def _line(letter: LetterView) -> str:
    data = letter.data
    parts = [str(letter.id), format_date(data.dated_on), _(DIRECTION_LABELS[data.direction]),
             _(CORRESPONDENT_LABELS[data.correspondent_kind]), data.correspondent, data.subject]
    if data.channel:
        parts.append(_(CHANNEL_LABELS[data.channel]))
    if letter.flag:
        parts.append("⚠ " + _(letter.flag))
    return "  ".join(part for part in parts if part)


def _show(letter: LetterView) -> None:
    data = letter.data
    print(_line(letter))
    numbers = ((_("Our number"), data.our_number, data.our_date), (_("Their number"), data.their_number,
                                                                   data.their_date))
    for label, number, on in numbers:
        if number or on:
            print(f"{label}: {number}" + (f" — {format_date(on)}" if on else ""))
    for label, value in ((_("Urgency"), data.urgency_reason), (_("Legal basis"), data.legal_basis),
                         (_("Half-year of the MFA position"), data.position_half), (_("Text"), data.text),
                         (_("Notes"), data.notes)):
        if value:
            print(f"{label}: {value}")
    if data.purpose:
        print(_(PURPOSE_LABELS[data.purpose]))
    if data.notice_for_id:
        print(_("Notice to the MFA of the direct letter {id} (p.44)").format(id=data.notice_for_id))
    if data.channel == CHANNEL_DIRECT_URGENT:
        print(_("The notice to the MFA is logged (p.44).") if letter.notice_logged
              else _("The notice to the MFA is not logged yet (p.44)."))
    for subject in letter.linked:
        print(f"{subject_title(subject)}  {subject.id}")
    for attachment in letter.attachments:
        print(_("Attachment: {name} ({size} bytes, SHA-256 {sha256})").format(
            name=attachment.file_name, size=attachment.size, sha256=attachment.sha256))


def run(args: argparse.Namespace, context: CommandContext) -> int:
    store = context.store()
    if args.letter_action == "add":
        print(add_letter(store, _data(args, store), args.attach))
    elif args.letter_action == "register":
        print(registered_text(register_document(store, "letter", parse_id(args.letter_id), number=args.number,
                                                on=_optional_date(args.on))))
    elif args.letter_action == "draft":
        record_id = parse_id(args.record_id)
        doc = DRAFTS[args.kind](store, record_id, args.document_language)
        if args.body_file:
            doc = dataclasses.replace(doc, body=read_text_file(args.body_file))
        print(write_letter_pdf(doc, args.out))
        if args.log:
            print(log_drafted_document(store, args.kind, record_id, args.document_language, body=doc.body,
                                       sent_on=_optional_date(args.sent_on)))
    elif args.letter_action == "list":
        for letter in list_letters(store):
            print(_line(letter))
    else:
        _show(get_letter(store, parse_id(args.letter_id)))
    return 0
