"""scripts/hct_api.py keeps the scripts' guards (issue 12 point 11, issue 9 point 7): the path
cannot leave /api/hccgw/, an empty door list needs --all-doors, deletes need --yes."""

from __future__ import annotations

import json

import pytest

HCT_API = "scripts/hct_api.py"
REMOTE_CONTROL = "/api/hccgw/acs/v1/remote/control"
PERSONS_DELETE = "/api/hccgw/person/v1/persons/delete"


@pytest.mark.parametrize("path", [
    "/api/hccgw/../platform/v1/systemproperties",
    "/api/hccgw/resource/v1/../../../x",
    "/api/hccgw/./platform/v1/systemproperties",
    "/api/hccgw/%2e%2e/x",
    "/api/hccgw/%2E%2E/x",
    "/api/hccgw/resource%2f..%2f..%2fx",
    "/api/hccgw/resource/v1/..%5c..%5cx",
    "/api/hccgw/resource\\..\\..\\x",
    "/api/hccgw//resource/v1/devices/get",
    "/api/hccgw/",
])
def test_paths_that_could_leave_the_api_are_refused(sim, run, path):
    result = run(HCT_API, "GET", path)

    assert result.code == 2, result.stdout
    assert result.json["errorCode"] == "INVALID_ARGUMENT"
    assert sim.requests() == []  # not even the token call


def control_body(doors):
    body = {"actionType": 1, "direction": 0, "areaId": "", "depthTraversal": 0}
    if doors is not None:
        body["elementlist"] = doors
    return json.dumps({"remoteControl": body})


@pytest.mark.parametrize("doors", [[], None, [""]])
def test_an_empty_door_list_needs_all_doors(sim, run, doors):
    result = run(HCT_API, "POST", REMOTE_CONTROL, "--body", control_body(doors))

    assert result.code == 2
    assert "EVERY door" in result.json["message"]
    assert "--all-doors" in result.json["hint"]
    assert sim.requests() == []


def test_every_door_when_the_caller_says_so(sim, run):
    result = run(HCT_API, "POST", REMOTE_CONTROL, "--body", control_body([]), "--all-doors")

    assert result.code == 0, result.stdout
    [sent] = sim.requests(REMOTE_CONTROL)
    assert sent["body"]["remoteControl"]["elementlist"] == []


def test_a_door_list_goes_through_but_not_with_all_doors(sim, run):
    door = sim.sim.world.channels("door")[0]["id"]

    refused = run(HCT_API, "POST", REMOTE_CONTROL, "--body", control_body([door]),
                  "--all-doors")
    accepted = run(HCT_API, "POST", REMOTE_CONTROL, "--body", control_body([door]))

    assert refused.code == 2
    assert accepted.code == 0, accepted.stdout
    assert [entry["body"]["remoteControl"]["elementlist"]
            for entry in sim.requests(REMOTE_CONTROL)] == [[door]]


def test_a_delete_without_yes_is_a_dry_run(sim, run):
    body = json.dumps({"personId": "123"})

    result = run(HCT_API, "POST", PERSONS_DELETE, "--body", body)

    assert result.code == 0
    assert result.json["data"] == {"dryRun": True, "wouldSend": {"personId": "123"}}
    assert "--yes" in result.json["message"]
    assert sim.requests() == []


def test_a_delete_with_yes_is_sent(sim, run):
    result = run(HCT_API, "POST", PERSONS_DELETE, "--body", '{"personId": "123"}', "--yes")

    assert result.code == 1  # the simulator has no such person: the platform answered
    assert result.json["errorCode"] == "CCF038023"
    assert len(sim.requests(PERSONS_DELETE)) == 1


def test_an_uncatalogued_delete_is_guarded_too(sim, run):
    result = run(HCT_API, "POST", "/api/hccgw/future/v1/things/delete", "--body", "{}")

    assert result.json["data"]["dryRun"] is True
    assert sim.requests() == []
