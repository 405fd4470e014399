"""Maintenance module (guide 5.11): offline history and device maintenance status."""

from __future__ import annotations

import time

import pytest

from conftest import environment_for, run_script, sim_secrets
from hct.errors import hint_for

SCRIPTS = "modules/Hik-Connect_Team_Maintenance/scripts/"
OFFLINE = "/api/hccgw/maintain/v1/offline/info/list"
DETAIL = "/api/hccgw/maintenance/v1/list/device/detail"


def test_offline_devices_default_is_the_last_24_hours(sim, run):
    nvr = next(device for device in sim.sim.world.devices if device["kind"] == "nvr")
    sim.sim.set_device_online(nvr["serialNo"], False)
    before = int(time.time() * 1000)

    result = run(SCRIPTS + "offline_devices.py")

    assert result.code == 0, result.stdout
    body = sim.requests(OFFLINE)[0]["body"]
    assert set(body) == {"startTime", "endTime", "queryType", "orderBy", "page", "pageSize"}
    assert body["queryType"] == 0 and body["orderBy"] == 0
    assert body["page"] == 1 and body["pageSize"] == 50
    assert body["endTime"] - body["startTime"] == 24 * 3600 * 1000
    assert abs(body["endTime"] - before) < 60_000
    rows = result.json["data"]["rows"]
    row = next(row for row in rows if row["deviceSerial"] == nvr["serialNo"])
    assert set(row) == {"id", "name", "deviceSerial", "areaName", "resourceTypeName",
                        "offlineCount", "offlineDuration"}  # the brief record
    assert row["resourceTypeName"] == "encoding device"
    window = result.json["data"]["window"]
    assert window["start"][19:] == window["end"][19:] != ""  # both with the same offset


def test_offline_devices_explicit_range_and_options(sim, run):
    area = sim.sim.world.root["id"]

    result = run(SCRIPTS + "offline_devices.py", "--start", "2025-02-17T08:00:00Z", "--end",
                 "2025-02-18 09:00:00", "--kind", "logical", "--order-by", "offline-duration",
                 "--area-id", area, "--page", "2", "--page-size", "10",
                 env={"HIK_CONNECT_TEAM_TIMEZONE": "Europe/Paris"})

    assert result.code == 0, result.stdout
    assert sim.requests(OFFLINE)[0]["body"] == {
        "startTime": 1739779200000, "endTime": 1739865600000, "queryType": 1, "orderBy": 2,
        "areaId": area, "page": 2, "pageSize": 10}


def test_offline_devices_dates_and_offsets_are_sent_as_utc_milliseconds(sim, run):
    result = run(SCRIPTS + "offline_devices.py", "--start", "2025-02-17", "--end",
                 "2025-02-17T10:00:00+01:00", env={"HIK_CONNECT_TEAM_TIMEZONE": "Asia/Tokyo"})

    assert result.code == 0, result.stdout
    body = sim.requests(OFFLINE)[0]["body"]
    assert body["startTime"] == 1739718000000  # 2025-02-17 00:00 in Tokyo = 2025-02-16T15:00Z
    assert body["endTime"] == 1739782800000  # 2025-02-17T09:00Z
    assert result.json["data"]["window"] == {"start": "2025-02-17T00:00:00+09:00",
                                             "end": "2025-02-17T10:00:00+01:00"}


def test_offline_devices_refuse_epoch_numbers_before_any_request(sim, run):
    result = run(SCRIPTS + "offline_devices.py", "--start", "1739779200000")

    assert result.code == 2 and "2026-12-01T10:00" in result.json["message"]
    assert sim.requests() == []


def test_offline_devices_all_reads_pages_of_100(sim_factory, tmp_path):
    server = sim_factory(devices=1000)
    offline = sum(1 for device in server.sim.world.devices if device["offlineCount"])
    assert offline > 100

    result = run_script(SCRIPTS + "offline_devices.py", "--all",
                        env=environment_for(server, tmp_path),
                        secrets=lambda: sim_secrets(server))

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["count"] == data["total"] == offline
    assert data["pagesRead"] == list(range(1, (offline + 99) // 100 + 1))
    assert {entry["body"]["pageSize"] for entry in server.requests(OFFLINE)} == {100}
    assert [entry["body"]["page"] for entry in server.requests(OFFLINE)] == data["pagesRead"]


@pytest.mark.parametrize("args", [
    ("--start", "yesterday"),
    ("--start", "2025-02-18T00:00:00Z", "--end", "2025-02-17T00:00:00Z"),
    ("--hours", "3", "--start", "2025-02-17T00:00:00Z"),
    ("--hours", "0"),
    ("--page-size", "101"),
    ("--order-by", "name"),
])
def test_offline_devices_bad_input_sends_nothing(sim, run, args):
    result = run(SCRIPTS + "offline_devices.py", *args)

    assert result.code == 2, result.stdout
    assert sim.requests() == []


def test_offline_devices_platform_error(sim, run):
    sim.sim.fail_next(code="OPEN000031", path=OFFLINE)

    result = run(SCRIPTS + "offline_devices.py", "--area-id", "abc")

    assert result.code == 1 and result.json["errorCode"] == "OPEN000031"
    assert result.json["hint"] == hint_for("OPEN000031")


def test_maintenance_status_body_and_shape(sim, run):
    area = sim.sim.world.root["id"]

    result = run(SCRIPTS + "maintenance_status.py", "--area-id", area, "--include-sub-areas",
                 "--exception", "disk", "--exception", "offline,recording", "--search", "NVR")

    assert result.code == 0, result.stdout
    assert sim.requests(DETAIL)[0]["body"] == {
        "deviceCategory": 2001, "areaId": area, "includeSubArea": "1", "exceptions": [1, 2, 3],
        "filterName": "NVR", "page": 1, "pageSize": 50}
    for device in result.json["data"]["devices"]:
        assert {"baseStatus", "diskStatus", "deviceRecordStatus", "area"} <= set(device)


def test_maintenance_status_default_is_the_root_area_with_its_sub_areas(sim, run):
    # The guide: without areaId the platform takes -1, "no device included".
    root = sim.sim.world.root

    result = run(SCRIPTS + "maintenance_status.py", "--format", "json")

    assert result.code == 0, result.stdout
    assert sim.requests(DETAIL)[0]["body"] == {"deviceCategory": 2001, "page": 1, "pageSize": 50,
                                               "areaId": root["id"], "includeSubArea": "1"}
    encoders = [d for d in sim.sim.world.devices if d["category"] == "encodingDevice"]
    data = result.json["data"]
    assert data["total"] == data["count"] == len(encoders) > 0
    assert data["areas"] == [{"id": root["id"], "name": root["name"], "includeSubArea": "1"}]
    assert f"{root['name']!r} with sub-areas" in result.json["message"]


def test_maintenance_status_all_reads_pages_of_100(sim_factory, tmp_path):
    server = sim_factory(devices=150)
    encoders = sum(1 for d in server.sim.world.devices if d["category"] == "encodingDevice")
    assert encoders > 100

    result = run_script(SCRIPTS + "maintenance_status.py", "--all",
                        env=environment_for(server, tmp_path),
                        secrets=lambda: sim_secrets(server))

    assert result.code == 0, result.stdout
    assert result.json["data"]["count"] == result.json["data"]["total"] == encoders
    assert result.json["data"]["pagesRead"] == [1, 2]
    assert [entry["body"]["pageSize"] for entry in server.requests(DETAIL)] == [100, 100]


def test_maintenance_status_table(sim, run):
    result = run(SCRIPTS + "maintenance_status.py", "--format", "table")

    assert result.code == 0
    assert "deviceSerial" in result.stdout and "disk" in result.stdout


@pytest.mark.parametrize("args", [("--exception", "fire"), ("--include-sub-areas",),
                                  ("--device-category", "alarmDevice"),
                                  ("--page-size", "200")])
def test_maintenance_status_bad_input(sim, run, args):
    result = run(SCRIPTS + "maintenance_status.py", *args)

    assert result.code == 2 and sim.requests() == []


def test_maintenance_status_platform_error(sim, run):
    sim.sim.fail_next(code="OPEN000025", path=DETAIL)

    result = run(SCRIPTS + "maintenance_status.py")

    assert result.code == 1 and result.json["errorCode"] == "OPEN000025"
    assert result.json["hint"] == hint_for("OPEN000025")
