"""Access control by name, sized for an agent (issue 9 §1, §2, §5, §6): a named door opens in
one run with a small answer; --area NAME scopes --all-doors; persons are named on the
scripts that act on them; card records are brief, can go to a file, take the one time syntax
and echo their window. Ambiguous and unknown names, and bad combinations, send no action."""

from __future__ import annotations

import csv
from typing import Any

import pytest

ACS = "modules/Hik-Connect_Team_ACS/scripts/"
CONTROL = ACS + "acs_control.py"
RECORDS = ACS + "search_card_records.py"
LEVEL = ACS + "person_access_level.py"
DETAIL = ACS + "person_access_detail.py"
REMOTE_CONTROL = "/api/hccgw/acs/v1/remote/control"
RECORDS_SEARCH = "/api/hccgw/acs/v1/event/certificaterecords/search"
PERSON_ADD = "/api/hccgw/person/v1/persons/add"
LEVELS_ADD = "/api/hccgw/acspm/v1/accesslevel/person/add"
ELEMENT_DETAIL = "/api/hccgw/acspm/v1/maintain/overview/person/*/elementdetail"
EMPLOYEES = "378117915440051199"  # a demo department of the simulator


def name_door(sim: Any, new_name: str) -> dict[str, Any]:
    """Give a door of an online controller a unique name; returns the door."""
    door = next(door for door in sim.sim.world.channels("door")
                if sim.sim.world.device_by_id[door["deviceId"]]["onlineStatus"])
    door["name"] = new_name
    return door


def enrol(sim: Any, code: str, first: str, last: str) -> str:
    answer = sim.api(PERSON_ADD, {"groupId": EMPLOYEES, "personCode": code, "firstName": first,
                                  "lastName": last, "gender": 1,
                                  "startDate": "2025-01-01T00:00:00+00:00",
                                  "endDate": "2030-01-01T00:00:00+00:00"})
    assert answer["errorCode"] == "0", answer
    return answer["data"]["personId"]


@pytest.fixture
def staff(sim: Any) -> dict[str, str]:
    """Ana Silva twice and Bruno Costa, known to the Person and ACS APIs."""
    return {"ana": enrol(sim, "E1", "Ana", "Silva"), "ana 2": enrol(sim, "E2", "Ana", "Silva"),
            "bruno": enrol(sim, "E3", "Bruno", "Costa")}


def test_a_named_door_opens_in_one_run_with_a_small_answer(sim, run) -> None:
    door = name_door(sim, "Main Entrance")

    result = run(CONTROL, "--door", "main ENTRANCE", "--action", "open")

    assert result.code == 0, result.stdout
    assert len(result.stdout.encode()) <= 2048
    assert result.json["data"]["resolved"][0] == {
        "flag": "--door", "query": "main ENTRANCE", "name": "Main Entrance", "id": door["id"],
        "area": result.json["data"]["resolved"][0]["area"], "pick": f"--door-id {door['id']}"}
    assert sim.requests(REMOTE_CONTROL)[0]["body"]["remoteControl"]["elementlist"] == [
        door["id"]]


def test_named_and_id_doors_go_in_one_request(sim, run) -> None:
    main = name_door(sim, "Main Entrance")
    other = next(door for door in sim.sim.world.channels("door") if door is not main)

    result = run(CONTROL, "--door-id", other["id"], "--door", "main entrance",
                 "--action", "close")

    assert result.code in (0, 1), result.stdout
    (request,) = sim.requests(REMOTE_CONTROL)
    assert request["body"]["remoteControl"]["elementlist"] == [other["id"], main["id"]]


@pytest.mark.parametrize("query, code", [("door", "AMBIGUOUS_NAME"),
                                         ("main entrances", "UNKNOWN_NAME")])
def test_ambiguous_and_unknown_door_names_move_no_door(sim, run, query, code) -> None:
    name_door(sim, "Main Entrance")

    result = run(CONTROL, "--door", query, "--action", "open")

    assert result.code == 2 and result.json["errorCode"] == code
    assert sim.requests(REMOTE_CONTROL) == []


@pytest.mark.parametrize("args, complaint", [
    (("--door", "main entrance", "--all-doors"), "exclude each other"),
    (("--area", "lobby"), "No door given"),
    (("--all-doors", "--area", "lobby", "--area-id", "x"), "give one"),
    (("--door", "main entrance", "--include-sub-areas"), "needs --area-id or --area"),
])
def test_bad_combinations_with_names_send_nothing_at_all(sim, run, args, complaint) -> None:
    result = run(CONTROL, *args, "--action", "open")

    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"
    assert complaint in result.json["message"]
    assert sim.requests() == []


def test_every_door_of_a_named_area(sim, run) -> None:
    lobby = next(area for area in sim.sim.world.areas if area["name"] == "Lobby")

    result = run(CONTROL, "--all-doors", "--area", "lobby", "--action", "remain-closed")

    assert result.code in (0, 1), result.stdout
    sent = sim.requests(REMOTE_CONTROL)[0]["body"]["remoteControl"]
    assert (sent["elementlist"], sent["areaId"]) == ([], lobby["id"])
    assert result.json["data"]["resolved"][0]["name"] == "Lobby"


def test_card_records_are_brief_and_echo_their_window(sim, run) -> None:
    result = run(RECORDS, "--begin", "2026-11-30", "--end", "2026-11-30",
                 env={"HIK_CONNECT_TEAM_TIMEZONE": "Europe/Paris"})

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["window"] == {"start": "2026-11-30T00:00:00+01:00",
                              "end": "2026-11-30T23:59:59+01:00"}
    criteria = sim.requests(RECORDS_SEARCH)[0]["body"]["searchCriteria"]
    assert (criteria["beginTime"], criteria["endTime"]) == ("2026-11-30T00:00:00+01:00",
                                                            "2026-11-30T23:59:59+01:00")
    allowed = {"recordGuid", "occurTime", "elementId", "elementName", "personInfo",
               "cardNumber", "eventType", "swipeAuthResult", "direction"}
    assert data["recordList"] and all(set(record) <= allowed for record in data["recordList"])
    assert len(result.stdout) / len(data["recordList"]) < 400


def test_card_records_go_to_a_csv_file_with_only_a_summary_on_stdout(sim, run,
                                                                    tmp_path) -> None:
    target = tmp_path / "swipes.csv"

    result = run(RECORDS, "--begin", "2026-11-29", "--end", "2026-11-30", "--all",
                 "--csv", str(target))

    assert result.code == 0, result.stdout
    assert "recordList" not in result.json["data"] and len(result.stdout) < 1500
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == result.json["data"]["files"][0]["count"] == result.json["data"]["total"]
    assert "personInfo.baseInfo.lastName" in rows[0]


def test_card_records_of_a_named_door_and_person(sim, run, staff) -> None:
    door = name_door(sim, "Main Entrance")

    result = run(RECORDS, "--door", "main entrance", "--person", "bruno")

    assert result.code == 0, result.stdout
    criteria = sim.requests(RECORDS_SEARCH)[0]["body"]["searchCriteria"]
    assert criteria["elementIDs"] == door["id"]
    assert criteria["personCondition"] == {"personIds": staff["bruno"]}
    assert [entry["flag"] for entry in result.json["data"]["resolved"]] == ["--door", "--person"]


@pytest.mark.parametrize("args, code, complaint", [
    (("--person", "ana silva"), "AMBIGUOUS_NAME", "2 persons match"),
    (("--person", "carla"), "UNKNOWN_NAME", "No person is named"),
    (("--person", "bruno", "--person-name", "x"), "INVALID_ARGUMENT", "exclude each other"),
    (("--page", str(2**31)), "INVALID_ARGUMENT", "out of range"),  # a 32-bit Integer
])
def test_card_record_searches_that_cannot_be_made_send_no_search(sim, run, staff, args,
                                                                 code, complaint) -> None:
    result = run(RECORDS, *args)

    assert result.code == 2, result.stdout
    assert result.json["errorCode"] == code and complaint in result.json["message"]
    assert sim.requests(RECORDS_SEARCH) == []


def test_access_levels_are_given_to_a_named_person(sim, run, staff) -> None:
    levels = run(ACS + "access_levels.py", "--name", "lobby").json["data"]["accessLevelList"]

    added = run(LEVEL, "add", "--person", "bruno costa", "--access-level-id", levels[0]["id"])
    namesakes = run(LEVEL, "add", "--person", "ana silva", "--access-level-id", levels[0]["id"])

    assert added.code == 0, added.stdout
    assert sim.requests(LEVELS_ADD)[0]["body"] == {
        "personList": [{"personId": staff["bruno"], "accessLevelIdList": [levels[0]["id"]]}]}
    assert namesakes.code == 2 and namesakes.json["errorCode"] == "AMBIGUOUS_NAME"
    assert {candidate["id"] for candidate in namesakes.json["data"]["candidates"]} == {
        staff["ana"], staff["ana 2"]}
    assert len(sim.requests(LEVELS_ADD)) == 1


def test_a_bad_level_request_is_refused_before_the_name_is_looked_up(sim, run, staff) -> None:
    sent = len(sim.requests())

    result = run(LEVEL, "add", "--person", "bruno", "--delete-all")

    assert result.code == 2 and "--delete-all belongs to delete and modify" in result.json[
        "message"]
    assert len(sim.requests()) == sent  # not even the name was looked up


def test_where_a_named_persons_access_applies_in_brief_records(sim, run, staff) -> None:
    lobby = run(ACS + "access_levels.py", "--name", "lobby").json["data"]["accessLevelList"]
    run(LEVEL, "add", "--person-id", staff["bruno"], "--access-level-id", lobby[0]["id"])

    brief = run(DETAIL, "--person", "bruno", "--return-success")
    full = run(DETAIL, "--person", "bruno", "--return-success", "--detail", "full")
    ambiguous = run(DETAIL, "--person", "ana")

    assert brief.code == 0, brief.stdout
    assert sim.requests(ELEMENT_DETAIL)[0]["path"].endswith(f"/person/{staff['bruno']}/"
                                                            "elementdetail")
    elements = brief.json["data"]["elementDetailList"]
    assert elements and all(set(element) <= {"id", "name", "type", "elementStatus"}
                            for element in elements)
    assert len(full.stdout) >= len(brief.stdout)
    assert ambiguous.code == 2 and len(sim.requests(ELEMENT_DETAIL)) == 2
