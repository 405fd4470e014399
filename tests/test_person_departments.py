"""Departments (person groups, guide 5.8.1-5.8.4) against the simulator."""

from __future__ import annotations

SCRIPTS = "modules/Hik-Connect_Team_Person/scripts/"
ROOT = "378117915440051200"  # the simulator's root department


def test_lists_the_root_department_and_its_children_with_a_boolean_depth(sim, run):
    result = run(SCRIPTS + "list_departments.py")
    assert result.code == 0, result.stdout
    names = [group["groupName"] for group in result.json["data"]["personGroupList"]]
    assert names == ["All Persons", "Employees", "Contractors"]
    body = sim.requests("/api/hccgw/person/v1/groups/search")[0]["body"]
    assert body == {"parentGroupId": "", "depthTraversal": False}


def test_searching_by_ids_sends_only_the_id_list(sim, run):
    result = run(SCRIPTS + "list_departments.py", "--group-id", ROOT)
    assert result.code == 0
    assert sim.requests("/api/hccgw/person/v1/groups/search")[0]["body"] == {
        "groupIdList": [ROOT]}
    assert [g["groupId"] for g in result.json["data"]["personGroupList"]] == [ROOT]


def test_add_rename_and_delete_a_department(sim, run):
    added = run(SCRIPTS + "add_department.py", "--name", "Finance", "--description", "3F")
    assert added.code == 0, added.stdout
    group_id = added.json["data"]["groupId"]
    assert sim.requests("/api/hccgw/person/v1/groups/add")[0]["body"] == {
        "groupName": "Finance", "description": "3F"}

    renamed = run(SCRIPTS + "update_department.py", "--group-id", group_id, "--name", "Legal")
    assert renamed.code == 0
    assert sim.requests("/api/hccgw/person/v1/groups/update")[0]["body"] == {
        "groupId": group_id, "groupName": "Legal"}

    dry = run(SCRIPTS + "delete_department.py", "--group-id", group_id)
    assert dry.code == 0 and dry.json["data"]["dryRun"] is True
    assert sim.requests("/api/hccgw/person/v1/groups/delete") == []

    deleted = run(SCRIPTS + "delete_department.py", "--group-id", group_id, "--yes")
    assert deleted.code == 0
    assert group_id not in sim.sim.store("person_groups", dict)


def test_the_platform_refuses_special_characters_in_a_name(sim, run):
    result = run(SCRIPTS + "update_department.py", "--group-id", ROOT, "--name", "R&D")
    assert result.code == 1
    assert result.json["errorCode"] == "CCF038005"
    assert result.json["hint"]


def test_a_too_long_name_is_refused_before_any_request(sim, run):
    result = run(SCRIPTS + "add_department.py", "--name", "x" * 65)
    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"
    assert sim.requests() == []
