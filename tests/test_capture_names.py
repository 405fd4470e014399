"""Snapshots by name, sized for an agent (issue 9 §2, §9, §10): `capture_pic.py --camera NAME`
and `camera_thumbnail.py --camera NAME` take a picture in one run with a small answer; a name
that is ambiguous or unknown sends nothing to the camera; an encrypted capture without its code
says to save the URL already returned, and that advice works without a second capture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CAPTURE = "modules/Hik-Connect_Team_Capture/scripts/capture_pic.py"
THUMBNAIL = "modules/Hik-Connect_Team_Capture/scripts/camera_thumbnail.py"
DOWNLOAD = "modules/Hik-Connect_Team_Capture/scripts/download_picture.py"
CAPTURE_PATH = "/api/hccgw/resource/v1/device/capturePic"
THUMBNAIL_PATH = "/api/hccgw/resource/v1/areas/cameras/thumbnail/get"


def name_camera(sim: Any, new_name: str, *, encrypted: bool = False) -> dict[str, Any]:
    """Give a camera of an online device (with or without stream encryption) a unique name;
    returns the device, with the camera as `device["camera"]`."""
    device = next(device for device in sim.sim.world.devices
                  if device["onlineStatus"] and device["streamEncrypt"] == encrypted
                  and len(device["cameras"]) > 1)
    camera = device["cameras"][1]
    camera["name"] = new_name
    return {**device, "camera": camera}


def test_a_named_camera_is_captured_in_one_run_with_a_small_answer(sim, run) -> None:
    device = name_camera(sim, "Front Entrance")

    result = run(CAPTURE, "--camera", "front ENTRANCE")

    assert result.code == 0, result.stdout
    assert len(result.stdout.encode()) <= 2048
    resolved = result.json["data"]["resolved"]
    assert resolved == [{"flag": "--camera", "query": "front ENTRANCE", "name": "Front Entrance",
                         "id": device["camera"]["id"], "area": resolved[0]["area"],
                         "pick": f"--serial {device['serialNo']} --channel 2"}]
    assert [entry["body"] for entry in sim.requests(CAPTURE_PATH)] == [
        {"deviceSerial": device["serialNo"], "channelNo": 2}]


def test_an_ambiguous_camera_name_captures_nothing_and_lists_candidates(sim, run) -> None:
    result = run(CAPTURE, "--camera", "camera 0")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    candidates = result.json["data"]["candidates"]
    assert 1 < len(candidates) <= 10
    assert all(candidate["pick"].startswith("--serial ") for candidate in candidates)
    assert sim.requests(CAPTURE_PATH) == []


def test_an_unknown_camera_name_captures_nothing_and_names_the_closest(sim, run) -> None:
    name_camera(sim, "Loading Dock")

    result = run(CAPTURE, "--camera", "loading docks")

    assert result.code == 2 and result.json["errorCode"] == "UNKNOWN_NAME"
    assert result.json["data"]["closest"][0]["name"] == "Loading Dock"
    assert sim.requests(CAPTURE_PATH) == []


def test_a_name_and_a_serial_together_are_refused_before_any_request(sim, run) -> None:
    device = name_camera(sim, "Front Entrance")

    result = run(CAPTURE, "--camera", "front entrance", "--serial", device["serialNo"])

    assert result.code == 2 and "--serial" in result.json["message"]
    assert sim.requests() == []


def test_an_unwritable_output_is_refused_before_the_name_is_looked_up(sim, run) -> None:
    name_camera(sim, "Front Entrance")

    result = run(CAPTURE, "--camera", "front entrance", "--output", "/nonexistent/dir/")

    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"
    assert "--output" in result.json["message"] and "does not exist" in result.json["message"]
    assert sim.requests() == []


def test_a_thumbnail_by_name_and_its_candidates_picked_by_camera_id(sim, run) -> None:
    device = name_camera(sim, "Car Park North")

    named = run(THUMBNAIL, "--camera", "car park north")
    ambiguous = run(THUMBNAIL, "--camera", "camera")
    neither = run(THUMBNAIL)

    assert named.code == 0, named.stdout
    assert named.json["data"]["resolved"][0]["id"] == device["camera"]["id"]
    assert [entry["body"]["cameraID"] for entry in sim.requests(THUMBNAIL_PATH)] == [
        device["camera"]["id"]]
    assert ambiguous.code == 2
    assert all(candidate["pick"] == f"--camera-id {candidate['id']}"
               for candidate in ambiguous.json["data"]["candidates"])
    assert neither.code == 2 and "--camera" in neither.json["message"]


def test_an_encrypted_capture_without_a_code_is_saved_from_its_url_not_captured_again(
        sim, run, tmp_path: Path) -> None:
    device = name_camera(sim, "Vault", encrypted=True)
    out = tmp_path / "out"
    out.mkdir()

    refused = run(CAPTURE, "--camera", "vault", "--output", str(out))
    hint = refused.json["hint"]
    url = refused.json["data"]["captureUrl"]
    saved = run(DOWNLOAD, "--url", url, "--output", str(out / "vault.jpg"),
                "--verify-code", device["verifyCode"])

    assert refused.code == 2 and refused.json["errorCode"] == "VERIFY_CODE_REQUIRED"
    assert "download_picture.py --url <data.captureUrl>" in hint and "--verify-code" in hint
    assert "capture again" not in hint and "run again" not in hint
    assert saved.code == 0, saved.stdout
    assert saved.json["data"]["decrypted"] is True
    assert len(sim.requests(CAPTURE_PATH)) == 1  # the picture was taken once


def test_an_encrypted_capture_url_notes_how_to_save_it(sim, run) -> None:
    name_camera(sim, "Vault", encrypted=True)

    result = run(CAPTURE, "--camera", "vault")

    assert result.code == 0, result.stdout
    note = result.json["data"]["note"]
    assert "download_picture.py --url <data.captureUrl>" in note and "--verify-code" in note
