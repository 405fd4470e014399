"""The signature of HCT webhook pushes and of the verification handshake (guide V2.15, 4.17).

`X-Hook-Signature: sha256=<lowercase hex HMAC-SHA256(key=signSecret, msg=f"{ts}.{batchId}")>`
with `X-Hook-Timestamp` = ts (milliseconds in practice; a value below 10^11 is seconds).
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER_BATCH_ID = "X-Hook-Batch-Id"
HEADER_TIMESTAMP = "X-Hook-Timestamp"
HEADER_SIGNATURE = "X-Hook-Signature"
FRESHNESS_SECONDS = 60.0
SECONDS_BELOW = 10 ** 11


def sign(secret: str, timestamp: str, batch_id: str) -> str:
    message = f"{timestamp}.{batch_id}".encode()
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, batch_id: str, signature: str) -> bool:
    """Constant-time comparison of the received signature with the expected one."""
    expected = sign(secret, timestamp, batch_id)
    return hmac.compare_digest(expected.encode(), (signature or "").strip().encode())


def timestamp_seconds(value: str | None) -> float | None:
    """Epoch seconds of a header timestamp (ms or s), None when it is not 1-16 ASCII digits
    (str.isdigit alone takes "²³", which int() then refuses)."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 16:
        return None
    number = int(text)
    return float(number) if number < SECONDS_BELOW else number / 1000.0


def is_fresh(value: str | None, now: float | None = None,
             window: float = FRESHNESS_SECONDS) -> bool:
    """The timestamp is at most `window` seconds from our clock (past or future)."""
    seconds = timestamp_seconds(value)
    if seconds is None:
        return False
    return abs((now if now is not None else time.time()) - seconds) <= window


def now_ms() -> str:
    return str(int(time.time() * 1000))


def signed_headers(secret: str, batch_id: str, timestamp: str | None = None) -> dict[str, str]:
    """The three headers of a push (what the platform, the simulator and the bench send)."""
    stamp = timestamp or now_ms()
    return {HEADER_BATCH_ID: batch_id, HEADER_TIMESTAMP: stamp,
            HEADER_SIGNATURE: sign(secret, stamp, batch_id)}
