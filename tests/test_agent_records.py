"""Answers sized for an agent (issue 9): brief records by default, --detail full, --fields,
--name, files for bulk with only a summary on stdout, compact JSON in pipes."""

from __future__ import annotations

import csv
import json
import os

CAMERAS = "modules/Hik-Connect_Team_Resource/scripts/list_cameras.py"
DEVICES = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
CAMERAS_PATH = "/api/hccgw/resource/v1/areas/cameras/get"


def test_a_list_answers_brief_records_in_compact_json(sim, run) -> None:
    result = run(CAMERAS, "--all")

    assert result.code == 0, result.stdout
    camera = result.json["data"]["camera"][0]
    assert set(camera) <= {"id", "name", "online", "area", "resourceId", "deviceSerial",
                           "channelNo"}
    assert camera["area"] == {"name": camera["area"]["name"]}
    assert camera["resourceId"] == camera["id"] and isinstance(camera["channelNo"], int)
    assert "\n" not in result.stdout.strip() and ": " not in result.stdout[:200]
    per_camera = len(result.stdout) / len(result.json["data"]["camera"])
    assert per_camera < 300


def test_detail_full_gives_the_platforms_whole_objects(sim, run) -> None:
    result = run(CAMERAS, "--page-size", "3", "--detail", "full")

    camera = result.json["data"]["camera"][0]
    assert camera["device"]["devInfo"]["serialNo"] == camera["deviceSerial"]
    assert "abilitySet" in camera


def test_fields_pick_exact_fields_with_dotted_paths(sim, run) -> None:
    result = run(CAMERAS, "--page-size", "3", "--fields", "name,device.devInfo.serialNo")

    assert result.code == 0, result.stdout
    for camera in result.json["data"]["camera"]:
        assert set(camera) == {"name", "device"}
        assert set(camera["device"]) == {"devInfo"}
        assert set(camera["device"]["devInfo"]) == {"serialNo"}


def test_bad_field_lists_and_details_are_refused_before_any_request(sim, run) -> None:
    bad_fields = run(CAMERAS, "--fields", "name,,a..b")
    bad_detail = run(CAMERAS, "--detail", "everything")

    assert [bad_fields.code, bad_detail.code] == [2, 2]
    assert sim.requests() == []


def test_name_filters_every_page_ignoring_case_and_accents(sim, run) -> None:
    every = run(CAMERAS, "--all").json["data"]["camera"]
    wanted = every[0]["name"]  # e.g. "Camera 01"
    query = wanted.upper().replace("A", "À")

    result = run(CAMERAS, "--name", query, "--page-size", "2")

    assert result.code == 0, result.stdout
    names = [camera["name"] for camera in result.json["data"]["camera"]]
    assert wanted in names
    assert all(word.lower() in name.lower() for name in names for word in wanted.split())
    assert f"matching {query!r}" in result.json["message"]


def test_csv_puts_the_rows_in_the_file_and_only_a_summary_on_stdout(sim, run, tmp_path) -> None:
    target = tmp_path / "cameras.csv"

    result = run(CAMERAS, "--all", "--csv", str(target))

    assert result.code == 0, result.stdout
    summary = result.json["data"]["files"][0]
    assert summary["path"] == str(target) and summary["format"] == "csv"
    assert "camera" not in result.json["data"]
    assert len(result.stdout) < 1000
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == summary["count"] == result.json["data"]["total"]
    assert summary["columns"][:2] == ["id", "name"] and "area.name" in summary["columns"]


def test_output_writes_json_records_to_a_file(sim, run, tmp_path) -> None:
    target = tmp_path / "devices.json"

    result = run(DEVICES, "--all", "--detail", "full", "--output", str(target))

    written = json.loads(target.read_text())
    assert result.json["data"]["files"][0]["count"] == len(written["device"]) > 0
    assert "addTime" in written["device"][0]


def test_an_unwritable_target_is_refused_before_any_request(sim, run, tmp_path) -> None:
    missing_folder = run(CAMERAS, "--csv", str(tmp_path / "nowhere" / "c.csv"))
    a_folder = run(CAMERAS, "--output", str(tmp_path))

    assert [missing_folder.code, a_folder.code] == [2, 2]
    assert "does not exist" in missing_folder.json["message"]
    assert sim.requests() == []


def test_csv_cells_from_platform_data_never_start_a_formula(sim, run, tmp_path) -> None:
    device = sim.sim.world.devices[0]
    device["name"] = " =HYPERLINK(\"http://evil.example\")"
    sim.sim.world.devices[1]["name"] = "\t+SUM(A1)"
    target = tmp_path / "devices.csv"

    run(DEVICES, "--all", "--csv", str(target))

    with open(target, encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "' =HYPERLINK(\"http://evil.example\")" in cells
    assert "'\t+SUM(A1)" in cells
    assert not any(cell.lstrip(" \t")[:1] in "=+@" and not cell.startswith("'")
                   for cell in cells if cell)


def test_files_get_the_mode_the_umask_allows(sim, run, tmp_path) -> None:
    target = tmp_path / "devices.csv"
    previous = os.umask(0o077)
    try:
        run(DEVICES, "--csv", str(target))
    finally:
        os.umask(previous)

    assert target.stat().st_mode & 0o777 == 0o600


def test_a_table_shows_control_characters_instead_of_obeying_them(sim, run) -> None:
    sim.sim.world.devices[0]["name"] = "Lobby\x1b[2J NVR"

    result = run(DEVICES, "--all", "--format", "table")

    assert "\x1b" not in result.stdout
    assert "Lobby\\x1b[2J NVR" in result.stdout


def test_a_page_number_beyond_the_platforms_integer_is_refused_before_sending(sim, run) -> None:
    result = run(DEVICES, "--page", str(2**31))

    assert result.code == 2 and "out of range" in result.json["message"]
    assert sim.requests() == []


def test_abbreviated_options_are_refused_before_any_request(sim, run) -> None:
    # `--area` is a name lookup and `--area-id` an id: a prefix must never pick one silently.
    result = run(CAMERAS, "--area-i", "1cff20e7b14faf428220fc8bd8249dcd")

    assert result.code == 2 and "unrecognized arguments: --area-i" in result.json["message"]
    assert sim.requests() == []
