"""Attachment file names and types, as far as they can hurt the officer's machine.

An attachment's `file_name` comes from whoever made the event, possibly another body's file or bundle: it is
display text, never a path. Wherever a name becomes a file (opening a copy, the default name to save as, a
bundle member) it goes through `safe_file_name`, which keeps one harmless path segment in the folder Hattama
chose. Opening hands the file to the system, which runs programs and scripts: `asks_before_opening` says when
the officer must confirm first.
"""

from __future__ import annotations

import re
import unicodedata

FALLBACK_NAME = "attachment"
MAX_SAFE_NAME_LENGTH = 200

# Characters Windows refuses in a name, and both separators.
_UNSAFE_CHARACTERS = re.compile(r'[<>:"/\\|?*]')
_DRIVE = re.compile(r"^[A-Za-z]:")
# CON, NUL, COM1… are devices on Windows whatever the extension ("nul.txt" too); ¹²³ count as digits there.
_RESERVED_STEM = re.compile(r"^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])$", re.IGNORECASE)

# Types the system runs (or hands to an interpreter) rather than shows.
EXECUTABLE_EXTENSIONS = frozenset({
    "exe", "com", "bat", "cmd", "scr", "pif", "cpl", "msi", "msp", "mst", "msc", "dll", "sys", "drv", "ocx",
    "js", "jse", "vbs", "vbe", "wsf", "wsh", "wsc", "ps1", "ps1xml", "psm1", "psd1", "ps2", "hta", "lnk", "url",
    "inf", "reg", "jar", "jnlp", "application", "appref-ms", "gadget", "scf", "chm", "iso", "img", "vhd", "vhdx",
    "sh", "bash", "zsh", "csh", "ksh", "run", "bin", "elf", "out", "appimage", "desktop", "deb", "rpm", "py",
    "pyw", "pl", "rb", "php", "command", "app", "pkg", "dmg", "action", "workflow", "xbap", "settingcontent-ms",
    "library-ms", "searchconnector-ms", "diagcab", "msix", "appx", "appxbundle",
})
# The first bytes of programs and scripts: PE (MZ), ELF, Mach-O (both orders, fat), a script's #!.
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe",
                     b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
HEAD_BYTES = 8


def safe_file_name(name: str) -> str:
    """The name as one path segment any system accepts: the last part after a separator, without a drive,
    control or format characters, characters Windows refuses, leading or trailing dots and spaces, or a
    device name; at most `MAX_SAFE_NAME_LENGTH` characters with the extension kept; `FALLBACK_NAME` if
    nothing is left."""
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[/\\]", _DRIVE.sub("", name))[-1]
    name = "".join(character for character in name if unicodedata.category(character)[0] != "C")
    name = _UNSAFE_CHARACTERS.sub("_", name).strip(" .")
    if not name:
        return FALLBACK_NAME
    stem, dot, extension = name.partition(".")
    if _RESERVED_STEM.match(stem.rstrip(" ")):
        name = f"_{name}"
    if len(name) > MAX_SAFE_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if not dot or len(extension) > 16:
            return name[:MAX_SAFE_NAME_LENGTH].rstrip(" .")
        name = f"{stem[:MAX_SAFE_NAME_LENGTH - len(extension) - 1].rstrip(' .')}.{extension}"
    return name


def extension(name: str) -> str:
    """The safe name's last extension, lower case, "" when it has none."""
    stem, dot, suffix = safe_file_name(name).rpartition(".")
    return suffix.casefold() if dot and stem else ""


def asks_before_opening(name: str, head: bytes) -> bool:
    """True when opening the attachment could run a program: an executable type by its name, or content that
    starts as a program or script does (`head`: its first `HEAD_BYTES` bytes, or more)."""
    return extension(name) in EXECUTABLE_EXTENSIONS or head.startswith(_EXECUTABLE_MAGIC)
