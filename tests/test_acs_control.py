"""acs_control.py: the request body as A.3.138 types it, the all-doors guard (nothing sent),
and doors whose controller is offline reported one by one."""

from __future__ import annotations

from typing import Any

import pytest

CONTROL = "modules/Hik-Connect_Team_ACS/scripts/acs_control.py"
CONTROL_PATH = "/api/hccgw/acs/v1/remote/control"


def doors_by_controller(sim: Any) -> list[list[dict[str, Any]]]:
    return [device["doors"] for device in sim.sim.world.devices if device["doors"]]


def door_states(sim: Any) -> dict[str, dict[str, Any]]:
    return sim.sim.store("acs.doorStates", dict)


def test_open_sends_the_guides_types_and_opens_the_doors(sim, run) -> None:
    first, second = doors_by_controller(sim)[:2]
    ids = [first[0]["id"], second[0]["id"], second[-1]["id"]]

    result = run(CONTROL, "--door-id", f"{ids[0]},{ids[1]}", "--door-id", ids[2],
                 "--action", "open")

    assert result.code == 0, result.stdout
    (request,) = sim.requests(CONTROL_PATH)
    control = request["body"]["remoteControl"]
    assert control == {"actionType": 1, "elementlist": list(dict.fromkeys(ids)),
                       "direction": 0, "areaId": "", "depthTraversal": 0}
    assert all(type(control[key]) is int for key in ("actionType", "direction",
                                                     "depthTraversal"))
    assert all(isinstance(door, str) for door in control["elementlist"])
    assert {door: door_states(sim)[door]["state"] for door in ids} == dict.fromkeys(
        ids, "unlocked")
    assert result.json["data"]["operationResult"] == []


@pytest.mark.parametrize("args", [
    ("--action", "open"),                                      # empty list = EVERY door
    ("--action", "open", "--door-id", ""),                     # still empty
    ("--action", "open", "--area-id", "abc"),                  # an area means every door in it
    ("--action", "open", "--all-doors", "--door-id", "abc"),   # both
    ("--action", "open", "--all-doors", "--include-sub-areas"),  # sub-areas of what?
    ("--action", "unlock", "--door-id", "abc"),                # not an action
])
def test_every_door_is_never_touched_by_accident(sim, run, args) -> None:
    result = run(CONTROL, *args)

    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"
    assert sim.requests() == []  # not even a token request
    assert door_states(sim) == {}


def test_offline_controllers_fail_door_by_door(sim, run) -> None:
    offline, online = doors_by_controller(sim)[:2]
    serial = sim.sim.world.device_by_id[offline[0]["deviceId"]]["serialNo"]
    sim.sim.set_device_online(serial, False)
    ids = [door["id"] for door in offline + online]

    result = run(CONTROL, "--door-id", ",".join(ids), "--action", "remain-closed")

    assert result.code == 1
    document = result.json
    assert document["success"] is False and document["errorCode"] == "OPEN000554"
    failed = document["data"]["failed"]
    assert [entry["elementId"] for entry in failed] == [door["id"] for door in offline]
    assert {entry["errorCode"] for entry in failed} == {"OPEN000554"}
    assert {entry["hint"] for entry in failed} == {"Check the device status."}
    assert document["data"]["failedCount"] == len(offline)
    assert document["data"]["succeededCount"] == len(online)
    assert {door["id"]: door_states(sim)[door["id"]]["state"] for door in online} == \
        dict.fromkeys([door["id"] for door in online], "remainLocked")


def test_all_doors_of_an_area_and_its_sub_areas(sim, run) -> None:
    root = sim.sim.world.root["id"]

    result = run(CONTROL, "--all-doors", "--area-id", root, "--include-sub-areas",
                 "--action", "remain-open", "--direction", "exit")

    assert result.code == 0, result.stdout
    assert sim.requests(CONTROL_PATH)[0]["body"] == {"remoteControl": {
        "actionType": 3, "elementlist": [], "direction": 1, "areaId": root,
        "depthTraversal": 1}}
    every_door = [door["id"] for doors in doors_by_controller(sim) for door in doors]
    assert sorted(door_states(sim)) == sorted(every_door)
    assert "--action close" in result.json["message"]


def test_all_doors_without_an_area_names_every_area(sim, run) -> None:
    result = run(CONTROL, "--all-doors", "--action", "close")

    assert result.code == 0, result.stdout
    assert sim.requests(CONTROL_PATH)[0]["body"]["remoteControl"]["areaId"] == "-1"


def test_the_simulator_checks_the_guides_types(sim) -> None:
    door = doors_by_controller(sim)[0][0]["id"]

    as_text = sim.api(CONTROL_PATH, {"remoteControl": {"actionType": "1",
                                                       "elementlist": [door]}})
    out_of_range = sim.api(CONTROL_PATH, {"remoteControl": {"actionType": 5,
                                                            "elementlist": [door]}})
    unknown_door = sim.api(CONTROL_PATH, {"remoteControl": {"actionType": 2,
                                                            "elementlist": ["nope"]}})

    assert as_text["errorCode"] == "OPEN000008"
    assert out_of_range["errorCode"] == "OPEN000010"
    assert unknown_door["errorCode"] == "0"
    assert unknown_door["data"]["operationResult"][0]["elementId"] == "nope"
    assert door_states(sim) == {}
