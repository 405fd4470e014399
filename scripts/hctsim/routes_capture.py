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
X-Amz-Expires=900&X-Amz-Signature=...`). Likewise here: the first capture starts a small
storage server on the simulator's host (loopback, a free port; one per process and host,
a daemon thread, shut down at exit or by `stop_storage()`), and the URLs carry X-Amz-Date
(simulated time) and X-Amz-Expires (900 s for captures, 86400 s for thumbnails). A GET after
the expiry (by `sim.now()`, so tests can `sim.advance(...)`) answers HTTP 403 with S3's
`<Code>AccessDenied</Code><Message>Request has expired</Message>`; an unknown key 404
`NoSuchKey`. Downloads are appended to `sim.log` like API requests (method GET, the path,
the headers with `Token` shown as "<present>", status), so tests can check that no token
was sent to the storage host.

Errors (Appendix A.4): unknown serial OPEN000501; no camera with that channel No.
OPEN000503; device offline OPEN000554; channel offline OPEN000556 (capturing failed);
deviceSerial not a String (or a one-element String[], the table's type), channelNo not an
Integer: OPEN000008; missing: OPEN000010. Thumbnails: cameraID unknown OPEN000503, longer
than 32 OPEN000008, refresh not 0/1 OPEN000008; refresh 0 returns the stored thumbnail when
there is one (even with the device offline), refresh 1 (or none stored) takes a new one.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import itertools
import threading
import time
import weakref
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from hctsim.core import ApiError, Sim, route

RESOURCE = "/api/hccgw/resource/v1"
CAPTURE_SECONDS = 15 * 60
THUMBNAIL_SECONDS = 24 * 3600
PICTURE_SIZE = (640, 360)
MAGIC = b"hikencodepicture"
LEADING_BYTES = b"\x00\x01\x02\x03"  # "a few bytes before the magic" on newer devices

_LOCK = threading.Lock()
_STORAGES: dict[str, _Storage] = {}
_SIMS: weakref.WeakValueDictionary[str, Sim] = weakref.WeakValueDictionary()
_SIM_NUMBERS = itertools.count(1)


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
        files = _files(sim)
        if refresh == 0 and stored is not None and stored["key"] in files \
                and files[stored["key"]]["expires"] > sim.now():
            return {"pictureURL": stored["url"], "isEncrypted": stored["isEncrypted"]}
        if not sim.world.channel_online(channel):
            raise ApiError("OPEN000554")
    url = _publish(sim, f"image/pic/{camera_id}", device, channel, THUMBNAIL_SECONDS)
    encrypted = 1 if device["streamEncrypt"] else 0
    with sim.lock:
        thumbnails[camera_id] = {"url": url, "key": urlsplit(url).path,
                                 "isEncrypted": encrypted}
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
             lifetime: int) -> str:
    """Draw the picture, store it under a new key and return its pre-signed URL."""
    now = sim.now()
    title = f"{device['name']} / {channel['name']} ({device['serialNo']})"
    data = snapshot_jpeg(title, now)
    if device["streamEncrypt"]:
        data = encrypt_picture(data, device["verifyCode"])
    storage = _storage_for(sim)
    with sim.lock:
        counter = sim.store("capture.counter", lambda: [0])
        counter[0] += 1
        digest = hashlib.sha256(f"{sim.seed}:{counter[0]}:{prefix}".encode()).hexdigest()
        key = f"/{storage['simKey']}/hcc-sim/{prefix}/{digest[:8]}-{digest[8:12]}-" \
              f"{digest[12:16]}-{digest[16:20]}-{digest[20:32]}.jpeg"
        files = _files(sim)
        files[key] = {"data": data, "expires": now + lifetime}
        for old in [name for name, entry in files.items() if entry["expires"] < now - 3600]:
            del files[old]
    signed = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    return (f"{storage['base']}{key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={signed}"
            f"&X-Amz-SignedHeaders=host&X-Amz-Expires={lifetime}"
            f"&X-Amz-Signature={hashlib.sha256(key.encode()).hexdigest()}")


def _files(sim: Sim) -> dict[str, dict[str, Any]]:
    return sim.store("capture.files", dict)


# --- the storage host ---------------------------------------------------------------------------
class _Storage:
    def __init__(self, host: str) -> None:
        self.server = ThreadingHTTPServer((host, 0), _StorageHandler)
        self.server.daemon_threads = True
        shown = f"[{host}]" if ":" in host else host
        self.base = f"http://{shown}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       name="hct-sim-storage", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _storage_for(sim: Sim) -> dict[str, str]:
    """The storage server for the simulator's host (started on first use) and the key under
    which this simulator's files live."""
    host = urlsplit(sim.base_url).hostname or "127.0.0.1"
    with _LOCK:
        storage = _STORAGES.get(host)
        if storage is None:
            storage = _STORAGES[host] = _Storage(host)
        sim_key = sim.store("capture.simKey", lambda: f"s{next(_SIM_NUMBERS)}")
        _SIMS[sim_key] = sim
    return {"base": storage.base, "simKey": sim_key}


def stop_storage() -> None:
    """Stop every storage server of this process (benchmarks call it; atexit does too)."""
    with _LOCK:
        for storage in _STORAGES.values():
            storage.stop()
        _STORAGES.clear()
        _SIMS.clear()


atexit.register(stop_storage)


class _StorageHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # no access log on stderr
        pass

    def do_GET(self) -> None:  # the http.server API names it so
        path = urlsplit(self.path).path
        sim = _SIMS.get(path.split("/", 2)[1] if path.count("/") >= 2 else "")
        if sim is None:
            self._answer(404, _s3_error("NoSuchBucket", "The bucket does not exist"))
            return
        with sim.lock:
            entry = _files(sim).get(path)
            now = sim.now()
        if entry is None:
            status, body, kind = 404, _s3_error("NoSuchKey", "The key does not exist"), "xml"
        elif entry["expires"] <= now:
            status, body, kind = 403, _s3_error("AccessDenied", "Request has expired"), "xml"
        else:
            status, body, kind = 200, entry["data"], "jpeg"
        logged = {name: ("<present>" if name.lower() == "token" else value)
                  for name, value in self.headers.items()}
        with sim.lock:
            sim.log.append({"method": "GET", "path": path, "query": {}, "headers": logged,
                            "body": {}, "status": status, "time": now})
        self._answer(status, body, "image/jpeg" if kind == "jpeg" else "application/xml")

    def _answer(self, status: int, body: bytes, content_type: str = "application/xml") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _s3_error(code: str, message: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{message}</Message></Error>").encode()
