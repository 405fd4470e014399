"""The guide's fine print, kept by the simulator so that a client that breaks it fails here
as it would on the live platform (issue 8 point 14): no leniency that hides a client bug."""

from __future__ import annotations

from typing import Any

import pytest

RES = "/api/hccgw/resource/v1"
RECORDS = "/api/hccgw/acs/v1/event/certificaterecords/search"
PERSON_LEVELS = "/api/hccgw/acspm/v1/accesslevel/person/add"
LINKAGE = "/api/hccgw/alarm/v1/alarmlinkage/add"


@pytest.fixture
def server(sim_factory: Any) -> Any:
    return sim_factory(rate_limit=False)


def code(server: Any, path: str, body: Any) -> str:
    return server.api(path, body)["errorCode"]


def test_apply_to_device_is_a_string(server: Any) -> None:
    device = server.sim.world.devices[0]
    field = next(entry for entry in server.sim.world.field_devices.values()
                 if entry["kind"] == "ipc" and not entry["otherAccount"])
    add = {"deviceCategory": "encodingDevice",
           "deviceInfo": {"name": "Gate", "ezvizSerialNo": field["serial"],
                          "ezvizVerifyCode": field["verifyCode"]},
           "timeZone": {"id": "30", "applyToDevice": 1}}
    update = {"deviceInfo": {"id": device["id"], "name": "Renamed"},
              "timeZone": {"id": "30", "applyToDevice": 0}}

    assert code(server, RES + "/devices/add", add) == "OPEN000008"  # A.3.161: String
    assert code(server, RES + "/devices/update", update) == "OPEN000008"
    assert code(server, RES + "/devices/add", {**add, "timeZone": {"id": "30"}}) == \
        "OPEN000010"  # Req.
    assert code(server, RES + "/devices/add",
                {**add, "timeZone": {"id": "30", "applyToDevice": "2"}}) == "OPEN000010"
    update["timeZone"]["applyToDevice"] = "0"
    assert code(server, RES + "/devices/update", update) == "0"


def test_channel_ids_have_at_most_32_characters(server: Any) -> None:
    area = server.sim.world.areas[1]
    camera = server.sim.world.channels("camera")[0]
    entry = {"resourceName": "Cam", "resourceType": "camera", "channelID": camera["channelId"]}
    too_long = {**entry, "channelID": camera["channelId"] + "0"}
    assert len(too_long["channelID"]) == 33

    assert code(server, RES + "/areas/resources/add",
                {"areaID": area["id"], "devChannel": [too_long]}) == "OPEN000010"
    assert code(server, RES + "/areas/resources/add",
                {"areaID": area["id"], "devChannel": [entry]}) == "0"


def test_alarm_rule_ids_have_at_most_32_characters(server: Any) -> None:
    answer = server.api(LINKAGE, {"alarmLinkage": [{"alarmRuleID": "1" * 33, "linkageItem": [
        {"linkageType": "LinkCamera", "linkageConfig": {"linkCamera": {"relateType": 1}}}]}]})
    assert answer["errorCode"] == "OPEN000010" and "32" in answer["message"]


@pytest.mark.parametrize("begin, expected", [
    ("2026-11-01T08:00:00", "OPEN000026"),          # no offset: not taken as UTC any more
    ("2026-11-01 08:00:00", "OPEN000026"),
    ("2026-11-01T08:00:00+02:00", "0"),
    ("2026-11-01T08:00:00Z", "0"),
])
def test_card_record_times_need_an_offset(server: Any, begin: str, expected: str) -> None:
    body = {"pageIndex": 1, "pageSize": 10,
            "searchCriteria": {"beginTime": begin, "endTime": "2026-11-01T12:00:00+00:00"}}
    assert code(server, RECORDS, body) == expected


def test_person_ids_conflict_with_a_person_name(server: Any) -> None:
    window = {"beginTime": "2026-11-01T00:00:00Z", "endTime": "2026-11-01T12:00:00Z"}
    both = {"personIds": "379224379437087701", "personName": "Alice"}
    assert code(server, RECORDS, {"searchCriteria": {**window, "personCondition": both}}) == \
        "OPEN000010"
    for one in ({"personIds": both["personIds"]}, {"personName": "Alice"}):
        assert code(server, RECORDS, {"searchCriteria": {**window, "personCondition": one}}) \
            == "0"


@pytest.mark.parametrize("person_id", ["abc", "37922437943708770x", ""])
def test_access_level_assignment_takes_digit_person_ids(server: Any, person_id: str) -> None:
    body = {"personList": [{"personId": person_id, "accessLevelIdList": ["400000000000000001"]}]}
    assert code(server, PERSON_LEVELS, body) == "OPEN000008"


@pytest.mark.parametrize("path, body", [
    (RES + "/devices/get", {}),
    (RES + "/areas/cameras/get", {"filter": {"areaID": ""}}),
    (RECORDS, {}),
    ("/api/hccgw/acspm/v1/accesslevel/list", {}),
    ("/api/hccgw/person/v1/persons/list", {}),
    ("/api/hccgw/attendance/v1/report/totaltimecard/list",
     {"beginTime": "2026-11-01T00:00:00+00:00", "endTime": "2026-11-02T00:00:00+00:00"}),
])
def test_every_list_takes_integer_paging_only(server: Any, path: str, body: Any) -> None:
    if path.endswith("accesslevel/list"):
        paged = {"accessLevelSearchRequest": {"pageIndex": "1", "pageSize": "10"}}
    else:
        paged = {**body, "pageIndex": "1", "pageSize": "10"}
    assert code(server, path, paged) == "OPEN000008"


@pytest.mark.parametrize("path, table, example", [
    (RES + "/areas/alarminputs/status/get", "alarmIntputID", "alarmInputID"),
    ("/api/hccgw/proxy/v1/areas/alarminputs/status/get", "alarmIntputId", "alarmInputId"),
])
def test_alarm_input_status_reads_the_tables_spelling_only(server: Any, path: str,
                                                           table: str, example: str) -> None:
    ids = [channel["id"] for channel in server.sim.world.channels("alarmInput")[:2]]
    assert code(server, path, {example: ids}) == "OPEN000010"  # the example's: not read
    answer = server.api(path, {table: ids})
    assert [item["id"] for item in answer["data"]["alarmInput"]] == ids
