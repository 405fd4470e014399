"""Video module: get_video_url.py (live/address/get + streamtoken/get) and the player page."""

from __future__ import annotations

import json
import re

import pytest

SCRIPTS = "modules/Hik-Connect_Team_Video/scripts/"
GET_URL = SCRIPTS + "get_video_url.py"
LIVE_ADDRESS = "/api/hccgw/video/v1/live/address/get"
STREAM_TOKEN = "/api/hccgw/platform/v1/streamtoken/get"
CAMERAS_GET = "/api/hccgw/resource/v1/areas/cameras/get"
DEVICE_DETAIL = "/api/hccgw/resource/v1/devicedetail/get"


def camera_device(sim, *, encrypted: bool, cameras: int = 1):
    """An online encoding device with at least `cameras` channels, stream encryption set."""
    world = sim.sim.world
    with sim.sim.lock:
        device = next(item for item in world.devices
                      if item["category"] == "encodingDevice" and item["onlineStatus"]
                      and len(item["cameras"]) >= cameras
                      and all(camera["enabled"] for camera in item["cameras"][:cameras]))
        device["streamEncrypt"] = encrypted
    return device


def test_live_view_resolves_the_camera_from_serial_and_channel(sim, run):
    device = camera_device(sim, encrypted=False, cameras=2)
    camera = device["cameras"][1]

    result = run(GET_URL, "--serial", device["serialNo"], "--channel", "2")

    assert result.code == 0, result.stdout
    data = result.json["data"]
    # The cameras of the device were searched, the channel "no" picked the resourceId.
    assert sim.requests(CAMERAS_GET)[0]["body"]["filter"] == {
        "includeSubArea": "0", "deviceSerialNo": device["serialNo"]}
    body = sim.requests(LIVE_ADDRESS)[0]["body"]
    # The guide's types: type and quality Strings, protocol an Integer; no playback times.
    assert body == {"resourceId": camera["id"], "deviceSerial": device["serialNo"],
                    "type": "1", "protocol": 1, "quality": "1"}
    assert data["url"] == f"ezopen://open.ezviz.com/{device['serialNo']}/2.hd.live"
    assert data["resourceId"] == camera["id"] and data["channelNo"] == 2
    # What the player needs comes from streamtoken/get.
    assert len(sim.requests(STREAM_TOKEN)) == 1
    assert data["appToken"].startswith("at.")
    assert data["streamAreaDomain"] == "https://ieuopen.ezvizlife.com"
    assert data["template"] == "pcLive" and data["streamEncrypted"] is False
    assert data["expireTime"] is None  # "invalid when protocol is EZOPEN"
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\Z", data["expiresAt"])


def test_hls_with_resource_id_sends_quality_and_expiry(sim, run):
    device = camera_device(sim, encrypted=False)
    camera = device["cameras"][0]

    result = run(GET_URL, "--resource-id", camera["id"], "--protocol", "hls",
                 "--quality", "fluent", "--expire", "10m")

    assert result.code == 0, result.stdout
    # --resource-id alone: the device serial comes from areas/cameras/get by cameraID.
    assert sim.requests(CAMERAS_GET)[0]["body"]["filter"]["cameraID"] == [camera["id"]]
    body = sim.requests(LIVE_ADDRESS)[0]["body"]
    assert body == {"resourceId": camera["id"], "deviceSerial": device["serialNo"],
                    "type": "1", "protocol": 2, "quality": "2", "expireTime": 600}
    data = result.json["data"]
    assert data["url"].startswith("http") and ".m3u8?" in data["url"]
    assert isinstance(data["expireTime"], int) and data["template"] is None
    assert data["playable"] is True  # its playlist was read once (test_video_check.py)
    assert sim.requests(STREAM_TOKEN) == []  # HLS needs no player token


def test_cloud_playback_sends_the_guide_time_format(sim, run, tmp_path):
    device = camera_device(sim, encrypted=False)
    camera = device["cameras"][0]

    result = run(GET_URL, "--serial", device["serialNo"], "--resource-id", camera["id"],
                 "--playback", "cloud", "--start", "2024-11-28 14:00:00",
                 "--end", "2024-11-28T14:30:00")

    assert result.code == 0, result.stdout
    assert sim.requests(CAMERAS_GET) == []  # serial and resourceId given: nothing to look up
    body = sim.requests(LIVE_ADDRESS)[0]["body"]
    assert body["type"] == "3" and body["protocol"] == 1
    assert body["startTime"] == "2024-11-28 14:00:00"
    assert body["stopTime"] == "2024-11-28 14:30:00"
    data = result.json["data"]
    assert data["template"] == "pcRec" and data["type"] == "cloudPlayback"
    assert data["url"].endswith(".cloud.rec?begin=20241128140000&end=20241128143000")


@pytest.mark.parametrize("args, complaint", [
    (["--playback", "local", "--protocol", "hls", "--start", "2024-11-28 14:00:00",
      "--end", "2024-11-28 15:00:00"], "EZOPEN only"),
    (["--playback", "local", "--start", "2024-11-28 15:00:00",
      "--end", "2024-11-28 14:00:00"], "before --end"),
    (["--playback", "cloud", "--start", "2024-11-28 14:00:00"], "needs --start and --end"),
    (["--start", "2024-11-28 14:00:00", "--end", "2024-11-28 15:00:00"], "for playback"),
    (["--expire", "10"], "30 s to 720 days"),
    (["--expire", "721d"], "30 s to 720 days"),
    (["--start", "yesterday"], "is not a time like"),
    (["--protocol", "rtmp", "--verify-code", "ABCDEF"], "RTMP"),
    (["--protocol", "rtmp", "--html", "/tmp/x.html"], "EZOPEN only"),
    (["--html", "/nonexistent-dir/x.html"], "does not exist"),
])
def test_invalid_stream_arguments_send_nothing(sim, run, args, complaint):
    result = run(GET_URL, "--serial", "J88106219", "--channel", "1", *args)

    assert result.code == 2, result.stdout
    assert result.json["errorCode"] == "INVALID_ARGUMENT"
    assert complaint in result.json["message"]
    assert sim.requests("/api/hccgw/*") == []


def test_camera_must_be_named(sim, run):
    result = run(GET_URL, "--channel", "1")

    assert result.code == 2 and "--channel needs --serial" in result.json["message"]
    assert sim.requests() == []


def test_hls_on_an_encrypted_device_is_refused_before_the_address_call(sim, run):
    device = camera_device(sim, encrypted=True)

    result = run(GET_URL, "--serial", device["serialNo"], "--protocol", "hls")

    assert result.code == 2, result.stdout
    assert result.json["errorCode"] == "STREAM_ENCRYPTED"
    assert "ezopen" in result.json["hint"]
    # Encryption was read from devicedetail/get (baseInfo.streamEncryptEnable) ...
    assert sim.requests(DEVICE_DETAIL)[0]["body"] == {"deviceSerialNo": device["serialNo"]}
    # ... so the platform was never asked for an address it would refuse with EVZ60019.
    assert sim.requests(LIVE_ADDRESS) == []


def test_ezopen_on_an_encrypted_device_works_and_says_so(sim, run):
    device = camera_device(sim, encrypted=True)

    result = run(GET_URL, "--serial", device["serialNo"], "--verify-code", "ABCDEF")

    assert result.code == 0, result.stdout
    assert result.json["data"]["streamEncrypted"] is True
    assert sim.requests(LIVE_ADDRESS)[0]["body"]["code"] == "ABCDEF"
    assert result.json["data"]["url"].startswith("ezopen://ABCDEF@open.ezviz.com/")


def test_evz60019_from_the_platform_gets_the_ezopen_hint(sim, run):
    device = camera_device(sim, encrypted=False)
    sim.sim.fail_next(code="EVZ60019", path=LIVE_ADDRESS)

    result = run(GET_URL, "--serial", device["serialNo"], "--protocol", "rtmp")

    assert result.code == 1, result.stdout  # the platform's own refusal
    assert result.json["errorCode"] == "EVZ60019"
    assert "--protocol ezopen" in result.json["hint"]


def test_unknown_channel_lists_the_channels_there_are(sim, run):
    device = camera_device(sim, encrypted=False)

    result = run(GET_URL, "--serial", device["serialNo"], "--channel", "99")

    assert result.code == 1, result.stdout
    assert result.json["errorCode"] == "CAMERA_NOT_FOUND"
    assert 1 in result.json["data"]["channels"]
    assert sim.requests(LIVE_ADDRESS) == []


def test_html_page_embeds_the_player_settings_as_json(sim, run, tmp_path):
    device = camera_device(sim, encrypted=False)
    with sim.sim.lock:  # a name that would break out of a <script> if it were not escaped
        device["cameras"][0]["name"] = "</script><script>alert(1)</script>"
    page_path = tmp_path / "player.html"

    result = run(GET_URL, "--serial", device["serialNo"], "--channel", "1",
                 "--playback", "local", "--start", "2024-11-28 08:00:00",
                 "--end", "2024-11-28 09:00:00", "--html", str(page_path))

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["html"] == str(page_path)
    page = page_path.read_text()
    assert (page_path.stat().st_mode & 0o777) == 0o600  # it holds the stream token
    assert "alert(1)</script>" not in page
    assert page.count("</script>") == 2  # the ezuikit.js loader and the page's own script
    settings = json.loads(re.search(r"var settings = (\{.*?\});\n", page).group(1))
    assert settings["url"] == data["url"] and settings["accessToken"] == data["appToken"]
    assert settings["domain"] == "https://ieuopen.ezvizlife.com"
    assert settings["template"] == "pcRec"
    assert settings["title"] == "</script><script>alert(1)</script>"
    assert "env: {domain: settings.domain}" in page
    assert 'staticPath: new URL("ezuikit_static/", location.href).href' in page
    assert "new EZUIKit.EZUIKitPlayer(options)" in page
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
