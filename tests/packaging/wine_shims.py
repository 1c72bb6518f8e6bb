"""What Wine 8 (Debian 12) lacks and Windows 10+ has, made at test time for the test's Wine prefix only.

`bcryptprimitives.dll`: Rust programs (cryptography's `_rust.pyd`) draw random bytes with its ProcessPrng, which
every Windows since 10 has and Wine gained only in 9.0. The shim is a DLL with no code: one export forwarded to
ADVAPI32's SystemFunction036 (RtlGenRandom), which takes the same two arguments. It goes into the prefix's
system32, never into the installer.

`propsys.dll` is switched off for the installed Python (PYTHON_DLL_OVERRIDES): Wine 8 lacks its VariantToString,
which CPython 3.13's `platform` reaches through the `_wmi` module (SQLAlchemy asks for the machine type on import).
Without propsys `_wmi` does not import and `platform` reads the registry instead, as on a Windows without WMI.
"""

from __future__ import annotations

import struct
from pathlib import Path

PYTHON_DLL_OVERRIDES = "propsys=d"
SECTION_RVA = 0x1000
FILE_ALIGNMENT = 0x200


def forwarder_dll(name: str, forwards: dict[str, str]) -> bytes:
    """A PE32+ DLL whose exports are all forwarders (`export name -> "DLL.Function"`)."""
    names = sorted(forwards)
    count = len(names)
    directory_size = 40
    functions_at = SECTION_RVA + directory_size
    names_at = functions_at + 4 * count
    ordinals_at = names_at + 4 * count
    strings_at = ordinals_at + 2 * count
    strings = bytearray()

    def string(text: str) -> int:
        at = strings_at + len(strings)
        strings.extend(text.encode("ascii") + b"\0")
        return at

    dll_name = string(name)
    name_rvas = [string(export) for export in names]
    forward_rvas = [string(forwards[export]) for export in names]
    export_size = strings_at + len(strings) - SECTION_RVA
    section = bytearray(struct.pack("<IIHHIIIIIII", 0, 0, 0, 0, dll_name, 1, count, count,
                                    functions_at, names_at, ordinals_at))
    section += struct.pack(f"<{count}I", *forward_rvas)
    section += struct.pack(f"<{count}I", *name_rvas)
    section += struct.pack(f"<{count}H", *range(count))
    section += strings
    raw_size = -(-len(section) // FILE_ALIGNMENT) * FILE_ALIGNMENT

    dos = b"MZ" + b"\0" * 58 + struct.pack("<I", 0x40)
    coff = struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, 240, 0x2022)  # AMD64; executable, large-address, DLL
    optional = struct.pack("<HBBIIIIIQIIHHHHHHIIIIHHQQQQII",
                           0x20B, 14, 0, 0, raw_size, 0, 0, SECTION_RVA,  # PE32+, no code, no entry point
                           0x180000000, SECTION_RVA, FILE_ALIGNMENT, 6, 0, 0, 0, 6, 0, 0,
                           SECTION_RVA + 0x1000, FILE_ALIGNMENT, 0, 3, 0x0140,  # image size, headers; console
                           0x100000, 0x1000, 0x100000, 0x1000, 0, 16)
    optional += struct.pack("<II", SECTION_RVA, export_size) + b"\0" * 8 * 15  # only the export directory
    section_header = struct.pack("<8sIIIIIIHHI", b".rdata", len(section), SECTION_RVA, raw_size, FILE_ALIGNMENT,
                                 0, 0, 0, 0, 0x40000040)  # initialised data, readable
    headers = dos + b"PE\0\0" + coff + optional + section_header
    return headers.ljust(FILE_ALIGNMENT, b"\0") + bytes(section).ljust(raw_size, b"\0")


def install_shims(prefix: Path) -> None:
    system32 = prefix / "drive_c" / "windows" / "system32"
    system32.mkdir(parents=True, exist_ok=True)
    (system32 / "bcryptprimitives.dll").write_bytes(
        forwarder_dll("bcryptprimitives.dll", {"ProcessPrng": "ADVAPI32.SystemFunction036"}))
