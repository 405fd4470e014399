"""Snapshots (guide 5.2): capture a picture from a camera channel, camera thumbnails, and
downloading them (decrypted when the device has stream encryption on).

- `POST resource/v1/device/capturePic` {deviceSerial, channelNo} -> {captureUrl, isEncrypted};
  the URL is valid for 15 minutes from the capture.
- `POST resource/v1/areas/cameras/thumbnail/get` {cameraID, refresh} -> {pictureURL,
  isEncrypted}; the URL is valid for a day.
Pictures are fetched with `hct.download` (streamed, capped, atomic, checked with Pillow) and
decrypted with `hct.snapshot_crypto` when they carry the `hikencodepicture` magic.
"""

from __future__ import annotations

import argparse
import time

from hct import cli, download, snapshot_crypto
from hct.errors import EXIT_USAGE, BadResponse, HCTError, InvalidArgument
from hct.redact import register_secret
from hct.times import utc_z

TYPE_CHECKING = False  # typing and datetime cost milliseconds that `--help` must not pay

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

CAPTURE_PATH = "/api/hccgw/resource/v1/device/capturePic"
THUMBNAIL_PATH = "/api/hccgw/resource/v1/areas/cameras/thumbnail/get"
CAPTURE_URL_SECONDS = 15 * 60  # "Returned captured picture URL (valid for 15 minutes)."
THUMBNAIL_URL_SECONDS = 24 * 3600  # "Thumbnail URL (valid for a day)."
MAX_PICTURE_BYTES = 20 * download.MB
MAX_CHANNEL = 512


class VerifyCodeRequired(HCTError):
    """The picture is encrypted and no verification code was given."""

    error_code = "VERIFY_CODE_REQUIRED"
    exit_code = EXIT_USAGE
    default_hint = ("The device has stream encryption on: run again with --verify-code CODE. "
                    + snapshot_crypto.CODE_HINT + " Ask the user for it; never guess.")


# ---- argument parsing -----------------------------------------------------------------------

def verify_code(text: str) -> str:
    """argparse type of --verify-code: 1..16 letters or digits; kept out of every output."""
    value = text.strip()
    if not snapshot_crypto.valid_code(value):
        raise argparse.ArgumentTypeError(
            "a verification code is letters and digits only (usually the 6 upper-case letters "
            "on the device label)")
    register_secret(value)
    return value


camera_id = cli.limited_id(32, "camera ID")  # "Camera ID. The maximum length is 32."


def picture_target(text: str) -> str:
    """argparse type of --output: a file, or a directory to put the picture in; its directory
    must exist and be writable. Checked while parsing, so nothing is sent when it fails."""
    try:
        download.output_path(text, "picture.jpg")
    except InvalidArgument as error:
        raise argparse.ArgumentTypeError(error.message) from None
    return text


picture_target.__name__ = "picture path"


def add_picture_flags(parser: argparse.ArgumentParser, *, output_required: bool = False,
                      output_help: str = "download the picture to PATH") -> None:
    """--output and --verify-code, shared by every script that saves a picture."""
    parser.add_argument("--output", metavar="PATH", type=picture_target,
                        required=output_required, help=output_help)
    parser.add_argument("--verify-code", type=verify_code, metavar="CODE",
                        help="the device's verification code (6 letters on its label), to "
                             "decrypt pictures of devices with stream encryption on")


def add_camera_name(parser: argparse.ArgumentParser, *, instead: str) -> None:
    """--camera NAME: the camera by its name (resolved with the Resource module's index)."""
    from hct import names

    names.add_name_argument(parser, "--camera", "camera", also=f"; instead of {instead}")


def named_camera(client: Any, name: str, *, id_flag: str = "", **others: Any) -> dict[str, Any]:
    """The camera record `--camera NAME` resolves to (id, deviceSerial, channelNo...); the
    other ways of naming a camera (`others`, flag -> value) must not be given with it.
    Candidates are picked by --serial/--channel, or by `id_flag ID` when given."""
    given = [flag for flag, value in others.items() if value is not None]
    if given:
        raise InvalidArgument(f"--camera names the camera: drop {', '.join(given)}.")
    from hct import names, resource

    kind = resource.CAMERAS.picked_by(id_flag) if id_flag else resource.CAMERAS
    return names.resolve(client, kind, name, flag="--camera")


def capture_target(client: Any, args: argparse.Namespace) -> tuple[str, int]:
    """(serial, channel) of capture_pic.py: from --camera NAME, or `target`."""
    if args.camera:
        camera = named_camera(client, args.camera, **{
            "SERIAL[,CHANNEL]": args.target, "--serial": args.serial, "--channel": args.channel})
        return camera["deviceSerial"], camera["channelNo"]
    return target(args.target, args.serial, args.channel)


def thumbnail_camera(client: Any, args: argparse.Namespace) -> str:
    """The camera ID of camera_thumbnail.py: --camera-id, or the one --camera NAME names."""
    if args.camera:
        return named_camera(client, args.camera, id_flag="--camera-id",
                            **{"--camera-id": args.camera_id})["id"]
    if not args.camera_id:
        raise InvalidArgument("Which camera? Give --camera-id ID or --camera NAME.")
    return args.camera_id


def target(positional: str | None, serial: str | None,
           channel: int | None) -> tuple[str, int]:
    """(serial, channel) from `SERIAL[,CHANNEL]` and/or --serial/--channel (default 1)."""
    pos_serial = pos_channel = None
    if positional:
        head, _, tail = positional.partition(",")
        try:
            pos_serial = cli.serial_number(head)
            if tail:
                pos_channel = cli.bounded_int(1, MAX_CHANNEL)(tail.strip())
        except argparse.ArgumentTypeError as error:
            raise InvalidArgument(f"SERIAL[,CHANNEL]: {error}") from None
    if pos_serial and serial and pos_serial != serial:
        raise InvalidArgument(f"Two different serial numbers: {pos_serial} and {serial}.")
    if pos_channel is not None and channel is not None and pos_channel != channel:
        raise InvalidArgument(f"Two different channels: {pos_channel} and {channel}.")
    chosen = serial or pos_serial
    if not chosen:
        raise InvalidArgument("Which device? Give its serial No. (--serial or SERIAL[,CHANNEL]).",
                              hint="list_cameras.py shows each camera's deviceSerial and "
                                   "channelNo.")
    return chosen, channel or pos_channel or 1


# ---- the API calls --------------------------------------------------------------------------

def capture(client: Any, serial: str, channel: int, *, output: str | None = None,
            code: str | None = None, max_bytes: int = MAX_PICTURE_BYTES) -> cli.Result:
    """Capture a picture; with `output`, download (and decrypt) it to that path."""
    path = None
    if output:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        path = download.output_path(output, f"{serial}_ch{channel}_{stamp}.jpg")
    from datetime import datetime, timezone

    captured = datetime.now(timezone.utc)
    # The table types deviceSerial as String[], but the guide's example (and the platform)
    # take one serial as a plain String; channelNo is an Integer.
    answer = client.post(CAPTURE_PATH, {"deviceSerial": serial, "channelNo": channel}) or {}
    url = _url(answer, "captureUrl")
    data = {"deviceSerial": serial, "channelNo": channel, "captureUrl": url,
            "isEncrypted": answer.get("isEncrypted"), "capturedAt": utc_z(captured),
            "expiresAt": _expiry(url, captured, CAPTURE_URL_SECONDS)}
    what = f"Captured a picture from {serial} channel {channel}"
    return _finish(what, data, url, path, code, max_bytes, "captureUrl")


def thumbnail(client: Any, camera_id: str, *, refresh: bool, output: str | None = None,
              code: str | None = None, max_bytes: int = MAX_PICTURE_BYTES) -> cli.Result:
    """A camera's thumbnail (refreshed first with `refresh`); with `output`, download it."""
    path = None
    if output:
        path = download.output_path(output, f"thumbnail_{camera_id}.jpg")
    from datetime import datetime, timezone

    asked = datetime.now(timezone.utc)
    answer = client.post(THUMBNAIL_PATH, {"cameraID": camera_id, "refresh": 1 if refresh else 0})
    url = _url(answer or {}, "pictureURL")
    data = {"cameraID": camera_id, "pictureURL": url, "isEncrypted": (answer or {}).get(
        "isEncrypted"), "expiresAt": _expiry(url, asked, THUMBNAIL_URL_SECONDS)}
    return _finish(f"Got the thumbnail of camera {camera_id}", data, url, path, code, max_bytes,
                   "pictureURL")


def download_picture(url: str, output: str, *, code: str | None = None,
                     max_bytes: int = MAX_PICTURE_BYTES) -> cli.Result:
    """Download a picture URL the platform gave (captureUrl, pictureURL, a record's picture)."""
    url = download.check_url(url)
    path = download.output_path(output, f"picture_{time.strftime('%Y%m%dT%H%M%S')}.jpg")
    data = {"url": url, **save_picture(url, path, code=code, max_bytes=max_bytes)}
    return cli.Result(f"Saved the picture to {path}.", data)


def save_picture(url: str, path: str, *, code: str | None,
                 max_bytes: int = MAX_PICTURE_BYTES) -> dict[str, Any]:
    """Download, decrypt when the data is encrypted, check with Pillow, write atomically.
    Returns path, bytes, width, height, format, contentType, decrypted."""
    state = {"decrypted": False}

    def decode(buffer: bytearray) -> bytearray:
        if not snapshot_crypto.is_encrypted(buffer):
            return buffer
        if not code:
            raise VerifyCodeRequired("The picture is encrypted (the device has stream "
                                     "encryption on); nothing was written.")
        state["decrypted"] = True
        return snapshot_crypto.decrypt(buffer, code)

    info = download.download(url, path, max_bytes, transform=decode,
                             verify=download.verify_image)
    return {**info, "decrypted": state["decrypted"]}


# ---- helpers --------------------------------------------------------------------------------

def _finish(what: str, data: dict[str, Any], url: str, path: str | None, code: str | None,
            max_bytes: int, url_field: str) -> cli.Result:
    encrypted = str(data.get("isEncrypted")) == "1"  # an Integer; tolerate "1"
    if path is None:
        if encrypted:
            data["note"] = "The picture is encrypted. " + save_later(url_field, data)
        return cli.Result(f"{what}; the URL is valid until {data['expiresAt']}.", data)
    if encrypted and not code:  # known before downloading: do not fetch what cannot be shown
        raise VerifyCodeRequired(f"{what}, but it is encrypted (the device has stream "
                                 "encryption on); nothing was written.", data=data,
                                 hint=save_later(url_field, data))
    try:
        data.update(save_picture(url, path, code=code, max_bytes=max_bytes))
    except HCTError as error:
        if error.data is None:
            error.data = data  # the URL stays usable until expiresAt
        if isinstance(error, VerifyCodeRequired):
            error.hint = save_later(url_field, data)
        raise
    return cli.Result(f"{what} and saved it to {data['path']} "
                      f"({data['width']}x{data['height']} {data['format']}).", data)


def save_later(url_field: str, data: dict[str, Any]) -> str:
    """What to do with an encrypted picture taken without its code: save the URL already
    returned (it stays valid until expiresAt), never capture again."""
    return (f"Ask the user for the device's verification code (never guess), then save this "
            f"picture without taking a new one: modules/Hik-Connect_Team_Capture/scripts/"
            f"download_picture.py --url <data.{url_field}> "
            f"--output PATH --verify-code CODE (the URL works until {data['expiresAt']}). "
            + snapshot_crypto.CODE_HINT)


def _url(answer: dict[str, Any], field: str) -> str:
    url = answer.get(field)
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise BadResponse(f"The platform's answer has no usable {field}.")
    return url


def _expiry(url: str, asked: datetime, seconds: int) -> str:
    """From the URL's own signature (X-Amz-Date + X-Amz-Expires) when it has one, else the
    guide's validity counted from when we asked."""
    from datetime import timedelta

    expiry = download.signed_url_expiry(url) or asked + timedelta(seconds=seconds)
    return utc_z(expiry)
