"""Guide 5.5 Video (live/playback addresses, recordings, MP4 export, wake-up) and the video
ISAPI pass-through of 5.6.2. (streamtoken/get is a 5.1 System API: routes_system.py.)

live/address/get follows the guide's table: `type` String "1" live / "2" local playback /
"3" cloud playback; `protocol` Integer 1 EZOPEN (default) / 2 HLS / 3 RTMP; `quality` "1" HD
(default) / "2" fluent (a String in the table, the number 2 in the example: both accepted);
`expireTime` Integer seconds, 30 s..720 days; `startTime`/`stopTime` "YYYY-MM-DD HH:MM:SS",
required for playback. HLS/RTMP refuse playback (OPEN000010) and encrypted streams
(EVZ60019, the streaming service's "stream encryption is on"). An HLS address is a playlist
served by the storage host (`sim.storage`, standing in for the stream host) until the
address expires: a few 2-second segments, or, for an H.265 camera (`h265_cameras(sim)`: the
last camera of the first online NVR), a playlist that carries `ErrCode/9053` although the
call succeeded, as the live platform does (H.265 is not served over HLS). EZOPEN addresses
follow the EZOPEN conventions: `ezopen://open.ezviz.com/<serial>/<no>.hd.live` (HD) or `.live`,
`.rec?begin=yyyyMMddHHmmss&end=...` (device storage) or `.cloud.rec?...`; a `code` (the
verification code of an encrypted device) goes before the host (`ezopen://CODE@open...`).

Recordings are deterministic per camera and day: device storage holds 03:00-05:30, 08:00-12:45
and 14:10-23:59:59 of each day; cloud storage holds 10-second event clips at minute 17 of
every odd hour, for cameras whose record settings enable cloud storage (every third camera).

MP4 export (`video/save`, `video/download/url`): a task is uploading (status 1) for
`EXPORT_SECONDS` of simulated time, then uploaded (0) with one URL valid for an hour, then
expired (3). The URL points at `sim.store("video.fileBase")` (default: an S3-style host; tests
point it at a local file server). `sim.store("video.tasks")[taskId]["fail"] = True` makes a
task end in status 2.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from html import escape
from typing import Any

from hctsim.core import ApiError, Sim, route

VIDEO = "/api/hccgw/video/v1"
PLAYBACK_FORMAT = "%Y-%m-%d %H:%M:%S"
EXPIRE_MIN, EXPIRE_MAX = 30, 720 * 24 * 3600
DEFAULT_EXPIRE = 24 * 3600
EXPORT_SECONDS = 5.0
DOWNLOAD_VALIDITY = 3600
DEFAULT_FILE_BASE = "https://sgp-openteam.s3.ap-southeast-1.amazonaws.com/REC_FILES"
RTMP_HOST = "vtmeu.ezvizlife.com:1935"
LOCAL_SPANS = (("03:00:00", "05:30:00"), ("08:00:00", "12:45:00"), ("14:10:00", "23:59:59"))
ENCRYPTED_STREAM = "EVZ60019"


def _camera(sim: Sim, resource_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(channel, device) of a camera resource id, else OPEN000503."""
    channel = sim.world.channel_by_id.get(resource_id)
    if channel is None or channel["kind"] != "camera" or channel["id"] != resource_id:
        raise ApiError("OPEN000503")
    return channel, sim.world.device_by_id[channel["deviceId"]]


def _online(sim: Sim, device: dict[str, Any], channel: dict[str, Any] | None = None) -> None:
    if not device["onlineStatus"] or (channel is not None and not channel["enabled"]):
        raise ApiError("OPEN000554")


def _limited(sim: Sim, body: Any, path: str, limit: int, required: bool = True) -> str | None:
    value = (sim.require if required else sim.optional)(body, path, str)
    if value is not None and len(value) > limit:
        raise ApiError("OPEN000010", f"{path}: the maximum length is {limit}.")
    return value


def _playback_time(value: str, name: str) -> datetime:
    try:
        return datetime.strptime(value, PLAYBACK_FORMAT)
    except ValueError:
        raise ApiError("OPEN000010", f"{name} must be like 2019-12-01 00:00:00.") from None


def _offset_time(value: str, name: str) -> datetime:
    """yyyy-MM-ddTHH:mm:ss+08:00 (an offset is required)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None or "T" not in value:
        raise ApiError("OPEN000010", f"{name} must be like 2024-11-28T00:00:00+08:00.")
    return parsed


def _digest(*parts: Any) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _stream_id(sim: Sim) -> str:
    counter = sim.store("video.streamCounter", lambda: [786192075142131712])
    with sim.lock:
        counter[0] += 1
        return str(counter[0])


@route("POST", f"{VIDEO}/live/address/get")
def live_address(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    resource_id = _limited(sim, body, "resourceId", 64)
    serial = _limited(sim, body, "deviceSerial", 32)
    kind = sim.require(body, "type", str)
    if kind not in ("1", "2", "3"):
        raise ApiError("OPEN000010", "type must be 1, 2 or 3.")
    protocol = sim.optional(body, "protocol", int, 1)
    if protocol not in (1, 2, 3):
        raise ApiError("OPEN000010", "protocol must be 1 (EZOPEN), 2 (HLS) or 3 (RTMP).")
    quality = str(sim.optional(body, "quality", (str, int), "1"))
    if quality not in ("1", "2"):
        raise ApiError("OPEN000010", "quality must be 1 (HD) or 2 (fluent).")
    expire = sim.optional(body, "expireTime", int)
    if expire is not None and not EXPIRE_MIN <= expire <= EXPIRE_MAX:
        raise ApiError("OPEN000010", "expireTime must be 30 s to 720 days.")
    code = _limited(sim, body, "code", 16, required=False)
    start = sim.optional(body, "startTime", str)
    stop = sim.optional(body, "stopTime", str)
    if kind != "1" and protocol != 1:
        raise ApiError("OPEN000010", "Playback is not supported over HLS or RTMP.")
    if code and protocol == 3:
        raise ApiError("OPEN000010", "Encryption is not supported when protocol is RTMP.")
    if kind != "1":
        if not start or not stop:
            raise ApiError("OPEN000010", "startTime and stopTime are required for playback.")
        begin, end = _playback_time(start, "startTime"), _playback_time(stop, "stopTime")
        if begin >= end:
            raise ApiError("OPEN000010", "startTime must be before stopTime.")
    with sim.lock:
        channel, device = _camera(sim, resource_id)
        if device["serialNo"] != serial:
            raise ApiError("OPEN000503", "The camera does not belong to deviceSerial.")
        _online(sim, device, channel)
        if protocol != 1 and device["streamEncrypt"]:
            raise ApiError(ENCRYPTED_STREAM, "Stream encryption is enabled on the device; "
                                             "HLS/RTMP cannot be used.")
    number = channel["no"]
    stream_id = _stream_id(sim)
    expires = int(sim.now()) + (expire or DEFAULT_EXPIRE)
    if protocol == 1:
        prefix = f"ezopen://{code}@" if code else "ezopen://"
        if kind == "1":
            url = f"{prefix}open.ezviz.com/{serial}/{number}{'.hd' if quality == '1' else ''}.live"
        else:
            rec = "rec" if kind == "2" else "cloud.rec"
            url = (f"{prefix}open.ezviz.com/{serial}/{number}.{rec}?begin="
                   f"{begin:%Y%m%d%H%M%S}&end={end:%Y%m%d%H%M%S}")
    else:
        signature = _digest(stream_id, serial, number, expires)[:64]
        query = f"expire={expires}&id={stream_id}&t={signature}&ev=100"
        name = f"{serial}_{number}_{quality}"
        url = (_playlist_url(sim, name, query, expires, channel["id"] in h265_cameras(sim))
               if protocol == 2 else f"rtmp://{RTMP_HOST}/v3/openlive/{name}?{query}")
    return {"id": stream_id, "url": url, "expireTime": expires * 1000}


H265_ERROR = "ErrCode/9053"  # the live stream host's answer for H.265 over HLS


def h265_cameras(sim: Sim) -> set[str]:
    """The ids of the cameras that encode H.265 (tests may change the set)."""
    def build() -> set[str]:
        nvr = next((device for device in sim.world.devices if device["kind"] == "nvr"
                    and device["onlineStatus"] and len(device["cameras"]) > 1), None)
        return {nvr["cameras"][-1]["id"]} if nvr else set()

    return sim.store("video.h265Cameras", build)


def _playlist_url(sim: Sim, name: str, query: str, expires: int, h265: bool) -> str:
    """Store the HLS playlist of a stream on the storage host until the address expires;
    its URL carries the stream's query as the live host's does."""
    if h265:
        segments = f"#EXTINF:2.000,\n/v3/openlive/{H265_ERROR}.ts\n"
    else:
        sequence = int(sim.now()) // 2
        segments = "".join(f"#EXTINF:2.000,\n{name}_{sequence + part}.ts?{query}\n"
                           for part in range(3))
    playlist = ("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n"
                f"#EXT-X-MEDIA-SEQUENCE:{0 if h265 else int(sim.now()) // 2}\n{segments}")
    key = f"v3/openlive/{name}.m3u8"
    sim.storage.put(key, playlist.encode(), expires_at=expires,
                    content_type="application/vnd.apple.mpegurl")
    return f"{sim.storage.url(key)}?{query}"


# --- recordings ---------------------------------------------------------------------------
def _cloud_enabled(channel: dict[str, Any]) -> bool:
    return int(_digest("cloud", channel["id"])[:8], 16) % 3 == 0


def _segments(channel: dict[str, Any], begin: datetime, end: datetime,
              target: int) -> list[tuple[datetime, datetime]]:
    """The camera's recordings overlapping [begin, end], clipped to it, in begin's offset."""
    zone = begin.tzinfo
    found: list[tuple[datetime, datetime]] = []
    day = begin.replace(hour=0, minute=0, second=0, microsecond=0)
    while day <= end:
        if target == 0:
            spans = [(day + _clock(a), day + _clock(b)) for a, b in LOCAL_SPANS]
        elif _cloud_enabled(channel):
            spans = [(day + timedelta(hours=h, minutes=17),
                      day + timedelta(hours=h, minutes=17, seconds=10)) for h in range(1, 24, 2)]
        else:
            spans = []
        for a, b in spans:
            if b > begin and a < end:
                found.append((max(a, begin).astimezone(zone), min(b, end).astimezone(zone)))
        day += timedelta(days=1)
    return found


def _clock(text: str) -> timedelta:
    hours, minutes, seconds = map(int, text.split(":"))
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


@route("POST", f"{VIDEO}/record/element/search")
def record_search(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """The table lists timeType/beginTime/endTime/targetType at the top level, the example
    nests them in the required `filter`: both are read, `filter` first. The list is named
    `recordList` as in the example (the table says recordSetting); there is no totalCount."""
    index, size = sim.paging(body)
    resource_id = _limited(sim, body, "cameraId", 64)
    sim.require(body, "filter", dict)

    def field(name: str, type_: type) -> Any:
        nested = sim.optional(body, f"filter.{name}", type_)
        return nested if nested is not None else sim.require(body, name, type_)

    time_type, target = field("timeType", int), field("targetType", int)
    if time_type not in (0, 1) or target not in (0, 1):
        raise ApiError("OPEN000010", "timeType and targetType must be 0 or 1.")
    begin = _offset_time(field("beginTime", str), "beginTime")
    end = _offset_time(field("endTime", str), "endTime")
    if begin >= end:
        raise ApiError("OPEN000010", "beginTime must be before endTime.")
    with sim.lock:
        channel, device = _camera(sim, resource_id)
        if target == 0:
            _online(sim, device)
    rows = [{"beginTime": a.isoformat(timespec="seconds"), "endTime":
             b.isoformat(timespec="seconds"), "targetType": target}
            for a, b in _segments(channel, begin, end, target)]
    return {"pageIndex": index, "pageSize": size, "recordList": Sim.page(rows, index, size)}


@route("POST", f"{VIDEO}/recordsettings/get")
def record_settings(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """cameraID (the table) or cameraId (the example): a String[] of camera ids."""
    key = "cameraID" if isinstance(body, dict) and "cameraID" in body else "cameraId"
    ids = sim.require(body, key, list)
    if not ids or not all(isinstance(item, str) for item in ids):
        raise ApiError("OPEN000010", f"{key} must be a non-empty String[].")
    settings = []
    with sim.lock:
        for resource_id in ids:
            channel, _ = _camera(sim, resource_id)
            cloud = _cloud_enabled(channel)
            settings.append({
                "cameraID": resource_id, "enableLocalStorage": 1,
                "localStorage": {"scheduleTemplateId": "1", "recordingStreamType": 1,
                                 "postRecordTime": 10, "anr": 0, "storageTime": 0},
                "enableCloudStorage": 1 if cloud else 0,
                "cloudStorage": {"storageDays": 7, "recordingStreamType": 2} if cloud else {}})
    return {"recordSetting": settings}


# --- MP4 export -----------------------------------------------------------------------------
@route("POST", f"{VIDEO}/video/save")
def video_save(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    resource_id = _limited(sim, body, "cameraId", 64)
    begin = _offset_time(sim.require(body, "beginTime", str), "beginTime")
    end = _offset_time(sim.require(body, "endTime", str), "endTime")
    voice = sim.optional(body, "voiceSwitch", int, 2)
    if voice not in (0, 1, 2):
        raise ApiError("OPEN000010", "voiceSwitch must be 0, 1 or 2.")
    if begin >= end:
        raise ApiError("OPEN000010", "beginTime must be before endTime.")
    tasks = sim.store("video.tasks", dict)
    with sim.lock:
        channel, device = _camera(sim, resource_id)
        _online(sim, device, channel)
        task_id = f"{sim.world.new_id()}#{sim.world.new_id()}"
        tasks[task_id] = {"cameraId": resource_id, "serial": device["serialNo"],
                          "no": channel["no"], "begin": begin, "end": end, "voice": voice,
                          "created": sim.now(), "fail": False}
    return {"taskId": task_id}


@route("POST", f"{VIDEO}/video/download/url")
def video_download_url(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    task_id = sim.require(body, "taskId", str)
    tasks = sim.store("video.tasks", dict)
    base = sim.store("video.fileBase", lambda: [DEFAULT_FILE_BASE])
    with sim.lock:
        task = tasks.get(task_id)
        if task is None:
            raise ApiError("OPEN000010", "taskId does not exist.")
        ready_at = task["created"] + EXPORT_SECONDS
        expires = ready_at + DOWNLOAD_VALIDITY
        now = sim.now()
        if now < ready_at:
            return {"status": 1, "expireTime": int(expires * 1000), "urls": []}
        if task["fail"]:
            return {"status": 2, "expireTime": int(expires * 1000), "urls": []}
        if now >= expires:
            return {"status": 3, "expireTime": int(expires * 1000), "urls": []}
        owner, file_id = task_id.split("#", 1)
        name = (f"{file_id}_{task['begin'].astimezone().strftime('%Y%m%dT%H%M%SZ')}_"
                f"{task['end'].astimezone().strftime('%Y%m%dT%H%M%SZ')}.mp4")
        url = (f"{base[0]}/{owner}/{task['serial']}-{task['no']}/{name}"
               f"?X-Amz-Expires={DOWNLOAD_VALIDITY}&X-Amz-Signature="
               f"{_digest(task_id, expires)[:64]}")
    return {"status": 0, "expireTime": int(expires * 1000), "urls": [url]}


# --- wake-up and ISAPI ----------------------------------------------------------------------
@route("POST", f"{VIDEO}/video/device/wakeup")
def wakeup(sim: Sim, body: Any, request: Any) -> bool:
    serial = sim.require(body, "deviceSerial", str)
    woken = sim.store("video.wakeups", list)
    with sim.lock:
        device = sim.world.device_by_serial(serial)
        if device is None:
            raise ApiError("OPEN000501")
        if device["category"] != "encodingDevice":
            raise ApiError("OPEN000010", "The device is not a camera.")
        _online(sim, device)
        woken.append(serial)
    return True


_ISAPI_CONTENT_TYPES = ("application/xml", "application/json",
                        "application/x-www-form-urlencoded")
_STATUS = ('<?xml version="1.0" encoding="UTF-8" ?><ResponseStatus version="2.0" '
           'xmlns="http://www.isapi.org/ver20/XMLSchema"><requestURL>{url}</requestURL>'
           '<statusCode>{code}</statusCode><statusString>{text}</statusString>'
           '<subStatusCode>{sub}</subStatusCode></ResponseStatus>')


@route("POST", f"{VIDEO}/isapi/proxypass")
def isapi_proxypass(sim: Sim, body: Any, request: Any) -> str:
    """`id` is the device ID (the table). GET /ISAPI/System/deviceInfo answers the device's
    DeviceInfo; PUT/POST of the PTZ/aux paths answer OK; anything else the guide's example
    answer (statusCode 4, notSupport)."""
    method = sim.require(body, "method", str)
    url = sim.require(body, "url", str)
    device_id = sim.require(body, "id", str)
    content_type = sim.require(body, "contentType", str)
    sim.optional(body, "body", str)
    if method not in ("GET", "POST", "PUT", "DELETE"):
        raise ApiError("OPEN000010", "method must be GET, POST, PUT or DELETE.")
    if content_type not in _ISAPI_CONTENT_TYPES:
        raise ApiError("OPEN000010", "Unsupported contentType.")
    with sim.lock:
        device = sim.world.device_by_id.get(device_id)
        if device is None:
            raise ApiError("OPEN000501")
        _online(sim, device)
        path = url.split("?", 1)[0]
        if method == "GET" and path == "/ISAPI/System/deviceInfo":
            return ('<?xml version="1.0" encoding="UTF-8" ?><DeviceInfo version="2.0" '
                    'xmlns="http://www.isapi.org/ver20/XMLSchema">'
                    f'<deviceName>{escape(device["name"])}</deviceName>'
                    f'<deviceID>{device["id"]}</deviceID><model>{escape(device["type"])}</model>'
                    f'<serialNumber>{device["serialNo"]}</serialNumber>'
                    f'<firmwareVersion>{device["version"].split(" ")[0]}</firmwareVersion>'
                    '</DeviceInfo>')
        if method in ("PUT", "POST") and path.startswith("/ISAPI/PTZCtrl/"):
            return _STATUS.format(url=escape(url), code=1, text="OK", sub="ok")
    return _STATUS.format(url=escape(url), code=4, text="Invalid Operation", sub="notSupport")
