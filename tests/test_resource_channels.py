"""Resource module, logical resources (guide 5.2.2): cameras, doors, alarm inputs/outputs,
their status and alarm output control."""

from __future__ import annotations

import pytest

from conftest import device_of, environment_for, run_script, sim_secrets
from hct.errors import hint_for

SCRIPTS = "modules/Hik-Connect_Team_Resource/scripts/"
BASE = "/api/hccgw/resource/v1/areas"
CAMERAS_GET = f"{BASE}/cameras/get"
DOORS_GET = f"{BASE}/doors/get"
INPUTS_GET = f"{BASE}/alarminputs/get"
OUTPUTS_GET = f"{BASE}/alarmoutputs/get"
INPUT_STATUS = f"{BASE}/alarminputs/status/get"
OUTPUT_STATUS = f"{BASE}/alarmoutputs/status/get"
OUTPUT_CONTROL = f"{BASE}/alarmoutputs/control"

LISTS = [  # script, path, the platform's list key, world kind
    ("list_cameras.py", CAMERAS_GET, "camera", "camera"),
    ("list_doors.py", DOORS_GET, "door", "door"),
    ("list_alarm_inputs.py", INPUTS_GET, "alarmInput", "alarmInput"),
    ("list_alarm_outputs.py", OUTPUTS_GET, "alarmOutput", "alarmOutput"),
]


@pytest.mark.parametrize(("script", "path", "key", "kind"), LISTS)
def test_lists_every_resource_with_the_ids_added(sim, run, script, path, key, kind):
    result = run(SCRIPTS + script, "--detail", "full")

    assert result.code == 0, result.stdout
    assert sim.requests(path)[0]["body"] == {"pageIndex": 1, "pageSize": 100,
                                             "filter": {"includeSubArea": "1"}}
    data = result.json["data"]
    expected = sim.sim.world.channels(kind)
    assert data["total"] == len(expected) == data["count"]
    first = data[key][0]
    assert {"id", "name", "online", "area", "device"} <= set(first)
    assert first["resourceId"] == first["id"]
    assert first["deviceSerial"] == first["device"]["devInfo"]["serialNo"]
    assert first["channelNo"] == int(first["device"]["channelInfo"]["no"])


@pytest.mark.parametrize(("script", "path", "key", "kind"), LISTS)
def test_lists_filter_by_device_serial(sim, run, script, path, key, kind):
    device = next(d for d in sim.sim.world.devices
                  if [c for c in sim.sim.world.device_channels(d) if c["kind"] == kind])

    result = run(SCRIPTS + script, "--serial", device["serialNo"])

    assert result.code == 0, result.stdout
    assert sim.requests(path)[0]["body"]["filter"] == {"includeSubArea": "0",
                                                       "deviceSerialNo": device["serialNo"]}
    assert {item["deviceSerial"] for item in result.json["data"][key]} == {device["serialNo"]}


def test_list_doors_by_area_with_sub_areas_and_device_id(sim, run):
    world = sim.sim.world
    acs = device_of(sim, "acs", online=True)

    result = run(SCRIPTS + "list_doors.py", "--area-id", world.root["id"], "--include-sub-areas")
    assert result.code == 0
    assert sim.requests(DOORS_GET)[0]["body"]["filter"] == {"includeSubArea": "1",
                                                            "areaID": world.root["id"]}
    assert result.json["data"]["total"] == len(world.channels("door"))

    result = run(SCRIPTS + "list_doors.py", "--device-id", acs["id"])
    assert result.code == 0
    assert sim.requests(DOORS_GET)[1]["body"]["filter"] == {"includeSubArea": "0",
                                                            "deviceID": acs["id"]}
    assert [door["id"] for door in result.json["data"]["door"]] == [
        door["id"] for door in acs["doors"]]


def test_list_cameras_by_camera_ids(sim, run):
    cameras = sim.sim.world.channels("camera")[:2]

    result = run(SCRIPTS + "list_cameras.py", "--camera-id", f"{cameras[0]['id']},"
                 f"{cameras[1]['id']}")

    assert result.code == 0
    assert sim.requests(CAMERAS_GET)[0]["body"]["filter"]["cameraID"] == [
        camera["id"] for camera in cameras]
    assert result.json["data"]["count"] == 2


def test_list_cameras_all_reads_every_page(sim_factory, tmp_path):
    server = sim_factory(devices=260)
    cameras = len(server.sim.world.channels("camera"))
    assert cameras > 500

    result = run_script(SCRIPTS + "list_cameras.py", "--all",
                        env=environment_for(server, tmp_path),
                        secrets=lambda: sim_secrets(server))

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["count"] == data["total"] == cameras
    assert data["pagesRead"] == list(range(1, (cameras + 499) // 500 + 1))
    assert {entry["body"]["pageSize"] for entry in server.requests(CAMERAS_GET)} == {500}


@pytest.mark.parametrize("args", [
    ("--include-sub-areas",),                                  # no area
    ("--serial", "J1", "--area-id", "a", "--include-sub-areas"),
    ("--serial", "J-1"),
    ("--area-id", "a b"),
    ("--page", "0"),
])
def test_lists_bad_input_sends_nothing(sim, run, args):
    result = run(SCRIPTS + "list_doors.py", *args)

    assert result.code == 2, result.stdout
    assert sim.requests() == []


def test_lists_platform_error_gives_the_hint(sim, run):
    sim.sim.fail_next(code="OPEN000031", path=INPUTS_GET)

    result = run(SCRIPTS + "list_alarm_inputs.py", "--area-id", "abc")

    assert result.code == 1 and result.json["errorCode"] == "OPEN000031"
    assert result.json["hint"] == hint_for("OPEN000031")


# ---- alarm input status ------------------------------------------------------------------

def test_alarm_input_status_asks_eight_at_a_time(sim, run):
    inputs = sim.sim.world.channels("alarmInput")[:10]
    ids = [channel["id"] for channel in inputs]

    result = run(SCRIPTS + "alarm_input_status.py", "--id", ",".join(ids))

    assert result.code == 0, result.stdout
    bodies = [entry["body"] for entry in sim.requests(INPUT_STATUS)]
    assert bodies == [{"alarmIntputID": ids[:8], "alarmInputID": ids[:8]},  # the table's
                      {"alarmIntputID": ids[8:], "alarmInputID": ids[8:]}]  # and the example's
    items = result.json["data"]["alarmInput"]
    assert [item["id"] for item in items] == ids
    assert {item["statusText"] for item in items} <= {"unknown", "activated", "not activated"}


def test_alarm_input_status_unknown_id_fails_that_item(sim, run):
    known = sim.sim.world.channels("alarmInput")[0]["id"]

    result = run(SCRIPTS + "alarm_input_status.py", "--id", known, "--id", "nosuch")

    assert result.code == 1
    assert result.json["errorCode"] == "NOT_FOUND"
    assert [item["id"] for item in result.json["data"]["failed"]] == ["nosuch"]


def test_alarm_input_status_bad_id_sends_nothing(sim, run):
    result = run(SCRIPTS + "alarm_input_status.py", "--id", "a/b")

    assert result.code == 2 and sim.requests() == []


# ---- alarm outputs: status and control ---------------------------------------------------

def test_control_alarm_output_open_then_status(sim, run):
    outputs = device_of(sim, "nvr", online=True)["alarmOutputs"]
    ids = [output["id"] for output in outputs]

    result = run(SCRIPTS + "control_alarm_output.py", "--id", ",".join(ids), "--action", "open")

    assert result.code == 0, result.stdout
    assert sim.requests(OUTPUT_CONTROL)[0]["body"] == {"alarmOutputOperation": [
        {"alarmOutputID": output_id, "operation": 1} for output_id in ids]}
    assert [item["alarmOutputState"] for item in
            result.json["data"]["alarmOutputOperation"]] == [1] * len(ids)

    result = run(SCRIPTS + "alarm_output_status.py", "--id", ids[0])

    assert result.code == 0
    assert sim.requests(OUTPUT_STATUS)[0]["body"] == {"alarmOutputID": [ids[0]]}
    assert result.json["data"]["alarmOutput"] == [
        {"id": ids[0], "status": 1, "errorCode": "0", "statusText": "open"}]


def test_control_alarm_output_close_sends_operation_0(sim, run):
    output = device_of(sim, "nvr", online=True)["alarmOutputs"][0]

    result = run(SCRIPTS + "control_alarm_output.py", "--id", output["id"], "--action", "close")

    assert result.code == 0
    assert sim.requests(OUTPUT_CONTROL)[0]["body"]["alarmOutputOperation"][0]["operation"] == 0


def test_control_alarm_output_offline_device_fails_that_item(sim, run):
    nvr = device_of(sim, "nvr", online=True)
    sim.sim.set_device_online(nvr["serialNo"], False)
    ids = [nvr["alarmOutputs"][0]["id"], "nosuch"]

    result = run(SCRIPTS + "control_alarm_output.py", "--id", ",".join(ids), "--action", "open")

    assert result.code == 1 and result.json["success"] is False
    assert result.json["errorCode"] == "ITEMS_FAILED"  # two different codes
    failed = {item["alarmOutputID"]: item for item in result.json["data"]["failed"]}
    assert failed[ids[0]]["errorCode"] == "EVZ20007"
    assert failed[ids[0]]["hint"] == hint_for("EVZ20007")
    assert failed["nosuch"]["errorCode"] == "VMS000003"


def test_alarm_output_status_unknown_id(sim, run):
    result = run(SCRIPTS + "alarm_output_status.py", "--id", "nosuch")

    assert result.code == 1 and result.json["errorCode"] == "VMS000003"
    assert result.json["hint"] == hint_for("VMS000003")
    assert "statusText" not in result.json["data"]["failed"][0]


@pytest.mark.parametrize("args", [("--id", "x"), ("--id", "x", "--action", "toggle"),
                                  ("--action", "open")])
def test_control_alarm_output_bad_input(sim, run, args):
    result = run(SCRIPTS + "control_alarm_output.py", *args)

    assert result.code == 2 and sim.requests() == []


def test_control_alarm_output_platform_error(sim, run):
    sim.sim.fail_next(code="OPEN000024", path=OUTPUT_CONTROL)

    result = run(SCRIPTS + "control_alarm_output.py", "--id", "x", "--action", "open")

    assert result.code == 1 and result.json["errorCode"] == "OPEN000024"
    assert result.json["hint"] == hint_for("OPEN000024")
