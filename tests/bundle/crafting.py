"""Hand-made ZIP files for the hostile-input tests: members added, replaced or renamed, sizes that lie, Unix
modes changed (symbolic links), and central directories of any length written without zipfile."""

from __future__ import annotations

import struct
import warnings
import zipfile
from pathlib import Path

_LOCAL_HEADER = b"PK\x03\x04"
_CENTRAL_HEADER = b"PK\x01\x02"


def rebuild(
    source: Path,
    target: Path,
    *,
    replace: dict[str, bytes] | None = None,
    add: list[tuple[str, bytes]] | None = None,
    modes: dict[str, int] | None = None,
) -> Path:
    """A copy of `source` with some members' bytes replaced and others appended, any names allowed; `modes`
    gives members a Unix mode (e.g. stat.S_IFLNK | 0o777, a symbolic link)."""
    replace = replace or {}
    modes = modes or {}
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            if info.filename in modes:
                info.create_system = 3  # Unix, so unzip honours the mode
                info.external_attr = modes[info.filename] << 16
            copy.writestr(info, replace.get(info.filename, original.read(info)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Duplicate name" is what some tests want
            for name, data in add or []:
                copy.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def assemble(target: Path, members: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return target


def declare_size(path: Path, member: str, size: int) -> None:
    """Make the local and central headers of `member` claim `size` uncompressed bytes (under 4 GiB)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_offset, name_length_offset, name_offset in (
        (_LOCAL_HEADER, 22, 26, 30),
        (_CENTRAL_HEADER, 24, 28, 46),
    ):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            (name_length,) = struct.unpack_from("<H", data, start + name_length_offset)
            if data[start + name_offset : start + name_offset + name_length] == name:
                struct.pack_into("<I", data, start + size_offset, size)
            start += 4
    path.write_bytes(bytes(data))


def many_entries(target: Path, count: int, *, declared: int | None = None) -> Path:
    """A ZIP of `count` empty stored members, written straight to disk (zipfile would hold them all in memory);
    `declared` puts another count in the end record, as a lying archive does."""
    directory = bytearray()
    with target.open("wb") as output:
        for index in range(count):
            name = f"e/{index}".encode()
            offset = output.tell()
            output.write(struct.pack("<4s5H3L2H", _LOCAL_HEADER, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name)
            directory += struct.pack(
                "<4s6H3L5H2L", _CENTRAL_HEADER, 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, offset
            )
            directory += name
        start = output.tell()
        output.write(directory)
        entries = min(count if declared is None else declared, 0xFFFF)
        output.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, entries, entries, len(directory), start, 0))
    return target
