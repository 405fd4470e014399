"""Simulator 5.2 resource APIs: stateful devices, areas, channels and alarm outputs."""

from __future__ import annotations

from typing import Any

import pytest

RES = "/api/hccgw/resource/v1"
ALL = {"areaID": "", "includeSubArea": "1", "deviceID": "", "deviceSerialNo": ""}


@pytest.fixture
def server(sim_factory: Any) -> Any:
    return sim_factory(rate_limit=False, devices=20, seed=5)


def data(server: Any, path: str, body: Any = None) -> Any:
    answer = server.api(RES + path, body)
    assert answer["errorCode"] == "0", answer
    return answer.get("data")


def serials(server: Any) -> set[str]:
    listed = data(server, "/devices/get", {"pageIndex": 1, "pageSize": 500})["device"]
    return {device["serialNo"] for device in listed}


def add_body(serial: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"deviceCategory": "encodingDevice",
            "deviceInfo": {"name": "Gate cam", "ezvizSerialNo": serial, "ezvizVerifyCode": code},
            "timeZone": {"id": "30", "applyToDevice": "1"}, **extra}


def test_add_then_delete_a_device_round_trip(server: Any) -> None:
    field = next(entry for entry in server.sim.world.field_devices.values()
                 if entry["kind"] == "ipc" and not entry["otherAccount"])
    area = server.sim.world.areas[1]
    result = data(server, "/devices/add", add_body(
        field["serial"], field["verifyCode"], importToArea={"areaID": area["id"], "enable": "1"}))
    added = result["addDeviceResponse"]
    assert (added["succeeded"], added["failed"], added["total"]) == (1, 0, 1)
    item = added["deviceList"][0]
    assert item["errorCode"] == "0" and item["deviceSerial"] == field["serial"]
    assert field["serial"] in serials(server)
    cameras = data(server, "/areas/cameras/get", {"pageIndex": 1, "pageSize": 10, "filter": {
        "deviceSerialNo": field["serial"]}})["camera"]
    assert [camera["area"]["id"] for camera in cameras] == [area["id"]]

    again = data(server, "/devices/add", add_body(field["serial"], field["verifyCode"]))
    assert again["addDeviceResponse"]["deviceList"][0]["errorCode"] == "EVZ20017"

    assert server.api(RES + "/devices/delete", {"deviceID": [item["deviceId"]],
                                                "deviceCategory": "encodingDevice"}) == {
        "errorCode": "0"}
    assert field["serial"] not in serials(server)
    gone = server.api(RES + "/devices/delete", {"deviceID": [item["deviceId"]],
                                                "deviceCategory": "encodingDevice"})
    assert gone["errorCode"] == "OPEN000501"


@pytest.mark.parametrize("case, code", [
    ("wrong-code", "EVZ20010"), ("unknown", "EVZ20002"), ("other-account", "EVZ20013"),
    ("bad-serial", "EVZ20014")])
def test_adding_devices_reports_per_device_errors(server: Any, case: str, code: str) -> None:
    fields = server.sim.world.field_devices.values()
    mine = next(entry for entry in fields if not entry["otherAccount"])
    theirs = next(entry for entry in fields if entry["otherAccount"])
    serial, verify = {"wrong-code": (mine["serial"], "WRONGX"),
                      "unknown": ("Q12345678", "ABCDEF"),
                      "other-account": (theirs["serial"], theirs["verifyCode"]),
                      "bad-serial": ("12-34", "ABCDEF")}[case]
    result = data(server, "/devices/add", add_body(serial, verify))["addDeviceResponse"]
    assert result["failed"] == 1 and result["deviceList"][0]["errorCode"] == code


def test_add_checks_types_and_required_fields(server: Any) -> None:
    body = add_body("Q12345678", "ABCDEF")
    del body["timeZone"]
    assert server.api(RES + "/devices/add", body)["errorCode"] == "OPEN000010"
    body = add_body("Q12345678", "ABCDEF")
    body["deviceInfo"]["ezvizSerialNo"] = 12345678
    assert server.api(RES + "/devices/add", body)["errorCode"] == "OPEN000008"


def test_device_filters_and_detail(server: Any) -> None:
    world = server.sim.world
    nvr = next(device for device in world.devices if device["kind"] == "nvr")
    search = {"pageIndex": 1, "pageSize": 50, "filter": {"matchKey": nvr["serialNo"].lower()}}
    found = data(server, "/devices/get", {**search, "deviceCategory": "encodingDevice"})
    assert [device["id"] for device in found["device"]] == [nvr["id"]]
    assert server.api(RES + "/devices/get", search) == {
        "errorCode": "OPEN000010", "message": "Device category is request{OPEN000010}"}
    for category in ("camera", "encodingDevice,alarmDevice"):  # unknown; several need a job
        assert server.api(RES + "/devices/get", {**search, "deviceCategory": category}) == {
            "errorCode": "OPEN000010", "message": "Device category not support"}
    doors = data(server, "/devices/get", {"pageIndex": 1, "pageSize": 50,
                                          "deviceCategory": "accessControllerDevice"})
    assert doors["totalCount"] == sum(d["kind"] == "acs" for d in world.devices) > 0
    detail = data(server, "/devicedetail/get", {"deviceSerialNo": nvr["serialNo"] + " "})
    device = detail["device"]
    assert device["baseInfo"]["serialNo"] == nvr["serialNo"]
    assert device["baseInfo"]["availableCameraChannelNum"] == str(len(nvr["cameras"]))
    assert [channel["no"] for channel in device["cameraChannel"]] == [
        str(no) for no in range(1, len(nvr["cameras"]) + 1)]
    assert device["onlineStatus"] == nvr["onlineStatus"]
    assert server.api(RES + "/devicedetail/get", {"deviceSerialNo": "Z00000000"})[
        "errorCode"] == "OPEN000501"
    assert server.api(RES + "/devicedetail/get", {"deviceSerialNo": "Z" * 17})[
        "errorCode"] == "OPEN000010"  # the guide's maximum length is 16


def test_refresh_reports_status_in_data(server: Any) -> None:
    device = server.sim.world.devices[0]
    server.sim.set_device_online(device["serialNo"], False)
    assert data(server, f"/device/{device['id']}/refresh") == {"deviceId": device["id"],
                                                              "status": 0}
    unknown = data(server, "/device/" + "0" * 32 + "/refresh")
    assert unknown["errorCode"] == "CCF021307"


def test_areas_add_get_and_detail(server: Any) -> None:
    root = server.sim.world.root
    created = data(server, "/areas/add", {"parentAreaID": root["id"], "areaName": "Roof"})
    child = data(server, "/areas/add", {"parentAreaID": created["areaID"], "areaName": "East"})
    assert server.api(RES + "/areas/add", {"parentAreaID": root["id"], "areaName": "Roof"})[
        "errorCode"] == "OPEN000510"
    direct = data(server, "/areas/get", {"pageIndex": 1, "pageSize": 50, "filter": {
        "parentAreaID": root["id"], "includeSubArea": "0"}})["area"]
    assert "Roof" in [area["name"] for area in direct] and "East" not in [
        area["name"] for area in direct]
    roof = next(area for area in direct if area["name"] == "Roof")
    assert roof["existSubArea"] == 1
    deep = data(server, "/areas/get", {"pageIndex": 1, "pageSize": 50, "filter": {
        "parentAreaID": root["id"], "includeSubArea": 1}})["area"]
    assert "East" in [area["name"] for area in deep]
    detail = data(server, "/areadetail/get", {"areaID": [child["areaID"], "test"]})["area"]
    assert detail[0]["areaPath"] == "Head Office->Roof->East"
    assert detail[1]["errorCode"] == "VMS021101"


def test_moving_a_camera_between_areas(server: Any) -> None:
    world = server.sim.world
    camera = world.channels("camera")[0]
    target = next(area for area in world.areas[1:] if area["id"] != camera["areaId"])
    moved = data(server, "/areas/resources/add", {"areaID": target["id"], "devChannel": [
        {"resourceName": "Moved cam", "resourceType": "camera",
         "channelID": camera["channelId"]}]})
    assert moved["devChannel"][0] == {"id": camera["id"], "name": "Moved cam",
                                      "channelID": camera["channelId"],
                                      "resourceType": "camera", "errorCode": "0"}
    listed = data(server, "/areas/cameras/get", {"pageIndex": 1, "pageSize": 500, "filter": {
        "areaID": target["id"], "includeSubArea": "0"}})["camera"]
    assert camera["id"] in [item["id"] for item in listed]
    assert server.api(RES + "/areas/resources/delete", {"ids": [camera["id"]]}) == {
        "errorCode": "0"}
    assert camera["areaId"] == ""


def test_channel_lists_have_the_guides_objects(server: Any) -> None:
    world = server.sim.world
    cameras = data(server, "/areas/cameras/get", {"pageIndex": 1, "pageSize": 500,
                                                  "filter": ALL})
    assert cameras["totalCount"] == len(world.channels("camera"))
    camera = cameras["camera"][0]
    assert set(camera) == {"id", "name", "abilitySet", "online", "area", "device"}
    assert set(camera["device"]["devInfo"]) == {"id", "category", "serialNo",
                                                "streamSecretKey"}
    assert set(camera["device"]["channelInfo"]) == {"id", "no"}
    doors = data(server, "/areas/doors/get", {"pageIndex": 1, "pageSize": 500, "filter": ALL})
    assert doors["totalCount"] == len(world.channels("door")) > 0
    assert "abilitySet" not in doors["door"][0]
    inputs = data(server, "/areas/alarminputs/get", {"pageIndex": 1, "pageSize": 10,
                                                     "filter": ALL})
    assert inputs["pageSize"] == 10 and len(inputs["alarmInput"]) == 10
    missing = server.api(RES + "/areas/doors/get", {"pageIndex": 1, "pageSize": 10,
                                                    "filter": {"areaID": ""}})
    assert missing["errorCode"] == "OPEN000010"  # includeSubArea is required for doors


def test_alarm_outputs_switch_and_report(server: Any) -> None:
    world = server.sim.world
    output = next(channel for channel in world.channels("alarmOutput")
                  if world.channel_online(channel))
    switched = data(server, "/areas/alarmoutputs/control", {"alarmOutputOperation": [
        {"alarmOutputID": output["id"], "operation": 1},
        {"alarmOutputID": "f" * 32, "operation": 1}]})["alarmOutputOperation"]
    assert switched[0] == {"alarmOutputID": output["id"], "alarmOutputState": 1,
                           "errorCode": "0"}
    assert switched[1]["errorCode"] == "VMS000003"
    status = data(server, "/areas/alarmoutputs/status/get", {"alarmOutputID": [output["id"]]})
    assert status["alarmOutput"] == [{"id": output["id"], "status": 1, "errorCode": "0"}]
    off_then_on = data(server, "/areas/alarmoutputs/control", {"alarmOutputOperation": [
        {"alarmOutputID": output["id"], "operation": 0},
        {"alarmOutputID": output["id"], "operation": -1}]})["alarmOutputOperation"]
    assert [item["alarmOutputState"] for item in off_then_on] == [0, 1]  # the table's -1: on
    wrong_type = server.api(RES + "/areas/alarmoutputs/control", {"alarmOutputOperation": [
        {"alarmOutputID": output["id"], "operation": "1"}]})
    assert wrong_type["errorCode"] == "OPEN000008"


def test_alarm_input_status_takes_at_most_eight_ids(server: Any) -> None:
    inputs = server.sim.world.channels("alarmInput")
    status = data(server, "/areas/alarminputs/status/get",
                  {"alarmIntputID": [inputs[0]["id"], "unknown"]})["alarmInput"]
    assert [item["id"] for item in status] == [inputs[0]["id"]]
    assert status[0]["status"] in (0, 1, 2)
    too_many = server.api(RES + "/areas/alarminputs/status/get",
                          {"alarmIntputID": [item["id"] for item in inputs[:9]]})
    assert too_many["errorCode"] == "OPEN000024"


def test_time_zones(server: Any) -> None:
    zones = data(server, "/timezone/get")
    assert zones["systemTimeZoneID"] in {zone["id"] for zone in zones["timeZone"]}
    assert set(zones["timeZone"][0]) == {"id", "standardName", "displayName", "bias", "dst"}
