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
    return sim_factory(devices=FLEET_MIN_DEVICES)


def test_a_world_of_20_ends_with_the_fleet() -> None:
    world = World(devices=20, seed=7)
    plain = World(seed=7)
    assert len(world.devices) == 20
    assert [d["serialNo"] for d in world.devices[:12]] == [d["serialNo"] for d in plain.devices]
    assert list(world.field_devices) == list(plain.field_devices)
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
