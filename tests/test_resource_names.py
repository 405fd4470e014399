"""Resource scripts by name (issue 9 §2): --device, --area, --parent, --alarm-input and
--alarm-output beside the ids. One match goes on and data.resolved says which; several or
none exit 2 and send nothing to the action's path."""

from __future__ import annotations

from conftest import device_of

SCRIPTS = "modules/Hik-Connect_Team_Resource/scripts/"
BASE = "/api/hccgw/resource/v1"
DEVICE_DETAIL = f"{BASE}/devicedetail/get"
DEVICES_UPDATE = f"{BASE}/devices/update"
DEVICES_DELETE = f"{BASE}/devices/delete"
REFRESH = f"{BASE}/device/*/refresh"
DOORS_GET = f"{BASE}/areas/doors/get"
CAMERAS_GET = f"{BASE}/areas/cameras/get"
RESOURCES_ADD = f"{BASE}/areas/resources/add"
AREAS_ADD = f"{BASE}/areas/add"
OUTPUT_CONTROL = f"{BASE}/areas/alarmoutputs/control"
INPUT_STATUS = f"{BASE}/areas/alarminputs/status/get"


def area_named(sim, name):
    return next(area for area in sim.sim.world.areas if area["name"] == name)


# ---- one device --------------------------------------------------------------------------

def test_device_detail_by_name_says_which_device_it_resolved(sim, run):
    nvr = device_of(sim, "nvr")

    result = run(SCRIPTS + "device_detail.py", "--device", nvr["name"].lower())

    assert result.code == 0, result.stdout
    assert sim.requests(DEVICE_DETAIL)[0]["body"] == {"deviceSerialNo": nvr["serialNo"]}
    resolved = result.json["data"]["resolved"]
    assert resolved == [{"flag": "--device", "query": nvr["name"].lower(), "name": nvr["name"],
                         "id": nvr["id"], "pick": f"--serial {nvr['serialNo']}"}]


def test_an_ambiguous_device_name_sends_nothing_and_lists_candidates(sim, run):
    nvrs = [device for device in sim.sim.world.devices if device["kind"] == "nvr"]
    assert len(nvrs) > 1

    result = run(SCRIPTS + "device_detail.py", "--device", "nvr")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert sim.requests(DEVICE_DETAIL) == []
    candidates = result.json["data"]["candidates"]
    assert {candidate["pick"] for candidate in candidates} <= {
        f"--serial {device['serialNo']}" for device in nvrs}


def test_an_unknown_device_name_sends_nothing_and_offers_the_closest(sim, run):
    nvr = device_of(sim, "nvr")

    result = run(SCRIPTS + "device_channels.py", "--device", nvr["name"] + "x")

    assert result.code == 2 and result.json["errorCode"] == "UNKNOWN_NAME"
    assert sim.requests(CAMERAS_GET) == [] and sim.requests(DEVICE_DETAIL) == []
    assert result.json["data"]["closest"][0]["name"] == nvr["name"]


def test_a_serial_and_a_device_name_together_are_refused_before_any_request(sim, run):
    result = run(SCRIPTS + "device_detail.py", "J88106219", "--device", "nvr")

    assert result.code == 2
    assert sim.requests() == []


def test_update_by_name_keeps_the_name_the_guide_requires(sim, run):
    device = device_of(sim, "ipc")

    result = run(SCRIPTS + "update_device.py", "--device", device["name"],
                 "--time-zone-id", "31")

    assert result.code == 0, result.stdout
    assert sim.requests(DEVICES_UPDATE)[0]["body"] == {
        "deviceInfo": {"id": device["id"], "name": device["name"]},
        "timeZone": {"id": "31", "applyToDevice": "0"}}
    assert device["timeZone"] == "31"


def test_update_by_id_still_needs_the_name(sim, run):
    result = run(SCRIPTS + "update_device.py", "--device-id", device_of(sim, "ipc")["id"])

    assert result.code == 2 and "--name" in result.json["message"]
    assert sim.requests() == []


def test_update_of_an_ambiguous_device_changes_nothing(sim, run):
    result = run(SCRIPTS + "update_device.py", "--device", "ipc", "--name", "New name")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert sim.requests(DEVICES_UPDATE) == []
    assert all(candidate["pick"].startswith("--device-id ")
               for candidate in result.json["data"]["candidates"])


def test_delete_by_name_takes_the_devices_own_category(sim, run):
    device = device_of(sim, "acs")

    dry = run(SCRIPTS + "delete_device.py", "--device", device["name"])
    done = run(SCRIPTS + "delete_device.py", "--device", device["name"], "--yes")

    assert dry.code == 0 and dry.json["data"]["dryRun"] is True
    assert done.code == 0, done.stdout
    assert sim.requests(DEVICES_DELETE)[0]["body"] == {
        "deviceID": [device["id"]], "deviceCategory": "accessControllerDevice"}
    assert sim.sim.world.device_by_serial(device["serialNo"]) is None


def test_delete_refuses_devices_of_two_categories_in_one_call(sim, run):
    nvr, door_controller = device_of(sim, "nvr"), device_of(sim, "acs")

    result = run(SCRIPTS + "delete_device.py", "--device", nvr["name"],
                 "--device", door_controller["name"], "--yes")

    assert result.code == 2 and "categories" in result.json["message"]
    assert sim.requests(DEVICES_DELETE) == []


def test_delete_of_an_unknown_device_deletes_nothing(sim, run):
    result = run(SCRIPTS + "delete_device.py", "--device", "no such device", "--yes")

    assert result.code == 2 and result.json["errorCode"] == "UNKNOWN_NAME"
    assert sim.requests(DEVICES_DELETE) == []


def test_refresh_by_name_needs_no_serial_lookup(sim, run):
    device = device_of(sim, "ipc")

    result = run(SCRIPTS + "refresh_device.py", "--device", device["name"])

    assert result.code == 0, result.stdout
    assert sim.requests(DEVICE_DETAIL) == []
    assert [entry["path"] for entry in sim.requests(REFRESH)] == [
        f"{BASE}/device/{device['id']}/refresh"]
    assert result.json["data"]["device"][0]["deviceSerial"] == device["serialNo"]


# ---- areas -------------------------------------------------------------------------------

def test_list_doors_of_an_area_by_name(sim, run):
    lobby = area_named(sim, "Lobby")

    result = run(SCRIPTS + "list_doors.py", "--area", "LOBBY", "--include-sub-areas")

    assert result.code == 0, result.stdout
    assert sim.requests(DOORS_GET)[0]["body"]["filter"] == {"includeSubArea": "1",
                                                            "areaID": lobby["id"]}
    assert result.json["data"]["resolved"][0]["id"] == lobby["id"]
    assert {door["area"]["name"] for door in result.json["data"]["door"]} <= {"Lobby"}


def test_an_unknown_area_lists_nothing(sim, run):
    result = run(SCRIPTS + "list_cameras.py", "--area", "Roof")

    assert result.code == 2 and result.json["errorCode"] == "UNKNOWN_NAME"
    assert sim.requests(CAMERAS_GET) == []


def test_include_sub_areas_without_an_area_is_refused_before_any_request(sim, run):
    result = run(SCRIPTS + "list_cameras.py", "--device", "nvr", "--include-sub-areas")

    assert result.code == 2
    assert sim.requests() == []


def test_cameras_of_a_device_by_name(sim, run):
    nvr = device_of(sim, "nvr")

    result = run(SCRIPTS + "list_cameras.py", "--device", nvr["name"])

    assert result.code == 0, result.stdout
    assert sim.requests(CAMERAS_GET)[0]["body"]["filter"]["deviceSerialNo"] == nvr["serialNo"]
    assert {camera["deviceSerial"] for camera in result.json["data"]["camera"]} == {
        nvr["serialNo"]}


def test_add_area_under_a_parent_named(sim, run):
    parking = area_named(sim, "Parking")

    result = run(SCRIPTS + "add_area.py", "--name", "Level -1", "--parent", "parking")

    assert result.code == 0, result.stdout
    assert sim.requests(AREAS_ADD)[0]["body"] == {"parentAreaID": parking["id"],
                                                  "areaName": "Level -1"}


def test_add_area_refuses_a_parent_id_and_a_parent_name(sim, run):
    result = run(SCRIPTS + "add_area.py", "--name", "X", "--parent-id", "-1", "--parent", "a")

    assert result.code == 2
    assert sim.requests() == []


def test_area_detail_by_name(sim, run):
    lobby = area_named(sim, "Lobby")

    result = run(SCRIPTS + "area_detail.py", "--area", "lobby", "--area-id", lobby["id"])

    assert result.code == 0, result.stdout
    assert [area["id"] for area in result.json["data"]["area"]] == [lobby["id"]]


def test_a_devices_channels_go_into_an_area_both_named(sim, run):
    lobby = area_named(sim, "Lobby")
    device = device_of(sim, "ipc")
    for channel in sim.sim.world.device_channels(device):
        channel["areaId"] = ""

    result = run(SCRIPTS + "add_area_resources.py", "--area", "Lobby", "--device", device["name"])

    assert result.code == 0, result.stdout
    body = sim.requests(RESOURCES_ADD)[0]["body"]
    assert body["areaID"] == lobby["id"] and len(body["devChannel"]) == 3
    assert [entry["flag"] for entry in result.json["data"]["resolved"]] == ["--area", "--device"]


# ---- alarm inputs and outputs ------------------------------------------------------------

def test_an_alarm_output_triggered_by_name(sim, run):
    device = device_of(sim, "ipc", online=True)
    output = device["alarmOutputs"][0]
    output["name"] = "Lobby Siren"

    result = run(SCRIPTS + "control_alarm_output.py", "--alarm-output", "lobby siren",
                 "--action", "open")

    assert result.code == 0, result.stdout
    assert sim.requests(OUTPUT_CONTROL)[0]["body"] == {
        "alarmOutputOperation": [{"alarmOutputID": output["id"], "operation": 1}]}
    assert output["status"] == 1


def test_an_ambiguous_alarm_output_triggers_nothing(sim, run):
    result = run(SCRIPTS + "control_alarm_output.py", "--alarm-output", "A 1",
                 "--action", "open")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert sim.requests(OUTPUT_CONTROL) == []
    assert all(candidate["pick"].startswith("--id ")
               for candidate in result.json["data"]["candidates"])


def test_alarm_input_status_by_name_and_id_together(sim, run):
    device = device_of(sim, "nvr", online=True)
    first, second = device["alarmInputs"][:2]
    first["name"] = "Back Door Contact"

    result = run(SCRIPTS + "alarm_input_status.py", "--alarm-input", "back door contact",
                 "--id", second["id"])

    assert result.code == 0, result.stdout
    assert sim.requests(INPUT_STATUS)[0]["body"]["alarmIntputID"] == [second["id"], first["id"]]


def test_alarm_status_needs_an_id_or_a_name(sim, run):
    result = run(SCRIPTS + "alarm_output_status.py")

    assert result.code == 2 and "--alarm-output" in result.json["message"]
    assert sim.requests() == []


def test_a_camera_named_is_taken_out_of_its_area(sim, run):
    camera = sim.sim.world.channels("camera")[0]
    camera["name"] = "Old Gate Cam"

    dry = run(SCRIPTS + "delete_area_resources.py", "--camera", "old gate")
    done = run(SCRIPTS + "delete_area_resources.py", "--camera", "old gate", "--yes")

    assert dry.json["data"]["wouldSend"] == {"ids": [camera["id"]]}
    assert done.code == 0, done.stdout
    assert sim.requests(f"{BASE}/areas/resources/delete")[0]["body"] == {"ids": [camera["id"]]}
    assert camera["areaId"] == ""


def test_an_ambiguous_resource_name_takes_nothing_out(sim, run):
    result = run(SCRIPTS + "delete_area_resources.py", "--alarm-input", "alarm input 1",
                 "--yes")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert sim.requests(f"{BASE}/areas/resources/delete") == []
