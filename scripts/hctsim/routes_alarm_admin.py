"""Guide 5.3.2-5.3.4: alarm rules, linkage, priorities, receiving schedules, alarm logs and
the voltage setting. (Subscriptions and the message queues live in routes_mq.py.)

Demo data, deterministic for the simulator's seed:
- 3 alarm priorities (levels 1-3) and 3 arming schedule templates (two default, one custom);
- one alarm rule per camera of the world, "<camera>-<event name>", with an event type of
  A.1.4 picked per camera (motion, line crossing, intrusion...);
- alarm logs: each camera's rule fires every 2-6 hours (period and phase fixed per camera,
  on absolute UTC time) over the last 7 days of `sim.now()`, so the same window always
  gives the same entries.

Where the guide contradicts itself the simulator accepts both readings: `alarmRule` or
`alarmrule` in rules/add|update; eventSource.eventType as String (A.3.93) or Integer (the
examples). alarmlog answers the example's `alarmLogList` (`state["logListKey"]` switches to
the table's `alarmlogList`). Times of alarmlog are read as UTC (the platform's time zone in
the simulator is GMT). An areaID covers that area and its sub-areas.

Test state: `sim.store("alarm_admin", ...)` is an `AlarmAdmin`: `.rules`, `.priorities`,
`.schedules`, `.linkages`, `.voltage_threshold`, `.log_list_key`.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from datetime import datetime, timedelta, timezone
from typing import Any

from hctsim.core import ApiError, Sim, describe, route

ALARM = "/api/hccgw/alarm/v1"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
LOG_DAYS = 7
DEMO_EVENTS = ("10002", "10100", "10101", "10103", "10001", "10102")
ALARM_SOURCES = ("alarmInput", "camera", "encodingDevice", "alarmDevice", "user", "subSystem",
                 "vehicle", "mobileDevice")
LINKAGE_CONFIG_KEYS = {"LinkCamera": "linkCamera", "LinkCapturePicture": "linkCapturePicture",
                       "LinkAlarmOutput": "linkAlarmOutput", "LinkEMail": "linkEmail"}


def _alarm_type_names() -> dict[str, str]:
    """A.1.4 as the pack keeps it (lib/hct/data/alarm_types.json): code -> name."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "lib", "hct", "data", "alarm_types.json"),
              encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in json.load(handle)}


class AlarmAdmin:
    """The alarm configuration of one simulated account."""

    def __init__(self, sim: Sim) -> None:
        self.rng = random.Random(f"hct-sim-alarm-{sim.seed}")
        self.types = _alarm_type_names()
        self.priorities = [
            {"id": self.hex_id(), "level": level, "levelName": name, "color": color,
             "audioURL": ""}
            for level, name, color in ((1, "High", "#F40B0B"), (2, "Medium", "#D79931"),
                                       (3, "Low", "#2D8B3D"))]
        week = [str(day) for day in range(1, 8)]
        self.schedules = [
            self._schedule("All-day Template", 1, week, "00:00", "24:00"),
            self._schedule("Weekday Template", 1, week[:5], "00:00", "24:00"),
            self._schedule("Night Shift", 0, week, "20:00", "24:00"),
        ]
        self.rules: list[dict[str, Any]] = []
        self.linkages: list[dict[str, Any]] = []
        self.voltage_threshold: float = 20
        self.log_list_key = "alarmLogList"
        world = sim.world
        for index, camera in enumerate(world.channels("camera")):
            device = world.device_by_id[camera["deviceId"]]
            source_name = (camera["name"] if camera["name"].startswith(device["name"])
                           else f"{device['name']} {camera['name']}")
            event = DEMO_EVENTS[index % len(DEMO_EVENTS)]
            rule = self.new_rule({
                "name": f"{source_name}-{self.types[event]}", "color": "#ff0000",
                "enable": 1, "alarmMainCategory": "alarmCategoryVideo",
                "alarmSubCategory": "alarmSubCategoryCamera",
                "notification": {"enable": 1, "recipients": [
                    {"userID": world.users[0]["id"], "userName": world.users[0]["name"]}]},
                "schedule": {"type": "1", "timeSchedule": {"id": self.schedules[0]["id"],
                                                           "name": self.schedules[0]["name"]}},
                "priority": self.priority_ref(self.priorities[index % 3]["id"]),
                "ignoreRecurring": {"enable": 0, "timeValue": 15},
                "eventSource": {"eventType": int(event), "sourceID": camera["id"],
                                "sourceType": "camera", "sourceName": source_name}})
            digest = hashlib.sha256(f"{sim.seed}-{camera['id']}".encode()).digest()
            rule["_demo"] = {"camera": camera["id"], "period": 7200 + digest[0] * 57,
                             "phase": int.from_bytes(digest[1:4], "big")}

    def hex_id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def rule_id(self) -> str:
        """Rule ids look like the guide's: 19 digits."""
        return str(1_500_000_000_000_000_000 + self.rng.randrange(10**17))

    def _schedule(self, name: str, system: int, days: list[str], begin: str,
                  end: str) -> dict[str, Any]:
        """ReceivingSchedule (A.3.132) with TimeSetting (A.3.159) / TimeSpan (A.3.160)."""
        return {"id": self.hex_id(), "name": name, "systemTemplate": system,
                "timeSetting": [{"dayOfWeek": day, "timeSpan": [{"beginTime": begin,
                                                                  "endTime": end}]}
                                for day in days]}

    def priority_ref(self, priority_id: str) -> dict[str, Any] | None:
        found = next((p for p in self.priorities if p["id"] == priority_id), None)
        if found is None:
            return None
        return {"id": found["id"], "level": str(found["level"]), "levelName": found["levelName"],
                "color": found["color"]}

    def new_rule(self, fields: dict[str, Any]) -> dict[str, Any]:
        rule = {"id": self.rule_id(), "name": "", "description": "", "color": "",
                "enable": 1, "state": "0", "alarmMainCategory": "", "alarmSubCategory": "",
                "notification": {"enable": 0, "recipients": []},
                "schedule": {"timeSchedule": {"id": self.schedules[0]["id"],
                                              "name": self.schedules[0]["name"]}, "type": "1"},
                "priority": self.priority_ref(self.priorities[0]["id"]),
                "ignoreRecurring": {"enable": 0, "timeValue": 15}, "eventSource": {}}
        rule.update(fields)
        self.rules.append(rule)
        return rule

    def rule_by_id(self, rule_id: str) -> dict[str, Any] | None:
        return next((rule for rule in self.rules if rule["id"] == rule_id), None)


def state(sim: Sim) -> AlarmAdmin:
    return sim.store("alarm_admin", lambda: AlarmAdmin(sim))


def public_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """AlarmRuleDetail (A.3.27) as the alarmrules/get example shows it."""
    return {key: value for key, value in rule.items() if not key.startswith("_")}


# ---- rules ---------------------------------------------------------------------------------

def _rule_list(sim: Sim, body: Any) -> list[Any]:
    """The rule list: `alarmRule` (example and response) or `alarmrule` (table)."""
    key = "alarmRule" if isinstance(body, dict) and "alarmRule" in body else "alarmrule"
    rules = sim.require(body, key, list)
    if not rules or not all(isinstance(rule, dict) for rule in rules):
        raise ApiError("OPEN000010", f"{describe('OPEN000010')} {key} must list rule objects.")
    return rules


def _text(sim: Sim, rule: dict[str, Any], field: str, limit: int, *,
          required: bool = False) -> str | None:
    value = (sim.require if required else sim.optional)(rule, field, str)
    if value is not None and (len(value) > limit or (required and not value.strip())):
        raise ApiError("OPEN000010", f"{describe('OPEN000010')} {field}: 1..{limit} characters.")
    return value


def _checked_fields(sim: Sim, admin: AlarmAdmin, rule: dict[str, Any]) -> dict[str, Any]:
    """The fields of one rule of add/update, typed as the guide's objects say."""
    fields: dict[str, Any] = {}
    for field, limit in (("name", 255), ("description", 128), ("color", 64),
                         ("alarmMainCategory", 64), ("alarmSubCategory", 64)):
        value = _text(sim, rule, field, limit, required=field == "name")
        if value is not None:
            fields[field] = value
    enable = sim.optional(rule, "enable", (int, str))
    if enable is not None:
        if str(enable) not in ("0", "1"):
            raise ApiError("OPEN000010", f"{describe('OPEN000010')} enable is 0 or 1.")
        fields["enable"] = int(enable)
    source = sim.require(rule, "eventSource", dict)
    event = sim.require(source, "eventType", (str, int))  # String in A.3.93, a number in examples
    if str(event) not in admin.types:
        raise ApiError("OPEN000010", f"{describe('OPEN000010')} eventType {event} is not an "
                                     "alarm type of A.1.4.")
    source_type = sim.require(source, "sourceType", str)
    if source_type not in ALARM_SOURCES:
        raise ApiError("OPEN000010", f"{describe('OPEN000010')} sourceType {source_type!r} "
                                     "is not an alarm source of A.1.5.")
    source_id = sim.require(source, "sourceID", str)
    fields["eventSource"] = {"eventType": int(event), "sourceID": source_id,
                             "sourceType": source_type,
                             "sourceName": sim.optional(source, "sourceName", str, "")}
    notification = sim.optional(rule, "notification", dict)
    if notification is not None:
        sim.require(notification, "enable", int)  # Integer (A.3.117)
        recipients = sim.optional(notification, "recipients", list, [])
        fields["notification"] = {"enable": notification["enable"], "recipients": recipients}
    schedule = sim.optional(rule, "schedule", dict)
    if schedule is not None:
        schedule_id = sim.require(schedule, "timeSchedule.id", str)
        template = next((s for s in admin.schedules if s["id"] == schedule_id), None)
        if template is None:
            raise ApiError("OPEN000010", f"{describe('OPEN000010')} no arming schedule "
                                         f"template {schedule_id}.")
        fields["schedule"] = {"timeSchedule": {"id": schedule_id, "name": template["name"]},
                              "type": str(sim.optional(schedule, "type", (str, int), "1"))}
    priority = sim.optional(rule, "priority", dict)
    if priority is not None:
        ref = admin.priority_ref(sim.require(priority, "id", str))
        if ref is None:
            raise ApiError("OPEN000010", f"{describe('OPEN000010')} no alarm priority "
                                         f"{priority['id']}.")
        fields["priority"] = ref
    ignore = sim.optional(rule, "ignoreRecurring", dict)
    if ignore is not None:
        # A.3.104 types both as String; the get/update examples show numbers: accept both.
        enable_value = sim.require(ignore, "enable", (str, int))
        time_value = sim.optional(ignore, "timeValue", (str, int), 15)
        if str(enable_value) not in ("0", "1") or not str(time_value).isdigit():
            raise ApiError("OPEN000010", f"{describe('OPEN000010')} ignoreRecurring.")
        fields["ignoreRecurring"] = {"enable": int(enable_value), "timeValue": int(time_value)}
    return fields


def _source_error(sim: Sim, source: dict[str, Any]) -> str:
    """A per-rule error code when the event source does not exist ("" when it does)."""
    kinds = {"camera": "camera", "alarmInput": "alarmInput"}
    kind = kinds.get(source["sourceType"])
    if kind is None:
        return ""
    channel = sim.world.channel_by_id.get(source["sourceID"])
    if channel is None or channel["kind"] != kind or channel["id"] != source["sourceID"]:
        return "OPEN000503" if kind == "camera" else "OPEN000010"
    return ""


@route("POST", f"{ALARM}/alarmrules/add")
def rules_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    admin = state(sim)
    answers = []
    with sim.lock:
        checked = [_checked_fields(sim, admin, rule) for rule in _rule_list(sim, body)]
        for fields in checked:
            code = _source_error(sim, fields["eventSource"])
            if not code and any(rule["name"] == fields["name"] for rule in admin.rules):
                code = "OPEN000010"  # a rule of this name exists
            if code:
                answers.append({"name": fields["name"], "errorCode": code, "id": ""})
                continue
            rule = admin.new_rule(fields)
            answers.append({"name": rule["name"], "errorCode": "", "id": rule["id"]})
    return {"alarmRule": answers}


@route("POST", f"{ALARM}/alarmrules/update")
def rules_update(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    admin = state(sim)
    answers = []
    with sim.lock:
        rules = _rule_list(sim, body)
        changes = []
        for rule in rules:
            rule_id = sim.require(rule, "id", str)
            if admin.rule_by_id(rule_id) is None:
                raise ApiError("OPEN000010", f"{describe('OPEN000010')} no alarm rule {rule_id}.")
            changes.append((rule_id, _checked_fields(sim, admin, rule)))
        for _, fields in changes:
            if _source_error(sim, fields["eventSource"]):
                raise ApiError("OPEN000503" if fields["eventSource"]["sourceType"] == "camera"
                               else "OPEN000010")
        for rule_id, fields in changes:
            stored = admin.rule_by_id(rule_id)
            stored.update(fields)
            answers.append({"name": stored["name"], "id": rule_id})
    return {"alarmRule": answers}


def _rule_matches(sim: Sim, rule: dict[str, Any], flt: dict[str, Any]) -> bool:
    rule_id = sim.optional(flt, "alarmRuleID", str, "")
    name = sim.optional(flt, "alarmRuleName", str, "").lower()
    source_name = sim.optional(flt, "eventSourceName", str, "").lower()
    state_value = sim.optional(flt, "alarmRuleState", int, -1)
    enable = sim.optional(flt, "alarmRuleEnable", int, -1)
    sources = sim.optional(flt, "eventSource", list, [])
    main = sim.optional(flt, "alarmCategory.mainCategory", str, "")
    sub = sim.optional(flt, "alarmCategory.subCategory", str, "")
    source = rule["eventSource"]
    return ((not rule_id or rule["id"] == rule_id)
            and (not name or name in rule["name"].lower())
            and (not source_name or source_name in source.get("sourceName", "").lower())
            and (state_value == -1 or str(state_value) == rule["state"])
            and (enable == -1 or enable == rule["enable"])
            and (not sources or any(isinstance(item, dict)
                                    and item.get("sourceID") == source.get("sourceID")
                                    and item.get("sourceType") == source.get("sourceType")
                                    for item in sources))
            and (not main or main == rule["alarmMainCategory"])
            and (not sub or sub == rule["alarmSubCategory"]))


@route("POST", f"{ALARM}/alarmrules/get")
def rules_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    index, size = sim.paging(body)
    flt = sim.optional(body, "filter", dict, {})
    for field in ("alarmRuleState", "alarmRuleEnable"):
        value = sim.optional(flt, field, int)
        if value is not None and value not in (-1, 0, 1):
            raise ApiError("OPEN000010", f"{describe('OPEN000010')} {field} is -1, 0 or 1.")
    admin = state(sim)
    with sim.lock:
        rows = [public_rule(rule) for rule in admin.rules if _rule_matches(sim, rule, flt)]
    return {"totalCount": len(rows), "pageIndex": index, "pageSize": size,
            "alarmRule": Sim.page(rows, index, size)}


# ---- priorities, schedules, linkage ---------------------------------------------------------

def _string_paged(sim: Sim, body: Any, rows: list[Any], list_key: str) -> dict[str, Any]:
    """The guide types totalCount/pageIndex/pageSize of these answers as String."""
    index, size = sim.paging(body)
    return {"totalCount": str(len(rows)), "pageIndex": str(index), "pageSize": str(size),
            list_key: Sim.page(rows, index, size)}


@route("POST", f"{ALARM}/alarmpriorities/get")
def priorities_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    return _string_paged(sim, body, state(sim).priorities, "alarmpriorities")


@route("POST", f"{ALARM}/receivingschedules/get")
def schedules_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    return _string_paged(sim, body, state(sim).schedules, "receivingSchedule")


def _linkage_error(sim: Sim, item: dict[str, Any]) -> str:
    """"" when a LinkageItem is well formed and its resources exist, else an error code."""
    kind = item.get("linkageType")
    config_key = LINKAGE_CONFIG_KEYS.get(kind) if isinstance(kind, str) else None
    config = (item.get("linkageConfig") or {}).get(config_key) if config_key else None
    if not isinstance(config, dict):
        return "OPEN000010"
    if kind == "LinkCamera" and config.get("relateType") not in (1, 2, None):
        return "OPEN000010"
    resources = config.get("alarmOutput" if kind == "LinkAlarmOutput" else "camera") or []
    wanted = "alarmOutput" if kind == "LinkAlarmOutput" else "camera"
    for resource in resources:
        channel = sim.world.channel_by_id.get(str((resource or {}).get("id")))
        if channel is None or channel["kind"] != wanted:
            return "OPEN000503" if wanted == "camera" else "OPEN000010"
    return ""


@route("POST", f"{ALARM}/alarmlinkage/add")
def linkage_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    admin = state(sim)
    entries = sim.require(body, "alarmLinkage", list)
    answers = []
    with sim.lock:
        for entry in entries:
            rule_id = sim.require(entry, "alarmRuleID", str, max_len=32)
            items = sim.optional(entry, "linkageItem", list, [])
            for item in items:
                code = ("OPEN000010" if admin.rule_by_id(rule_id) is None
                        else _linkage_error(sim, item if isinstance(item, dict) else {}))
                item_id = admin.hex_id().upper() if not code else ""
                kind = item.get("linkageType") if isinstance(item, dict) else None
                if not code:
                    admin.linkages.append({"alarmRuleID": rule_id, "itemID": item_id,
                                           "item": item})
                answers.append({"alarmRuleID": rule_id, "itemID": item_id,
                                "linkageType": kind, "errorCode": code or "0"})
    return {"alarmLinkage": answers}


# ---- alarm logs -----------------------------------------------------------------------------

def _parse_time(sim: Sim, body: Any, field: str) -> datetime:
    value = sim.require(body, f"timeRange.{field}", str)
    try:
        return datetime.strptime(value, TIME_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        raise ApiError("OPEN000026") from None


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _log_entry(sim: Sim, admin: AlarmAdmin, rule: dict[str, Any], moment: int) -> dict[str, Any]:
    """AlarmMsg (A.3.20) as the alarmlog example shows it."""
    world = sim.world
    camera = world.channel_by_id[rule["_demo"]["camera"]]
    device = world.device_by_id[camera["deviceId"]]
    area = world.area_ref(camera["areaId"])
    source = rule["eventSource"]
    guid = hashlib.sha256(f"{rule['id']}-{moment}".encode()).hexdigest()[:32]
    return {
        "guid": guid, "dataRetransmission": 1, "alarmState": "0", "pulseAlarm": "0",
        "alarmMainCategory": rule["alarmMainCategory"],
        "alarmSubCategory": rule["alarmSubCategory"],
        "timeInfo": {"startTime": _iso(moment), "endTime": _iso(moment + 15)},
        "eventSource": {"eventType": str(source["eventType"]), "sourceID": camera["id"],
                        "sourceName": source.get("sourceName", ""), "sourceType": "camera",
                        "areaID": area["id"], "areaName": area["name"],
                        "deviceInfo": {"devID": device["id"], "devName": device["name"],
                                       "devCategory": "2001"}},
        "alarmRule": {"id": rule["id"], "name": rule["name"],
                      "description": rule["description"]},
        "alarmPriority": rule["priority"], "markState": "0", "affirmedState": "0",
        "fileInfo": {}}


def demo_logs(sim: Sim, begin: float, end: float) -> list[dict[str, Any]]:
    """Every demo alarm in [begin, end] (epoch s) within the last LOG_DAYS days, by time."""
    admin = state(sim)
    now = sim.now()
    begin = max(begin, now - LOG_DAYS * 86400)
    end = min(end, now)
    found: list[tuple[int, str, dict[str, Any]]] = []
    for rule in admin.rules:
        demo = rule.get("_demo")
        if not demo or demo["camera"] not in sim.world.channel_by_id:
            continue
        period, phase = demo["period"], demo["phase"]
        moment = phase + ((int(begin) - phase) // period) * period
        while moment <= end:
            if moment >= begin:
                found.append((moment, rule["id"], rule))
            moment += period
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return [_log_entry(sim, admin, rule, moment) for moment, _, rule in found]


@route("POST", f"{ALARM}/alarmlog")
def alarm_log(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    index, size = sim.paging(body)
    sim.require(body, "timeRange", dict)
    begin, end = _parse_time(sim, body, "beginTime"), _parse_time(sim, body, "endTime")
    if begin > end:
        raise ApiError("OPEN000030")
    if end - begin > timedelta(days=1):
        raise ApiError("OPEN000027")
    area_id = sim.optional(body, "areaID", str)
    types = sim.optional(body, "eventTypeList", list)
    if types is not None and not all(isinstance(code, str) for code in types):
        raise ApiError("OPEN000008", f"{describe('OPEN000008')} eventTypeList is String[].")
    with sim.lock:
        if area_id is not None and not area_id:
            raise ApiError("OPEN000028")
        if area_id and area_id not in sim.world.area_by_id:
            raise ApiError("OPEN000031")
        areas = sim.world.subtree_ids(area_id) if area_id else None
        rows = [entry for entry in demo_logs(sim, begin.timestamp(), end.timestamp())
                if (areas is None or entry["eventSource"]["areaID"] in areas)
                and (not types or entry["eventSource"]["eventType"] in types)]
        key = state(sim).log_list_key
    page = Sim.page(rows, index, size)
    return {"pageIndex": index, "pageSize": len(page),
            "moreData": 1 if index * size < len(rows) else 0, key: page}


# ---- voltage --------------------------------------------------------------------------------

@route("POST", f"{ALARM}/voltagesetting/set")
def voltage_set(sim: Sim, body: Any, request: Any) -> bool:
    value = sim.require(body, "voltageThreshold", float)  # Number: int or float, not bool
    if not 0 <= value <= 100:
        raise ApiError("OPEN000010", f"{describe('OPEN000010')} voltageThreshold is 0..100.")
    with sim.lock:
        state(sim).voltage_threshold = value
    return True
