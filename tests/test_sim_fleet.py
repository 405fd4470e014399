"""The demo world's fleet of on-board, alarm and video intercom devices."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import environment_for, run_script, sim_secrets
from hctsim.world import FLEET_MIN_DEVICES, FLEET_SIZE, World

RES = "/api/hccgw/resource/v1"
LIST_DEVICES = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"


def by_category(world: World, category: str) -> list[dict[str, Any]]:
    return [device for device in world.devices if device["category"] == category]


@pytest.fixture
def server(sim_factory: Any) -> Any:
    return sim_factory(devices=FLEET_MIN_DEVICES, rate_limit=False)


def test_a_world_of_20_ends_with_the_fleet() -> None:
    world = World(devices=20, seed=7)
    plain = World(seed=7)
    assert len(world.devices) == 20
    assert [d["serialNo"] for d in world.devices[:12]] == [d["serialNo"] for d in plain.devices]
    assert list(world.field_devices)[:5] == list(plain.field_devices)
    (claimable,) = [entry for entry in world.field_devices.values() if entry["kind"] == "mobile"]
    assert claimable["serial"].startswith("M")
    mobiles = by_category(world, "mobileDevice")
    assert [device["name"] for device in mobiles] == [f"Mobile DVR {n:02d}" for n in (1, 2, 3, 4)]
    assert all(device["serialNo"][0] == "M" and len(device["serialNo"]) == 9
               for device in mobiles)
    assert [device["onlineStatus"] for device in mobiles] == [1, 1, 1, 0]
    assert len(by_category(world, "alarmDevice")) == 2
    assert len(by_category(world, "videoIntercomDevice")) == 2
    parking = next(area for area in world.areas if area["name"] == "Parking")
    assert {device["areaId"] for device in mobiles} == {parking["id"]}
    assert World(devices=20, seed=7).devices[-1]["serialNo"] == world.devices[-1]["serialNo"]


@pytest.mark.parametrize("count, fleet", [(19, 0), (20, FLEET_SIZE), (500, FLEET_SIZE), (0, 0),
                                          (None, 0)])
def test_device_count_includes_the_fleet(count: int | None, fleet: int) -> None:
    world = World(devices=count)
    assert len(world.devices) == (12 if count is None else count)
    others = [d for d in world.devices
              if d["category"] not in ("encodingDevice", "accessControllerDevice")]
    assert len(others) == fleet


def test_category_filter_lists_the_fleet(server: Any, tmp_path: Any) -> None:
    answer = server.api(RES + "/devices/get", {"pageIndex": 1, "pageSize": 50,
                                            "deviceCategory": "videoIntercomDevice"})
    assert [d["name"] for d in answer["data"]["device"]] == ["Door Station 01", "Door Station 02"]
    result = run_script(LIST_DEVICES, "--category", "mobileDevice",
                        env=environment_for(server, tmp_path),
                        secrets=lambda: sim_secrets(server))
    assert result.code == 0, result.stdout
    assert result.json["data"]["total"] == 4
    assert {device["category"] for device in result.json["data"]["device"]} == {"mobileDevice"}


def test_vehicles_link_to_the_worlds_on_board_devices(server: Any) -> None:
    world = server.sim.world
    mobiles = {device["id"]: device for device in by_category(world, "mobileDevice")}
    answer = server.api(RES + "/areas/vehicles/get", {"pageIndex": 1, "pageSize": 50, "filter": {
        "areaID": "-1", "includeSubArea": "1"}})
    linked = [vehicle["device"]["devInfo"] for vehicle in answer["data"]["vehicle"]
              if vehicle["device"]["devInfo"]["serialNo"]]
    assert len(linked) == 3
    for info in linked:
        assert mobiles[info["id"]]["serialNo"] == info["serialNo"]
    detail = server.api(RES + "/devicedetail/get", {"deviceSerialNo": linked[0]["serialNo"]})
    assert detail["data"]["device"]["baseInfo"]["category"] == "mobileDevice"


def on_board_add(server: Any, vehicle_info: dict[str, Any]) -> dict[str, Any]:
    field = next(entry for entry in server.sim.world.field_devices.values()
                 if entry["kind"] == "mobile")
    return server.api(RES + "/devices/add", {
        "deviceCategory": "mobileDevice",
        "deviceInfo": {"name": "Bus 9 DVR", "ezvizSerialNo": field["serial"],
                       "ezvizVerifyCode": field["verifyCode"]},
        "timeZone": {"id": "30", "applyToDevice": "0"}, "vehicleInfo": vehicle_info})


def vehicles(server: Any) -> list[dict[str, Any]]:
    return server.api(RES + "/areas/vehicles/get", {"pageIndex": 1, "pageSize": 50, "filter": {
        "areaID": "-1", "includeSubArea": "1"}})["data"]["vehicle"]


def test_adding_an_on_board_device_makes_its_vehicle(server: Any) -> None:
    answer = on_board_add(server, {"licensePlateNo": "BUS 9", "vehicleType": 3,
                                   "driverFirstName": "Ida"})
    added = answer["data"]["addDeviceResponse"]
    assert added["succeeded"] == 1, answer
    related = added["relatedVehicleInfo"]
    assert (related["licensePlateNo"], related["vehicleType"], related["driverFirstName"]) == (
        "BUS 9", 3, "Ida")
    serial = added["deviceList"][0]["deviceSerial"]
    listed = next(v for v in vehicles(server) if v["id"] == related["id"])
    assert listed["device"]["devInfo"]["serialNo"] == serial
    detail = server.api(RES + "/devicedetail/get", {"deviceSerialNo": serial})["data"]["device"]
    assert detail["relatedVehicleInfo"]["id"] == related["id"]

    device_id = added["deviceList"][0]["deviceId"]
    assert server.api(RES + "/devices/delete", {"deviceID": [device_id],
                                                "deviceCategory": "mobileDevice",
                                                "deleteVehicle": 1})["errorCode"] == "0"
    assert related["id"] not in {vehicle["id"] for vehicle in vehicles(server)}


def test_an_on_board_device_can_take_an_existing_vehicle(server: Any) -> None:
    free = next(v for v in vehicles(server) if not v["device"]["devInfo"]["serialNo"])
    added = on_board_add(server, {"vehicleID": free["id"]})["data"]["addDeviceResponse"]
    assert added["relatedVehicleInfo"]["id"] == free["id"]
    serial = added["deviceList"][0]["deviceSerial"]
    assert next(v for v in vehicles(server) if v["id"] == free["id"])["device"]["devInfo"][
        "serialNo"] == serial
    server.api(RES + "/devices/delete", {"deviceID": [added["deviceList"][0]["deviceId"]],
                                         "deviceCategory": "mobileDevice"})
    kept = next(v for v in vehicles(server) if v["id"] == free["id"])
    assert kept["device"]["devInfo"]["serialNo"] == ""


@pytest.mark.parametrize("vehicle_info, code", [
    ({"vehicleID": "f" * 32}, "OPEN000011"),
    ({"licensePlateNo": "KX21 ABC", "vehicleType": 1}, "OPEN000511"),  # a demo vehicle's plate
    ({"vehicleType": 1}, "OPEN000010"),
])
def test_a_refused_vehicle_leaves_the_device_in_the_field(server: Any, vehicle_info: Any,
                                                          code: str) -> None:
    world = server.sim.world
    before = len(world.devices)
    assert on_board_add(server, vehicle_info)["errorCode"] == code
    assert len(world.devices) == before
    assert any(entry["kind"] == "mobile" for entry in world.field_devices.values())
