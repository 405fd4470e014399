"""The simulator's 5.3.2-5.3.4 answers have the keys of the guide's examples (the
receivingschedules example is a copy of the priorities one, so its table is followed)."""

import pytest

from hctsim.routes_alarm_admin import state

ALARM = "/api/hccgw/alarm/v1"
PAGE = {"pageIndex": 1, "pageSize": 5}
DAY = {"beginTime": "2026-01-01 00:00:00", "endTime": "2026-01-02 00:00:00"}

CASES = [
    ("alarmrules/get", lambda sim: PAGE, {"totalCount", "pageIndex", "pageSize", "alarmRule"},
     "alarmRule", {"id", "name", "color", "enable", "state", "alarmMainCategory",
                   "alarmSubCategory", "notification", "schedule", "priority",
                   "ignoreRecurring", "eventSource"}),
    ("alarmpriorities/get", lambda sim: PAGE,
     {"totalCount", "pageIndex", "pageSize", "alarmpriorities"}, "alarmpriorities",
     {"id", "level", "levelName", "color", "audioURL"}),
    ("receivingschedules/get", lambda sim: PAGE,
     {"totalCount", "pageIndex", "pageSize", "receivingSchedule"}, "receivingSchedule",
     {"id", "name", "systemTemplate", "timeSetting"}),
    ("alarmlog", lambda sim: {**PAGE, "timeRange": DAY},
     {"pageIndex", "pageSize", "moreData", "alarmLogList"}, None, set()),
    ("alarmlinkage/add", lambda sim: {"alarmLinkage": [{
        "alarmRuleID": state(sim).rules[0]["id"],
        "linkageItem": [{"linkageType": "LinkEMail", "linkageConfig": {
            "linkEmail": {"emailTemplateId": "8a748675809d8e3901809d9c57370000"}}}]}]},
     {"alarmLinkage"}, "alarmLinkage", {"alarmRuleID", "itemID", "linkageType", "errorCode"}),
]


@pytest.mark.parametrize("path, body, keys, list_key, item_keys", CASES,
                         ids=[case[0] for case in CASES])
def test_answer_keys_follow_the_guide(sim, path, body, keys, list_key, item_keys):
    answer = sim.api(f"{ALARM}/{path}", body(sim.sim))
    assert answer["errorCode"] == "0", answer
    assert set(answer["data"]) == keys
    if list_key:
        assert answer["data"][list_key] and item_keys <= set(answer["data"][list_key][0])


def test_alarm_log_entries_are_alarm_messages(sim):
    from datetime import datetime, timedelta, timezone

    end = datetime.fromtimestamp(sim.sim.now(), timezone.utc)
    window = {"beginTime": (end - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S"),
              "endTime": end.strftime("%Y-%m-%d %H:%M:%S")}
    entries = sim.api(f"{ALARM}/alarmlog", {**PAGE, "timeRange": window})["data"]["alarmLogList"]
    assert entries, "the demo world raises alarms every few hours"
    assert {"guid", "dataRetransmission", "alarmState", "pulseAlarm", "alarmMainCategory",
            "alarmSubCategory", "timeInfo", "eventSource", "alarmRule", "alarmPriority",
            "markState", "affirmedState", "fileInfo"} <= set(entries[0])
    assert isinstance(entries[0]["eventSource"]["eventType"], str)  # a string in AlarmMsg


def test_voltage_answer_is_true(sim):
    assert sim.api(f"{ALARM}/voltagesetting/set", {"voltageThreshold": 30}) == {
        "errorCode": "0", "data": True}
    assert sim.api(f"{ALARM}/voltagesetting/set", {"voltageThreshold": "30"})[
        "errorCode"] == "OPEN000008"
