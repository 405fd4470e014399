"""Resource module, devices (guide 5.2.1): list, detail, channels, add, update, delete,
refresh, time zones."""

from __future__ import annotations

import pytest

from conftest import device_of
from hct.errors import hint_for

SCRIPTS = "modules/Hik-Connect_Team_Resource/scripts/"
BASE = "/api/hccgw/resource/v1"
DEVICES_GET = f"{BASE}/devices/get"
DEVICE_DETAIL = f"{BASE}/devicedetail/get"
CAMERAS_GET = f"{BASE}/areas/cameras/get"
DEVICES_ADD = f"{BASE}/devices/add"
DEVICES_UPDATE = f"{BASE}/devices/update"
DEVICES_DELETE = f"{BASE}/devices/delete"
TIMEZONE_GET = f"{BASE}/timezone/get"


def field_device(sim, serial="G81652987", code="ABCDEF", kind="nvr"):
    sim.sim.world.add_field_device(serial=serial, verify_code=code, kind=kind)
    return serial, code


# ---- list_devices ------------------------------------------------------------------------

def test_list_devices_job_number_with_several_categories(sim, run):
    result = run(SCRIPTS + "list_devices.py", "--job-number", "WO-1",
                 "--category", "encodingDevice,alarmDevice", "--search", "NVR")

    assert result.code == 0, result.stdout
    assert sim.requests(DEVICES_GET)[0]["body"] == {
        "pageIndex": 1, "pageSize": 100, "deviceCategory": "encodingDevice,alarmDevice",
        "filter": {"matchKey": "NVR", "jobNumber": "WO-1"}}


@pytest.mark.parametrize("args", [
    ("--area-id", "abc", "--job-number", "WO-1"),           # exclusive in the guide
    ("--category", "encodingDevice,alarmDevice"),           # several only with jobNumber
    ("--category", "camera"),                               # not an A.1.3 category
    ("--page-size", "0"),
])
def test_list_devices_rejects_bad_combinations_before_any_request(sim, run, args):
    result = run(SCRIPTS + "list_devices.py", *args)

    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"
    assert sim.requests() == []


# ---- device_detail -----------------------------------------------------------------------

@pytest.mark.parametrize("style", ["positional", "flag"])
def test_device_detail_by_serial(sim, run, style):
    nvr = device_of(sim, "nvr")
    args = [nvr["serialNo"]] if style == "positional" else ["--serial", nvr["serialNo"]]

    result = run(SCRIPTS + "device_detail.py", *args)

    assert result.code == 0, result.stdout
    assert sim.requests(DEVICE_DETAIL)[0]["body"] == {"deviceSerialNo": nvr["serialNo"]}
    device = result.json["data"]["device"]
    assert device["baseInfo"]["id"] == nvr["id"]
    assert len(device["cameraChannel"]) == len(nvr["cameras"])
    assert {"id", "name", "no", "online", "area"} <= set(device["cameraChannel"][0])


@pytest.mark.parametrize("serial", ["J8810-6219", "ABCDEFGHIJ1234567", ""])
def test_device_detail_bad_serial_exits_2_without_a_request(sim, run, serial):
    result = run(SCRIPTS + "device_detail.py", serial)

    assert result.code == 2 and result.json["success"] is False
    assert sim.requests() == []


def test_device_detail_two_different_serials_exit_2(sim, run):
    result = run(SCRIPTS + "device_detail.py", "J88106219", "--serial", "F68147103")

    assert result.code == 2 and "two different" in result.json["message"]
    assert sim.requests() == []


def test_device_detail_unknown_device_gives_the_platforms_code_and_hint(sim, run):
    result = run(SCRIPTS + "device_detail.py", "Z00000000")

    assert result.code == 1
    assert result.json["errorCode"] == "OPEN000501"
    assert result.json["hint"] == hint_for("OPEN000501")


def test_device_detail_injected_platform_error(sim, run):
    sim.sim.fail_next(code="OPEN000008", path=DEVICE_DETAIL)

    result = run(SCRIPTS + "device_detail.py", device_of(sim, "nvr")["serialNo"])

    assert result.code == 1
    assert result.json["errorCode"] == "OPEN000008"
    assert result.json["hint"] == hint_for("OPEN000008")


# ---- device_channels ---------------------------------------------------------------------

def test_device_channels_gives_resource_id_and_channel_no(sim, run):
    nvr = device_of(sim, "nvr")

    result = run(SCRIPTS + "device_channels.py", "--serial", nvr["serialNo"], "--detail", "full")

    assert result.code == 0, result.stdout
    body = sim.requests(CAMERAS_GET)[0]["body"]
    assert body == {"pageIndex": 1, "pageSize": 100,
                    "filter": {"includeSubArea": "0", "deviceSerialNo": nvr["serialNo"]}}
    data = result.json["data"]
    assert data["deviceSerial"] == nvr["serialNo"] and data["total"] == len(nvr["cameras"])
    channels = data["camera"]
    assert [channel["channelNo"] for channel in channels] == list(
        range(1, len(nvr["cameras"]) + 1))
    first = channels[0]
    assert first["resourceId"] == first["id"] == nvr["cameras"][0]["id"]
    assert first["channelId"] == first["device"]["channelInfo"]["id"]
    assert first["deviceSerial"] == nvr["serialNo"] and first["deviceId"] == nvr["id"]
    assert {"name", "online", "abilitySet", "area", "device"} <= set(first)


def test_device_channels_all_reads_at_500(sim, run):
    nvr = device_of(sim, "nvr")

    result = run(SCRIPTS + "device_channels.py", nvr["serialNo"], "--all")

    assert result.code == 0
    assert sim.requests(CAMERAS_GET)[0]["body"]["pageSize"] == 500
    assert result.json["data"]["pagesRead"] == [1]


def test_device_channels_of_a_device_without_cameras_says_so(sim, run):
    acs = device_of(sim, "acs")

    result = run(SCRIPTS + "device_channels.py", acs["serialNo"])

    assert result.code == 0
    assert result.json["data"]["camera"] == []
    assert result.json["data"]["unassignedChannels"] == []
    assert "no camera channel" in result.json["message"]
    assert len(sim.requests(DEVICE_DETAIL)) == 1


def test_device_channels_table_shows_the_ids(sim, run):
    nvr = device_of(sim, "nvr")

    result = run(SCRIPTS + "device_channels.py", nvr["serialNo"], "--format", "table")

    assert result.code == 0
    assert "resourceId" in result.stdout and nvr["cameras"][0]["id"] in result.stdout


def test_device_channels_needs_a_serial(sim, run):
    result = run(SCRIPTS + "device_channels.py")

    assert result.code == 2 and sim.requests() == []


# ---- add_device --------------------------------------------------------------------------

def test_add_device_sends_the_guides_body(sim, run):
    serial, code = field_device(sim)
    area = sim.sim.world.root["id"]

    result = run(SCRIPTS + "add_device.py", "--category", "encodingDevice", "--serial", serial,
                 "--verify-code", code, "--name", "Gate NVR", "--user-name", "admin",
                 "--password-env", "DEV_PW", "--time-zone-id", "31", "--apply-time-zone",
                 "--import-to-area", "--area-id", area, env={"DEV_PW": "Secret123"})

    assert result.code == 0, result.stdout
    assert sim.requests(DEVICES_ADD)[0]["body"] == {
        "deviceCategory": "encodingDevice",
        "deviceInfo": {"name": "Gate NVR", "ezvizSerialNo": serial, "ezvizVerifyCode": code,
                       "userName": "admin", "password": "Secret123"},
        "timeZone": {"id": "31", "applyToDevice": "1"},
        "importToArea": {"enable": 1, "areaID": area}}
    answer = result.json["data"]["addDeviceResponse"]
    assert answer["succeeded"] == 1 and answer["deviceList"][0]["errorCode"] == "0"
    assert "Secret123" not in result.stdout + result.stderr
    assert sim.sim.world.device_by_serial(serial)["areaId"] == area


def test_add_device_defaults_to_the_platforms_time_zone(sim, run):
    serial, code = field_device(sim)

    result = run(SCRIPTS + "add_device.py", "--category", "encodingDevice", "--serial", serial,
                 "--verify-code", code, "--name", "Gate")

    assert result.code == 0, result.stdout
    assert len(sim.requests(TIMEZONE_GET)) == 1
    body = sim.requests(DEVICES_ADD)[0]["body"]
    assert body["timeZone"] == {"id": "30", "applyToDevice": "0"}
    assert "importToArea" not in body and "vehicleInfo" not in body


def test_add_device_per_device_failure_exits_1_with_the_hint(sim, run):
    serial, _ = field_device(sim)

    result = run(SCRIPTS + "add_device.py", "--category", "encodingDevice", "--serial", serial,
                 "--verify-code", "WRONGX", "--name", "Gate", "--time-zone-id", "30")

    assert result.code == 1
    document = result.json
    assert document["success"] is False and document["errorCode"] == "EVZ20010"
    assert document["hint"] == hint_for("EVZ20010")
    failed = document["data"]["failed"]
    assert failed[0]["deviceSerial"] == serial and failed[0]["errorCode"] == "EVZ20010"
    assert failed[0]["hint"] == hint_for("EVZ20010")
    assert document["data"]["response"]["addDeviceResponse"]["failed"] == 1


@pytest.mark.parametrize("extra", [
    ["--category", "mobileDevice"],                                 # needs a vehicle
    ["--category", "encodingDevice", "--license-plate", "AB123"],   # vehicle on a camera
    ["--category", "encodingDevice", "--area-id", "abc"],           # area without import
    ["--category", "encodingDevice", "--password-env", "UNSET_VAR_X"],
])
def test_add_device_bad_input_exits_2_without_a_request(sim, run, extra):
    result = run(SCRIPTS + "add_device.py", "--serial", "G81652987", "--verify-code", "ABCDEF",
                 "--name", "Gate", *extra)

    assert result.code == 2, result.stdout
    assert sim.requests() == []


def test_add_device_bad_serial_exits_2(sim, run):
    result = run(SCRIPTS + "add_device.py", "--category", "encodingDevice", "--serial",
                 "G8165-2987", "--verify-code", "ABCDEF", "--name", "Gate")

    assert result.code == 2 and sim.requests() == []


def test_add_on_board_device_sends_vehicle_info(sim, run):
    sim.sim.fail_next(code="EVZ20002", path=DEVICES_ADD)  # no on-board kind in the simulator

    result = run(SCRIPTS + "add_device.py", "--category", "mobileDevice", "--serial",
                 "G81652987", "--verify-code", "ABCDEF", "--name", "Bus 7", "--time-zone-id",
                 "30", "--license-plate", "AB-123", "--vehicle-type", "bus")

    assert result.code == 1 and result.json["errorCode"] == "EVZ20002"
    assert result.json["hint"] == hint_for("EVZ20002")
    body = sim.requests(DEVICES_ADD)[0]["body"]
    assert body["vehicleInfo"] == {"licensePlateNo": "AB-123", "vehicleType": 3}


# ---- update_device -----------------------------------------------------------------------

def test_update_device(sim, run):
    nvr = device_of(sim, "nvr")

    result = run(SCRIPTS + "update_device.py", "--device-id", nvr["id"], "--name", "Lobby NVR",
                 "--time-zone-id", "31")

    assert result.code == 0, result.stdout
    assert sim.requests(DEVICES_UPDATE)[0]["body"] == {
        "deviceInfo": {"id": nvr["id"], "name": "Lobby NVR"},
        "timeZone": {"id": "31", "applyToDevice": "0"}}
    assert result.json["data"] == {"deviceId": nvr["id"], "updated": ["name", "timeZone"]}
    assert nvr["name"] == "Lobby NVR"


def test_update_device_unknown_id_gives_the_hint(sim, run):
    result = run(SCRIPTS + "update_device.py", "--device-id", "0" * 32, "--name", "X")

    assert result.code == 1 and result.json["errorCode"] == "OPEN000501"
    assert result.json["hint"] == hint_for("OPEN000501")


def test_update_device_apply_without_zone_exits_2(sim, run):
    result = run(SCRIPTS + "update_device.py", "--device-id", "abc", "--name", "X",
                 "--apply-time-zone")

    assert result.code == 2 and sim.requests() == []


# ---- delete_device -----------------------------------------------------------------------

def test_delete_device_without_yes_is_a_dry_run(sim, run):
    nvr = device_of(sim, "nvr")

    result = run(SCRIPTS + "delete_device.py", "--device-id", nvr["id"], "--category",
                 "encodingDevice")

    assert result.code == 0
    assert result.json["data"]["dryRun"] is True
    assert result.json["data"]["wouldSend"] == {"deviceID": [nvr["id"]],
                                                "deviceCategory": "encodingDevice"}
    assert sim.requests() == []
    assert sim.sim.world.device_by_id.get(nvr["id"]) is nvr


def test_delete_device_with_yes(sim, run):
    devices = [device for device in sim.sim.world.devices if device["kind"] == "ipc"][:2]
    ids = [device["id"] for device in devices]

    result = run(SCRIPTS + "delete_device.py", "--device-id", ",".join(ids), "--category",
                 "encodingDevice", "--yes")

    assert result.code == 0, result.stdout
    assert sim.requests(DEVICES_DELETE)[0]["body"] == {"deviceID": ids,
                                                       "deviceCategory": "encodingDevice"}
    assert result.json["data"]["deleted"] == ids
    assert all(device_id not in sim.sim.world.device_by_id for device_id in ids)


def test_delete_device_platform_error(sim, run):
    acs = device_of(sim, "acs")

    result = run(SCRIPTS + "delete_device.py", "--device-id", acs["id"], "--category",
                 "encodingDevice", "--yes")

    assert result.code == 1 and result.json["errorCode"] == "OPEN000501"
    assert result.json["hint"] == hint_for("OPEN000501")


@pytest.mark.parametrize("args", [
    ("--device-id", "a b", "--category", "encodingDevice"),
    ("--device-id", "abc", "--category", "encodingDevice", "--delete-vehicle", "--yes"),
    ("--device-id", "abc", "--category", "nope"),
])
def test_delete_device_bad_input(sim, run, args):
    result = run(SCRIPTS + "delete_device.py", *args)

    assert result.code == 2 and sim.requests() == []


# ---- refresh_device ----------------------------------------------------------------------

def test_refresh_device_by_id_and_serial(sim, run):
    nvr, ipc = device_of(sim, "nvr"), device_of(sim, "ipc")

    result = run(SCRIPTS + "refresh_device.py", "--device-id", nvr["id"], "--serial",
                 ipc["serialNo"])

    assert result.code == 0, result.stdout
    paths = [entry["path"] for entry in sim.requests(f"{BASE}/device*")]
    assert paths == [DEVICE_DETAIL, f"{BASE}/device/{nvr['id']}/refresh",
                     f"{BASE}/device/{ipc['id']}/refresh"]
    devices = result.json["data"]["device"]
    assert devices[0] == {"deviceId": nvr["id"], "status": nvr["onlineStatus"],
                          "online": nvr["onlineStatus"] == 1}
    assert devices[1]["deviceSerial"] == ipc["serialNo"]


def test_refresh_unknown_device_is_an_item_failure(sim, run):
    nvr = device_of(sim, "nvr")

    result = run(SCRIPTS + "refresh_device.py", "--device-id", f"{nvr['id']},{'0' * 32}")

    assert result.code == 1
    assert result.json["errorCode"] == "CCF021307"
    assert result.json["hint"] == hint_for("CCF021307")
    assert [item["deviceId"] for item in result.json["data"]["failed"]] == ["0" * 32]
    assert result.json["data"]["succeededCount"] == 1


def test_refresh_unknown_serial_refreshes_nothing(sim, run):
    nvr = device_of(sim, "nvr")

    result = run(SCRIPTS + "refresh_device.py", "--device-id", nvr["id"], "--serial", "Z00000000")

    assert result.code == 1 and result.json["errorCode"] == "OPEN000501"
    assert sim.requests(f"{BASE}/device/*/refresh") == []


@pytest.mark.parametrize("args", [("--device-id", "../devices"), ("--device-id", "a.b"),
                                  ("--serial", "J-1"), ()])
def test_refresh_bad_input_sends_nothing(sim, run, args):
    result = run(SCRIPTS + "refresh_device.py", *args)

    assert result.code == 2 and sim.requests() == []


# ---- list_timezones ----------------------------------------------------------------------

def test_list_timezones(sim, run):
    result = run(SCRIPTS + "list_timezones.py", "--search", "berlin")

    assert result.code == 0
    assert sim.requests(TIMEZONE_GET)[0]["body"] == {}
    data = result.json["data"]
    assert data["systemTimeZoneID"] == "30" and data["count"] == 1
    assert data["timeZone"][0] == {"id": "31", "displayName": data["timeZone"][0]["displayName"]}
    full = run(SCRIPTS + "list_timezones.py", "--name", "AMSTERDAM berlin", "--detail", "full")
    assert [zone["id"] for zone in full.json["data"]["timeZone"]] == ["31"]
    assert {"standardName", "displayName", "bias", "dst"} <= set(full.json["data"]["timeZone"][0])


def test_list_timezones_platform_error(sim, run):
    sim.sim.fail_next(code="OPEN000007", path=TIMEZONE_GET, count=2)

    result = run(SCRIPTS + "list_timezones.py")

    assert result.code == 1 and result.json["errorCode"] == "OPEN000007"
    assert result.json["hint"] == hint_for("OPEN000007")
