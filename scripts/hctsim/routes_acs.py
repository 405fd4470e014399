"""Guide 5.7 Access Control Services: remote door control, the Bluetooth key, card-swipe
records, access levels and persons' access levels.

State (take `sim.lock`; other route modules may read it):
- doors are the world's door channels (`sim.world.channels("door")`, A.3.138's elementlist
  holds their `id`); `sim.store("acs.doorStates", dict)`: doorId -> {"state": "unlocked" |
  "locked" | "remainUnlocked" | "remainLocked", "direction": 0 | 1, "time": sim.now()}.
- `sim.store("access_levels", dict)`: accessLevelId (18 digits) -> AccessLevelInfo (A.3.3:
  id, name, remark, usageType, areaInfo {id, name}, timeSchedule {id, name},
  associateResList [{id, name, type, areaInfo}] of doors). Seeded from the world by
  `access_levels(sim)` on first use by any ACS route ("All Doors" plus one level per area
  that has doors); the Person routes read the same store.
- `sim.store("access_level_persons", dict)`: accessLevelId -> [personId, ...] (shared with
  the Person routes' persons/quick/add).
- `sim.store("acs.cardholders", ...)`: eight demo people (personId, firstName, lastName,
  cardNumber) who appear in the card-swipe records. Persons known to the access level APIs
  are these plus the Person routes' `sim.store("persons", dict)`.

Behaviour (Appendix A.4 codes):
- remote/control: remoteControl missing OPEN000010, wrong JSON types OPEN000008, actionType
  outside 1..4 / direction outside 0..1 / depthTraversal outside 0..1 OPEN000010. An empty
  elementlist means every door: of all areas for areaId "" or "-1", else of that area (and
  its sub-areas with depthTraversal 1; unknown area OPEN000031). data.operationResult lists
  only failures (RemoteControlResponse): a door whose controller is offline OPEN000554, an
  unknown door id OPEN000010. The other doors change state.
- certificaterecords/search: records are generated deterministically per door and UTC day
  (2-6 swipes a day per door, about 1 in 7 denied) up to `sim.now()`. beginTime/endTime are
  ISO 8601 with an offset or Z, else OPEN000026; begin after end OPEN000030; more
  than a day apart OPEN000027 ("no more than a day"; the field profile's
  record_window_seconds None accepts any span); pageSize outside 1..200 OPEN000025; with
  the field profile's record_page_ceiling, pages after the 50th are empty.
  Missing times: the day before endTime (default now). Both ends are inclusive; records
  come oldest first. personIds together with personName: OPEN000010 (Table 5-60: "Person
  ID conflicts with person name").
- accesslevel/list: accessLevelSearchRequest missing OPEN000010; pageSize 1..500 else
  OPEN000025; pages count from 0 (A.3.6: pageIndex "The default value is 0", and the
  guide's example answers page 1 of size 1 empty with totalNum 1), or from 1 with the
  switch access_level_page_base 1 (a pageIndex below the base: OPEN000010); the answer
  nests pageIndex/pageSize/totalNum/accessLevelList in accessLevelResponse as the guide's
  example does (its table lists them beside it).
- accesslevel/person/add|delete|modify: personList missing or empty OPEN000010, wrong types
  or a personId that is not digits OPEN000008. Per person and level, failures go to
  data.accessLevelFailed (AccessLevelFailed, accessLevelId an Integer as A.3.2 types it):
  unknown person CCF038023, unknown access level VMS040016; everything else is applied.
  Without failures the answer has no data, as the guide's example.
- maintain/overview/person/{id}/elementdetail: unknown person CCF038023; one ElementDetail
  per door of the person's levels: status 0 (applied) when the controller is online, else 2
  (applying failed) with errorCode OPEN000554 and a certificateStatusList entry; with
  returnSuccess false (default) only the failures.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta, timezone
from typing import Any

from hctsim.core import ApiError, Sim, route

ACS = "/api/hccgw/acs/v1"
ACSPM = "/api/hccgw/acspm/v1"
DAY = 24 * 3600
RECORD_PAGE_MAX = 200  # certificaterecords: "between 1 and 200"
LEVEL_PAGE_MAX = 500
LEVEL_ID_BASE = 400000000000000000
ACTION_STATES = {1: "unlocked", 2: "locked", 3: "remainUnlocked", 4: "remainLocked"}
GRANTED = (80001, 80002, 80093, 80078, 80025)  # A.1.4 Card Swiping: access granted
DENIED = (80028, 80027, 80094, 80020)  # card does not exist, no access level, denied...
_PEOPLE = (("Alice", "Moreau"), ("Bilal", "Khan"), ("Chen", "Wei"), ("Dana", "Novak"),
           ("Emeka", "Obi"), ("Farah", "Haddad"), ("Gustav", "Lind"), ("Hana", "Sato"))


# --- state ------------------------------------------------------------------------------------
def access_levels(sim: Sim) -> dict[str, dict[str, Any]]:
    """The access level table, seeded from the world once."""
    table = sim.store("access_levels", dict)
    with sim.lock:
        if not sim.store("acs.levelsSeeded", lambda: [False])[0]:
            _seed_levels(sim, table)
            sim.store("acs.levelsSeeded", lambda: [False])[0] = True
    return table


def _seed_levels(sim: Sim, table: dict[str, dict[str, Any]]) -> None:
    world = sim.world
    doors = world.channels("door")
    groups: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = [
        ("All Doors", world.root, doors)]
    for area in world.areas:
        members = [door for door in doors if door["areaId"] == area["id"]]
        if members:
            groups.append((f"{area['name']} Doors", area, members))
    for number, (name, area, members) in enumerate(groups, 1):
        level_id = str(LEVEL_ID_BASE + number)
        table.setdefault(level_id, {
            "id": level_id, "name": name, "remark": "", "usageType": 0,
            "areaInfo": {"id": area["id"], "name": area["name"]},
            "timeSchedule": {"id": "1", "name": "All-Day Template"},
            "associateResList": [{"id": door["id"], "name": _door_name(sim, door), "type": 0,
                                  "areaInfo": world.area_ref(door["areaId"])}
                                 for door in members]})


def cardholders(sim: Sim) -> dict[str, dict[str, Any]]:
    def build() -> dict[str, dict[str, Any]]:
        rng = random.Random(f"hct-sim-cardholders-{sim.seed}")
        people = {}
        for number, (first, last) in enumerate(_PEOPLE, 1):
            person_id = str(379224379437087700 + number)
            people[person_id] = {"personId": person_id, "firstName": first, "lastName": last,
                                 "cardNumber": f"{rng.randrange(10**9):010d}"}
        return people

    return sim.store("acs.cardholders", build)


def _person_name(sim: Sim, person_id: str) -> str | None:
    """The name of a person the access level APIs know, None for an unknown person."""
    record = sim.store("persons", dict).get(person_id) or cardholders(sim).get(person_id)
    if record is None:
        return None
    return f"{record.get('firstName', '')} {record.get('lastName', '')}".strip()


def _door_name(sim: Sim, door: dict[str, Any]) -> str:
    device = sim.world.device_by_id[door["deviceId"]]
    return f"{device['serialNo']}-{door['name']}"


def _doors(sim: Sim) -> dict[str, dict[str, Any]]:
    return {door["id"]: door for door in sim.world.channels("door")}


def _enum(sim: Sim, body: Any, path: str, allowed: range, default: int) -> int:
    value = sim.optional(body, path, int, default)
    if value not in allowed:
        raise ApiError("OPEN000010", f"{path} must be one of {list(allowed)}.")
    return value


# --- 5.7.1 remote control ---------------------------------------------------------------------
@route("POST", f"{ACS}/remote/control")
def remote_control(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    sim.require(body, "remoteControl", dict)
    action = sim.require(body, "remoteControl.actionType", int)
    if action not in ACTION_STATES:
        raise ApiError("OPEN000010", "remoteControl.actionType must be 1, 2, 3 or 4.")
    elements = sim.optional(body, "remoteControl.elementlist", list, [])
    if not all(isinstance(item, str) for item in elements):
        raise ApiError("OPEN000008", "remoteControl.elementlist must be String[].")
    direction = _enum(sim, body, "remoteControl.direction", range(2), 0)
    area_id = sim.optional(body, "remoteControl.areaId", str, "")
    depth = _enum(sim, body, "remoteControl.depthTraversal", range(2), 0)
    world = sim.world
    failures: list[dict[str, Any]] = []
    with sim.lock:
        doors = _doors(sim)
        if elements:
            targets = []
            for door_id in dict.fromkeys(elements):
                if door_id in doors:
                    targets.append(doors[door_id])
                else:
                    failures.append({"elementId": door_id, "elementName": "", "areaId": "",
                                     "areaName": "", "errorCode": "OPEN000010"})
        elif area_id in ("", "-1"):
            targets = list(doors.values())
        else:
            if area_id not in world.area_by_id:
                raise ApiError("OPEN000031")
            areas = world.subtree_ids(area_id) if depth else {area_id}
            targets = [door for door in doors.values() if door["areaId"] in areas]
        states = sim.store("acs.doorStates", dict)
        for door in targets:
            if not world.device_by_id[door["deviceId"]]["onlineStatus"]:
                area = world.area_ref(door["areaId"])
                failures.append({"elementId": door["id"], "elementName": _door_name(sim, door),
                                 "areaId": area["id"], "areaName": area["name"],
                                 "errorCode": "OPEN000554"})
                continue
            states[door["id"]] = {"state": ACTION_STATES[action], "direction": direction,
                                  "time": sim.now()}
    return {"operationResult": failures}


# --- 5.7.2 Bluetooth key ----------------------------------------------------------------------
@route("GET", f"{ACS}/encryptinfo/get")
def encrypt_info(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    seed = f"hct-sim-bluetooth-{sim.seed}".encode()
    return {"encryptType": "AES128_CBC", "authData": hashlib.sha256(seed).hexdigest()[:32],
            "vector": hashlib.md5(seed).hexdigest(), "loopCount": 1000}


# --- 5.7.3 card-swipe records -----------------------------------------------------------------
def _parse_time(sim: Sim, body: Any, path: str) -> datetime | None:
    value = sim.optional(body, path, str)
    if value is None:
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise ApiError("OPEN000026") from None
    if moment.tzinfo is None:  # Table 5-59: "ISO time format, e.g.: 2023-10-21T11:08:23+08:00"
        raise ApiError("OPEN000026", f"{path} needs a UTC offset (e.g. +08:00 or Z).")
    return moment


def _day_records(sim: Sim, day: int) -> list[dict[str, Any]]:
    """The records of UTC day number `day` (days since 1970), all doors, oldest first."""
    world = sim.world
    holders = list(cardholders(sim).values())
    rows = []
    for door in world.channels("door"):
        rng = random.Random(f"hct-sim-records-{sim.seed}-{door['id']}-{day}")
        device = world.device_by_id[door["deviceId"]]
        area = world.area_ref(door["areaId"])
        for number in range(rng.randint(2, 6)):
            second = day * DAY + rng.randrange(DAY)
            holder = holders[rng.randrange(len(holders))]
            granted = rng.random() >= 1 / 7
            event = rng.choice(GRANTED if granted else DENIED)
            when = datetime.fromtimestamp(second, timezone.utc)
            guid = hashlib.sha1(f"{sim.seed}-{door['id']}-{day}-{number}".encode()).hexdigest()
            rows.append({
                "recordGuid": guid[:32], "elementId": door["id"],
                "elementName": _door_name(sim, door), "elementPicUrl": "", "elementType": 1002,
                "areaId": area["id"], "areaName": area["name"], "deviceId": device["id"],
                "deviceName": device["name"], "acsSnapPicList": [],
                "associatedCameraList": "", "cardReaderId": f"{door['id'][:24]}reader01",
                "cardReaderName": f"{door['name']} Reader", "occurTime": when.isoformat(),
                "deviceTime": when.isoformat(),
                "recordTime": (when + timedelta(seconds=2)).isoformat(), "eventType": event,
                "swipeAuthResult": 1 if granted else 0, "eventMainType": 0,
                "devSerialNo": day * 100 + number, "hasCameraSnapPic": 0,
                "hasDevVideoRecord": 0, "cardNumber": holder["cardNumber"],
                "personInfo": {"id": holder["personId"], "baseInfo": {
                    "firstName": holder["firstName"], "lastName": holder["lastName"]}},
                "masksStatus": 1, "attendanceStatus": 0, "direction": rng.choice((1, 2)),
                "_second": second})
    rows.sort(key=lambda row: (row["_second"], row["recordGuid"]))
    return rows


def _csv(value: str | None) -> set[str]:
    return {part.strip() for part in (value or "").split(",") if part.strip()}


@route("POST", f"{ACS}/event/certificaterecords/search")
def records_search(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    index, size = sim.paging(body, RECORD_PAGE_MAX, required=False)
    criteria = "searchCriteria."
    begin = _parse_time(sim, body, criteria + "beginTime")
    end = _parse_time(sim, body, criteria + "endTime")
    end = end or (begin + timedelta(seconds=DAY) if begin else
                  datetime.fromtimestamp(int(sim.now()), timezone.utc))
    begin = begin or end - timedelta(seconds=DAY)
    if begin > end:
        raise ApiError("OPEN000030")
    longest = sim.behaviour.record_window_seconds
    if longest is not None and (end - begin).total_seconds() > longest:
        raise ApiError("OPEN000027")
    time_type = _enum(sim, body, criteria + "type", range(3), 0)
    auth = _enum(sim, body, criteria + "swipeAuthResult", range(3), 0)
    search_type = _enum(sim, body, criteria + "searchType", range(2), 0)
    _enum(sim, body, criteria + "temperatureStatus", range(4), 0)
    mask = _enum(sim, body, criteria + "maskStatus", range(4), 0)
    try:
        events = {int(code) for code in _csv(sim.optional(body, criteria + "eventTypes", str))}
    except ValueError:
        raise ApiError("OPEN000010", "eventTypes must be comma-separated codes.") from None
    elements = _csv(sim.optional(body, criteria + "elementIDs", str))
    person_ids = _csv(sim.optional(body, criteria + "personCondition.personIds", str))
    person_name = (sim.optional(body, criteria + "personCondition.personName", str) or "")
    if person_ids and person_name:
        raise ApiError("OPEN000010", "personIds conflicts with personName (Table 5-60).")
    card = sim.optional(body, criteria + "cardNumber", str)
    first, last = int(begin.timestamp()), int(end.timestamp())
    now = int(sim.now())
    shift = 2 if time_type == 2 else 0  # recordTime is 2 s after occurTime
    with sim.lock:
        rows = [row for day in range(first // DAY - 1, last // DAY + 1)
                for row in _day_records(sim, day)
                if first <= row["_second"] + shift <= last and row["_second"] <= now]
    rows = [row for row in rows
            if (not events or row["eventType"] in events)
            and (auth == 0 or row["swipeAuthResult"] == (1 if auth == 1 else 0))
            and (not elements or row["elementId"] in elements)
            and mask in (0, 1)
            and (_person_matches(row, person_ids, person_name.lower()) if search_type == 0
                 else (not card or row["cardNumber"] == card))]
    page = [{key: value for key, value in row.items() if not key.startswith("_")}
            for row in sim.record_page(rows, index, size)]
    return {"totalNum": len(rows), "pageIndex": index, "pageSize": size, "recordList": page}


def _person_matches(row: dict[str, Any], ids: set[str], name: str) -> bool:
    person = row["personInfo"]
    if ids:
        return person["id"] in ids
    full = f"{person['baseInfo']['firstName']} {person['baseInfo']['lastName']}".lower()
    return not name or name in full


# --- 5.7.4 access levels ----------------------------------------------------------------------
@route("POST", f"{ACSPM}/accesslevel/list")
def access_level_list(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    sim.require(body, "accessLevelSearchRequest", dict)
    prefix = "accessLevelSearchRequest."
    base = sim.behaviour.access_level_page_base
    index, size = sim.paging(body, LEVEL_PAGE_MAX, prefix + "pageIndex", prefix + "pageSize",
                             required=False, base=base)
    prefix += "searchCriteria."
    name = (sim.optional(body, prefix + "accessLevelName", str) or "").lower()
    resources = sim.optional(body, prefix + "associateResInfoList", list, [])
    if not all(isinstance(item, dict) and isinstance(item.get("resId", ""), str)
               for item in resources):
        raise ApiError("OPEN000008", "associateResInfoList must be [{resId: String}].")
    door_ids = {item.get("resId") for item in resources if item.get("resId")}
    area_ids = sim.optional(body, prefix + "aresIdList", list, [])
    depth = _enum(sim, body, prefix + "depthTraversal", range(2), 0)
    with sim.lock:
        areas = set()
        for area_id in area_ids:
            areas |= sim.world.subtree_ids(str(area_id)) if depth else {str(area_id)}
        rows = [level for level in access_levels(sim).values()
                if (not name or name in level["name"].lower())
                and (not door_ids or door_ids & {res["id"] for res in level["associateResList"]})
                and (not areas or level["areaInfo"]["id"] in areas)]
        page = [dict(level) for level in Sim.page(rows, index + 1 - base, size)]
    return {"accessLevelResponse": {"pageIndex": index, "pageSize": size,
                                    "totalNum": len(rows), "accessLevelList": page}}


# --- 5.7.5 a person's element detail ----------------------------------------------------------
@route("POST", f"{ACSPM}/maintain/overview/person/{{id}}/elementdetail")
def element_detail(sim: Sim, body: Any, request: Any, id: str) -> dict[str, Any]:
    return_success = sim.optional(body, "returnSuccess", bool, False)
    world = sim.world
    with sim.lock:
        if _person_name(sim, id) is None:
            raise ApiError("CCF038023")
        levels = access_levels(sim)
        granted = sim.store("access_level_persons", dict)
        doors: dict[str, dict[str, Any]] = {}
        for level_id, members in granted.items():
            if id in members and level_id in levels:
                doors.update({res["id"]: res for res in levels[level_id]["associateResList"]})
        details = []
        for door_id, res in doors.items():
            channel = world.channel_by_id.get(door_id)
            online = bool(channel and world.device_by_id[channel["deviceId"]]["onlineStatus"])
            detail: dict[str, Any] = {"id": door_id, "name": res["name"], "type": 0,
                                      "elementStatus": {"errorCode": "" if online
                                                        else "OPEN000554",
                                                        "status": 0 if online else 2}}
            if not online:
                detail["certificateStatusList"] = [{"id": id, "errorCode": "OPEN000554",
                                                    "status": 2, "type": 3}]
            if return_success or not online:
                details.append(detail)
    return {"elementDetailList": details}


# --- 5.7.6-5.7.8 persons' access levels -------------------------------------------------------
def _person_list(sim: Sim, body: Any) -> list[dict[str, Any]]:
    entries = sim.require(body, "personList", list)
    if not entries:
        raise ApiError("OPEN000010", "personList must not be empty.")
    for entry in entries:
        if not isinstance(entry, dict):
            raise ApiError("OPEN000008", "personList items are objects.")
        person_id = entry.get("personId")
        if not isinstance(person_id, str) or not person_id.isdigit():
            raise ApiError("OPEN000008", "personList[].personId must be a person ID (a String "
                                         "of digits).")
        levels = entry.get("accessLevelIdList", [])
        if not isinstance(levels, list) or not all(isinstance(item, str) for item in levels):
            raise ApiError("OPEN000008", "personList[].accessLevelIdList must be String[].")
        if not isinstance(entry.get("deleteAll", False), bool):
            raise ApiError("OPEN000008", "personList[].deleteAll must be a boolean.")
    return entries


def _change_levels(sim: Sim, body: Any, operation: str) -> dict[str, Any] | None:
    entries = _person_list(sim, body)
    failed: list[dict[str, Any]] = []
    with sim.lock:
        levels = access_levels(sim)
        granted = sim.store("access_level_persons", dict)
        for entry in entries:
            person_id = entry["personId"]
            delete_all = operation != "add" and entry.get("deleteAll", False)
            wanted = [] if delete_all else list(dict.fromkeys(entry.get("accessLevelIdList", [])))
            name = _person_name(sim, person_id)
            if name is None:
                failed += [_failure(person_id, "", level, levels, "CCF038023")
                           for level in wanted or [""]]
                continue
            known = [level for level in wanted if level in levels]
            failed += [_failure(person_id, name, level, levels, "VMS040016")
                       for level in wanted if level not in levels]
            if operation in ("delete", "modify"):
                remove = (set(granted) - set(known)) if operation == "modify" or delete_all \
                    else set(known)
                for level in remove:
                    if person_id in granted.get(level, []):
                        granted[level].remove(person_id)
            if operation in ("add", "modify"):
                for level in known:
                    members = granted.setdefault(level, [])
                    if person_id not in members:
                        members.append(person_id)
    return {"accessLevelFailed": failed} if failed else None


def _failure(person_id: str, name: str, level: str, levels: dict[str, Any],
             code: str) -> dict[str, Any]:
    """AccessLevelFailed (A.3.2): accessLevelId is typed Integer there."""
    return {"personId": person_id, "personName": name,
            "accessLevelId": int(level) if level.isdigit() else level,
            "accessLevelName": levels.get(level, {}).get("name", ""), "errorCode": code}


@route("POST", f"{ACSPM}/accesslevel/person/add")
def person_levels_add(sim: Sim, body: Any, request: Any) -> dict[str, Any] | None:
    return _change_levels(sim, body, "add")


@route("POST", f"{ACSPM}/accesslevel/person/delete")
def person_levels_delete(sim: Sim, body: Any, request: Any) -> dict[str, Any] | None:
    return _change_levels(sim, body, "delete")


@route("POST", f"{ACSPM}/accesslevel/person/modify")
def person_levels_modify(sim: Sim, body: Any, request: Any) -> dict[str, Any] | None:
    return _change_levels(sim, body, "modify")
