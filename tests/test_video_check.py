"""get_video_url.py checks an HLS (or, asked to, RTMP) address once: the live platform hands
out addresses whose playlist carries ErrCode/9053 for H.265 cameras although the call
succeeded. The simulator serves the playlists on its storage host (the stream host)."""

from __future__ import annotations

from typing import Any

import pytest

from hct import video
from hctsim.routes_video import h265_cameras

GET_URL = "modules/Hik-Connect_Team_Video/scripts/get_video_url.py"
LIVE_ADDRESS = "/api/hccgw/video/v1/live/address/get"


def camera(sim: Any, *, h265: bool) -> tuple[str, int]:
    """(device serial, channel No.) of an online, unencrypted camera."""
    world = sim.sim.world
    wanted = h265_cameras(sim.sim)
    channel = next(channel for channel in world.channels("camera")
                   if (channel["id"] in wanted) == h265 and channel["enabled"]
                   and world.device_by_id[channel["deviceId"]]["onlineStatus"]
                   and not world.device_by_id[channel["deviceId"]]["streamEncrypt"])
    return world.device_by_id[channel["deviceId"]]["serialNo"], channel["no"]


def playlist_gets(sim: Any) -> list[dict[str, Any]]:
    return [entry for entry in sim.requests() if entry["path"].endswith(".m3u8")]


def test_an_hls_address_is_checked_once_without_the_token(sim, run) -> None:
    serial, number = camera(sim, h265=False)

    result = run(GET_URL, "--serial", serial, "--channel", str(number), "--protocol", "hls")

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["playable"] is True and data["streamError"] is None
    (fetched,) = playlist_gets(sim)
    assert fetched["status"] == 200 and "Token" not in fetched["headers"]
    assert fetched["query"]["id"] == data["id"]  # the address the platform gave
    assert "Checked" in result.json["message"]


def test_an_h265_camera_over_hls_is_not_playable(sim, run) -> None:
    serial, number = camera(sim, h265=True)

    result = run(GET_URL, "--serial", serial, "--channel", str(number), "--protocol", "hls")

    assert result.code == 1, result.stdout
    answer = result.json
    assert answer["errorCode"] == "STREAM_NOT_PLAYABLE"
    assert answer["data"]["playable"] is False and answer["data"]["streamError"] == "9053"
    assert "H.265" in answer["data"]["playableReason"] and "ErrCode/9053" in answer["message"]
    assert "EZOPEN" in answer["hint"]
    assert ".m3u8?" in answer["data"]["url"]  # the address is there, for what it is worth


def test_no_check_sends_nothing_to_the_stream_host(sim, run) -> None:
    serial, number = camera(sim, h265=True)

    result = run(GET_URL, "--serial", serial, "--channel", str(number), "--protocol", "hls",
                 "--no-check")

    assert result.code == 0, result.stdout
    assert "playable" not in result.json["data"] and playlist_gets(sim) == []


def test_rtmp_is_checked_on_request_through_the_cameras_hls_playlist(sim, run) -> None:
    serial, number = camera(sim, h265=True)
    plain = run(GET_URL, "--serial", serial, "--channel", str(number), "--protocol", "rtmp")
    assert plain.code == 0 and playlist_gets(sim) == []

    checked = run(GET_URL, "--serial", serial, "--channel", str(number), "--protocol", "rtmp",
                  "--check")

    assert checked.code == 1 and checked.json["errorCode"] == "STREAM_NOT_PLAYABLE"
    assert checked.json["data"]["url"].startswith("rtmp://")
    protocols = [entry["body"]["protocol"] for entry in sim.requests(LIVE_ADDRESS)]
    assert protocols == [3, 3, 2] and len(playlist_gets(sim)) == 1


def test_check_is_for_hls_and_rtmp(sim, run) -> None:
    result = run(GET_URL, "--serial", "J88106219", "--channel", "1", "--check")

    assert result.code == 2 and sim.requests() == []


@pytest.mark.parametrize("answer, playable", [("missing", False), ("unreachable", None)])
def test_a_stream_host_that_does_not_serve_the_playlist(sim, unused_port, answer: str,
                                                        playable: bool | None) -> None:
    url = (sim.sim.storage.url("v3/openlive/none.m3u8") if answer == "missing"
           else f"http://127.0.0.1:{unused_port}/v3/openlive/none.m3u8")

    checked = video.playlist_check(url)

    assert checked["playable"] is playable and checked["playableReason"]
