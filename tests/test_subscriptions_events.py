"""event_manager.py: subscribe and cancel alarms and messages, and remember what was set."""

import json
import os
import stat

EVENTS = "modules/Hik-Connect_Team_Alarm/scripts/event_manager.py"
ALARM_SUBSCRIBE = "/api/hccgw/alarm/v1/mq/subscribe"
MESSAGE_SUBSCRIBE = "/api/hccgw/rawmsg/v1/mq/subscribe"


def test_alarm_types_go_out_as_integers_whether_named_or_coded(sim, run):
    result = run(EVENTS, "subscribe", "--kind", "alarm", "--types", "motion DETECTION,10100")
    assert result.code == 0, result.stdout
    assert sim.requests(ALARM_SUBSCRIBE)[0]["body"] == {
        "subscribeType": 1, "subscribeMode": 1, "eventType": [10002, 10100]}
    assert [item["name"] for item in result.json["data"]["types"]] == [
        "Motion Detection", "Line Crossing"]


def test_message_types_go_out_as_strings_and_names_may_contain_commas(sim, run):
    result = run(EVENTS, "subscribe", "--kind", "message", "--types",
                 "Access Granted by Card, Fingerprint, and PIN,msg 110001",
                 "--types", "gps data report")
    assert result.code == 0, result.stdout
    assert sim.requests(MESSAGE_SUBSCRIBE)[0]["body"] == {
        "subscribeType": 1, "msgType": ["Msg110002", "Msg110001", "Msg330001"]}


def test_no_types_subscribes_to_everything_and_unsubscribe_cancels_it_all(sim, run):
    assert run(EVENTS, "subscribe").code == 0
    assert run(EVENTS, "unsubscribe", "--kind", "alarm").code == 0
    assert run(EVENTS, "unsubscribe", "--kind", "message").code == 0
    assert [entry["body"] for entry in sim.requests(ALARM_SUBSCRIBE)] == [
        {"subscribeType": 1, "subscribeMode": 0}, {"subscribeType": 0, "subscribeMode": 0}]
    assert sim.requests(MESSAGE_SUBSCRIBE)[0]["body"] == {"subscribeType": 0, "msgType": []}


def test_unknown_and_ambiguous_names_are_refused_before_any_request(sim, run):
    ambiguous = run(EVENTS, "subscribe", "--types", "video tampering")
    assert ambiguous.code == 2
    assert "10001" in ambiguous.json["message"] and "100396" in ambiguous.json["message"]
    unknown = run(EVENTS, "subscribe", "--kind", "message", "--types", "Msg999999")
    assert unknown.code == 2 and unknown.json["errorCode"] == "INVALID_ARGUMENT"
    wrong_table = run(EVENTS, "subscribe", "--kind", "alarm", "--types", "Msg330001")
    assert wrong_table.code == 2
    assert sim.requests() == []


def test_query_reports_what_was_last_set_and_where_that_knowledge_comes_from(sim, run, tmp_path):
    before = run(EVENTS, "query")
    assert before.code == 0 and before.json["data"]["alarm"] is None
    assert "cannot be asked" in before.json["message"]

    run(EVENTS, "subscribe", "--kind", "alarm", "--types", "10002")
    run(EVENTS, "subscribe", "--kind", "message")
    sent = len(sim.requests())
    after = run(EVENTS, "query")
    assert len(sim.requests()) == sent  # query asks nobody
    data = after.json["data"]
    assert "local memory" in data["source"]
    assert data["alarm"]["state"] == {"subscribed": True, "allTypes": False, "types": ["10002"]}
    assert data["alarm"]["typeNames"] == {"10002": "Motion Detection"}
    assert data["alarm"]["olderThanLapse"] is False
    assert data["message"]["state"]["allTypes"] is True
    assert stat.S_IMODE(os.stat(data["file"]).st_mode) == 0o600
    with open(data["file"], encoding="utf-8") as handle:
        assert json.load(handle)["alarm"]["request"]["eventType"] == [10002]

    other_account = run(EVENTS, "query", env={"HIK_CONNECT_TEAM_OPENAPI_APP_KEY": "another"})
    assert other_account.json["data"]["alarm"] is None  # memory is kept per account


def test_unsubscribe_takes_no_types(sim, run):
    result = run(EVENTS, "unsubscribe", "--types", "10002")
    assert result.code == 2 and sim.requests() == []


def test_a_subscribe_without_answer_leaves_the_memory_unknown(sim, run):
    assert run(EVENTS, "subscribe", "--types", "10002").code == 0
    sim.sim.close_next(path=ALARM_SUBSCRIBE)
    lost = run(EVENTS, "subscribe", "--types", "10100")
    assert lost.code == 4
    assert len(sim.requests(ALARM_SUBSCRIBE)) == 2  # an action is not resent
    state = run(EVENTS, "query", "--kind", "alarm").json["data"]["alarm"]["state"]
    assert state["subscribed"] is None and "may or may not" in state["note"]
