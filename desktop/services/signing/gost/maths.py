"""GOST R 34.10-2015 (512-bit) signatures and Streebog-512 as NCA RK uses them, over `gostcrypto`'s maths.

NCA RK's curve is TC26 512 paramSetA. Its byte order differs from RFC 4491's: public keys are `x‖y` and
signatures `r‖s`, each number little-endian, and the digest is read as a little-endian number. `gostcrypto`
works big-endian throughout, so every value is reversed on its way in and out here, and nowhere else.
"""

from __future__ import annotations

import gostcrypto.gosthash
import gostcrypto.gostsignature

SIZE = 64  # bytes per coordinate, per half-signature and per digest
_CURVE = gostcrypto.gostsignature.CURVES_R_1323565_1_024_2019["id-tc26-gost-3410-12-512-paramSetA"]


class InvalidGostKey(ValueError):
    """A private or public key value that is not a point or scalar of the curve."""


def streebog512(data: bytes) -> bytes:
    """Streebog-512 (GOST R 34.11-2012) of `data`, as the standard writes the digest."""
    hasher = gostcrypto.gosthash.new("streebog512", data=bytearray(data))
    return bytes(hasher.digest())


def _halves_reversed(value: bytes) -> bytearray:
    return bytearray(value[:SIZE][::-1] + value[SIZE:][::-1])


def _signer() -> gostcrypto.gostsignature.GOST34102012:
    return gostcrypto.gostsignature.new(gostcrypto.gostsignature.MODE_512, _CURVE)


def public_key(private_key: bytes) -> bytes:
    """The NCA-order public key `x‖y` (little-endian each) of an NCA-order (little-endian) private key."""
    try:
        point = _signer().public_key_generate(bytearray(private_key[::-1]))
    except gostcrypto.gostsignature.GOSTSignatureError as error:
        raise InvalidGostKey(str(error)) from None
    return bytes(_halves_reversed(bytes(point)))


def sign_digest(private_key: bytes, digest: bytes) -> bytes:
    """An NCA-order signature `r‖s` over a Streebog-512 digest (as streebog512 returns it)."""
    try:
        signature = _signer().sign(bytearray(private_key[::-1]), bytearray(digest[::-1]))
    except gostcrypto.gostsignature.GOSTSignatureError as error:
        raise InvalidGostKey(str(error)) from None
    return bytes(_halves_reversed(bytes(signature)))


def verify_digest(public: bytes, digest: bytes, signature: bytes) -> bool:
    """Whether `signature` (NCA order) over `digest` was made by the key whose public half is `public`."""
    if len(public) != 2 * SIZE or len(signature) != 2 * SIZE or len(digest) != SIZE:
        return False
    try:
        return _signer().verify(_halves_reversed(public), bytearray(digest[::-1]), _halves_reversed(signature))
    except gostcrypto.gostsignature.GOSTSignatureError:
        return False  # a public key off the curve, or r, s out of range: no valid signature


def sign(private_key: bytes, data: bytes) -> bytes:
    return sign_digest(private_key, streebog512(data))


def verify(public: bytes, data: bytes, signature: bytes) -> bool:
    return verify_digest(public, streebog512(data), signature)
