"""list_devices.py --search without --category: the live platform refuses filter.matchKey
without deviceCategory ("Device category is request{OPEN000010}"), so every category is
searched, one request each, and the devices merged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import environment_for, run_script, sim_secrets

LIST_DEVICES = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
DEVICES_GET = "/api/hccgw/resource/v1/devices/get"
CATEGORIES = ["encodingDevice", "accessControllerDevice", "alarmDevice", "mobileDevice",
              "videoIntercomDevice"]


def test_a_search_without_a_category_searches_each_category(sim: Any, run: Any) -> None:
    world = sim.sim.world
    expected = {device["serialNo"] for device in world.devices
                if "0" in device["name"].lower() or "0" in device["serialNo"].lower()
                or "0" in device["version"].lower()}
    assert {device["category"] for device in world.devices
            if device["serialNo"] in expected} > {"encodingDevice"}  # several categories match

    result = run(LIST_DEVICES, "--search", "0")

    assert result.code == 0, result.stdout
    bodies = [entry["body"] for entry in sim.requests(DEVICES_GET)]
    assert [body["deviceCategory"] for body in bodies] == CATEGORIES
    assert all(body["filter"] == {"matchKey": "0"} for body in bodies)
    data = result.json["data"]
    listed = [device["serialNo"] for device in data["device"]]
    assert sorted(listed) == sorted(expected) and data["total"] == len(expected)
    assert [entry["deviceCategory"] for entry in data["categoriesSearched"]] == CATEGORIES
    assert "Searched each device category" in result.json["message"]


def test_all_pages_of_each_category_are_read(sim_factory: Any, tmp_path: Path) -> None:
    server = sim_factory(devices=700, rate_limit=False)
    env = environment_for(server, tmp_path / "big")
    cameras = [device for device in server.sim.world.devices
               if device["category"] == "encodingDevice"]
    assert len(cameras) > 500  # two pages of encoding devices at 500 a page

    result = run_script(LIST_DEVICES, "--search", "v", "--all", env=env,
                        secrets=lambda: sim_secrets(server))

    assert result.code == 0, result.stdout
    encoding = [entry["body"]["pageIndex"] for entry in server.requests(DEVICES_GET)
                if entry["body"]["deviceCategory"] == "encodingDevice"]
    assert encoding == [1, 2]
    data = result.json["data"]
    assert data["count"] == data["total"] == len(server.sim.world.devices)
    assert len({device["serialNo"] for device in data["device"]}) == data["count"]


def test_a_search_with_a_category_is_one_request(sim: Any, run: Any) -> None:
    result = run(LIST_DEVICES, "--search", "0", "--category", "alarmDevice")

    assert result.code == 0, result.stdout
    (request,) = sim.requests(DEVICES_GET)
    assert request["body"]["deviceCategory"] == "alarmDevice"
    assert "categoriesSearched" not in result.json["data"]
