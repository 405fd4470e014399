"""Simulator rules taken from the guide's text: devices/add and devices/update limits, the
automatic area of importToArea, area-bound resource lists and the offline history."""

from __future__ import annotations

import time
from typing import Any

import pytest

RES = "/api/hccgw/resource/v1"
OFFLINE = "/api/hccgw/maintain/v1/offline/info/list"
HOUR_MS = 3_600_000


@pytest.fixture
def server(sim_factory: Any) -> Any:
    return sim_factory(rate_limit=False, seed=3)


def field_device(server: Any) -> dict[str, Any]:
    return next(entry for entry in server.sim.world.field_devices.values()
                if entry["kind"] == "ipc" and not entry["otherAccount"])


def add_body(serial: str, code: str | None, **extra: Any) -> dict[str, Any]:
    info: dict[str, Any] = {"name": "Gate cam", "ezvizSerialNo": serial}
    if code is not None:
        info["ezvizVerifyCode"] = code
    return {"deviceCategory": "encodingDevice", "deviceInfo": info,
            "timeZone": {"id": "30", "applyToDevice": "0"}, **extra}


def add_code(server: Any, body: dict[str, Any]) -> str:
    answer = server.api(RES + "/devices/add", body)
    assert answer["errorCode"] == "0", answer
    return answer["data"]["addDeviceResponse"]["deviceList"][0]["errorCode"]


def test_import_without_area_id_creates_an_area_named_after_the_device(server: Any) -> None:
    field = field_device(server)
    world = server.sim.world
    body = add_body(field["serial"], field["verifyCode"],
                    importToArea={"enable": 1, "areaID": ""})

    assert add_code(server, body) == "0"

    device = world.device_by_serial(field["serial"])
    area = world.area_by_id[device["areaId"]]
    assert area["name"] == "Gate cam" and area["parentAreaID"] == world.root["id"]
    assert {channel["areaId"] for channel in world.device_channels(device)} == {area["id"]}
    second = world.add_field_device(kind="ipc")
    assert add_code(server, add_body(second["serial"], second["verifyCode"],
                                     importToArea={"enable": "1"})) == "0"
    assert world.device_by_serial(second["serial"])["areaId"] == area["id"]  # reused
    assert sum(1 for item in world.areas if item["name"] == "Gate cam") == 1


def test_import_into_an_unknown_area_is_refused(server: Any) -> None:
    field = field_device(server)
    body = add_body(field["serial"], field["verifyCode"],
                    importToArea={"enable": 1, "areaID": "f" * 32})
    assert server.api(RES + "/devices/add", body)["errorCode"] == "OPEN000031"


@pytest.mark.parametrize("serial, code", [
    ("A" + "1" * 29, "EVZ20002"),    # 30 characters: a valid serial, not in the field
    ("A1234567", "EVZ20002"),        # shorter than the demo serials is still a serial
    ("A" + "1" * 30, "EVZ20014"),    # 31 characters
    ("A1234-567", "EVZ20014"),
])
def test_serials_up_to_30_characters(server: Any, serial: str, code: str) -> None:
    assert add_code(server, add_body(serial, "ABCDEF")) == code


def test_a_claimed_30_character_serial(server: Any) -> None:
    serial = "Q" + "7" * 29
    field = server.sim.world.add_field_device(serial=serial, verify_code="ABCDEF")
    assert add_code(server, add_body(serial, field["verifyCode"])) == "0"


@pytest.mark.parametrize("change", [
    lambda body: body["deviceInfo"].pop("ezvizVerifyCode"),
    lambda body: body["deviceInfo"].pop("name"),
    lambda body: body["deviceInfo"].update(ezvizVerifyCode="X" * 31),
    lambda body: body["deviceInfo"].update(name="N" * 65),
    lambda body: body["deviceInfo"].update(password="p" * 17),
    lambda body: body.update(deviceCategory="mobileDevice"),  # without vehicleInfo
])
def test_device_info_required_fields_and_lengths(server: Any, change: Any) -> None:
    field = field_device(server)
    body = add_body(field["serial"], field["verifyCode"])
    change(body)
    assert server.api(RES + "/devices/add", body)["errorCode"] == "OPEN000010"
    assert server.sim.world.device_by_serial(field["serial"]) is None


def test_update_name_is_required_and_at_most_32_characters(server: Any) -> None:
    device = server.sim.world.devices[0]

    def update(name: Any) -> str:
        info = {"id": device["id"]} if name is None else {"id": device["id"], "name": name}
        return server.api(RES + "/devices/update", {"deviceInfo": info})["errorCode"]

    assert update("N" * 33) == "OPEN000010"
    assert update(None) == "OPEN000010"
    assert update("") == "OPEN000010"
    assert update("N" * 32) == "0" and device["name"] == "N" * 32


def test_resource_lists_leave_out_channels_in_no_area(server: Any) -> None:
    world = server.sim.world
    field = field_device(server)
    assert add_code(server, add_body(field["serial"], field["verifyCode"])) == "0"
    added = world.device_by_serial(field["serial"])
    assert added["areaId"] == "" and added["cameras"]
    nvr = next(device for device in world.devices if len(device["cameras"]) > 1)
    removed = nvr["cameras"][0]
    assert server.api(RES + "/areas/resources/delete", {"ids": [removed["id"]]})[
        "errorCode"] == "0"

    def listed(filter_: dict[str, Any]) -> list[str]:
        answer = server.api(RES + "/areas/cameras/get", {"pageIndex": 1, "pageSize": 500,
                                                         "filter": filter_})
        return [camera["id"] for camera in answer["data"]["camera"]]

    assert listed({"deviceSerialNo": field["serial"]}) == []
    assert listed({"deviceID": added["id"]}) == []
    assert listed({"deviceID": nvr["id"]}) == [camera["id"] for camera in nvr["cameras"][1:]]
    everything = listed({"areaID": "", "includeSubArea": "1"})
    assert removed["id"] not in everything and added["cameras"][0]["id"] not in everything
    assert all(camera["area"]["id"] for camera in server.api(
        RES + "/areas/cameras/get", {"pageIndex": 1, "pageSize": 500, "filter": {}})[
        "data"]["camera"])


def offline(server: Any, start_ms: int, end_ms: int, **extra: Any) -> dict[str, Any]:
    answer = server.api(OFFLINE, {"startTime": start_ms, "endTime": end_ms, "page": 1,
                                  "pageSize": 100, "queryType": 0, **extra})
    assert answer["errorCode"] == "0", answer
    return answer["data"]


def test_offline_list_follows_the_history_of_the_period(sim_factory: Any) -> None:
    server = sim_factory(rate_limit=False, devices=200, seed=4)
    world = server.sim.world
    now_ms = int(time.time() * 1000)
    day = offline(server, now_ms - 24 * HOUR_MS, now_ms)
    with_history = [device for device in world.devices if device["offlineHistory"]]
    recovered = [device for device in with_history if device["onlineStatus"]]
    assert recovered, "some online devices have been offline"
    assert day["total"] == len(with_history)

    week_ago = offline(server, now_ms - 8 * 24 * HOUR_MS, now_ms - 7 * 24 * HOUR_MS)
    two_days = offline(server, now_ms - 72 * HOUR_MS, now_ms - 24 * HOUR_MS)
    assert week_ago["total"] < two_days["total"] < day["total"]
    for row in two_days["rows"]:
        device = world.device_by_serial(row["deviceSerial"])
        assert 1 <= row["offlineCount"] <= device["offlineCount"]
        assert 0 <= row["offlineDuration"] <= 48 * HOUR_MS
    before_the_world = offline(server, 0, int(world.created * 1000) - 10 * 24 * HOUR_MS)
    assert before_the_world["total"] == 0


def test_offline_duration_is_clipped_to_the_period(server: Any) -> None:
    world = server.sim.world
    device = next(device for device in world.devices if not device["offlineHistory"])
    server.sim.set_device_online(device["serialNo"], False)
    began_ms = int(device["offlineHistory"][0][0] * 1000)
    server.sim.advance(3600)
    server.sim.set_device_online(device["serialNo"], True)
    server.sim.advance(3600)

    def row(start_ms: int, end_ms: int) -> dict[str, Any] | None:
        rows = offline(server, start_ms, end_ms)["rows"]
        return next((item for item in rows if item["id"] == device["id"]), None)

    half = row(began_ms + 1_800_000, began_ms + 7_200_000)
    assert half is not None and half["offlineCount"] == 1
    assert abs(half["offlineDuration"] - 1_800_000) < 2000
    assert row(began_ms + 3_700_000, began_ms + 7_000_000) is None
    assert row(began_ms - 7_200_000, began_ms - 1) is None
    assert device["offlineCount"] == 1 and abs(device["offlineDuration"] - 3_600_000) < 2000


def test_offline_list_defaults_to_the_root_area(server: Any) -> None:
    world = server.sim.world
    field = field_device(server)
    assert add_code(server, add_body(field["serial"], field["verifyCode"])) == "0"
    server.sim.set_device_online(field["serial"], False)
    now_ms = int(server.sim.now() * 1000) + 1
    default = {row["deviceSerial"] for row in offline(server, now_ms - HOUR_MS, now_ms)["rows"]}
    assert field["serial"] not in default  # in no area, so not under the root
    nvr = next(device for device in world.devices if device["kind"] == "nvr")
    server.sim.set_device_online(nvr["serialNo"], False)
    rows = offline(server, now_ms - HOUR_MS, now_ms + 1000, areaId=world.root["id"])["rows"]
    assert nvr["serialNo"] in {row["deviceSerial"] for row in rows}


def test_device_detail_area_minus_one_includes_no_device(server: Any) -> None:
    detail = "/api/hccgw/maintenance/v1/list/device/detail"
    body = {"page": 1, "pageSize": 100, "deviceCategory": 2001}
    none = server.api(detail, {**body, "areaId": "-1", "includeSubArea": "1"})["data"]
    assert (none["totalNum"], none["devices"], none["hasNext"]) == (0, [], False)
    assert server.api(detail, body)["data"]["totalNum"] == 0  # absent: the default -1
    root = server.sim.world.root["id"]
    everything = server.api(detail, {**body, "areaId": root, "includeSubArea": "1"})["data"]
    encoders = [d for d in server.sim.world.devices if d["category"] == "encodingDevice"]
    assert everything["totalNum"] == len(encoders) > 0
