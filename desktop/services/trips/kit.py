"""The trip kit file: a small versioned header, then the payload encrypted with AES-256-GCM under a key
derived from the passphrase with scrypt (`cryptography`; no cipher of our own).

    offset  size  field
    0       8     magic  b"HATTKIT\\0"
    8       1     format version (1)
    9       1     key derivation (1 = scrypt)
    10      1     scrypt log2(N)     (14..17)
    11      1     scrypt r           (1..16)
    12      1     scrypt p           (1..4)
    13      16    salt
    29      12    nonce
    41      …     AES-GCM ciphertext and its 16-byte tag

The whole header is the associated data: changing any byte of the file, header included, fails authentication.
The payload is zlib-compressed strict JSON (see `services.trips`). The KDF bounds (scrypt's memory, 128·r·N bytes,
at most 128 MiB) keep a forged header from asking for gigabytes of memory.
"""

from __future__ import annotations

import os
import struct
import tempfile
import zlib
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from hattama.language import N_
from hattama.services.errors import ServiceError

MAGIC = b"HATTKIT\0"
VERSION = 1
KDF_SCRYPT = 1
HEADER = struct.Struct(">8sBBBBB16s12s")
LOG2_N, R, P = 15, 8, 1  # 32 MiB and about 0.1 s per derivation
LOG2_N_RANGE, R_RANGE, P_RANGE = range(14, 18), range(1, 17), range(1, 5)
MAX_KDF_MEMORY = 128 * 1024 * 1024
TAG_BYTES = 16
# A kit holds a trip's few events with their attachments (each at most 100 MB).
MAX_KIT_BYTES = 1024 * 1024 * 1024
MAX_PAYLOAD_BYTES = 2 * MAX_KIT_BYTES


class KitError(ServiceError):
    """The kit cannot be opened: not a kit, damaged, or the wrong passphrase."""


def _key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=2 ** log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))


def seal(payload: bytes, passphrase: str) -> bytes:
    if not passphrase:
        raise ServiceError(N_("A trip kit needs a passphrase."))
    salt, nonce = os.urandom(16), os.urandom(12)
    header = HEADER.pack(MAGIC, VERSION, KDF_SCRYPT, LOG2_N, R, P, salt, nonce)
    key = _key(passphrase, salt, LOG2_N, R, P)
    return header + AESGCM(key).encrypt(nonce, zlib.compress(payload, 6), header)


def unseal(data: bytes, passphrase: str) -> bytes:
    """The payload; KitError says why not (never which of "wrong passphrase" and "altered" it is: AES-GCM
    cannot tell them apart)."""
    if len(data) < HEADER.size or not data.startswith(MAGIC):
        raise KitError(N_("This is not a Hattama trip kit."))
    magic, version, kdf, log2_n, r, p, salt, nonce = HEADER.unpack_from(data)
    if version != VERSION:
        raise KitError(N_("The trip kit is in version {version} of the format; this Hattama reads version "
                          "{supported}."), version=version, supported=VERSION)
    if (kdf != KDF_SCRYPT or log2_n not in LOG2_N_RANGE or r not in R_RANGE or p not in P_RANGE
            or 128 * r * 2 ** log2_n > MAX_KDF_MEMORY):
        raise KitError(N_("The trip kit's header is damaged."))
    if len(data) < HEADER.size + TAG_BYTES:
        raise KitError(N_("The trip kit is cut short."))
    key = _key(passphrase, salt, log2_n, r, p)
    try:
        compressed = AESGCM(key).decrypt(nonce, data[HEADER.size:], data[:HEADER.size])
    except InvalidTag:
        raise KitError(N_("The trip kit cannot be opened: the passphrase is wrong, or the file was cut short or "
                          "changed.")) from None
    inflater = zlib.decompressobj()
    try:
        payload = inflater.decompress(compressed, MAX_PAYLOAD_BYTES)
    except zlib.error:
        raise KitError(N_("The trip kit's contents are damaged.")) from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise KitError(N_("The trip kit holds more than {limit} MB of data."), limit=MAX_PAYLOAD_BYTES // 2 ** 20)
    return payload


def read_kit(path: Path, passphrase: str) -> bytes:
    try:
        if path.stat().st_size > MAX_KIT_BYTES:
            raise KitError(N_("The trip kit {path} is larger than {limit} MB."), path=str(path),
                           limit=MAX_KIT_BYTES // 2 ** 20)
        data = path.read_bytes()
    except OSError as error:
        raise ServiceError(N_("The file {path} cannot be read: {reason}."),
                           path=str(path), reason=error.strerror or str(error)) from error
    return unseal(data, passphrase)


def write_kit(path: Path, payload: bytes, passphrase: str) -> None:
    """Written atomically, readable by the officer alone."""
    sealed = seal(payload, passphrase)
    temporary: str | None = None
    try:
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp",
                                         delete=False) as handle:
            temporary = handle.name
            os.chmod(temporary, 0o600)
            handle.write(sealed)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise ServiceError(N_("The file {path} cannot be written: {reason}."),
                           path=str(path), reason=error.strerror or str(error)) from error
