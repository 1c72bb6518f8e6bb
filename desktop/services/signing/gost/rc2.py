"""RC2-CBC decryption with any effective key length (RFC 2268), for the 40-bit RC2 certificate bags of NCA
RK's PKCS#12 files.

`cryptography`'s decrepit RC2 takes only 128-bit keys with 128 effective bits, and a 40-bit key's schedule
cannot be written as such a key, so the cipher is written out here from RFC 2268. It decrypts a few kilobytes
per key file, so speed is no concern. The tests check it against `cryptography`'s RC2 for 128-bit keys.
"""

from __future__ import annotations

# RFC 2268 section 2: PITABLE, a permutation of 0..255 derived from the digits of pi.
_PITABLE = bytes.fromhex(
    "d978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2"
    "179a59f587b34f1361456d8d09817d32bd8f40eb86b77b0bf09521225c6b4e82"
    "54d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626"
    "6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed7"
    "08e8eade8052eef784aa72ac354d6a2a961ad2715a1549744b9fd05e0418a4ec"
    "c2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731"
    "2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a9"
    "0d38341bab33ffb0bb480c5fb9b1cd2ec5f3db47e5a59c770aa62068fe7fc1ad"
)
assert len(set(_PITABLE)) == 256


def _expanded_key(key: bytes, effective_bits: int) -> list[int]:
    """The 64 16-bit subkeys K[0..63] (RFC 2268 section 2)."""
    length = len(key)
    buffer = bytearray(128)
    buffer[:length] = key
    for i in range(length, 128):
        buffer[i] = _PITABLE[(buffer[i - 1] + buffer[i - length]) & 0xFF]
    effective_bytes = (effective_bits + 7) // 8
    mask = 0xFF >> (8 * effective_bytes - effective_bits)
    buffer[128 - effective_bytes] = _PITABLE[buffer[128 - effective_bytes] & mask]
    for i in range(127 - effective_bytes, -1, -1):
        buffer[i] = _PITABLE[buffer[i + 1] ^ buffer[i + effective_bytes]]
    return [buffer[2 * i] | (buffer[2 * i + 1] << 8) for i in range(64)]


def _decrypt_block(block: bytes, keys: list[int]) -> bytes:
    """RFC 2268 section 4: five reverse mixing rounds, a reverse mashing, six, a mashing, five."""
    r = [block[2 * i] | (block[2 * i + 1] << 8) for i in range(4)]
    j = 63
    for stage, rounds in enumerate((5, 6, 5)):
        for _ in range(rounds):
            for i, shift in ((3, 5), (2, 3), (1, 2), (0, 1)):
                r[i] = ((r[i] >> shift) | (r[i] << (16 - shift))) & 0xFFFF
                r[i] = (r[i] - keys[j] - (r[i - 1] & r[i - 2]) - (~r[i - 1] & r[i - 3])) & 0xFFFF
                j -= 1
        if stage < 2:
            for i in (3, 2, 1, 0):
                r[i] = (r[i] - keys[r[i - 1] & 63]) & 0xFFFF
    return b"".join(word.to_bytes(2, "little") for word in r)


def rc2_cbc_decrypt(key: bytes, effective_bits: int, iv: bytes, data: bytes) -> bytes:
    """Decrypt RC2-CBC; the PKCS#7 padding is left on (the caller removes and checks it)."""
    if not data or len(data) % 8 or len(iv) != 8:
        raise ValueError("RC2-CBC data must be whole 8-byte blocks")
    keys = _expanded_key(key, effective_bits)
    output = bytearray()
    previous = iv
    for start in range(0, len(data), 8):
        block = data[start : start + 8]
        plain = _decrypt_block(block, keys)
        output += bytes(a ^ b for a, b in zip(plain, previous, strict=True))
        previous = block
    return bytes(output)
