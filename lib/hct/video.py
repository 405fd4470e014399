"""Video (guide section 5.5, and the video ISAPI pass-through of 5.6.2).

Live view and playback addresses (`video/v1/live/address/get`) with the stream token the
browser player needs (`platform/v1/streamtoken/get`), recording segments, recording
settings, MP4 export (`video/save` + `video/download/url`), waking up solar cameras and the
ISAPI pass-through. Cameras are named by `--resource-id` (the camera `id` of
`areas/cameras/get`) or by `--serial` + `--channel`; this module resolves one from the other.

Every function validates its arguments before the first request (`InvalidArgument`, exit 2).
"""

from __future__ import annotations

import argparse
import os
import re
import time

from hct import cli, isapi, paging, times
from hct.errors import (
    EXIT_PLATFORM,
    EXIT_USAGE,
    BadResponse,
    HCTError,
    InvalidArgument,
    PlatformError,
    UntrustedHost,
)

TYPE_CHECKING = False  # typing, dataclasses and datetime stay off the `--help` path
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

VIDEO = "/api/hccgw/video/v1"
LIVE_ADDRESS = f"{VIDEO}/live/address/get"
RECORD_SEARCH = f"{VIDEO}/record/element/search"
RECORD_SETTINGS = f"{VIDEO}/recordsettings/get"
VIDEO_SAVE = f"{VIDEO}/video/save"
DOWNLOAD_URL = f"{VIDEO}/video/download/url"
WAKEUP = f"{VIDEO}/video/device/wakeup"
ISAPI_PROXY = f"{VIDEO}/isapi/proxypass"
STREAM_TOKEN = "/api/hccgw/platform/v1/streamtoken/get"
CAMERAS_GET = "/api/hccgw/resource/v1/areas/cameras/get"
DEVICE_DETAIL = "/api/hccgw/resource/v1/devicedetail/get"

# live/address/get, as its table types them: `type` and `quality` are Strings, `protocol` an
# Integer. (The request example sends quality as the number 2; the table, which we follow,
# says String "1"/"2".)
PROTOCOLS = {"ezopen": 1, "hls": 2, "rtmp": 3}
QUALITIES = {"hd": "1", "fluent": "2"}
TYPE_LIVE = "1"
PLAYBACK_TYPES = {"local": "2", "cloud": "3"}
TYPE_NAMES = {"1": "live", "2": "localPlayback", "3": "cloudPlayback"}
# "set validity period for RTMP: 30s-720d" (expireTime, in seconds).
EXPIRE_MIN = 30
EXPIRE_MAX = 720 * 24 * 3600
VERIFY_CODE_MAX = 16  # `code`: "The maximum length is 16."
PLAYBACK_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # startTime/stopTime "2019-12-01 00:00:00"
ENCRYPTED_STREAM_CODE = "EVZ60019"  # the streaming service: HLS/RTMP on an encrypted stream
# record/element/search: timeType 0 (client time) / 1 (device local time); targetType 0
# (local device) / 1 (cloud storage). The guide's example uses 1 and 0.
TIME_TYPES = {"client": 0, "device": 1}
TARGET_TYPES = {"local": 0, "cloud": 1}
VOICE_SWITCH = {"off": 0, "on": 1, "auto": 2}  # video/save voiceSwitch, 2 (auto) by default
DOWNLOAD_STATES = {0: "uploaded", 1: "uploading", 2: "upload failed", 3: "expired",
                   4: "deleted"}
CAMERA_PAGE_SIZE = 500
MP4_MAX_BYTES = 4 * 1024 ** 3  # a cap against a runaway answer; exports are far smaller
PLAYLIST_MAX_BYTES = 256 * 1024  # an HLS playlist is a few lines
CHECK_TIMEOUT_SECONDS = 10.0
# What the stream host writes into a playlist it cannot serve, and what the codes mean.
_STREAM_ERROR = re.compile(r"ErrCode/(\d+)")
STREAM_ERRORS = {"9053": "H.265 video is not served over HLS/RTMP"}


class VideoError(HCTError):
    """The platform answered, but not what was asked for (no such camera, export failed...)."""

    exit_code = EXIT_PLATFORM


class StreamNotPlayable(HCTError):
    """The address call succeeded, but the stream host refuses to play it (seen live: the
    HLS playlist of an H.265 camera carries ErrCode/9053)."""

    error_code = "STREAM_NOT_PLAYABLE"
    exit_code = EXIT_PLATFORM
    default_hint = ("Use EZOPEN (the default --protocol; add --html PATH for a browser player "
                    "page): it plays H.265 and encrypted streams, which HLS and RTMP do not.")


class StreamEncrypted(HCTError):
    """HLS/RTMP asked for a device whose stream encryption is on (the platform: EVZ60019)."""

    error_code = "STREAM_ENCRYPTED"
    exit_code = EXIT_USAGE
    default_hint = ("HLS and RTMP cannot carry an encrypted stream: use --protocol ezopen "
                    "(the default) and the browser player (--html), which asks for the "
                    "device's verification code, or turn stream encryption off on the device.")


# ---- argument types ----------------------------------------------------------------------

channel_number = cli.bounded_int(1, 9999)  # a camera channel No. (1-based)


_DURATION = re.compile(r"(\d+)\s*([smhd]?)\Z")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def expire_seconds(text: str) -> int:
    """A validity period in seconds, or with a unit (90s, 10m, 2h, 7d): 30 s to 720 days."""
    found = _DURATION.match(text.strip().lower())
    if not found:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration (seconds, or a number with s, m, h or d)")
    seconds = int(found.group(1)) * _UNITS[found.group(2)]
    if not EXPIRE_MIN <= seconds <= EXPIRE_MAX:
        raise argparse.ArgumentTypeError(
            f"{text!r} = {seconds} s is outside the guide's range of 30 s to 720 days")
    return seconds


def verify_code(text: str) -> str:
    value = text.strip()
    if not value or len(value) > VERIFY_CODE_MAX or not value.isprintable() or " " in value:
        raise argparse.ArgumentTypeError(
            f"the verification code must be 1..{VERIFY_CODE_MAX} characters without spaces")
    return value


def guide_time(moment: datetime) -> str:
    """yyyy-MM-ddTHH:mm:ss+08:00, the format of the record APIs."""
    return moment.isoformat(timespec="seconds")


def site_time(moment: datetime) -> datetime:
    """A moment on the site's clock. live/address/get takes playback times without an offset
    ("2019-12-01 00:00:00"), read as the wall clock where the cameras are: the pack's one
    rule for times without an offset (HIK_CONNECT_TEAM_TIMEZONE, else the machine's zone)."""
    from hct import times

    try:
        return moment.astimezone(times.configured_zone())
    except ValueError as error:
        raise InvalidArgument(str(error)) from None


# ---- cameras -----------------------------------------------------------------------------

def add_camera_arguments(parser: argparse.ArgumentParser, *, serial_required: bool = False) -> None:
    """--resource-id (alias --camera-id), or --serial with --channel, or --camera NAME."""
    from hct import names

    group = parser.add_argument_group(
        "camera (give --camera NAME, --resource-id, or --serial and --channel)")
    names.add_name_argument(group, "--camera", "camera",
                            also="; instead of --resource-id or --serial/--channel")
    group.add_argument("--resource-id", "--camera-id", dest="resource_id", type=cli.resource_id,
                       help="the camera's resourceId (`id` in areas/cameras/get, "
                            "resourceId in list_cameras.py/device_channels.py)")
    group.add_argument("--serial", type=cli.serial_number,
                       help="the device serial No." + (" (required)" if serial_required else ""))
    group.add_argument("--channel", type=channel_number,
                       help="with --serial: the camera channel No. (default 1)")


class Camera:
    """A camera as the video APIs need it: resourceId and device serial No."""

    def __init__(self, resource_id: str, serial: str, channel_no: int | str | None = None,
                 name: str | None = None, stream_secret_key: str | None = None) -> None:
        self.resource_id = resource_id
        self.serial = serial
        self.channel_no = channel_no
        self.name = name
        self.stream_secret_key = stream_secret_key


def check_camera_arguments(args: argparse.Namespace) -> None:
    """The camera must be named one way or the other, before any request."""
    if args.camera:
        others = [flag for flag, value in (("--resource-id", args.resource_id),
                                           ("--serial", args.serial),
                                           ("--channel", args.channel)) if value is not None]
        if others:
            raise InvalidArgument(f"--camera names the camera: drop {', '.join(others)}.")
        return
    if args.channel is not None and not args.serial:
        raise InvalidArgument("--channel needs --serial.")
    if not args.resource_id and not args.serial:
        raise InvalidArgument("name the camera: --camera NAME, --resource-id ID, or --serial "
                              "SERIAL [--channel N].")
    if args.channel is not None and args.resource_id:
        raise InvalidArgument("give --resource-id or --channel, not both.")


def resolve_camera(client: Any, args: argparse.Namespace, *, need_serial: bool = True) -> Camera:
    """The camera the arguments name. --camera NAME is resolved with the name index (no
    request when it is fresh); with --resource-id and --serial nothing is looked up; with
    --resource-id alone (and need_serial) areas/cameras/get filtered by cameraID gives the
    device; with --serial [--channel] the device's cameras are searched for the channel."""
    if args.camera:
        from hct import names, resource

        record = names.resolve(client, resource.CAMERAS, args.camera, flag="--camera")
        return Camera(str(record.get("id")), str(record.get("deviceSerial") or ""),
                      record.get("channelNo"), record.get("name"))
    if args.resource_id and (args.serial or not need_serial):
        return Camera(args.resource_id, args.serial or "")
    if args.resource_id:
        cameras = _cameras(client, {"includeSubArea": "1", "cameraID": [args.resource_id]})
        for camera in cameras:
            if camera.get("id") == args.resource_id:
                return _camera_of(camera)
        raise VideoError(f"No camera with resourceId {args.resource_id} (areas/cameras/get).",
                         error_code="CAMERA_NOT_FOUND", hint=(
                             "list_cameras.py lists the cameras and their resourceId; a camera "
                             "appears there only once it is in an area."))
    channel = args.channel or 1
    cameras = _cameras(client, {"includeSubArea": "0", "deviceSerialNo": args.serial})
    for camera in cameras:
        if _channel_no(camera) == channel:
            return _camera_of(camera)
    known = sorted({no for no in (_channel_no(camera) for camera in cameras)
                    if isinstance(no, int)})
    raise VideoError(
        f"Device {args.serial} has no camera channel {channel} in an area "
        f"(channels found: {', '.join(map(str, known)) or 'none'}).",
        error_code="CAMERA_NOT_FOUND", data={"deviceSerial": args.serial, "channels": known},
        hint=("device_channels.py --serial SERIAL lists the device's channels; channels that "
              "are in no area have no resourceId yet (add_area_resources.py adds them)."))


def _cameras(client: Any, flt: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    index = 1
    while True:
        data = client.post(CAMERAS_GET, {"pageIndex": index, "pageSize": CAMERA_PAGE_SIZE,
                                         "filter": flt}) or {}
        batch = [item for item in data.get("camera") or [] if isinstance(item, dict)]
        found.extend(batch)
        total = data.get("totalCount")
        if len(batch) < CAMERA_PAGE_SIZE or (isinstance(total, int) and len(found) >= total):
            return found
        index += 1


def _channel_no(camera: dict[str, Any]) -> int | str | None:
    number = ((camera.get("device") or {}).get("channelInfo") or {}).get("no")
    try:
        return int(number)
    except (TypeError, ValueError):
        return number


def _camera_of(camera: dict[str, Any]) -> Camera:
    dev_info = (camera.get("device") or {}).get("devInfo") or {}
    return Camera(str(camera.get("id")), str(dev_info.get("serialNo") or ""),
                  _channel_no(camera), camera.get("name"), dev_info.get("streamSecretKey"))


def stream_encrypted(client: Any, camera: Camera) -> bool | None:
    """Whether the device encrypts its stream: devicedetail/get baseInfo.streamEncryptEnable
    (A.3.67; "1" in the guide's example, Integer in its table), or a non-empty
    devInfo.streamSecretKey of the camera. None when it cannot be told."""
    if camera.stream_secret_key:
        return True
    if not camera.serial or len(camera.serial) > 16:  # devicedetail/get: at most 16
        return None
    data = client.post(DEVICE_DETAIL, {"deviceSerialNo": camera.serial}) or {}
    base = (data.get("device") or {}).get("baseInfo") or {}
    value = base.get("streamEncryptEnable")
    if value is None or value == "":
        return None
    return str(value).strip() == "1"


# ---- live view and playback --------------------------------------------------------------

def add_stream_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of get_video_url.py (video_player.py takes the same)."""
    add_camera_arguments(parser)
    parser.add_argument("--protocol", choices=tuple(PROTOCOLS), default="ezopen",
                        help="ezopen (default; the browser player, works with encrypted "
                             "streams and playback), hls or rtmp (live view only)")
    parser.add_argument("--quality", choices=tuple(QUALITIES), default="hd",
                        help="hd (main stream, default) or fluent (sub-stream)")
    parser.add_argument("--playback", choices=tuple(PLAYBACK_TYPES),
                        help="play recordings instead of live view: local (the device's "
                             "storage) or cloud (cloud storage); needs --start and --end")
    parser.add_argument("--start", type=cli.moment,
                        help="playback start: 2024-11-28T14:00:00+01:00, 2024-11-28 14:00[:00] "
                             "(no offset: HIK_CONNECT_TEAM_TIMEZONE, else this machine's zone)")
    parser.add_argument("--end", type=cli.moment_end,
                        help="playback end, after --start (a date alone: the end of that day)")
    parser.add_argument("--expire", type=expire_seconds,
                        help="validity of the URL: seconds or 30s..720d (e.g. 600, 10m, 2h)")
    parser.add_argument("--verify-code", type=verify_code,
                        help="the device's verification code for an encrypted stream (sent as "
                             "`code`; not with RTMP)")


def check_stream_arguments(args: argparse.Namespace) -> None:
    """The guide's rules for live/address/get, checked before any request."""
    check_camera_arguments(args)
    if args.playback:
        if args.protocol != "ezopen":
            raise InvalidArgument(f"playback works over EZOPEN only; {args.protocol.upper()} "
                                  "supports live view only (guide: live/address/get).")
        if args.start is None or args.end is None:
            raise InvalidArgument("playback needs --start and --end (e.g. 2024-11-28 14:00).")
        cli.check_order(args.start, args.end)
    elif args.start is not None or args.end is not None:
        raise InvalidArgument("--start/--end are for playback: add --playback local|cloud, "
                              "or drop them for live view.")
    if args.verify_code and args.protocol == "rtmp":
        raise InvalidArgument("--verify-code cannot be used with RTMP (the guide: "
                              "encryption is not supported when protocol is RTMP).")


def address_body(args: argparse.Namespace, camera: Camera) -> dict[str, Any]:
    body: dict[str, Any] = {
        "resourceId": camera.resource_id,
        "deviceSerial": camera.serial,
        "type": PLAYBACK_TYPES[args.playback] if args.playback else TYPE_LIVE,
        "protocol": PROTOCOLS[args.protocol],
        "quality": QUALITIES[args.quality],
    }
    if args.expire is not None:
        body["expireTime"] = args.expire
    if args.playback:
        body["startTime"] = site_time(args.start).strftime(PLAYBACK_TIME_FORMAT)
        body["stopTime"] = site_time(args.end).strftime(PLAYBACK_TIME_FORMAT)
    if args.verify_code:
        body["code"] = args.verify_code
    return body


def stream_token(client: Any) -> dict[str, Any]:
    """streamtoken/get: appToken and streamAreaDomain (the update history calls the domain
    areaDomain; the table and example streamAreaDomain: either is read). The player sends
    the appToken to that domain, so it must be a streaming host of the platform."""
    data = client.get(STREAM_TOKEN) or {}
    domain = data.get("streamAreaDomain") or data.get("areaDomain") or ""
    if not data.get("appToken") or not domain:
        raise BadResponse("The stream token answer lacks appToken or streamAreaDomain.")
    return {"appToken": data["appToken"], "streamAreaDomain": trusted_stream_domain(domain),
            "expireTime": data.get("expireTime")}


STREAM_DOMAINS = ("ezvizlife.com",)  # the guide's example: https://isgpopen.ezvizlife.com


def trusted_stream_domain(domain: Any) -> str:
    """streamAreaDomain, where the player sends the stream's appToken: only a bare
    https://<host>.ezvizlife.com (the platform's regional streaming hosts), read as the HTTP
    client reads it (hct.urls), else UntrustedHost."""
    from hct import urls

    try:
        return urls.trusted(str(domain), STREAM_DOMAINS)
    except urls.UrlRefused as refused:
        reason = str(refused)
    text = str(domain).strip()
    raise UntrustedHost(
        f"The stream token answer named the streaming host {text[:100]!r}, which is not "
        f"an https://*.ezvizlife.com host ({reason}); the appToken is not handed to it.",
        hint="The player would send the stream token there. Check the account's region, "
             "or report the answer of GET /api/hccgw/platform/v1/streamtoken/get.")


def video_address(client: Any, args: argparse.Namespace) -> dict[str, Any]:
    """Everything get_video_url.py reports: the address, its expiry and the player's needs."""
    check_stream_arguments(args)
    camera = resolve_camera(client, args)
    encrypted = stream_encrypted(client, camera)
    if encrypted and args.protocol != "ezopen":
        raise StreamEncrypted(
            f"Device {camera.serial} has stream encryption on, so {args.protocol.upper()} "
            f"cannot carry its video (the platform would answer {ENCRYPTED_STREAM_CODE}).",
            data={"deviceSerial": camera.serial, "resourceId": camera.resource_id,
                  "streamEncrypted": True})
    body = address_body(args, camera)
    try:
        data = client.post(LIVE_ADDRESS, body) or {}
    except PlatformError as error:
        if error.error_code == ENCRYPTED_STREAM_CODE:  # not in Appendix A.4: say what it means
            error.message = f"{error.message} The device's stream is encrypted."
            error.hint = StreamEncrypted.default_hint
        raise
    url = data.get("url")
    if not isinstance(url, str) or not url:
        raise BadResponse("The platform's answer has no url.")
    result: dict[str, Any] = {
        "url": url, "id": data.get("id"), "protocol": args.protocol,
        "type": TYPE_NAMES[body["type"]], "quality": args.quality,
        # "Expired time stamp, invalid when protocol is EZOPEN": kept only for HLS/RTMP.
        "expireTime": data.get("expireTime") if args.protocol != "ezopen" else None,
        "resourceId": camera.resource_id, "deviceSerial": camera.serial,
        "channelNo": camera.channel_no, "cameraName": camera.name,
        "streamEncrypted": encrypted,
        "startTime": body.get("startTime"), "stopTime": body.get("stopTime"),
        "window": times.window(site_time(args.start), site_time(args.end))
        if args.playback else None,
        "appToken": None, "appTokenExpireTime": None, "streamAreaDomain": None,
        "template": None,
    }
    if args.protocol == "ezopen":
        token = stream_token(client)
        result.update(appToken=token["appToken"], appTokenExpireTime=token["expireTime"],
                      streamAreaDomain=token["streamAreaDomain"],
                      template="pcRec" if args.playback else "pcLive")
    result["expiresAt"] = _expires_at(result)
    return result


def _expires_at(result: dict[str, Any]) -> str | None:
    """When the address stops working, as ISO 8601 UTC: the URL's expiry for HLS/RTMP, the
    stream token's (7 days, renewable) for EZOPEN."""
    stamp = result["expireTime"] if result["protocol"] != "ezopen" else result[
        "appTokenExpireTime"]
    try:
        seconds = float(stamp)
    except (TypeError, ValueError):
        return None
    if seconds > 1e11:
        seconds /= 1000.0
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def player_settings(address: dict[str, Any], *, width: int = 1280,
                    height: int = 720) -> dict[str, Any]:
    """What the player page is built from (see hct.player.render_page)."""
    if address["protocol"] != "ezopen":
        raise InvalidArgument("the browser player plays EZOPEN addresses only; drop --protocol "
                              "or use --protocol ezopen with --html.")
    number = address.get("channelNo")
    title = address.get("cameraName") or (f"{address['deviceSerial']} channel {number}"
                                          if number is not None
                                          else f"{address['deviceSerial']} camera")
    return {"url": address["url"], "accessToken": address["appToken"],
            "domain": address["streamAreaDomain"], "template": address["template"],
            "width": width, "height": height, "title": str(title),
            "deviceSerial": address["deviceSerial"], "channelNo": address.get("channelNo"),
            "encrypted": bool(address.get("streamEncrypted")),
            "expiresAt": address.get("expiresAt")}


def add_check_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action=argparse.BooleanOptionalAction, default=None,
                        help="read an HLS address's playlist once to see that it plays "
                             "(default for HLS; --no-check skips it). With RTMP, --check reads "
                             "the HLS playlist of the same camera (an RTMP stream needs a "
                             "player). No token is sent to the stream host")


def playlist_check(url: str) -> dict[str, Any]:
    """{"playable": True/False/None, "playableReason": text, "streamError": code or None}
    from one GET of an HLS playlist, without the access token (download.fetch_bytes)."""
    from hct import download

    try:
        body = download.fetch_bytes(url, PLAYLIST_MAX_BYTES, timeout=CHECK_TIMEOUT_SECONDS)
    except (download.DownloadFailed, InvalidArgument) as refused:
        return {"playable": False, "streamError": None,
                "playableReason": f"the stream host refused the address: {refused.message}"}
    except HCTError as failed:  # the network: nothing is known about the stream
        return {"playable": None, "streamError": None,
                "playableReason": f"the stream host could not be reached: {failed.message}"}
    text = body.decode("utf-8", "replace")
    error = _STREAM_ERROR.search(text)
    if error:
        code = error.group(1)
        meaning = STREAM_ERRORS.get(code, "the stream host cannot serve this stream")
        return {"playable": False, "streamError": code,
                "playableReason": f"the playlist carries ErrCode/{code}: {meaning}"}
    if not text.lstrip().startswith("#EXTM3U"):
        return {"playable": False, "streamError": None,
                "playableReason": "the stream host's answer is not an HLS playlist"}
    return {"playable": True, "streamError": None,
            "playableReason": "the stream host serves the playlist"}


def _checked(client: Any, args: argparse.Namespace, address: dict[str, Any]) -> dict[str, Any]:
    """The playlist check of an HLS address, or for RTMP of the same camera's HLS address
    (a new address, same camera and quality)."""
    url = address["url"]
    if args.protocol == "rtmp":
        twin = argparse.Namespace(**{**vars(args), "protocol": "hls"})
        camera = Camera(address["resourceId"], address["deviceSerial"], address["channelNo"])
        url = (client.post(LIVE_ADDRESS, address_body(twin, camera)) or {}).get("url")
        if not isinstance(url, str) or not url:
            return {"playable": None, "streamError": None,
                    "playableReason": "the platform gave no HLS address to check"}
    return playlist_check(url)


def get_video_url(client: Any, args: argparse.Namespace) -> cli.Result:
    if args.html and args.protocol != "ezopen":
        raise InvalidArgument("--html builds the EZUIKit browser player, which plays EZOPEN "
                              "only: drop --protocol or use --protocol ezopen.")
    check = getattr(args, "check", None)
    if check and args.protocol == "ezopen":
        raise InvalidArgument("--check reads an HLS/RTMP stream; an EZOPEN address plays in "
                              "the EZUIKit player only and cannot be checked this way.")
    address = video_address(client, args)
    if check or (check is None and args.protocol == "hls"):
        address.update(_checked(client, args, address))
        if address["playable"] is False:
            raise StreamNotPlayable(
                f"The {args.protocol.upper()} address of {address['deviceSerial']} does not "
                f"play: {address['playableReason']}.", data=address)
    what = "playback" if args.playback else "live view"
    message = f"{args.protocol.upper()} {what} address of {address['deviceSerial']}"
    if address.get("channelNo") is not None:
        message += f" channel {address['channelNo']}"
    message += "."
    if args.html:
        from hct import player

        path = player.write_page(args.html, player_settings(address))
        address["html"] = path
        message += (f" Player page written to {path}; serve it with video_player.py --html "
                    f"{path} (it must be opened over http://, not as a file).")
    if address.get("playable") is None and "playableReason" in address:
        message += f" Not checked: {address['playableReason']}."
    elif address.get("playable"):
        message += " Checked: the stream host serves it."
    if address.get("streamEncrypted") and args.protocol == "ezopen" and not args.verify_code:
        message += (" The stream is encrypted: the player needs the device's verification "
                    "code (pass --verify-code, or enter it in the player).")
    return cli.Result(message, address, rows=[{key: address.get(key) for key in (
        "deviceSerial", "channelNo", "protocol", "type", "url", "expiresAt", "template",
        "playable")}])


def serve_player(client: Any, args: argparse.Namespace) -> cli.Result:
    """video_player.py: serve a page from --html, or one built from a new address. Returns
    only on errors; serving ends the process (see hct.player.serve)."""
    from hct import player

    stream_flags = [flag for flag, given in (
        ("--camera", args.camera), ("--resource-id", args.resource_id), ("--serial", args.serial),
        ("--channel", args.channel is not None), ("--playback", args.playback),
        ("--start", args.start), ("--end", args.end), ("--expire", args.expire),
        ("--verify-code", args.verify_code), ("--protocol", args.protocol != "ezopen"),
        ("--quality", args.quality != "hd")) if given]
    if args.html and stream_flags:
        raise InvalidArgument(f"--html serves an existing page: drop {', '.join(stream_flags)}.")
    if args.protocol != "ezopen":
        raise InvalidArgument("the browser player plays EZOPEN only: drop --protocol.")
    player.package_dir()  # installed? (before any request)

    def make_page() -> tuple[str, dict[str, Any], float | None]:
        if args.html:
            page = _existing_page(args.html)
            return page, {"html": os.path.abspath(args.html)}, player.page_expiry(page)
        address = video_address(client, args)
        page = player.render_page(player_settings(address))
        data = {key: address.get(key) for key in (
            "url", "type", "template", "deviceSerial", "channelNo", "resourceId",
            "streamEncrypted", "expiresAt")}
        if args.camera:
            from hct import names

            data = {"resolved": names.resolved(), **data}
        return page, data, player.page_expiry(page)

    player.serve(make_page, host=args.host, port=args.port, once=args.once,
                 timeout=args.timeout)
    raise HCTError("The player server stopped unexpectedly.")


def _existing_page(path: str) -> str:
    """A page of get_video_url.py --html, read for video_player.py --html."""
    try:
        with open(path, encoding="utf-8") as handle:
            page = handle.read()
    except OSError as error:
        raise InvalidArgument(f"cannot read --html {path}: {error.strerror}") from None
    if "EZUIKit.EZUIKitPlayer" not in page:
        raise InvalidArgument(f"{path} is not a page of get_video_url.py --html.")
    return page


# ---- recordings --------------------------------------------------------------------------

def add_span_arguments(parser: argparse.ArgumentParser, what: str) -> None:
    """The camera (`add_camera_arguments`) and --start/--end of a recorded span, ISO 8601
    with or without an offset (search_recordings.py, save_video.py)."""
    add_camera_arguments(parser)
    parser.add_argument("--start", type=cli.moment, required=True,
                        help=f"{what} from this time: 2024-11-28T14:00:00+01:00, 2024-11-28 "
                             "14:00[:00] or a date (no offset: HIK_CONNECT_TEAM_TIMEZONE, else "
                             "this machine's zone)")
    parser.add_argument("--end", type=cli.moment_end, required=True,
                        help=f"{what} until this time, after --start (a date alone: the end "
                             "of that day)")


def _camera_span(client: Any, args: argparse.Namespace) -> tuple[Camera, str, str]:
    """The camera and the --start/--end of `add_span_arguments`, checked, as the guide's
    yyyy-MM-ddTHH:mm:ss+08:00 (each with the offset it was given in, or the configured
    zone's)."""
    check_camera_arguments(args)
    cli.check_order(args.start, args.end)
    camera = resolve_camera(client, args, need_serial=False)
    return camera, guide_time(args.start), guide_time(args.end)


RECORDING_BRIEF = ("beginTime", "endTime", "targetType")  # a segment is small already
RECORD_SETTING_BRIEF = ("cameraID", "enableLocalStorage", "enableCloudStorage")


def search_recordings(client: Any, args: argparse.Namespace) -> cli.Result:
    """record/element/search. The table lists timeType, beginTime, endTime and targetType at
    the top level but types `filter` as the required Object that holds them, as the request
    example does: they are sent inside `filter`. The answer's list is `recordSetting` in the
    table and `recordList` in the example: whichever comes is returned as `recordList`."""
    camera, begin, end = _camera_span(client, args)
    body = {"cameraId": camera.resource_id, "filter": {
        "timeType": TIME_TYPES[args.time_type], "beginTime": begin, "endTime": end,
        "targetType": TARGET_TYPES[args.storage]}}
    pages = paging.fetch(client, paging.PageSpec(RECORD_SEARCH, "recordList",
                                                 list_aliases=("recordSetting",)), body, args)
    data = {"cameraId": camera.resource_id, "window": times.window(args.start, args.end),
            **pages.data("recordList")}
    result = cli.Result(f"{len(pages.items)} recording segment(s) of camera "
                        f"{camera.resource_id} in {args.storage} storage between {begin} and "
                        f"{end}.", data)
    from hct import records

    return records.present(result, args, "recordList")


def record_settings(client: Any, args: argparse.Namespace) -> cli.Result:
    """recordsettings/get. The table names the field cameraID, its example cameraId; the
    table (and the answer's own `cameraID`) wins. Cameras by --camera-id and/or --camera
    NAME (repeatable)."""
    wanted = cli.ids(args.camera_id, "--camera-id (the camera's resourceId)")
    if args.camera:
        from hct import names, resource

        wanted += [str(record.get("id")) for record in names.resolve_each(
            client, resource.CAMERAS.picked_by("--camera-id"), args.camera, flag="--camera")
            if str(record.get("id")) not in wanted]
    if not wanted:
        raise InvalidArgument("Which cameras? Give --camera-id ID or --camera NAME.")
    data = client.post(RECORD_SETTINGS, {"cameraID": wanted}) or {}
    settings = [item for item in data.get("recordSetting") or [] if isinstance(item, dict)]
    returned = {str(item.get("cameraID") or item.get("cameraId")) for item in settings}
    missing = [camera for camera in wanted if camera not in returned]
    result = {**data, "recordSetting": settings}
    if missing:
        result["missing"] = missing
        cli.progress(f"warning: no recording settings returned for {', '.join(missing)}")
    from hct import records

    return records.present(cli.Result(f"Recording settings of {len(settings)} camera(s).",
                                      result), args, "recordSetting")


def save_video(client: Any, args: argparse.Namespace) -> cli.Result:
    """video/save: the device stores the span as MP4 and uploads it; the answer's taskId is
    what video_download_url.py asks about."""
    camera, begin, end = _camera_span(client, args)
    body = {"cameraId": camera.resource_id, "beginTime": begin, "endTime": end,
            "voiceSwitch": VOICE_SWITCH[args.voice]}
    data = client.post(VIDEO_SAVE, body) or {}
    task = data.get("taskId")
    if not task:
        raise BadResponse("The platform's answer has no taskId.")
    return cli.Result(f"MP4 export started (taskId {task}); poll video_download_url.py "
                      f"--task-id '{task}' --wait 120 for the file.",
                      {"taskId": task, "cameraId": camera.resource_id,
                       "window": times.window(args.start, args.end), **body})


_TASK_ID = re.compile(r"[A-Za-z0-9#_\-.:]{1,128}\Z")


def task_id(text: str) -> str:
    """A taskId of video/save ("550596ee...#780eaa6c...")."""
    value = text.strip()
    if not _TASK_ID.match(value):
        raise argparse.ArgumentTypeError(
            f"invalid taskId {text!r}: letters, digits and # _ - . : only, at most 128")
    return value


def download_status(client: Any, task_id: str) -> dict[str, Any]:
    data = client.post(DOWNLOAD_URL, {"taskId": task_id}) or {}
    status = data.get("status")
    return {**data, "taskId": task_id,
            "statusText": DOWNLOAD_STATES.get(status, "unknown") if isinstance(status, int)
            else "unknown"}


def video_download_url(client: Any, args: argparse.Namespace) -> cli.Result:
    """video/download/url, optionally polled until the upload is done (--wait) and the file
    downloaded (--output)."""
    target = None
    if args.output:
        from hct import download

        # Checked before any request: the directory must exist and be writable.
        target = download.output_path(args.output, args.task_id.replace("#", "_") + ".mp4")
    deadline = time.monotonic() + (args.wait or 0)
    while True:
        data = download_status(client, args.task_id)
        if data.get("status") != 1 or time.monotonic() + args.interval > deadline:
            break
        cli.progress(f"task {args.task_id}: still uploading; asking again in "
                     f"{args.interval:g} s")
        time.sleep(args.interval)
    status = data.get("status")
    if status == 1:
        message = "The recording is still uploading"
        if args.wait:
            message += f" after {args.wait:g} s"
        if args.output:
            raise VideoError(message + "; nothing was downloaded.", error_code="NOT_READY",
                           data=data, hint="Wait and run the same command again.")
        return cli.Result(message + "; ask again later.", data)
    if status != 0:
        raise VideoError(f"The MP4 export is {data['statusText']} (status {status}).",
                       error_code="EXPORT_FAILED", data=data, hint=(
                           "Start a new export with save_video.py." if status in (2, 3, 4)
                           else "Check the taskId."))
    urls = [url for url in data.get("urls") or [] if isinstance(url, str)]
    message = f"The MP4 file is ready: {len(urls)} URL(s)."
    if target:
        if not urls:
            raise BadResponse("The platform reported no URL to download.", data=data)
        data["files"] = [_download(url, _numbered(target, index, len(urls)))
                         for index, url in enumerate(urls)]
        message += " Saved to " + ", ".join(item["path"] for item in data["files"]) + "."
    return cli.Result(message, data)


def _download(url: str, path: str) -> dict[str, Any]:
    """One recording file, streamed to disk by hct.download (no token is sent)."""
    from hct import download

    cli.progress(f"downloading {os.path.basename(path)} ...")
    started = time.monotonic()
    shown = [started]

    def report(done: int) -> None:  # at most one line a second
        now = time.monotonic()
        if now - shown[0] >= 1.0:
            shown[0] = now
            cli.progress(f"  {done / 1e6:.1f} MB ({done / max(now - started, 1e-6) / 1e6:.1f} "
                         "MB/s)")

    info = download.download(url, path, max_bytes=MP4_MAX_BYTES, timeout=120.0,
                             progress=report)
    seconds = max(time.monotonic() - started, 1e-6)
    cli.progress(f"saved {info['bytes']} bytes to {info['path']} in {seconds:.1f} s "
                 f"({info['bytes'] / seconds / 1e6:.1f} MB/s)")
    return info


def _numbered(path: str, index: int, count: int) -> str:
    """The output path of URL `index`: PATH itself for one URL, PATH-1.mp4, PATH-2.mp4..."""
    if count == 1:
        return path
    stem, dot, suffix = path.rpartition(".")
    if not dot or "/" in suffix:
        return f"{path}-{index + 1}"
    return f"{stem}-{index + 1}.{suffix}"


def wakeup_device(client: Any, args: argparse.Namespace) -> cli.Result:
    """video/device/wakeup of SERIAL, --serial or --device NAME (one of them)."""
    from hct.resource import chosen_serial

    args.serial = chosen_serial(client, args)
    data = client.post(WAKEUP, {"deviceSerial": args.serial})
    if data is not True:
        raise VideoError(f"The platform did not wake up {args.serial} (data: {data!r}).",
                       error_code="WAKEUP_FAILED", data={"deviceSerial": args.serial,
                                                         "result": data},
                       hint="Check that the device is a solar-powered camera and try again.")
    return cli.Result(f"Wake-up sent to {args.serial}.", {"deviceSerial": args.serial,
                                                          "woken": True})


# ---- ISAPI pass-through ------------------------------------------------------------------

def isapi_proxy(client: Any, args: argparse.Namespace) -> cli.Result:
    """isapi/proxypass: `id` is the device ID (the table; four of the guide's five examples
    send deviceSerial instead, which the table does not list). `data` is the device's raw
    answer as a string. Anything but GET changes the device and needs --yes."""
    payload = isapi.request_body(args)
    if not (args.device_id or args.serial or args.device):
        raise InvalidArgument("name the device: --device-id ID, --serial SERIAL or "
                              "--device NAME.")
    if args.device and (args.device_id or args.serial):
        raise InvalidArgument("give --device NAME or --device-id / --serial, not both.")
    if args.device:
        from hct.resource import chosen_device

        args.device_id = str(chosen_device(client, args, id_flag="--device-id")["id"])
    if payload and args.method in ("GET", "DELETE"):
        cli.progress(f"note: a {args.method} request usually has no body")
    body: dict[str, Any] = {"method": args.method, "url": args.url, "id": args.device_id or "",
                            "contentType": args.content_type, "body": payload}
    if args.method != "GET" and not args.yes:
        shown = {**body, "id": body["id"] or f"(the ID of device {args.serial})"}
        return cli.dry_run(f"would send {args.method} {args.url} to the device.", shown)
    if not body["id"]:
        from hct.resource import device_detail

        base = device_detail(client, args.serial).get("baseInfo") or {}
        if not base.get("id"):
            raise VideoError(f"No device with serial No. {args.serial}.",
                           error_code="DEVICE_NOT_FOUND",
                           hint="list_devices.py lists the devices and their IDs.")
        body["id"] = str(base["id"])
    answer = client.post(ISAPI_PROXY, body, read=args.method == "GET")
    text = answer if isinstance(answer, str) else ("" if answer is None else str(answer))
    status = {name: int(value) if value.isdigit() else value
              for name, value in isapi.status_fields(text).items()}
    data = {"deviceId": body["id"], "method": args.method, "url": args.url,
            "response": text, **status}
    message = f"{args.method} {args.url}: the device answered"
    if status.get("statusCode") is not None:
        message += f" statusCode {status['statusCode']} ({status.get('statusString')})"
    return cli.Result(message + ".", data)

