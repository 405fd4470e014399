"""alarm_rules.py and alarm_linkage.py against the simulator: bodies typed as the guide's
tables say, validation before any request, per-rule failures reported as failures."""

from hctsim.routes_alarm_admin import state

RULES = "modules/Hik-Connect_Team_Alarm/scripts/alarm_rules.py"
LINKAGE = "modules/Hik-Connect_Team_Alarm/scripts/alarm_linkage.py"
ADD = "/api/hccgw/alarm/v1/alarmrules/add"
UPDATE = "/api/hccgw/alarm/v1/alarmrules/update"


def test_add_sends_alarmRule_with_the_tables_types(sim, run):
    admin = state(sim.sim)
    camera = sim.sim.world.channels("camera")[0]
    user = sim.sim.world.users[1]
    result = run(RULES, "add", "--name", "Lobby line", "--source-type", "camera",
                 "--source-id", camera["id"], "--event-type", "line crossing",
                 "--priority-id", admin.priorities[1]["id"],
                 "--schedule-id", admin.schedules[1]["id"],
                 "--recipient", f"{user['id']}:{user['name']}", "--ignore-recurring", "30")
    assert result.code == 0, result.stdout
    rule = sim.requests(ADD)[0]["body"]["alarmRule"][0]
    assert rule["eventSource"] == {"sourceType": "camera", "sourceID": camera["id"],
                                   "eventType": "10100"}  # String, as A.3.93 types it
    assert rule["notification"] == {"enable": 1, "recipients": [
        {"userID": user["id"], "userName": user["name"]}]}
    assert rule["ignoreRecurring"] == {"enable": "1", "timeValue": "30"}
    assert rule["schedule"] == {"type": "1", "timeSchedule": {"id": admin.schedules[1]["id"]}}
    new_id = result.json["data"]["alarmRule"][0]["id"]
    listed = run(RULES, "get", "--rule-id", new_id)
    assert [item["name"] for item in listed.json["data"]["alarmRule"]] == ["Lobby line"]


def test_a_rule_the_platform_rejects_is_a_failure(sim, run):
    result = run(RULES, "add", "--name", "Ghost", "--source-type", "camera",
                 "--source-id", "doesnotexist", "--event-type", "10002")
    assert result.code == 1 and result.json["errorCode"] == "OPEN000503"


def test_bad_rule_options_are_refused_before_any_request(sim, run):
    for args in (["--name", "x", "--source-type", "camera", "--source-id", "c",
                  "--event-type", "no such alarm"],
                 ["--name", "x", "--source-type", "satellite", "--source-id", "c",
                  "--event-type", "10002"],
                 ["--name", "x" * 256, "--source-type", "camera", "--source-id", "c",
                  "--event-type", "10002"],
                 ["--name", "x", "--source-type", "camera", "--source-id", "c",
                  "--event-type", "10002", "--main-category", "alarmCategoryNope"]):
        assert run(RULES, "add", *args).code == 2
    assert sim.requests() == []


def test_update_reads_the_rule_and_changes_only_what_was_asked(sim, run):
    rule = state(sim.sim).rules[0]
    result = run(RULES, "update", "--id", rule["id"], "--disable", "--description", "quiet")
    assert result.code == 0, result.stdout
    sent = sim.requests(UPDATE)[0]["body"]["alarmRule"][0]
    assert sent["enable"] == 0 and sent["description"] == "quiet"
    assert sent["name"] == rule["name"]
    assert sent["eventSource"]["eventType"] == str(rule["eventSource"]["eventType"])
    assert "state" not in sent  # not a field of the update table
    assert rule["enable"] == 0 and rule["description"] == "quiet"


def test_update_of_an_unknown_rule_sends_no_update(sim, run):
    result = run(RULES, "update", "--id", "123", "--disable")
    assert result.code == 1 and result.json["errorCode"] == "NOT_FOUND"
    assert sim.requests(UPDATE) == []


def test_get_filters_are_typed_and_all_reads_at_the_largest_page(sim, run):
    camera = sim.sim.world.channels("camera")[0]
    result = run(RULES, "get", "--enabled", "enabled", "--source", f"camera:{camera['id']}",
                 "--all")
    assert result.code == 0
    body = sim.requests("/api/hccgw/alarm/v1/alarmrules/get")[0]["body"]
    assert body == {"pageIndex": 1, "pageSize": 500, "filter": {
        "alarmRuleEnable": 1, "eventSource": [{"sourceType": "camera", "sourceID": camera["id"]}]}}
    assert [rule["eventSource"]["sourceID"] for rule in result.json["data"]["alarmRule"]] == [
        camera["id"]]


def test_linkage_items_follow_the_guides_example(sim, run):
    rule = state(sim.sim).rules[0]
    output = sim.sim.world.channels("alarmOutput")[0]
    result = run(LINKAGE, "add", "--rule-id", rule["id"], "--record-camera", "self",
                 "--alarm-output", output["id"], "--auto-close", "15")
    assert result.code == 0, result.stdout
    items = sim.requests("/api/hccgw/alarm/v1/alarmlinkage/add")[0]["body"]["alarmLinkage"][0]
    assert items["linkageItem"] == [
        {"linkageType": "LinkCamera", "linkageConfig": {"linkCamera": {
            "relateType": 1, "preRecordTime": "5", "postRecordTime": "15"}}},
        {"linkageType": "LinkAlarmOutput", "linkageConfig": {"linkAlarmOutput": {
            "alarmOutput": [{"id": output["id"]}], "autoClose": 1, "autoCloseTime": 15}}}]
    assert all(item["itemID"] for item in result.json["data"]["alarmLinkage"])


def test_linkage_needs_something_to_link(sim, run):
    assert run(LINKAGE, "add", "--rule-id", "1").code == 2
    assert sim.requests() == []


def test_the_simulator_accepts_both_spellings_the_guide_uses(sim):
    camera = sim.sim.world.channels("camera")[0]
    source = {"sourceType": "camera", "sourceID": camera["id"], "eventType": 10102}
    table = sim.api(ADD, {"alarmrule": [{"name": "table spelling", "eventSource": source}]})
    example = sim.api(ADD, {"alarmRule": [{"name": "example spelling",
                                           "eventSource": {**source, "eventType": "10102"}}]})
    assert table["errorCode"] == example["errorCode"] == "0"
    assert all(item["id"] for item in table["data"]["alarmRule"] + example["data"]["alarmRule"])
    paged_with_strings = sim.api("/api/hccgw/alarm/v1/alarmrules/get",
                                 {"pageIndex": "1", "pageSize": "10"})
    assert paged_with_strings["errorCode"] == "OPEN000008"  # the table says Integer
