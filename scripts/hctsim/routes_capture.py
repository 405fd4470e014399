"""Guide 5.2 snapshots: `device/capturePic` and `areas/cameras/thumbnail/get`, and the
storage host their picture URLs point at.

Pictures are real JPEGs drawn with Pillow when asked for (a gradient with the device and
camera names and the simulated time). For devices with stream encryption on
(`device["streamEncrypt"]`) they are encrypted with the device's `verifyCode` in the
`hikencodepicture` format (shared note encrypted-snapshots.md; implemented here on its own,
not with the client's code): a few leading bytes, then two blocks, each
`magic + md5(md5(code).hexdigest()).hexdigest() + AES-128-CBC(PKCS#7)`.

The platform's picture URLs are S3-style pre-signed URLs on a storage host that is not the
API host (the guide's example: `http://10.19.215.172:31677/...jpeg?X-Amz-Date=...&
X-Amz-Expires=900&X-Amz-Signature=...`). Likewise here: pictures go to the simulator's
shared storage host (`sim.storage`, see hctsim.storage) with X-Amz-Expires 900 s for
captures and 86400 s for thumbnails. A GET after the expiry (by `sim.now()`, so tests can
`sim.advance(...)`) answers HTTP 403 with S3's `<Code>AccessDenied</Code><Message>Request
has expired</Message>`; an unknown key 404 `NoSuchKey`. Downloads are appended to `sim.log`
like API requests (method GET, the path, the headers with `Token` shown as "<present>",
status), so tests can check that no token was sent to the storage host.

Errors (Appendix A.4): unknown serial OPEN000501; no camera with that channel No.
OPEN000503; device offline OPEN000554; channel offline OPEN000556 (capturing failed);
deviceSerial not a String (or a one-element String[], the table's type), channelNo not an
Integer: OPEN000008; missing: OPEN000010. Thumbnails: cameraID unknown OPEN000503, longer
than 32 OPEN000008, refresh not 0/1 OPEN000008; refresh 0 returns the stored thumbnail when
there is one (even with the device offline), refresh 1 (or none stored) takes a new one.
"""

from __future__ import annotations

import hashlib
import io
import time
from typing import Any

from hctsim.core import ApiError, Sim, route
from hctsim.storage import stop_storage  # noqa: F401  (scripts/bench_capture.py imports it here)

RESOURCE = "/api/hccgw/resource/v1"
CAPTURE_SECONDS = 15 * 60
THUMBNAIL_SECONDS = 24 * 3600
PICTURE_SIZE = (640, 360)
MAGIC = b"hikencodepicture"
LEADING_BYTES = b"\x00\x01\x02\x03"  # "a few bytes before the magic" on newer devices


# --- the API ------------------------------------------------------------------------------------
@route("POST", f"{RESOURCE}/device/capturePic")
def capture_pic(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    serial = sim.require(body, "deviceSerial", (str, list))
    if isinstance(serial, list):  # the table types it String[]; the example sends a String
        if len(serial) != 1 or not isinstance(serial[0], str):
            raise ApiError("OPEN000008", "deviceSerial must be one serial No.")
        serial = serial[0]
    channel_no = sim.require(body, "channelNo", int)
    with sim.lock:
        device = sim.world.device_by_serial(serial)
        if device is None:
            raise ApiError("OPEN000501")
        channel = next((camera for camera in device["cameras"]
                        if camera["no"] == str(channel_no)), None)
        if channel is None:
            raise ApiError("OPEN000503", f"Device {serial} has no camera channel {channel_no}.")
        if not device["onlineStatus"]:
            raise ApiError("OPEN000554")
        if not channel["enabled"]:
            raise ApiError("OPEN000556")
    day = time.strftime("%Y-%m-%d", time.gmtime(sim.now()))
    url = _publish(sim, f"capture/{day}/{serial}/{channel_no}", device, channel,
                   CAPTURE_SECONDS)
    return {"captureUrl": url, "isEncrypted": 1 if device["streamEncrypt"] else 0}


@route("POST", f"{RESOURCE}/areas/cameras/thumbnail/get")
def thumbnail_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    camera_id = sim.require(body, "cameraID", str)
    if len(camera_id) > 32:
        raise ApiError("OPEN000008", "cameraID has at most 32 characters.")
    refresh = sim.require(body, "refresh", int)
    if refresh not in (0, 1):
        raise ApiError("OPEN000008", "refresh must be 0 or 1.")
    thumbnails = sim.store("capture.thumbnails", dict)
    with sim.lock:
        channel = sim.world.channel_by_id.get(camera_id)
        if channel is None or channel["kind"] != "camera" or channel["id"] != camera_id:
            raise ApiError("OPEN000503")
        device = sim.world.device_by_id[channel["deviceId"]]
        stored = thumbnails.get(camera_id)
        if refresh == 0 and stored is not None and sim.storage.alive(stored["key"]):
            return {"pictureURL": stored["url"], "isEncrypted": stored["isEncrypted"]}
        if not sim.world.channel_online(channel):
            raise ApiError("OPEN000554")
    key = _picture_key(sim, f"image/pic/{camera_id}")
    url = _publish(sim, f"image/pic/{camera_id}", device, channel, THUMBNAIL_SECONDS, key)
    encrypted = 1 if device["streamEncrypt"] else 0
    with sim.lock:
        thumbnails[camera_id] = {"url": url, "key": key, "isEncrypted": encrypted}
    return {"pictureURL": url, "isEncrypted": encrypted}


# --- pictures -----------------------------------------------------------------------------------
def snapshot_jpeg(title: str, moment: float, size: tuple[int, int] = PICTURE_SIZE,
                  quality: int = 85) -> bytes:
    """A JPEG: a colour gradient with `title` and the UTC time written on it."""
    from PIL import Image, ImageDraw

    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    across = gradient.rotate(90, expand=False).resize(size)
    shade = int(hashlib.md5(title.encode()).hexdigest()[:2], 16)
    image = Image.merge("RGB", (gradient, across, Image.new("L", size, shade)))
    draw = ImageDraw.Draw(image)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(moment))
    draw.rectangle((0, height - 44, width, height), fill=(0, 0, 0))
    draw.text((10, height - 40), title, fill=(255, 255, 255))
    draw.text((10, height - 22), stamp, fill=(255, 255, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def encrypt_picture(plain: bytes, code: str, blocks: int = 2) -> bytes:
    """The `hikencodepicture` form of `plain` (see the module docstring)."""
    from Crypto.Cipher import AES

    key = code.encode("ascii").ljust(16, b"\0")[:16]
    check = hashlib.md5(hashlib.md5(code.encode("ascii")).hexdigest().encode("ascii"))
    header = MAGIC + check.hexdigest().encode("ascii")
    step = -(-len(plain) // blocks)
    out = [LEADING_BYTES]
    for start in range(0, len(plain), step):
        part = plain[start:start + step]
        pad = 16 - len(part) % 16
        cipher = AES.new(key, AES.MODE_CBC, b"01234567" + b"\0" * 8)
        out += [header, cipher.encrypt(part + bytes([pad]) * pad)]
    return b"".join(out)


def _publish(sim: Sim, prefix: str, device: dict[str, Any], channel: dict[str, Any],
             lifetime: int, key: str | None = None) -> str:
    """Draw the picture, store it on the storage host (under `key`, default a new key under
    `prefix`) and return its pre-signed URL."""
    now = sim.now()
    title = f"{device['name']} / {channel['name']} ({device['serialNo']})"
    data = snapshot_jpeg(title, now)
    if device["streamEncrypt"]:
        data = encrypt_picture(data, device["verifyCode"])
    return sim.storage.put(key or _picture_key(sim, prefix), data, now + lifetime)


def _picture_key(sim: Sim, prefix: str) -> str:
    """A new object key: `prefix`/<a uuid-like name>.jpeg, deterministic for the seed."""
    with sim.lock:
        counter = sim.store("capture.counter", lambda: [0])
        counter[0] += 1
        number = counter[0]
    digest = hashlib.sha256(f"{sim.seed}:{number}:{prefix}".encode()).hexdigest()
    return (f"{prefix}/{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-"
            f"{digest[20:32]}.jpeg")
