"""Guide 5.6 Video intercom: buildings, rooms, residents, temporary passes, calls, and the
pass-through APIs of 5.6.2 (proxy/v1/isapi/proxypass, proxy/v1/areas/alarminputs/status/get).

Demo data (deterministic for the simulator's seed, in `sim.store("intercom")`): three
buildings in the world's first two sub-areas, 4 rooms each (roomNum 101.. Integer), eight
residents (the last one expired), two temporary passes (one valid from yesterday for 31
days, one that ended in 2024) and three ringing calls (`calls`, by record ID, for
devcall/v1/call/receive; tests may add more with `store["calls"][record_id] = "ringing"`).
Rooms hold at most `ROOM_CAPACITY` residents: person/add reports the rest in
failedResultList with VMS038005, as the guide describes.
"""

from __future__ import annotations

import base64
import random
from datetime import datetime
from typing import Any

from hctsim.core import ApiError, Sim, route
from hctsim.fields import delete_listed, existing, iso_time, string_list

VIMS = "/api/hccgw/vims/v1"
ROOT_AREA = "-1"
ROOM_CAPACITY = 6
DYNAMIC_QR_SECONDS = 60
LANGUAGES = {"en", "it", "es", "de", "fr", "pl", "nl", "pt", "ru", "tr", "ko", "zh_TW", "zh_CN",
             "th", "vi", "ja", "pt_BR", "ar", "id"}
ISAPI_METHODS = {"GET", "POST", "PUT", "DELETE"}
ISAPI_CONTENT_TYPES = {"application/xml", "application/json",
                       "application/x-www-form-urlencoded"}
_NAMES = (("Ana", "Lopez"), ("Li", "Wei"), ("Maria", "Rossi"), ("John", "Smith"),
          ("Fatima", "Khan"), ("Lukas", "Muller"), ("Yuki", "Tanaka"), ("Olga", "Ivanova"))


def _store(sim: Sim) -> dict[str, Any]:
    return sim.store("intercom", lambda: _build(sim))


def _build(sim: Sim) -> dict[str, Any]:
    rng = random.Random(f"hct-sim-intercom-{sim.seed}")
    world = sim.world

    def new_id() -> str:
        return f"{rng.getrandbits(128):032x}"

    sub_areas = world.areas[1:3] or world.areas[:1]
    buildings: dict[str, dict[str, Any]] = {}
    rooms: dict[str, dict[str, Any]] = {}
    placed = (("Block A", sub_areas[0]), ("Block B", sub_areas[0]), ("Tower C", sub_areas[-1]))
    for number, (name, area) in enumerate(placed):
        building = {"buildId": new_id(), "buildName": name, "areaId": area["id"],
                    "deviceNames": f"Door Station {number + 1:02d}"}
        buildings[building["buildId"]] = building
        for floor_room in range(4):
            room_num = 101 + (floor_room // 2) * 100 + floor_room % 2
            room = {"roomId": new_id(), "roomName": f"{name} {room_num}", "roomNum": room_num,
                    "buildId": building["buildId"]}
            rooms[room["roomId"]] = room
    residents: dict[str, dict[str, Any]] = {}
    room_ids = list(rooms)
    base = int(sim.now())
    for index, (first, last) in enumerate(_NAMES):
        person_id = new_id()
        residents[person_id] = {
            "personId": person_id, "firstName": first, "lastName": last,
            "email": f"{first.lower()}.{last.lower()}@example.com",
            "phone": f"+4420700{index:05d}", "gender": index % 3, "description": "",
            "startDate": "2024-01-01T00:00:00+00:00",
            "endDate": "2023-12-31T23:59:59+00:00" if index == 7 else "2030-12-31T23:59:59+00:00",
            "rooms": {room_ids[index]: 1, **({room_ids[index + 4]: 0} if index < 2 else {})},
            "alIds": [], "added": base}
    passes: dict[str, dict[str, Any]] = {}
    # "Plumber visit" runs from the start of yesterday for 31 days (valid now); "Parcel
    # courier" ran in January 2024 (expired).
    today_ms = int(sim.now() // 86_400) * 86_400_000
    for index, name in enumerate(("Plumber visit", "Parcel courier")):
        pass_id = str(237160983473358848 + index * 7919)
        start = today_ms - 86_400_000 if index == 0 else EPOCH_2024_MS
        passes[pass_id] = {"id": pass_id, "name": name, "openCount": 2 + index,
                           "startTime": start, "endTime": start + 31 * 86_400_000,
                           "password": f"{rng.randrange(10**6):06d}", "alIds": [new_id()]}
    calls = {f"{rng.getrandbits(64):016x}": "ringing" for _ in range(3)}
    return {"buildings": buildings, "rooms": rooms, "residents": residents, "passes": passes,
            "calls": calls, "rng": rng}


EPOCH_2024_MS = 1704067200000


# ---- helpers -------------------------------------------------------------------------------

def _page(sim: Sim, body: Any, rows: list[Any], list_key: str) -> dict[str, Any]:
    index, size = sim.paging(body, index="pageNum")
    return {"pageNum": index, "pageSize": size, "totalNum": len(rows),
            list_key: Sim.page(rows, index, size)}


def _scope(sim: Sim, criteria_path: str, body: Any) -> set[str]:
    """The area IDs a searchCriteria covers (areaId required; -1 is the root area)."""
    area_id = sim.optional(body, f"{criteria_path}.areaId", str, "")
    if not area_id:
        raise ApiError("OPEN000028")
    contain = sim.optional(body, f"{criteria_path}.isContainSubArea", int, 0)
    if contain not in (0, 1):
        raise ApiError("OPEN000010", "isContainSubArea must be 0 or 1.")
    world = sim.world
    if area_id == ROOT_AREA:
        area_id = world.root["id"]
    if area_id not in world.area_by_id:
        raise ApiError("OPEN000031")
    return world.subtree_ids(area_id) if contain else {area_id}


def _building_public(sim: Sim, store: dict[str, Any], building: dict[str, Any]) -> dict[str, Any]:
    rooms = [room for room in store["rooms"].values() if room["buildId"] == building["buildId"]]
    people = {person_id for person_id, person in store["residents"].items()
              if any(room["roomId"] in person["rooms"] for room in rooms)}
    return {"buildId": building["buildId"], "buildName": building["buildName"],
            "areaId": building["areaId"],
            "areaName": sim.world.area_ref(building["areaId"])["name"],
            "totalRoom": len(rooms), "totalPerson": len(people),
            "deviceNames": building["deviceNames"]}


def _room_people(store: dict[str, Any], room_id: str) -> list[dict[str, Any]]:
    return [person for person in store["residents"].values() if room_id in person["rooms"]]


def _room_public(sim: Sim, store: dict[str, Any], room: dict[str, Any]) -> dict[str, Any]:
    """RoomVO (A.3.147)."""
    building = store["buildings"][room["buildId"]]
    people = _room_people(store, room["roomId"])
    head = next((person for person in people if person["rooms"][room["roomId"]] == 1), None)
    return {"roomId": room["roomId"], "roomName": room["roomName"], "roomNum": room["roomNum"],
            "buildId": building["buildId"], "buildName": building["buildName"],
            "areaId": building["areaId"],
            "areaName": sim.world.area_ref(building["areaId"])["name"],
            "personAmount": len(people),
            "mainAccount": f"{head['firstName']} {head['lastName']}" if head else "",
            "email": head["email"] if head else "", "phone": head["phone"] if head else ""}


def _expired(sim: Sim, person: dict[str, Any]) -> int:
    return 1 if datetime.fromisoformat(person["endDate"]).timestamp() < sim.now() else 0


def _person_public(sim: Sim, store: dict[str, Any], person: dict[str, Any]) -> dict[str, Any]:
    """Person (A.3.120) with its rooms as RoomDTO."""
    rooms = []
    for room_id, account_type in person["rooms"].items():
        room = _room_public(sim, store, store["rooms"][room_id])
        rooms.append({key: room[key] for key in ("roomId", "roomNum", "roomName", "areaId",
                                                 "areaName", "buildId", "buildName")}
                     | {"accountType": account_type})
    return {"personId": person["personId"], "firstName": person["firstName"],
            "lastName": person["lastName"], "phone": person["phone"], "email": person["email"],
            "isExpired": _expired(sim, person), "photoUrl": "", "headPicUrl": "",
            "roomList": rooms}


# ---- buildings and rooms -------------------------------------------------------------------

@route("POST", f"{VIMS}/build/search")
def build_search(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    sim.require(body, "searchCriteria", dict)
    areas = _scope(sim, "searchCriteria", body)
    name = sim.optional(body, "searchCriteria.filterName", str, "").lower()
    with sim.lock:
        store = _store(sim)
        rows = [_building_public(sim, store, building)
                for building in store["buildings"].values()
                if building["areaId"] in areas and name in building["buildName"].lower()]
    return _page(sim, body, rows, "buildList")


@route("POST", f"{VIMS}/room/search")
def room_search(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    sim.require(body, "searchCriteria", dict)
    areas = _scope(sim, "searchCriteria", body)
    build_id = sim.optional(body, "searchCriteria.buildId", str, "")
    room_num = sim.optional(body, "searchCriteria.filter.roomNum", int)
    texts = {key: sim.optional(body, f"searchCriteria.filter.{key}", str, "").lower()
             for key in ("roomName", "email", "mainAccount")}
    amount = sim.optional(body, "searchCriteria.filter.personAmount", int)
    with sim.lock:
        store = _store(sim)
        rows = [_room_public(sim, store, room) for room in store["rooms"].values()]
    rows = [room for room in rows if room["areaId"] in areas
            and (not build_id or room["buildId"] == build_id)
            and (room_num is None or room["roomNum"] == room_num)
            and (amount is None or room["personAmount"] == amount)
            and all(value in str(room[key]).lower() for key, value in texts.items())]
    return _page(sim, body, rows, "roomList")


# ---- residents -----------------------------------------------------------------------------

@route("POST", f"{VIMS}/person/search")
def person_search(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    # The table names the criteria "searchCriteria", the guide's example "searchRequest".
    key = "searchCriteria" if isinstance(body, dict) and "searchCriteria" in body else (
        "searchRequest")
    sim.require(body, key, dict)
    areas = _scope(sim, key, body)
    build_id = sim.optional(body, f"{key}.buildId", str, "")
    name = sim.optional(body, f"{key}.filter.name", str, "").lower()
    room_num = sim.optional(body, f"{key}.filter.roomNum", int)
    email = sim.optional(body, f"{key}.filter.email", str, "").lower()
    phone = sim.optional(body, f"{key}.filter.phone", str, "")
    kind = sim.optional(body, f"{key}.filter.type", int)
    expired = sim.optional(body, f"{key}.filter.isExpired", int)
    with sim.lock:
        store = _store(sim)
        people = [_person_public(sim, store, person) for person in store["residents"].values()]

    def rooms_match(person: dict[str, Any]) -> bool:
        return any(room["areaId"] in areas and (not build_id or room["buildId"] == build_id)
                   and (room_num is None or room["roomNum"] == room_num)
                   and (kind is None or room["accountType"] == kind)
                   for room in person["roomList"])

    rows = [person for person in people if rooms_match(person)
            and (not name or name in f"{person['firstName']} {person['lastName']}".lower())
            and email in person["email"].lower() and phone in person["phone"]
            and (expired is None or person["isExpired"] == expired)]
    return _page(sim, body, rows, "personList")


def _person_fields(sim: Sim, body: Any) -> dict[str, Any]:
    """PersonDTO (A.3.123) of person/add and person/update."""
    sim.require(body, "personBaseInfo", dict)
    fields: dict[str, Any] = {}
    for name, limit in (("firstName", 128), ("lastName", 128)):
        value = sim.require(body, f"personBaseInfo.{name}", str)
        if not value or len(value) > limit:
            raise ApiError("OPEN000010", f"personBaseInfo.{name}: 1..{limit} characters.")
        fields[name] = value
    gender = sim.require(body, "personBaseInfo.gender", int)
    if gender not in (0, 1, 2):
        raise ApiError("OPEN000010", "personBaseInfo.gender must be 0, 1 or 2.")
    fields["gender"] = gender
    fields["email"] = sim.require(body, "personBaseInfo.email", str)
    fields["phone"] = sim.optional(body, "personBaseInfo.phone", str, "")
    fields["description"] = sim.optional(body, "personBaseInfo.description", str, "")
    start = iso_time(sim, body, "personBaseInfo.startDate")
    end = iso_time(sim, body, "personBaseInfo.endDate")
    if end <= start:
        raise ApiError("OPEN000030")
    if end.year > 2037:
        raise ApiError("OPEN000010", "personBaseInfo.endDate: the year must be 2037 or earlier.")
    fields["startDate"], fields["endDate"] = start.isoformat(), end.isoformat()
    return fields


def _room_list(sim: Sim, store: dict[str, Any], body: Any) -> dict[str, int]:
    """roomList[] (RoomDTO): roomId, buildId, areaId (ids as strings), accountType 0/1."""
    rooms = sim.require(body, "roomList", list)
    linked: dict[str, int] = {}
    for index, room in enumerate(rooms):
        where = f"roomList[{index}]"
        if not isinstance(room, dict):
            raise ApiError("OPEN000008", f"{where} must be an object.")
        room_id = sim.require(room, "roomId", str)
        sim.require(room, "buildId", str)
        sim.require(room, "areaId", str)
        account_type = sim.require(room, "accountType", int)
        sim.optional(room, "roomNum", int)
        if account_type not in (0, 1):
            raise ApiError("OPEN000010", f"{where}.accountType must be 0 or 1.")
        known = store["rooms"].get(room_id)
        if known is None or known["buildId"] != room["buildId"]:
            raise ApiError("OPEN000010", f"{where}: no room {room_id} in building "
                                         f"{room['buildId']}.")
        linked[room_id] = account_type
    return linked


@route("POST", f"{VIMS}/person/add")
def person_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    fields = _person_fields(sim, body)
    al_ids = string_list(sim, body, "alIds")
    language = sim.optional(body, "language", str, "")
    if language and language not in LANGUAGES:
        raise ApiError("OPEN000010", f"language {language!r} is not supported.")
    with sim.lock:
        store = _store(sim)
        wanted = _room_list(sim, store, body)
        existing = sim.optional(body, "personBaseInfo.id", str, "")
        if existing and existing in store["residents"]:
            raise ApiError("OPEN000511")
        failed, rooms = [], {}
        for room_id, account_type in wanted.items():
            room = store["rooms"][room_id]
            if len(_room_people(store, room_id)) >= ROOM_CAPACITY:
                failed.append({"buildName": store["buildings"][room["buildId"]]["buildName"],
                               "roomNum": room["roomNum"], "roomName": room["roomName"],
                               "errorCode": "VMS038005"})
            else:
                rooms[room_id] = account_type
        person_id = existing or f"{store['rng'].getrandbits(128):032x}"
        store["residents"][person_id] = {"personId": person_id, **fields, "rooms": rooms,
                                         "alIds": al_ids, "added": int(sim.now())}
    data: dict[str, Any] = {"personId": person_id}
    if failed:
        data["failedResultList"] = failed
    return data


@route("POST", f"{VIMS}/person/update")
def person_update(sim: Sim, body: Any, request: Any) -> None:
    person_id = sim.require(body, "personBaseInfo.id", str)
    fields = _person_fields(sim, body)
    al_ids = string_list(sim, body, "alIds")
    with sim.lock:
        store = _store(sim)
        person = existing(store["residents"], person_id, "OPEN000010", "resident")
        rooms = _room_list(sim, store, body)
        # Chapter 4.15: rooms left out of roomList are unlinked.
        person.update(fields, rooms=rooms)
        if al_ids:
            person["alIds"] = al_ids
    return None


@route("POST", f"{VIMS}/person/delete")
def person_delete(sim: Sim, body: Any, request: Any) -> None:
    delete_listed(sim, body, "deleteList", lambda: _store(sim)["residents"])
    return None


# ---- temporary passes ------------------------------------------------------------------------

def _pass_public(sim: Sim, entry: dict[str, Any]) -> dict[str, Any]:
    """TempAuth (A.3.153) as tempauth/list shows it."""
    return {"id": entry["id"], "name": entry["name"], "openCount": entry["openCount"],
            "creatorId": sim.user_id, "creatorName": "admin",
            "password": entry["password"], "creatorEmail": "admin@example.com",
            "startDate": entry["startTime"], "endDate": entry["endTime"],
            "expiredStatus": 1 if entry["endTime"] < sim.now() * 1000 else 0}


def _pass_detail(sim: Sim, entry: dict[str, Any]) -> dict[str, Any]:
    """tempauth/get and tempauth/add: with a fresh dynamic QR code (Base64), valid 60 s."""
    issued = int(sim.now())
    payload = f"HCT-TEMPAUTH|{entry['id']}|{issued}|{issued + DYNAMIC_QR_SECONDS}"
    entry["codeIssuedAt"] = issued
    return {"id": entry["id"], "openCount": entry["openCount"], "name": entry["name"],
            "startTime": entry["startTime"], "endTime": entry["endTime"],
            "code": base64.b64encode(payload.encode()).decode(), "creatorId": sim.user_id,
            "creatorName": "admin",
            "expiredStatus": 1 if entry["endTime"] < sim.now() * 1000 else 0,
            "password": entry["password"],
            "accessLevelList": [{"accessLevelId": level, "accessLevelName": f"Level {level[:6]}"}
                                for level in entry["alIds"]]}


def _pass_fields(sim: Sim, body: Any) -> dict[str, Any]:
    name = sim.require(body, "name", str)
    if not name or len(name) > 32:
        raise ApiError("OPEN000010", "name: 1..32 characters.")
    open_count = sim.require(body, "openCount", int)
    if not 1 <= open_count <= 200:
        raise ApiError("OPEN000010", "openCount must be between 1 and 200.")
    start, end = iso_time(sim, body, "startTime"), iso_time(sim, body, "endTime")
    iso_time(sim, body, "clientLocalTime")
    if end <= start:
        raise ApiError("OPEN000030")
    # alIds: String[] in tempauth/add, "String" in tempauth/update's table: accept both.
    raw = sim.optional(body, "alIds", (list, str), [])
    al_ids = [raw] if isinstance(raw, str) else raw
    if not all(isinstance(level, str) for level in al_ids):
        raise ApiError("OPEN000008", "alIds must be String[].")
    return {"name": name, "openCount": open_count,
            "startTime": int(start.timestamp() * 1000), "endTime": int(end.timestamp() * 1000),
            "alIds": [level for level in al_ids if level]}


def _pass(sim: Sim, store: dict[str, Any], pass_id: str) -> dict[str, Any]:
    entry = existing(store["passes"], pass_id, "OPEN000010", "temporary pass")
    return entry


@route("POST", f"{VIMS}/tempauth/add")
def tempauth_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    fields = _pass_fields(sim, body)
    with sim.lock:
        store = _store(sim)
        rng = store["rng"]
        pass_id = str(237160983473358848 + rng.randrange(10**12))
        entry = {"id": pass_id, **fields, "password": f"{rng.randrange(10**6):06d}"}
        store["passes"][pass_id] = entry
        return _pass_detail(sim, entry)


@route("POST", f"{VIMS}/tempauth/get")
def tempauth_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    pass_id = sim.require(body, "id", str)
    iso_time(sim, body, "clientLocalTime")
    with sim.lock:
        detail = _pass_detail(sim, _pass(sim, _store(sim), pass_id))
    detail.pop("id")  # tempauth/get's answer has no id (the guide's table and example)
    return detail


@route("POST", f"{VIMS}/tempauth/update")
def tempauth_update(sim: Sim, body: Any, request: Any) -> None:
    pass_id = sim.require(body, "id", str)
    fields = _pass_fields(sim, body)
    with sim.lock:
        _pass(sim, _store(sim), pass_id).update(fields)
    return None


@route("POST", f"{VIMS}/tempauth/list")
def tempauth_list(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    name = sim.optional(body, "searchRequest.filter.name", str, "").lower()
    with sim.lock:
        rows = [_pass_public(sim, entry) for entry in _store(sim)["passes"].values()]
    rows = [row for row in rows
            if name in row["name"].lower() or name in row["creatorName"].lower()]
    return _page(sim, body, rows, "tempAuthList")


@route("POST", f"{VIMS}/tempauth/delete")
def tempauth_delete(sim: Sim, body: Any, request: Any) -> None:
    delete_listed(sim, body, "deleteList", lambda: _store(sim)["passes"])
    return None


# ---- calls -------------------------------------------------------------------------------------

@route("POST", "/api/hccgw/devcall/v1/call/receive")
def call_receive(sim: Sim, body: Any, request: Any) -> None:
    record_id = sim.require(body, "recordId", str)
    if len(record_id) > 64:
        raise ApiError("OPEN000010", "recordId: at most 64 characters.")
    status = sim.require(body, "status", int)
    user_id = sim.require(body, "userId", str)
    if status not in (1, 2, 3):
        raise ApiError("OPEN000010", "status must be 1 (answer), 2 (not answer) or 3 (hang up).")
    if user_id not in {user["id"] for user in sim.world.users} | {sim.user_id}:
        raise ApiError("OPEN000003")
    with sim.lock:
        calls = _store(sim)["calls"]
        state = existing(calls, record_id, "OPEN000011", "call record")
        wanted = "answered" if status == 3 else "ringing"
        if state != wanted:
            raise ApiError("OPEN000010", f"the call is {state}; status {status} needs a "
                                         f"{wanted} call.")
        calls[record_id] = {1: "answered", 2: "declined", 3: "ended"}[status]
    return None


# ---- 5.6.2 pass-through ------------------------------------------------------------------------

def _device_info_xml(device: dict[str, Any]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" ?><DeviceInfo version="2.0" '
            'xmlns="http://www.isapi.org/ver20/XMLSchema">'
            f"<deviceName>{device['name']}</deviceName><deviceID>{device['id']}</deviceID>"
            f"<model>{device['type']}</model><serialNumber>{device['serialNo']}</serialNumber>"
            f"<firmwareVersion>{device['version']}</firmwareVersion></DeviceInfo>")


def _response_status(url: str, code: int, text: str, sub: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" ?><ResponseStatus version="2.0" '
            'xmlns="http://www.isapi.org/ver20/XMLSchema">'
            f"<requestURL>{url}</requestURL><statusCode>{code}</statusCode>"
            f"<statusString>{text}</statusString><subStatusCode>{sub}</subStatusCode>"
            "</ResponseStatus>")


@route("POST", "/api/hccgw/proxy/v1/isapi/proxypass")
def isapi_proxypass(sim: Sim, body: Any, request: Any) -> str:
    method = sim.require(body, "method", str)
    url = sim.require(body, "url", str)
    device_id = sim.require(body, "id", str)
    content_type = sim.require(body, "contentType", str)
    sim.optional(body, "body", str)
    if method not in ISAPI_METHODS:
        raise ApiError("OPEN000010", "method must be GET, POST, PUT or DELETE.")
    if content_type not in ISAPI_CONTENT_TYPES:
        raise ApiError("OPEN000010", f"contentType {content_type!r} is not supported.")
    with sim.lock:
        device = sim.world.device_by_id.get(device_id)
        if device is None:
            raise ApiError("OPEN000501")
        if not device["onlineStatus"]:
            raise ApiError("OPEN000554")
        if method == "GET" and url.split("?")[0] == "/ISAPI/System/deviceInfo":
            return _device_info_xml(device)
    if method == "GET":
        return _response_status(url, 4, "Invalid Operation", "notSupport")
    return _response_status(url, 1, "OK", "ok")


@route("POST", "/api/hccgw/proxy/v1/areas/alarminputs/status/get")
def proxy_alarm_input_status(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """The resource API's twin; the table (and the guide's note) spell the field
    alarmIntputId, the example's alarmInputId is not read."""
    from hctsim.routes_resource import alarm_input_states

    return alarm_input_states(sim, body, "alarmIntputId")

