"""Reading an interchange file a piece at a time (issue 18.4), as strictly as the whole file used to be read.

`members(handle)` reads the file's top-level object member by member; a record list (`events`, `reports`,
`treaties`, `letters`) comes as an iterator whose records are decoded one at a time, so only the records not yet
merged and a window of about `READ_BYTES` of text are ever in memory, however large the file. Each record is
decoded by the standard library's C scanner (`strict_json.decode_at`): a key twice in one object, a lone surrogate
escape and nesting deeper than `strict_json.MAX_DEPTH` are refused as `strict_json.loads` refuses them, and so
are a name twice at the top level, bytes that are not UTF-8 (a byte-order mark at the start is accepted), a run
of `MAX_TEXT_BYTES` without a quote (found in the raw bytes, before the text around it is decoded) and anything
after the closing brace. One value (a record) larger than `MAX_VALUE_CHARS` is refused instead of being read
into memory. Every refusal is a ServiceError naming the line and column where the file is wrong.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from hattama.language import N_
from hattama.services import strict_json
from hattama.services.errors import ServiceError

# How much of the file is read at once.
READ_BYTES = 1024 * 1024
# The longest text the format allows is 50,000 characters (a report section): at most 300,000 bytes in JSON,
# escapes included. A longer run of bytes without a quote is refused before parsing.
MAX_TEXT_BYTES = 1024 * 1024
# The largest record the format allows (a report: three languages of four sections of 50,000 characters, each
# escaped to six) is under 4 million characters.
MAX_VALUE_CHARS = 16 * 1024 * 1024
RECORD_SECTIONS = ("events", "reports", "treaties", "letters")
# A hostile file can name fields of any length; only this much of a name is repeated back.
SHOWN_NAME_LENGTH = 80
NOT_INTERCHANGE = N_("This is not a Hattama interchange file.")

LONG_TEXT = re.compile(rb'"[^"]{%d,}+' % MAX_TEXT_BYTES)
_NOT_SPACE = re.compile(r"[^ \t\n\r]")
_NUMBER_CHARACTERS = "0123456789+-.eE"
_MIB = 1024 * 1024

Position = tuple[int, int]  # line, column (both from 1)


def advance(position: Position, text: str) -> Position:
    """The position just after `text`, which starts at `position`."""
    newlines = text.count("\n")
    if newlines:
        return position[0] + newlines, len(text) - text.rfind("\n")
    return position[0], position[1] + len(text)


def long_text_refusal(position: Position) -> ServiceError:
    return ServiceError(N_("The file holds a text longer than {limit} MB (line {line}, column {column}); "
                           "no field of the format is that long."),
                        limit=MAX_TEXT_BYTES // _MIB, line=position[0], column=position[1])


def not_utf8_refusal(position: Position) -> ServiceError:
    return ServiceError(N_("The file is not UTF-8 text (line {line}, column {column})."),
                        line=position[0], column=position[1])


def syntax_refusal(position: Position) -> ServiceError:
    return ServiceError(N_("The file is not valid JSON (line {line}, column {column})."),
                        line=position[0], column=position[1])


def strict_json_refusal(error: strict_json.StrictJsonError) -> ServiceError:
    """The sentence for a refusal of `strict_json` (a syntax error's place as `strict_json` knows it)."""
    if error.reason == "duplicate_key":
        return ServiceError(N_("The file names the field “{key}” twice in one object; it is refused, since readers "
                               "would disagree on which value counts."), key=error.key[:SHOWN_NAME_LENGTH])
    if error.reason == "surrogate":
        return ServiceError(N_("The file holds a text with a lone surrogate escape, which is not "
                               "a character."))
    if error.reason == "depth":
        return ServiceError(N_("The file nests lists and objects more than {limit} levels deep; the interchange "
                               "format needs far fewer."), limit=strict_json.MAX_DEPTH)
    if error.line:
        return syntax_refusal((error.line, error.column))
    return ServiceError(N_("The file is not valid JSON."))


class _Text:
    """The file's text, a window at a time: `text[pos:]` is what is not read yet of the window, `_base` the
    position of `text[0]` in the file."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.text = ""
        self.pos = 0
        self.ended = False
        self._base: Position = (1, 1)
        self._end: Position = (1, 1)  # of all the text decoded so far
        self._started = False
        # The bytes from the last quote read so far (a run of text that may yet grow too long), and where it is.
        self._run = b""
        self._run_origin: tuple[Position, bytes, memoryview] = ((1, 1), b"", memoryview(b""))

    # ----------------------------------------------------------------------------------------------- reading

    def more(self, at_least: int = 0) -> bool:
        """Read on (at least `at_least` bytes when asked, to grow a long value in few steps); False at the end."""
        if self.ended:
            return False
        if self.pos:
            self._base = advance(self._base, self.text[:self.pos])
            self.text, self.pos = self.text[self.pos:], 0
        chunk = self._handle.read(max(READ_BYTES, at_least))
        pending = self._decoder.getstate()[0]
        self.ended = not chunk
        self._refuse_long_text(pending, chunk)
        try:
            piece = self._decoder.decode(chunk, final=self.ended)
        except UnicodeDecodeError as error:
            raise not_utf8_refusal(self._position_of(error.object[:error.start])) from None
        if not self._started and piece:
            self._started = True
            piece = piece.removeprefix("\ufeff")  # a byte-order mark, as Windows editors write, is accepted
        self.text += piece
        self._end = advance(self._end, piece)
        return not self.ended

    def _position_of(self, decoded_next: bytes) -> Position:
        """The position after the bytes `decoded_next`, which follow the text decoded so far."""
        text = decoded_next.decode("utf-8")
        return advance(self._end, text if self._started else text.removeprefix("\ufeff"))

    def _refuse_long_text(self, pending: bytes, chunk: bytes) -> None:
        """What the whole-file check `LONG_TEXT` finds, found a piece at a time: the run since the last quote
        read before is scanned again with the new bytes."""
        carried = len(self._run)
        scan = self._run + chunk
        found = LONG_TEXT.search(scan)
        if found is not None:
            origin = self._run_origin if found.start() < carried else (
                self._end, pending, memoryview(chunk)[:found.start() - carried])
            raise long_text_refusal(self._origin_position(origin))
        quote = scan.rfind(b'"')
        if quote >= carried:
            self._run = scan[quote:]
            self._run_origin = (self._end, pending, memoryview(chunk)[:quote - carried])
        elif quote >= 0:
            self._run = scan

    def _origin_position(self, origin: tuple[Position, bytes, memoryview]) -> Position:
        end, pending, before = origin
        text = (pending + bytes(before)).decode("utf-8", "replace")
        return advance(end, text if end != (1, 1) else text.removeprefix("\ufeff"))

    # ------------------------------------------------------------------------------------------------ parsing

    def position(self, offset: int) -> Position:
        return advance(self._base, self.text[:offset])

    def next_char(self) -> str:
        """The next character that is not white space ("" at the end), which becomes `text[pos]`."""
        while True:
            found = _NOT_SPACE.search(self.text, self.pos)
            if found is not None:
                self.pos = found.start()
                return self.text[self.pos]
            self.pos = len(self.text)
            if not self.more():
                return ""

    def expect(self, char: str) -> None:
        if self.next_char() != char:
            raise syntax_refusal(self.position(self.pos))
        self.pos += 1

    def value(self, depth: int | None) -> Any:
        """The next value, read on until the window holds all of it; `depth` is its nesting depth (None: left
        to the caller, see `members`)."""
        self.next_char()
        while True:
            try:
                value, end = strict_json.decode_at(self.text, self.pos, depth, from_utf8=True)
            except strict_json.StrictJsonError as error:
                if error.reason != "syntax":
                    raise strict_json_refusal(error) from None
                if error.incomplete and not self.ended:
                    self._grow()  # and decode again: reading on moves the window, the error's offset with it
                    continue
                raise syntax_refusal(self.position(error.offset)) from None
            # A number cut by the window's end ("1", "1.", "1e") may go on in the next piece of the file.
            cut = end == len(self.text) or (
                type(value) in (int, float) and not self.text[end:].strip(_NUMBER_CHARACTERS))
            if cut and not self.ended:
                self._grow()
                continue
            self.pos = end
            return value

    def _grow(self) -> None:
        """Read on for the value at `pos`, at least doubling the window."""
        pending = len(self.text) - self.pos
        if pending > MAX_VALUE_CHARS:
            line, column = self.position(self.pos)
            raise ServiceError(N_("The file holds a record larger than {limit} MB (line {line}, column {column}); "
                                  "no record of the format is that large."),
                               limit=MAX_VALUE_CHARS // _MIB, line=line, column=column)
        self.more(at_least=pending)


def members(handle: BinaryIO) -> Iterator[tuple[str, Any]]:
    """The top-level object's members in the file's order: (name, value), where the value of a record list is an
    iterator over its records, to be read through before the next member is asked for. ServiceError if the file
    is not JSON as `strict_json` accepts it, or its top level is not an object (`NOT_INTERCHANGE`). The nesting
    of a record (at depth 3) is the caller's to check (`strict_json.check_depth`): the importer's schema has no
    recursion, so only a record it refuses can nest too deep, and walking every record would cost a tenth of
    an import."""
    text = _Text(handle)
    if text.next_char() != "{":
        text.value(1)
        _refuse_anything_after(text)
        raise ServiceError(NOT_INTERCHANGE)
    text.pos += 1
    names: set[str] = set()
    char = text.next_char()
    while char != "}":
        if names:
            text.expect(",")
        if text.next_char() != '"':
            raise syntax_refusal(text.position(text.pos))
        name = text.value(2)
        if name in names:
            raise strict_json_refusal(strict_json.StrictJsonError("duplicate_key", key=name))
        names.add(name)
        text.expect(":")
        if name in RECORD_SECTIONS and text.next_char() == "[":
            text.pos += 1
            records = _records(text)
            yield name, records
            for _unread in records:  # what the caller left unread is still checked
                pass
        else:
            yield name, text.value(2)
        char = text.next_char()
    text.pos += 1
    _refuse_anything_after(text)


def _records(text: _Text) -> Iterator[Any]:
    if text.next_char() == "]":
        text.pos += 1
        return
    while True:
        yield text.value(None)
        char = text.next_char()
        if char == "]":
            text.pos += 1
            return
        if char != ",":
            raise syntax_refusal(text.position(text.pos))
        text.pos += 1


def _refuse_anything_after(text: _Text) -> None:
    if text.next_char():
        raise syntax_refusal(text.position(text.pos))
