"""Maintenance lists sized for an agent (issue 9 §1, §2): brief offline records, --name,
--area NAME, files for bulk."""

from __future__ import annotations

SCRIPTS = "modules/Hik-Connect_Team_Maintenance/scripts/"
OFFLINE = "/api/hccgw/maintain/v1/offline/info/list"


def test_offline_history_of_an_area_named(sim, run):
    parking = next(area for area in sim.sim.world.areas if area["name"] == "Parking")

    result = run(SCRIPTS + "offline_devices.py", "--area", "parking", "--hours", "48")

    assert result.code == 0, result.stdout
    assert sim.requests(OFFLINE)[0]["body"]["areaId"] == parking["id"]
    assert {row["areaName"] for row in result.json["data"]["rows"]} <= {"Parking"}


def test_offline_history_by_device_name_reads_every_page(sim, run):
    nvr = next(device for device in sim.sim.world.devices if device["kind"] == "nvr")
    sim.sim.set_device_online(nvr["serialNo"], False)

    result = run(SCRIPTS + "offline_devices.py", "--name", nvr["name"].lower(),
                 "--page-size", "1")

    assert result.code == 0, result.stdout
    assert [row["deviceSerial"] for row in result.json["data"]["rows"]] == [nvr["serialNo"]]
    assert sim.requests(OFFLINE)[0]["body"]["pageSize"] == 100
    assert f"matching {nvr['name'].lower()!r}" in result.json["message"]


def test_an_unknown_area_asks_for_no_history(sim, run):
    result = run(SCRIPTS + "offline_devices.py", "--area", "Roof")

    assert result.code == 2 and result.json["errorCode"] == "UNKNOWN_NAME"
    assert sim.requests(OFFLINE) == []


def test_offline_history_into_a_csv_file(sim, run, tmp_path):
    target = tmp_path / "offline.csv"

    result = run(SCRIPTS + "offline_devices.py", "--all", "--csv", str(target))

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert "rows" not in data and data["files"][0]["count"] == data["count"] > 0
    assert data["window"]["start"] < data["window"]["end"]
    assert target.read_text(encoding="utf-8-sig").splitlines()[0].startswith("id,name,")


STATUS = "/api/hccgw/maintenance/v1/list/device/detail"


def test_maintenance_status_answers_brief_records(sim, run):
    result = run(SCRIPTS + "maintenance_status.py", "--page-size", "3")

    assert result.code == 0, result.stdout
    device = result.json["data"]["devices"][0]
    assert set(device) == {"baseStatus", "diskStatus", "deviceRecordStatus", "area"}
    assert set(device["baseStatus"]) == {"deviceName", "deviceSerial", "status"}
    assert set(device["diskStatus"]) == {"status"} and set(device["area"]) == {"name"}


def test_maintenance_status_of_a_device_named_in_an_area_named(sim, run):
    lobby = next(area for area in sim.sim.world.areas if area["name"] == "Lobby")
    nvr = next(device for device in sim.sim.world.devices
               if device["kind"] == "nvr" and device["areaId"] == lobby["id"])

    query = f"{nvr['name'].split()[-1]} {nvr['name'].split()[0].lower()}"  # "011 nvr"

    result = run(SCRIPTS + "maintenance_status.py", "--area", "lobby", "--name", query)

    assert result.code == 0, result.stdout
    body = sim.requests(STATUS)[0]["body"]
    assert body["areaId"] == lobby["id"] and body["includeSubArea"] == "0"
    assert body["filterName"] == max(query.split(), key=len)  # one word: the platform's match
    assert [device["baseStatus"]["deviceSerial"] for device in result.json["data"]["devices"]] \
        == [nvr["serialNo"]]


def test_maintenance_status_of_an_ambiguous_area_asks_nothing(sim, run):
    sim.sim.world.add_area("Lobby East", sim.sim.world.root["id"])

    result = run(SCRIPTS + "maintenance_status.py", "--area", "lob")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert sim.requests(STATUS) == []
