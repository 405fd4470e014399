"""Encrypted snapshots: the `hikencodepicture` format of devices with stream encryption on.

A picture of such a device (`isEncrypted: 1`) is one or more blocks, possibly after a few
leading bytes:

    b"hikencodepicture" + md5(md5(code).hexdigest()).hexdigest() (32 ASCII hex) + ciphertext

The ciphertext is AES-128-CBC with key = the verification code (the 6-letter code on the
device label) NUL-padded and cut to 16 bytes, IV = b"01234567" + 8 NUL bytes, PKCS#7 padded.
A block runs up to the next magic or the end of the data. (Source: the shared note
`encrypted-snapshots.md`, after the open-source pyEzviz library.)

`decrypt` works in place on a bytearray: each block is decrypted over its own ciphertext and
moved down over the headers, so the peak extra memory is a few kilobytes whatever the size.
`encrypt` is the inverse (for the simulator, tests and benchmarks).
"""

from __future__ import annotations

import re

from hct.errors import EXIT_PLATFORM, EXIT_USAGE, HCTError

MAGIC = b"hikencodepicture"
HASH_LENGTH = 32
HEADER_LENGTH = len(MAGIC) + HASH_LENGTH
IV = b"01234567" + b"\0" * 8
BLOCK = 16
# How far into the data the first magic may start ("a few bytes before the magic").
MAX_LEADING_BYTES = 1024
_CODE = re.compile(r"[A-Za-z0-9]{1,16}\Z")
CODE_HINT = ("The verification code is the 6-letter code on the device's label (also shown in "
             "the Hik-Connect app under the device's settings); it is case-sensitive.")


class WrongVerifyCode(HCTError):
    """The picture was encrypted with another verification code."""

    error_code = "WRONG_VERIFY_CODE"
    exit_code = EXIT_USAGE
    default_hint = ("Check the verification code: " + CODE_HINT
                    + " Nothing was written.")


class CorruptPicture(HCTError):
    """The data has the magic but cannot be a valid encrypted picture."""

    error_code = "CORRUPT_PICTURE"
    exit_code = EXIT_PLATFORM
    default_hint = "The encrypted picture is damaged; capture a new one and try again."


def valid_code(code: str) -> bool:
    """A verification code as the devices use: 1..16 ASCII letters or digits (usually 6)."""
    return bool(_CODE.match(code))


def code_digest(code: str) -> bytes:
    """The header's check value: ASCII hex of md5(md5(code).hexdigest())."""
    import hashlib

    inner = hashlib.md5(code.encode("ascii")).hexdigest()
    return hashlib.md5(inner.encode("ascii")).hexdigest().encode("ascii")


def _key(code: str) -> bytes:
    return code.encode("ascii").ljust(BLOCK, b"\0")[:BLOCK]


def find_magic(data: bytes | bytearray | memoryview) -> int:
    """Where the first block starts, or -1 when the data is not encrypted."""
    return bytes(data[:MAX_LEADING_BYTES + len(MAGIC)]).find(MAGIC)


def is_encrypted(data: bytes | bytearray | memoryview) -> bool:
    return find_magic(data) >= 0


def encrypt(plain: bytes, code: str, *, blocks: int = 1, leading: bytes = b"") -> bytes:
    """The encrypted form of `plain` in `blocks` blocks (each padded on its own)."""
    from Crypto.Cipher import AES
    from Crypto.Util.Padding import pad

    size = max(1, -(-len(plain) // max(1, blocks)))
    parts = [leading]
    for start in range(0, max(len(plain), 1), size):
        cipher = AES.new(_key(code), AES.MODE_CBC, IV)
        parts += [MAGIC, code_digest(code), cipher.encrypt(pad(plain[start:start + size], BLOCK))]
    return b"".join(parts)


def decrypt(data: bytes | bytearray, code: str) -> bytearray:
    """The plain picture. A bytearray argument is decrypted in place and returned (shortened);
    bytes are copied once. Data without the magic is returned unchanged (as a bytearray).

    Raises WrongVerifyCode when the header's check value does not match `code` (nothing is
    decrypted), CorruptPicture when a block is not whole AES blocks or its padding is bad."""
    from Crypto.Cipher import AES

    buffer = data if isinstance(data, bytearray) else bytearray(data)
    first = find_magic(buffer)
    if first < 0:
        return buffer
    view = memoryview(buffer)
    starts = _block_starts(buffer, first)
    digest = bytes(view[first + len(MAGIC):first + HEADER_LENGTH]).lower()
    code = _matching_code(digest, code)
    if code is None:
        view.release()
        raise WrongVerifyCode("The verification code does not match this picture.")
    key = _key(code)
    write = 0
    try:
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(buffer)
            if bytes(view[start + len(MAGIC):start + HEADER_LENGTH]).lower() != digest:
                raise CorruptPicture("The blocks of the picture use different codes.")
            body_start = start + HEADER_LENGTH
            length = end - body_start
            if length <= 0 or length % BLOCK:
                raise CorruptPicture("An encrypted block is not a whole number of AES blocks.")
            with view[body_start:end] as body:
                AES.new(key, AES.MODE_CBC, IV).decrypt(body, output=body)
                pad = body[-1]
                if not 1 <= pad <= BLOCK or body[length - pad:].tobytes() != bytes([pad]) * pad:
                    raise CorruptPicture("An encrypted block has bad padding.")
            kept = length - pad
            view[write:write + kept] = view[body_start:body_start + kept]  # memmove down
            write += kept
    finally:
        view.release()
    del buffer[write:]
    return buffer


def _matching_code(digest: bytes, code: str) -> str | None:
    """`code`, or its upper-case form (label codes are upper case and agents often lower
    them), whichever matches the header's check value; None when neither does."""
    import hmac

    for candidate in dict.fromkeys((code, code.upper())):
        if hmac.compare_digest(digest, code_digest(candidate)):
            return candidate
    return None


def _block_starts(buffer: bytearray, first: int) -> list[int]:
    starts = [first]
    while True:
        following = buffer.find(MAGIC, starts[-1] + HEADER_LENGTH)
        if following < 0:
            return starts
        starts.append(following)
