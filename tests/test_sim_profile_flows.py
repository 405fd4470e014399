"""The core flows (list every device, capture a picture, open doors) against both simulator
profiles: what the guide says, and what the live platform does (string paging accepted,
tokens revoked before they expire...). The field runs revoke tokens after 2 or 3 calls, so
every flow meets a revoked token and must get through it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ScriptRun, environment_for, run_script, sim_secrets

LIST_DEVICES = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
CAPTURE = "modules/Hik-Connect_Team_Capture/scripts/capture_pic.py"
CONTROL = "modules/Hik-Connect_Team_ACS/scripts/acs_control.py"
PROFILES = {"guide": {}, "field": {"behaviour": {"token_uses": [2, 3]}}}


class Profiled:
    """A simulator of one profile and a runner of scripts against it."""

    def __init__(self, server: Any, tmp_path: Path) -> None:
        self.server = server
        self.env = environment_for(server, tmp_path)

    def run(self, script: str, *args: str) -> ScriptRun:
        return run_script(script, *args, env=self.env,
                          secrets=lambda: sim_secrets(self.server))

    def revoked(self) -> int:
        return self.server.sim.stats()["tokensRevoked"]


@pytest.fixture(params=sorted(PROFILES))
def profiled(request: Any, sim_factory: Callable[..., Any], tmp_path: Path) -> Profiled:
    return Profiled(sim_factory(profile=request.param, **PROFILES[request.param],
                                devices=1100, rate_limit=False), tmp_path)


def test_list_every_device(profiled: Profiled) -> None:
    result = profiled.run(LIST_DEVICES, "--all")

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["total"] == data["count"] == 1100
    assert data["pagesRead"] == [1, 2, 3]
    serials = [device["serialNo"] for device in data["device"]]
    assert len(set(serials)) == 1100
    if profiled.server.profile == "field":
        assert profiled.revoked() >= 1


def test_capture_a_picture(profiled: Profiled, tmp_path: Path) -> None:
    device = next(device for device in profiled.server.sim.world.devices
                  if device["onlineStatus"] and device["cameras"]
                  and not device["streamEncrypt"])
    target = tmp_path / "picture.jpg"

    for _ in range(3):
        result = profiled.run(CAPTURE, device["serialNo"], "--output", str(target))

        assert result.code == 0, result.stdout
        assert result.json["data"]["bytes"] == target.stat().st_size > 0
    captures = profiled.server.requests("/api/hccgw/resource/v1/device/capturePic")
    assert sum(entry["status"] == 200 for entry in captures) >= 3
    if profiled.server.profile == "field":
        assert profiled.revoked() >= 1


def test_open_doors(profiled: Profiled) -> None:
    world = profiled.server.sim.world
    doors = [door["id"] for device in world.devices if device["onlineStatus"]
             for door in device["doors"]][:3]

    results = [profiled.run(CONTROL, "--door-id", door, "--action", "open") for door in doors]

    assert [result.code for result in results] == [0, 0, 0], results[-1].stdout
    states = profiled.server.sim.store("acs.doorStates", dict)
    assert [states[door]["state"] for door in doors] == ["unlocked"] * 3
    if profiled.server.profile == "field":
        assert profiled.revoked() >= 1


def test_the_region_of_the_keys_is_found_among_field_hosts(sim_factory: Callable[..., Any],
                                                           tmp_path: Path) -> None:
    # One account (the same seed: the same keys) on the default host and two regional hosts
    # of the live platform; only the account's own region knows the keys, the others answer
    # OPEN000001.
    hosts = {region: sim_factory(profile="field", region=region, account_region="sgp")
             for region in ("default", "us", "sgp")}
    env = environment_for(hosts["sgp"], tmp_path)
    del env["HIK_CONNECT_TEAM_OPENAPI_BASE_URL"]
    env["HIK_CONNECT_TEAM_REGION_HOSTS"] = ",".join(
        f"{region}={server.base_url}" for region, server in hosts.items())

    result = run_script(LIST_DEVICES, env=env, secrets=lambda: sim_secrets(hosts["sgp"]))

    assert result.code == 0, result.stdout
    assert "region sgp" in result.stderr
    assert [len(server.requests("/api/hccgw/resource/v1/devices/get"))
            for server in hosts.values()] == [0, 0, 1]


def test_list_every_person(profiled: Profiled) -> None:
    # The guide types persons/list's data as an array (no total): the client counts; the
    # live platform's object carries totalCount.
    from hctsim.routes_person import persons, persons_add

    for number in range(5):
        persons_add(profiled.server.sim, {
            "groupId": "378117915440051199", "personCode": f"P{number}", "firstName": "Test",
            "lastName": str(number), "gender": 2, "startDate": "2025-01-01T00:00:00+08:00",
            "endDate": "2030-01-01T00:00:00+08:00"}, None)

    result = profiled.run("modules/Hik-Connect_Team_Person/scripts/list_persons.py", "--all")

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["total"] == data["count"] == len(persons(profiled.server.sim)) == 5
