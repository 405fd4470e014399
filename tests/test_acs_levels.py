"""Access levels, a person's access levels and where they were applied; the Bluetooth key."""

from __future__ import annotations

ACS = "modules/Hik-Connect_Team_ACS/scripts/"
PERSON = "379224379437087701"  # a demo cardholder of the simulator
LEVELS_PATH = "/api/hccgw/acspm/v1/accesslevel/person/"


def level_ids(run) -> dict[str, str]:
    listed = run(ACS + "access_levels.py", "--all").json["data"]["accessLevelList"]
    return {level["name"]: level["id"] for level in listed}


def test_levels_are_listed_with_the_nested_request(sim, run) -> None:
    result = run(ACS + "access_levels.py", "--door-id", "d1", "--page-size", "2")

    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/acspm/v1/accesslevel/list")[0]["body"]
    assert body == {"accessLevelSearchRequest": {
        "pageIndex": 1, "pageSize": 2,
        "searchCriteria": {"associateResInfoList": [{"resId": "d1"}]}}}


def test_name_sends_its_longest_word_and_keeps_levels_with_every_word(sim, run) -> None:
    result = run(ACS + "access_levels.py", "--name", "door LOBBY", "--page-size", "2")

    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/acspm/v1/accesslevel/list")[0]["body"]
    assert body["accessLevelSearchRequest"]["searchCriteria"] == {"accessLevelName": "LOBBY"}
    assert body["accessLevelSearchRequest"]["pageSize"] == 500  # --name reads every page
    data = result.json["data"]
    assert [level["name"] for level in data["accessLevelList"]] == ["Lobby Doors"]
    assert data["accessLevelList"][0] == {"id": data["accessLevelList"][0]["id"],
                                          "name": "Lobby Doors", "areaInfo": {"name": "Lobby"},
                                          "timeSchedule": {"name": "All-Day Template"}}
    assert "matching 'door LOBBY'" in result.json["message"]


def test_add_then_see_where_the_level_applies(sim, run) -> None:
    lobby = level_ids(run)["Lobby Doors"]

    added = run(ACS + "person_access_level.py", "add", "--person-id", PERSON,
                "--access-level-id", lobby)
    detail = run(ACS + "person_access_detail.py", "--person-id", PERSON, "--return-success")

    assert added.code == 0, added.stdout
    assert sim.requests(LEVELS_PATH + "add")[0]["body"] == {
        "personList": [{"personId": PERSON, "accessLevelIdList": [lobby]}]}
    assert detail.code == 0, detail.stdout
    lobby_doors = {door["id"] for door in sim.sim.world.channels("door")
                   if sim.sim.world.area_by_id[door["areaId"]]["name"] == "Lobby"}
    assert {element["id"] for element in detail.json["data"]["elementDetailList"]} == lobby_doors
    assert sim.requests("/api/hccgw/acspm/v1/maintain/overview/person/*/elementdetail")[0][
        "body"] == {"returnSuccess": True}


def test_unknown_levels_and_persons_fail_item_by_item(sim, run) -> None:
    known = level_ids(run)["All Doors"]

    result = run(ACS + "person_access_level.py", "add", "--person-id", f"{PERSON},42",
                 "--access-level-id", f"{known},999")

    assert result.code == 1
    failed = {(entry["personId"], entry["accessLevelId"], entry["errorCode"])
              for entry in result.json["data"]["failed"]}
    assert failed == {(PERSON, 999, "VMS040016"), ("42", int(known), "CCF038023"),
                      ("42", 999, "CCF038023")}
    assert all(entry["hint"] for entry in result.json["data"]["failed"])
    assert PERSON in sim.sim.store("access_level_persons", dict)[known]


def test_delete_needs_yes_and_sends_a_boolean(sim, run) -> None:
    dry = run(ACS + "person_access_level.py", "delete", "--person-id", PERSON, "--delete-all")
    assert dry.code == 0 and dry.json["data"]["dryRun"] is True
    assert sim.requests(LEVELS_PATH + "*") == []

    done = run(ACS + "person_access_level.py", "delete", "--person-id", PERSON, "--delete-all",
               "--yes")

    assert done.code == 0, done.stdout
    assert sim.requests(LEVELS_PATH + "delete")[0]["body"] == {
        "personList": [{"personId": PERSON, "accessLevelIdList": [], "deleteAll": True}]}


def test_ids_are_digits_and_the_bluetooth_key_stays_hidden(sim, run) -> None:
    bad = run(ACS + "person_access_level.py", "add", "--person-id", "abc",
              "--access-level-id", "1")
    hidden = run(ACS + "bluetooth_encrypt_info.py")
    shown = run(ACS + "bluetooth_encrypt_info.py", "--reveal")

    assert bad.code == 2
    assert hidden.code == 0 and "hidden" in hidden.json["data"]["authData"]
    assert shown.json["data"]["authData"] not in hidden.stdout
    assert len(shown.json["data"]["authData"]) == 32
    assert shown.json["data"]["encryptType"] == "AES128_CBC"
