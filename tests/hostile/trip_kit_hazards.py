"""Builds hostile trip kits from a real one (issue 17): each is a valid kit damaged in one way, so a refusal
proves the damage was seen. Byte-level damage works on the sealed file; payload-level damage is sealed again
with the right passphrase, as someone who knows it could."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from hattama.services.trips import kit
from hattama.services.trips.kit import HEADER, MAGIC


def flipped(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1:]


def byte_damage(data: bytes) -> dict[str, bytes]:
    """Name → damaged kit bytes."""
    header = HEADER.size
    return {
        "empty": b"",
        "magic only": MAGIC,
        "cut in the header": data[:header - 5],
        "header without ciphertext": data[:header],
        "cut in the ciphertext": data[:header + (len(data) - header) // 2],
        "tag cut off": data[:-16],
        "last byte cut": data[:-1],
        "byte appended": data + b"\0",
        "salt changed": flipped(data, 14),
        "nonce changed": flipped(data, 30),
        "scrypt r changed": data[:11] + bytes([4]) + data[12:],
        "ciphertext changed": flipped(data, header + 3),
        "tag changed": flipped(data, len(data) - 2),
        "magic changed": flipped(data, 0),
        "interchange JSON": b'{"format": "hattama-interchange", "version": 1}',
    }


def header_with(data: bytes, **changes: int) -> bytes:
    values = dict(zip(("magic", "version", "kdf", "log2_n", "r", "p", "salt", "nonce"), HEADER.unpack_from(data),
                      strict=True))
    values.update(changes)
    return HEADER.pack(*values.values()) + data[HEADER.size:]


def resealed(path: Path, passphrase: str, change: Callable[[dict], object]) -> bytes:
    """The kit's payload changed by `change` (which edits the dict in place or returns raw bytes), sealed again."""
    payload = json.loads(kit.read_kit(path, passphrase))
    replaced = change(payload)
    raw = replaced if isinstance(replaced, bytes) else json.dumps(payload).encode("utf-8")
    return kit.seal(raw, passphrase)

