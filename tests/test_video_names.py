"""Video by name and by any time (issue 9 §1, §2, §5, §6): every camera script takes
`--camera NAME`; a live link is one run with a small answer; ambiguous and unknown names send
no address, export or settings request; playback, recording and export times take the one
time syntax, are converted to each endpoint's own format and echoed in `data.window`;
recordings and recording settings are brief records that can go to files."""

from __future__ import annotations

import csv
import json
from typing import Any

import pytest

SCRIPTS = "modules/Hik-Connect_Team_Video/scripts/"
GET_URL = SCRIPTS + "get_video_url.py"
RECORDINGS = SCRIPTS + "search_recordings.py"
SAVE = SCRIPTS + "save_video.py"
SETTINGS = SCRIPTS + "record_settings.py"
LIVE_ADDRESS = "/api/hccgw/video/v1/live/address/get"
STREAM_TOKEN = "/api/hccgw/platform/v1/streamtoken/get"
RECORD_SEARCH = "/api/hccgw/video/v1/record/element/search"
VIDEO_SAVE = "/api/hccgw/video/v1/video/save"
RECORD_SETTINGS = "/api/hccgw/video/v1/recordsettings/get"


def name_camera(sim: Any, new_name: str, *, index: int = 0) -> dict[str, Any]:
    """Give the first camera of the `index`-th online, unencrypted encoding device a unique
    name; returns {"serial", "id", "no"} of that camera."""
    devices = [device for device in sim.sim.world.devices
               if device["category"] == "encodingDevice" and device["onlineStatus"]
               and not device["streamEncrypt"] and device["cameras"][0]["enabled"]]
    device = devices[index]
    camera = device["cameras"][0]
    camera["name"] = new_name
    return {"serial": device["serialNo"], "id": camera["id"], "no": int(camera["no"])}


def test_a_live_link_by_name_is_one_run_with_a_small_answer(sim, run) -> None:
    camera = name_camera(sim, "Front Entrance")

    result = run(GET_URL, "--camera", "front entrance")

    assert result.code == 0, result.stdout
    assert len(result.stdout.encode()) <= 2048
    data = result.json["data"]
    assert data["resolved"][0]["name"] == "Front Entrance"
    assert (data["resourceId"], data["deviceSerial"]) == (camera["id"], camera["serial"])
    body = sim.requests(LIVE_ADDRESS)[0]["body"]
    assert (body["resourceId"], body["deviceSerial"]) == (camera["id"], camera["serial"])


@pytest.mark.parametrize("script, extra, action", [
    (GET_URL, (), LIVE_ADDRESS),
    (RECORDINGS, ("--start", "2024-11-28", "--end", "2024-11-28"), RECORD_SEARCH),
    (SAVE, ("--start", "2024-11-28 14:00", "--end", "2024-11-28 14:05"), VIDEO_SAVE),
    (SETTINGS, (), RECORD_SETTINGS),
])
def test_ambiguous_and_unknown_camera_names_send_nothing(sim, run, script, extra,
                                                         action) -> None:
    name_camera(sim, "Loading Dock")

    ambiguous = run(script, "--camera", "camera", *extra)
    unknown = run(script, "--camera", "loading docks", *extra)

    assert (ambiguous.code, ambiguous.json["errorCode"]) == (2, "AMBIGUOUS_NAME")
    assert 1 < len(ambiguous.json["data"]["candidates"]) <= 10
    assert (unknown.code, unknown.json["errorCode"]) == (2, "UNKNOWN_NAME")
    assert unknown.json["data"]["closest"][0]["name"] == "Loading Dock"
    assert sim.requests(action) == [] and sim.requests(STREAM_TOKEN) == []


def test_a_name_and_an_id_together_are_refused_before_any_request(sim, run) -> None:
    camera = name_camera(sim, "Front Entrance")

    result = run(GET_URL, "--camera", "front entrance", "--resource-id", camera["id"])

    assert result.code == 2
    assert "--camera names the camera: drop --resource-id" in result.json["message"]
    assert sim.requests() == []


@pytest.mark.parametrize("start, end, sent, window", [
    # live/address/get takes no offset: 08:00+01:00 goes as Tokyo's 16:00.
    ("2024-11-28T08:00:00+01:00", "2024-11-28 17:00",
     ("2024-11-28 16:00:00", "2024-11-28 17:00:00"),
     ("2024-11-28T16:00:00+09:00", "2024-11-28T17:00:00+09:00")),
    ("2024-11-28 14:00", "2024-11-28T05:30:00Z",
     ("2024-11-28 14:00:00", "2024-11-28 14:30:00"),
     ("2024-11-28T14:00:00+09:00", "2024-11-28T14:30:00+09:00")),
])
def test_playback_times_are_sent_on_the_sites_clock_and_echoed_with_their_offset(
        sim, run, start, end, sent, window) -> None:
    name_camera(sim, "Front Entrance")

    result = run(GET_URL, "--camera", "front entrance", "--playback", "local",
                 "--start", start, "--end", end,
                 env={"HIK_CONNECT_TEAM_TIMEZONE": "Asia/Tokyo"})

    assert result.code == 0, result.stdout
    body = sim.requests(LIVE_ADDRESS)[0]["body"]
    assert (body["startTime"], body["stopTime"]) == sent
    assert result.json["data"]["window"] == {"start": window[0], "end": window[1]}


def test_recordings_of_a_named_camera_over_a_whole_day(sim, run) -> None:
    camera = name_camera(sim, "Front Entrance")

    result = run(RECORDINGS, "--camera", "front entrance", "--start", "2024-11-28",
                 "--end", "2024-11-28", env={"HIK_CONNECT_TEAM_TIMEZONE": "Europe/Paris"})

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["window"] == {"start": "2024-11-28T00:00:00+01:00",
                              "end": "2024-11-28T23:59:59+01:00"}
    sent = sim.requests(RECORD_SEARCH)[0]["body"]
    assert sent["cameraId"] == camera["id"]
    assert (sent["filter"]["beginTime"], sent["filter"]["endTime"]) == (
        "2024-11-28T00:00:00+01:00", "2024-11-28T23:59:59+01:00")
    assert data["recordList"] and all(set(segment) == {"beginTime", "endTime", "targetType"}
                                      for segment in data["recordList"])


def test_recordings_go_to_a_csv_file_with_only_a_summary_on_stdout(sim, run,
                                                                  tmp_path) -> None:
    name_camera(sim, "Front Entrance")
    target = tmp_path / "segments.csv"

    result = run(RECORDINGS, "--camera", "front entrance", "--start", "2024-11-27",
                 "--end", "2024-11-28", "--all", "--csv", str(target))

    assert result.code == 0, result.stdout
    assert "recordList" not in result.json["data"]
    summary = result.json["data"]["files"][0]
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert summary["count"] == len(rows) == 6  # three segments a day on device storage
    assert summary["columns"] == ["beginTime", "endTime", "targetType"]


def test_an_export_of_a_named_camera_echoes_its_window(sim, run) -> None:
    camera = name_camera(sim, "Front Entrance")

    result = run(SAVE, "--camera", "front entrance", "--start", "2024-11-28 14:00",
                 "--end", "2024-11-28 14:05", env={"HIK_CONNECT_TEAM_TIMEZONE": "UTC"})

    assert result.code == 0, result.stdout
    assert result.json["data"]["window"] == {"start": "2024-11-28T14:00:00+00:00",
                                             "end": "2024-11-28T14:05:00+00:00"}
    assert sim.requests(VIDEO_SAVE)[0]["body"]["cameraId"] == camera["id"]


def test_record_settings_by_names_are_brief_unless_asked(sim, run, tmp_path) -> None:
    first = name_camera(sim, "Front Entrance")
    second = name_camera(sim, "Car Park", index=1)

    brief = run(SETTINGS, "--camera", "front entrance", "--camera", "car park")
    full = run(SETTINGS, "--camera-id", first["id"], "--detail", "full")
    to_file = run(SETTINGS, "--camera", "car park", "--output", str(tmp_path / "s.json"))

    assert brief.code == 0, brief.stdout
    assert sim.requests(RECORD_SETTINGS)[0]["body"] == {"cameraID": [first["id"],
                                                                     second["id"]]}
    assert [record["cameraID"] for record in brief.json["data"]["recordSetting"]] == [
        first["id"], second["id"]]
    assert all(set(record) == {"cameraID", "enableLocalStorage", "enableCloudStorage"}
               for record in brief.json["data"]["recordSetting"])
    assert [entry["pick"] for entry in brief.json["data"]["resolved"]] == [
        f"--camera-id {first['id']}", f"--camera-id {second['id']}"]
    assert "localStorage" in full.json["data"]["recordSetting"][0]
    assert to_file.code == 0 and "recordSetting" not in to_file.json["data"]
    written = json.loads((tmp_path / "s.json").read_text())
    assert written["recordSetting"][0]["cameraID"] == second["id"]


def test_record_settings_need_a_camera(sim, run) -> None:
    result = run(SETTINGS)

    assert result.code == 2 and "--camera NAME" in result.json["message"]
    assert sim.requests() == []
