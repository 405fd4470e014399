"""Alarm administration sized for an agent (issue 9 §1, §2, §6): brief rules and log entries
with the event's name, rules by name (the platform's filter, then every word), areas by
name, and one time syntax for the log window, sent in UTC and echoed with its offset."""

from __future__ import annotations

from hctsim.routes_alarm_admin import state

SCRIPTS = "modules/Hik-Connect_Team_Alarm/scripts/"
RULES_GET = "/api/hccgw/alarm/v1/alarmrules/get"
RULES_UPDATE = "/api/hccgw/alarm/v1/alarmrules/update"
LINKAGE_ADD = "/api/hccgw/alarm/v1/alarmlinkage/add"
ALARM_LOG = "/api/hccgw/alarm/v1/alarmlog"
PARIS = {"HIK_CONNECT_TEAM_TIMEZONE": "Europe/Paris"}


def a_rule(sim, index=0):
    return state(sim.sim).rules[index]


# ---- alarm rules -------------------------------------------------------------------------

def test_rules_answer_brief_records_with_the_event_name(sim, run):
    result = run(SCRIPTS + "alarm_rules.py", "get", "--page-size", "3")

    assert result.code == 0, result.stdout
    rule = result.json["data"]["alarmRule"][0]
    assert set(rule) == {"id", "name", "enable", "state", "eventSource", "eventName",
                         "priority"}
    assert set(rule["eventSource"]) == {"eventType", "sourceType", "sourceID", "sourceName"}
    assert rule["priority"] == {"level": rule["priority"]["level"]}
    assert rule["eventName"] and rule["eventName"] in a_rule(sim)["name"]


def test_rule_names_go_to_the_platform_as_one_word_then_every_word_must_match(sim, run):
    rule = a_rule(sim)  # e.g. "NVR 002 Camera 01-Motion Detection"
    words = rule["name"].split()
    query = f"{words[-1].upper()} {words[0]} {words[1]}"  # any order, any case

    result = run(SCRIPTS + "alarm_rules.py", "get", "--name", query)

    assert result.code == 0, result.stdout
    sent = sim.requests(RULES_GET)[0]["body"]["filter"]
    assert sent == {"alarmRuleName": max(query.split(), key=len)}
    found = result.json["data"]["alarmRule"]
    assert rule["id"] in {item["id"] for item in found}
    assert all(all(word.lower() in item["name"].lower() for word in query.split())
               for item in found)


def test_update_a_rule_by_its_name(sim, run):
    rule = a_rule(sim)

    result = run(SCRIPTS + "alarm_rules.py", "update", "--rule", rule["name"].lower(),
                 "--disable")

    assert result.code == 0, result.stdout
    assert sim.requests(RULES_UPDATE)[0]["body"]["alarmRule"][0]["id"] == rule["id"]
    assert result.json["data"]["resolved"][0] == {
        "flag": "--rule", "query": rule["name"].lower(), "name": rule["name"],
        "id": rule["id"], "pick": f"--id {rule['id']}"}
    assert rule["enable"] == 0


def test_an_ambiguous_rule_name_updates_nothing(sim, run):
    result = run(SCRIPTS + "alarm_rules.py", "update", "--rule", "camera 01", "--disable")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert sim.requests(RULES_UPDATE) == []


def test_update_needs_exactly_one_way_to_name_the_rule(sim, run):
    rule = a_rule(sim)
    neither = run(SCRIPTS + "alarm_rules.py", "update", "--disable")
    both = run(SCRIPTS + "alarm_rules.py", "update", "--id", rule["id"], "--rule", "x",
               "--disable")

    assert [neither.code, both.code] == [2, 2]
    assert sim.requests() == []


def test_linkage_on_a_rule_named(sim, run):
    rule = a_rule(sim, 1)

    result = run(SCRIPTS + "alarm_linkage.py", "add", "--rule", rule["name"],
                 "--record-camera", "self")

    assert result.code == 0, result.stdout
    assert sim.requests(LINKAGE_ADD)[0]["body"]["alarmLinkage"][0]["alarmRuleID"] == rule["id"]


def test_linkage_on_an_unknown_rule_sends_nothing(sim, run):
    result = run(SCRIPTS + "alarm_linkage.py", "add", "--rule", "no such rule",
                 "--record-camera", "self")

    assert result.code == 2 and result.json["errorCode"] == "UNKNOWN_NAME"
    assert sim.requests(LINKAGE_ADD) == []


# ---- alarm logs --------------------------------------------------------------------------

def test_a_day_in_paris_is_sent_as_its_utc_hours_and_echoed_with_its_offset(sim, run):
    result = run(SCRIPTS + "alarm_logs.py", "--begin", "2026-11-21", "--end", "2026-11-21",
                 env=PARIS)

    assert result.code == 0, result.stdout
    assert sim.requests(ALARM_LOG)[0]["body"]["timeRange"] == {
        "beginTime": "2026-11-20 23:00:00", "endTime": "2026-11-21 22:59:59"}
    assert result.json["data"]["window"] == {"start": "2026-11-21T00:00:00+01:00",
                                             "end": "2026-11-21T23:59:59+01:00"}


def test_every_form_of_time_is_accepted(sim, run):
    result = run(SCRIPTS + "alarm_logs.py", "--begin", "2026-11-21T08:30+02:00",
                 "--end", "2026-11-21 18:00", env=PARIS)

    assert result.code == 0, result.stdout
    assert sim.requests(ALARM_LOG)[0]["body"]["timeRange"] == {
        "beginTime": "2026-11-21 06:30:00", "endTime": "2026-11-21 17:00:00"}


def test_a_time_in_another_syntax_is_refused_before_any_request(sim, run):
    result = run(SCRIPTS + "alarm_logs.py", "--begin", "21/11/2026 08:00")

    assert result.code == 2 and "2026-12-01T10:00" in result.json["message"]
    assert sim.requests() == []


def test_log_entries_are_brief_and_say_the_events_name(sim, run):
    result = run(SCRIPTS + "alarm_logs.py", "--page-size", "100")

    assert result.code == 0, result.stdout
    entry = result.json["data"]["alarmLogList"][0]
    assert set(entry) == {"timeInfo", "eventSource", "eventName", "alarmRule", "alarmPriority"}
    assert set(entry["eventSource"]) == {"eventType", "sourceType", "sourceID", "sourceName",
                                         "areaName"}
    assert entry["eventName"] in entry["alarmRule"]["name"]
    assert len(result.stdout) / len(result.json["data"]["alarmLogList"]) < 400


def test_the_logs_of_an_area_by_name(sim, run):
    lobby = next(area for area in sim.sim.world.areas if area["name"] == "Lobby")

    result = run(SCRIPTS + "alarm_logs.py", "--area", "lobby", "--page-size", "5")

    assert result.code == 0, result.stdout
    assert sim.requests(ALARM_LOG)[0]["body"]["areaID"] == lobby["id"]


def test_logs_go_to_a_csv_file_with_only_the_summary_on_stdout(sim, run, tmp_path):
    target = tmp_path / "alarms.csv"

    result = run(SCRIPTS + "alarm_logs.py", "--all", "--csv", str(target))

    assert result.code == 0, result.stdout
    summary = result.json["data"]["files"][0]
    assert summary["count"] == result.json["data"]["count"] > 0
    assert "alarmLogList" not in result.json["data"] and len(result.stdout) < 1500
    assert "eventName" in summary["columns"]


# ---- priorities and schedules ------------------------------------------------------------

def test_priorities_and_schedules_are_brief_and_named(sim, run):
    priorities = run(SCRIPTS + "alarm_priorities.py", "--name", "high")
    schedules = run(SCRIPTS + "receiving_schedules.py")

    assert [item["levelName"] for item in priorities.json["data"]["alarmpriorities"]] == [
        "High"]
    assert all(set(item) <= {"id", "level", "levelName", "color"}
               for item in priorities.json["data"]["alarmpriorities"])
    assert all(set(item) == {"id", "name", "systemTemplate"}
               for item in schedules.json["data"]["receivingSchedule"])


def test_a_rule_on_a_camera_named(sim, run):
    camera = sim.sim.world.channels("camera")[0]
    camera["name"] = "Lobby Entrance"

    result = run(SCRIPTS + "alarm_rules.py", "add", "--name", "Lobby motion",
                 "--camera", "lobby entrance", "--event-type", "Motion Detection")

    assert result.code == 0, result.stdout
    sent = sim.requests("/api/hccgw/alarm/v1/alarmrules/add")[0]["body"]["alarmRule"][0]
    assert sent["eventSource"] == {"sourceType": "camera", "sourceID": camera["id"],
                                   "sourceName": "Lobby Entrance", "eventType": "10002"}


def test_a_rule_on_an_ambiguous_camera_adds_nothing(sim, run):
    result = run(SCRIPTS + "alarm_rules.py", "add", "--name", "x", "--camera", "camera 01",
                 "--event-type", "Motion Detection")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert all(candidate["pick"].startswith("--source-id ")
               for candidate in result.json["data"]["candidates"])
    assert sim.requests("/api/hccgw/alarm/v1/alarmrules/add") == []


def test_a_rule_source_given_twice_or_not_at_all_is_refused_before_any_request(sim, run):
    twice = run(SCRIPTS + "alarm_rules.py", "add", "--name", "x", "--camera", "a",
                "--source-id", "b", "--event-type", "10002")
    missing = run(SCRIPTS + "alarm_rules.py", "add", "--name", "x", "--event-type", "10002")

    assert [twice.code, missing.code] == [2, 2]
    assert sim.requests() == []


def test_a_rule_moved_to_an_alarm_input_named(sim, run):
    rule = a_rule(sim)
    alarm_input = sim.sim.world.channels("alarmInput")[0]
    alarm_input["name"] = "Back Door Contact"

    result = run(SCRIPTS + "alarm_rules.py", "update", "--id", rule["id"],
                 "--alarm-input", "back door", "--event-type", "10100")

    assert result.code == 0, result.stdout
    source = sim.requests(RULES_UPDATE)[0]["body"]["alarmRule"][0]["eventSource"]
    assert source["sourceType"] == "alarmInput" and source["sourceID"] == alarm_input["id"]
