"""capture_pic.py, camera_thumbnail.py and download_picture.py against the simulator: typed
request bodies, verified downloads that never carry the token, encrypted devices, expired
URLs, offline devices and bad input that sends nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

CAPTURE = "modules/Hik-Connect_Team_Capture/scripts/capture_pic.py"
THUMBNAIL = "modules/Hik-Connect_Team_Capture/scripts/camera_thumbnail.py"
DOWNLOAD = "modules/Hik-Connect_Team_Capture/scripts/download_picture.py"
CAPTURE_PATH = "/api/hccgw/resource/v1/device/capturePic"


def camera_device(sim: Any, *, encrypted: bool, nvr: bool = False) -> dict[str, Any]:
    return next(device for device in sim.sim.world.devices
                if device["onlineStatus"] and device["streamEncrypt"] == encrypted
                and len(device["cameras"]) > (1 if nvr else 0))


def storage_gets(sim: Any) -> list[dict[str, Any]]:
    return [entry for entry in sim.requests() if "/hcc-sim/" in entry["path"]]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty directory for pictures (tmp_path also holds the runner's home and cache)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def instant(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


def test_capture_sends_a_string_serial_and_an_integer_channel(sim, run) -> None:
    device = camera_device(sim, encrypted=False, nvr=True)

    result = run(CAPTURE, f"{device['serialNo']},2")

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["captureUrl"].startswith("http") and data["isEncrypted"] == 0
    valid = instant(data["expiresAt"]) - instant(data["capturedAt"])
    assert timedelta(minutes=15) <= valid <= timedelta(minutes=15, seconds=5)
    body = sim.requests(CAPTURE_PATH)[0]["body"]
    assert body == {"deviceSerial": device["serialNo"], "channelNo": 2}
    assert isinstance(body["deviceSerial"], str) and type(body["channelNo"]) is int
    assert storage_gets(sim) == []  # no --output: nothing downloaded


def test_output_saves_a_checked_picture_and_never_sends_the_token(sim, run,
                                                                  out: Path) -> None:
    from PIL import Image

    device = camera_device(sim, encrypted=False)
    target = out / "pic.jpg"

    result = run(CAPTURE, "--serial", device["serialNo"], "--output", str(target))

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["path"] == str(target) and data["bytes"] == target.stat().st_size
    with Image.open(target) as image:
        assert (data["width"], data["height"], data["format"]) == (*image.size, "JPEG")
    assert data["decrypted"] is False
    (download,) = storage_gets(sim)
    assert download["status"] == 200 and "Token" not in download["headers"]
    assert [path.name for path in out.iterdir()] == ["pic.jpg"]  # no temp file left


def test_an_encrypted_picture_is_decrypted_with_the_verification_code(sim, run,
                                                                      out: Path) -> None:
    from PIL import Image

    device = camera_device(sim, encrypted=True)

    result = run(CAPTURE, device["serialNo"], "--output", str(out),
                 "--verify-code", device["verifyCode"])

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["isEncrypted"] == 1 and data["decrypted"] is True
    saved = Path(data["path"])
    assert saved.parent == out and saved.name.startswith(f"{device['serialNo']}_ch1_")
    with Image.open(saved) as image:
        image.load()
        assert image.size == (data["width"], data["height"])
    assert device["verifyCode"] not in result.stdout + result.stderr  # a secret, never shown


def test_a_wrong_verification_code_writes_nothing(sim, run, out: Path) -> None:
    device = camera_device(sim, encrypted=True)
    wrong = "A" * 6 if device["verifyCode"] != "A" * 6 else "B" * 6

    result = run(CAPTURE, device["serialNo"], "--output", str(out / "pic.jpg"),
                 "--verify-code", wrong)

    assert result.code == 2
    assert result.json["errorCode"] == "WRONG_VERIFY_CODE"
    assert "label" in result.json["hint"]
    assert list(out.iterdir()) == []
    assert len(storage_gets(sim)) == 1  # it was downloaded, then refused


def test_an_encrypted_picture_without_a_code_says_how_to_get_one(sim, run,
                                                                 out: Path) -> None:
    device = camera_device(sim, encrypted=True)

    saving = run(CAPTURE, device["serialNo"], "--output", str(out))
    url_only = run(CAPTURE, device["serialNo"])

    assert saving.code == 2 and saving.json["errorCode"] == "VERIFY_CODE_REQUIRED"
    assert "6-letter code on the device's label" in saving.json["hint"]
    assert saving.json["data"]["captureUrl"]  # still usable with download_picture.py
    assert list(out.iterdir()) == [] and storage_gets(sim) == []
    assert url_only.code == 0 and url_only.json["data"]["isEncrypted"] == 1
    assert "--verify-code" in url_only.json["data"]["note"]


def test_an_expired_capture_url_is_a_clear_error(sim, run, out: Path) -> None:
    device = camera_device(sim, encrypted=False)
    url = run(CAPTURE, device["serialNo"]).json["data"]["captureUrl"]
    sim.sim.advance(16 * 60)

    result = run(DOWNLOAD, "--url", url, "--output", str(out / "late.jpg"))

    assert result.code == 1
    assert result.json["errorCode"] == "URL_EXPIRED"
    assert "15 minutes" in result.json["hint"]
    assert list(out.iterdir()) == []


def test_an_offline_device_fails_with_the_guides_hint(sim, run) -> None:
    device = camera_device(sim, encrypted=False)
    sim.sim.set_device_online(device["serialNo"], False)

    result = run(CAPTURE, device["serialNo"])

    assert result.code == 1
    assert result.json["errorCode"] == "OPEN000554"
    assert result.json["hint"] == "Check the device status."


def test_an_unknown_device_and_channel_give_the_guides_codes(sim, run) -> None:
    device = camera_device(sim, encrypted=False)

    unknown = run(CAPTURE, "Z99999999")
    no_channel = run(CAPTURE, device["serialNo"], "--channel", "99")

    assert (unknown.code, unknown.json["errorCode"]) == (1, "OPEN000501")
    assert (no_channel.code, no_channel.json["errorCode"]) == (1, "OPEN000503")


@pytest.mark.parametrize("args", [
    (),                                           # which device?
    ("J12345678", "--channel", "0"),              # channels start at 1
    ("J12345678,2", "--channel", "3"),            # two different channels
    ("J1234-5678",),                              # not a serial No.
    ("J12345678", "--verify-code", "abc def"),    # not a code
    ("J12345678", "--output", "/nonexistent/dir/pic.jpg"),
])
def test_bad_input_is_refused_before_any_request(sim, run, args) -> None:
    result = run(CAPTURE, *args)

    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"
    assert sim.requests() == []


def test_a_thumbnail_goes_through_the_same_download_path(sim, run, out: Path) -> None:
    device = camera_device(sim, encrypted=False)
    camera_id = device["cameras"][0]["id"]

    result = run(THUMBNAIL, "--camera-id", camera_id, "--refresh", "--output", str(out))
    again = run(THUMBNAIL, "--camera-id", camera_id)

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["format"] == "JPEG" and Path(data["path"]).is_file()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    assert instant(data["expiresAt"]) > now + timedelta(hours=23)  # valid for a day
    bodies = [entry["body"] for entry in sim.requests(
        "/api/hccgw/resource/v1/areas/cameras/thumbnail/get")]
    assert bodies == [{"cameraID": camera_id, "refresh": 1}, {"cameraID": camera_id,
                                                              "refresh": 0}]
    assert again.json["data"]["pictureURL"] == data["pictureURL"]  # the stored one


def test_the_download_is_capped_and_must_be_an_image(sim, out: Path) -> None:
    from hct import download

    plain = sim.api(CAPTURE_PATH, {"deviceSerial": camera_device(sim, encrypted=False)[
        "serialNo"], "channelNo": 1})["data"]["captureUrl"]
    sealed = sim.api(CAPTURE_PATH, {"deviceSerial": camera_device(sim, encrypted=True)[
        "serialNo"], "channelNo": 1})["data"]["captureUrl"]

    with pytest.raises(download.DownloadFailed) as too_big:
        download.download(plain, str(out / "a.jpg"), max_bytes=1000,
                          verify=download.verify_image)
    with pytest.raises(download.NotAnImage):
        download.download(sealed, str(out / "b.jpg"), verify=download.verify_image)

    assert too_big.value.error_code == "DOWNLOAD_TOO_LARGE"
    assert list(out.iterdir()) == []


def test_the_simulator_checks_the_guides_types(sim) -> None:
    serial = camera_device(sim, encrypted=False)["serialNo"]

    as_text = sim.api(CAPTURE_PATH, {"deviceSerial": serial, "channelNo": "1"})
    missing = sim.api(CAPTURE_PATH, {"channelNo": 1})
    as_list = sim.api(CAPTURE_PATH, {"deviceSerial": [serial], "channelNo": 1})  # the table

    assert as_text["errorCode"] == "OPEN000008"
    assert missing["errorCode"] == "OPEN000010"
    assert as_list["errorCode"] == "0" and as_list["data"]["isEncrypted"] == 0
