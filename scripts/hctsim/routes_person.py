"""Guide 5.8 Person-Related Services: departments (person groups), persons and credentials.

State (other route modules may read it; take `sim.lock`):
- `sim.store("person_groups", dict)`: groupId -> {groupId, groupName, parentId, description,
  areaId}. A root department (parentId "") and two demo departments exist from the start.
- `sim.store("persons", dict)`: personId -> the guide's field names: personId, groupId,
  personCode, firstName, lastName, gender (int), phone, email, description, startDate,
  endDate (ISO strings as sent), headPicUrl, cardList [{id, cardNo}], fingerList
  [{id, name, data}], pinCode, and `photo` ({bytes, compressed}) for tests.

Choices where the guide is silent or contradicts itself (each named where it is made):
- persons/list: the guide types `data` as Object[] (its example is empty): the guide
  profile answers that array of {personInfo, cardList, fingerList, pinCode}; the field
  profile (switch persons_as_array off) answers {pageIndex, pageSize, totalCount,
  personList: [...]}, the shape integrations of the real platform read.
- PersonInfo(1) gives startDate/endDate as Long timestamps (ms), as its table types them.
- Photos: "The face picture size is not limited. If the picture size exceeds 200K, the
  picture will be compressed." We accept any JPEG/PNG and record `photo.compressed` when it
  is over 200 KiB; data that is not Base64 of a JPEG/PNG fails with CCF038028.
- Collect on an unknown device: CCF038065; on a device that is offline or not an access
  controller: CCF038085 (fingerprint) / CCF038084 (card), the guide's "collecting ... by
  device failed. Check if the device is on the platform".
- updatefingers/updatecards: whole-request limits (more than 2) are errors; a bad entry is
  reported in data.fingerFailed / data.cardFailed (errorCode "0" overall) and not stored,
  the good entries are. Without failures the answer carries the example's object with
  errorCode "0" and an empty list.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from datetime import datetime
from typing import Any

from hctsim.core import ApiError, Sim, route

PERSON = "/api/hccgw/person/v1"
ROOT_GROUP_ID = "378117915440051200"
FIRST_ID = 378117915440051201
MAX_PERSONS = 50_000  # CCF038029: "free: 100, fee-paying: 50,000"
COMPRESS_OVER = 200 * 1024
SPECIAL = re.compile(r"[\\/:*?\"<>|'%&]")
_CODE = re.compile(r"[A-Za-z0-9]{1,16}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_HEX = re.compile(r"[0-9A-Fa-f]+")
_CARD = re.compile(r"[A-Za-z0-9]+")
_PIN = re.compile(r"[0-9]{4,8}")


# ---- state --------------------------------------------------------------------------------

def _new_id(sim: Sim) -> str:
    counter = sim.store("person.nextId", lambda: [FIRST_ID])
    with sim.lock:
        counter[0] += 1
        return str(counter[0])


def groups(sim: Sim) -> dict[str, dict[str, Any]]:
    def seed() -> dict[str, dict[str, Any]]:
        table = {ROOT_GROUP_ID: {"groupId": ROOT_GROUP_ID, "groupName": "All Persons",
                                 "parentId": "", "description": "", "areaId": ""}}
        for number, name in enumerate(("Employees", "Contractors"), start=1):
            group_id = str(int(ROOT_GROUP_ID) - number)
            table[group_id] = {"groupId": group_id, "groupName": name,
                               "parentId": ROOT_GROUP_ID, "description": "", "areaId": ""}
        return table

    return sim.store("person_groups", seed)


def persons(sim: Sim) -> dict[str, dict[str, Any]]:
    return sim.store("persons", dict)


def _person(sim: Sim, person_id: Any) -> dict[str, Any]:
    record = persons(sim).get(str(person_id))
    if record is None:
        raise ApiError("CCF038023")
    return record


def _invalid(message: str) -> ApiError:
    return ApiError("OPEN000010", f"Parameter verification exception. {message}")


# ---- departments ----------------------------------------------------------------------------

def _children(table: dict[str, dict[str, Any]], group_id: str) -> list[dict[str, Any]]:
    return [group for group in table.values() if group["parentId"] == group_id]


def _full_path(table: dict[str, dict[str, Any]], group: dict[str, Any]) -> str:
    names = [group["groupName"]]
    parent = table.get(group["parentId"])
    while parent is not None and len(names) < 64:
        names.append(parent["groupName"])
        parent = table.get(parent["parentId"])
    return "/".join(reversed(names))


def _public_group(table: dict[str, dict[str, Any]], group: dict[str, Any]) -> dict[str, Any]:
    """PersonGroup (A.3.124)."""
    return {"groupId": group["groupId"], "groupName": group["groupName"],
            "parentId": group["parentId"],
            "childNodeExist": bool(_children(table, group["groupId"])),
            "permissionState": True, "description": group["description"],
            "areaList": [{"areaId": group["areaId"]}] if group["areaId"] else [],
            "groupFullPath": _full_path(table, group)}


def _descendants(table: dict[str, dict[str, Any]], group_id: str) -> list[dict[str, Any]]:
    found, pending = [], [group_id]
    while pending:
        for child in _children(table, pending.pop(0)):
            found.append(child)
            pending.append(child["groupId"])
    return found


def _group_name(sim: Sim, body: Any, required: bool) -> str | None:
    name = (sim.require(body, "groupName", str) if required
            else sim.optional(body, "groupName", str, ""))
    if not name:
        if required:
            raise _invalid("groupName is required.")
        return None
    if len(name) > 64:
        raise ApiError("CCF038002")
    if SPECIAL.search(name):
        raise ApiError("CCF038005")
    return name


def _area(sim: Sim, body: Any) -> str | None:
    area_id = sim.optional(body, "areaId", str)
    if area_id is None:
        return None  # "When this field is absent, the area ID validation will be skipped."
    if len(area_id) > 64 or (area_id and area_id not in sim.world.area_by_id):
        raise _invalid(f"areaId {area_id} does not exist.")
    return area_id


def _description(sim: Sim, body: Any, limit: int = 128) -> str | None:
    text = sim.optional(body, "description", str)
    if text is not None and len(text) > limit:
        raise _invalid(f"description is longer than {limit} characters.")
    return text


@route("POST", f"{PERSON}/groups/search")
def groups_search(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    id_list = sim.optional(body, "groupIdList", list)
    parent = sim.optional(body, "parentGroupId", str, "")
    name = sim.optional(body, "groupName", str, "")
    # depthTraversal is a Bool in the table; the example sends "" (taken as false).
    depth = sim.optional(body, "depthTraversal", (bool, str), False)
    if isinstance(depth, str):
        if depth.lower() not in ("", "true", "false"):
            raise ApiError("OPEN000008", "depthTraversal must be true or false.")
        depth = depth.lower() == "true"
    with sim.lock:
        table = groups(sim)
        if id_list:
            found = [table[str(item)] for item in id_list if str(item) in table]
        else:
            start = table.get(parent or ROOT_GROUP_ID)
            if start is None:
                raise ApiError("CCF038064")
            below = (_descendants(table, start["groupId"]) if depth
                     else _children(table, start["groupId"]))
            found = [start, *below]
            if name:
                found = [group for group in found if name.lower() in group["groupName"].lower()]
        return {"personGroupList": [_public_group(table, group) for group in found]}


@route("POST", f"{PERSON}/groups/add")
def groups_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    name = _group_name(sim, body, required=True)
    description = _description(sim, body) or ""
    area_id = _area(sim, body) or ""
    with sim.lock:
        group_id = _new_id(sim)
        groups(sim)[group_id] = {"groupId": group_id, "groupName": name,
                                 "parentId": ROOT_GROUP_ID, "description": description,
                                 "areaId": area_id}
    return {"groupId": group_id}


@route("POST", f"{PERSON}/groups/update")
def groups_update(sim: Sim, body: Any, request: Any) -> None:
    group_id = sim.require(body, "groupId", str)
    name = _group_name(sim, body, required=False)
    description = _description(sim, body)
    area_id = _area(sim, body)
    parent = sim.optional(body, "parentId", str)
    with sim.lock:
        table = groups(sim)
        group = table.get(group_id)
        if group is None:
            raise ApiError("CCF038009")
        if parent is not None:
            if parent not in table:
                raise ApiError("CCF038009", "The parent department does not exist.")
            if group_id == ROOT_GROUP_ID or parent == group_id or parent in {
                    item["groupId"] for item in _descendants(table, group_id)}:
                raise _invalid("parentId would make a cycle or move the root.")
            group["parentId"] = parent
        for key, value in (("groupName", name), ("description", description),
                           ("areaId", area_id)):
            if value is not None:
                group[key] = value
    return None


@route("POST", f"{PERSON}/groups/delete")
def groups_delete(sim: Sim, body: Any, request: Any) -> None:
    """The guide does not say what happens to the members: sub-departments and persons move
    up to the deleted department's parent."""
    group_id = sim.require(body, "groupId", str)
    with sim.lock:
        table = groups(sim)
        group = table.get(group_id)
        if group is None:
            raise ApiError("CCF038009")
        if group_id == ROOT_GROUP_ID:
            raise _invalid("the root department cannot be deleted.")
        for child in _children(table, group_id):
            child["parentId"] = group["parentId"]
        for record in persons(sim).values():
            if record["groupId"] == group_id:
                record["groupId"] = group["parentId"]
        del table[group_id]
    return None


# ---- persons ------------------------------------------------------------------------------

def _iso(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError("CCF038022") from None
    if moment.tzinfo is None:
        raise ApiError("CCF038022", "Invalid person's validity: the time needs an offset.")
    return moment


def _checked_person(sim: Sim, body: Any, prefix: str = "",
                    current: dict[str, Any] | None = None) -> dict[str, Any]:
    """PersonBaseInfo(2) of persons/add, persons/update or quick/add personInfo."""
    def need(name: str, type_: type = str) -> Any:
        return sim.require(body, prefix + name, type_)

    def maybe(name: str) -> str:
        return sim.optional(body, prefix + name, str, "")

    record = {"groupId": need("groupId"), "personCode": need("personCode"),
              "firstName": need("firstName"), "lastName": need("lastName"),
              "gender": need("gender", int), "phone": maybe("phone"), "email": maybe("email"),
              "description": maybe("description"), "startDate": need("startDate"),
              "endDate": need("endDate")}
    if record["groupId"] not in groups(sim):
        raise ApiError("CCF038009")
    if not _CODE.fullmatch(record["personCode"]):
        raise ApiError("CCF038016")
    if not record["firstName"] or len(record["firstName"]) > 255:
        raise ApiError("CCF038014")
    if len(record["lastName"]) > 255:
        raise ApiError("CCF038015")
    if len(record["firstName"]) + len(record["lastName"]) > 255:
        raise ApiError("CCF038017")
    if record["gender"] not in (0, 1, 2):
        raise _invalid("gender must be 0, 1 or 2.")
    if len(record["phone"]) > 32:
        raise ApiError("CCF038020")
    if record["email"] and (len(record["email"]) > 64 or not _EMAIL.fullmatch(record["email"])):
        raise ApiError("CCF038019")
    if len(record["description"]) > 128:
        raise ApiError("CCF038021")
    start, end = _iso(record["startDate"]), _iso(record["endDate"])
    if end.year > 2037 or end <= start:
        raise ApiError("CCF038022")
    own = current["personId"] if current else None
    for other in persons(sim).values():
        if other["personId"] == own:
            continue
        if other["personCode"] == record["personCode"]:
            raise ApiError("CCF038024")
        if record["email"] and other["email"] == record["email"]:
            raise ApiError("CCF038052")
        if record["phone"] and other["phone"] == record["phone"]:
            raise ApiError("CCF038089")
    return record


def _add(sim: Sim, record: dict[str, Any]) -> dict[str, Any]:
    table = persons(sim)
    if len(table) >= MAX_PERSONS:
        raise ApiError("CCF038029")
    person_id = _new_id(sim)
    table[person_id] = {"personId": person_id, **record, "headPicUrl": "", "cardList": [],
                        "fingerList": [], "pinCode": "", "photo": None}
    return table[person_id]


def _millis(value: str) -> int:
    return int(_iso(value).timestamp() * 1000)


def person_info(record: dict[str, Any]) -> dict[str, Any]:
    """PersonInfo(1) (A.3.125): dates as Long timestamps in ms."""
    info = {key: record[key] for key in ("personId", "groupId", "firstName", "lastName",
                                         "gender", "phone", "email", "description",
                                         "personCode", "headPicUrl")}
    info["startDate"] = _millis(record["startDate"])
    info["endDate"] = _millis(record["endDate"])
    return info


def _details(record: dict[str, Any]) -> dict[str, Any]:
    return {"personInfo": person_info(record),
            "cardList": [dict(card) for card in record["cardList"]],
            "fingerList": [dict(finger) for finger in record["fingerList"]],
            "pinCode": record["pinCode"]}


@route("POST", f"{PERSON}/persons/add")
def persons_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    with sim.lock:
        record = _add(sim, _checked_person(sim, body))
    return {"personId": record["personId"], "personCode": record["personCode"]}


@route("POST", f"{PERSON}/persons/update")
def persons_update(sim: Sim, body: Any, request: Any) -> None:
    person_id = sim.require(body, "personId", str)
    with sim.lock:
        current = _person(sim, person_id)
        record = _checked_person(sim, body, current=current)
        if record["personCode"] != current["personCode"]:
            raise ApiError("CCF038025", "The employee No. cannot be edited.")
        current.update(record)
    return None


def _photo(sim: Sim, record: dict[str, Any], data: Any) -> None:
    if not isinstance(data, str) or not data:
        raise _invalid("photoData is required.")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError("CCF038028") from None
    if not (raw.startswith(b"\xff\xd8\xff") or raw.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ApiError("CCF038028", "Saving the person's picture failed: not a JPEG or PNG.")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    record["photo"] = {"bytes": len(raw), "compressed": len(raw) > COMPRESS_OVER}
    record["headPicUrl"] = (f"https://hct-sim.invalid/person/{record['personId']}/face.jpg"
                            f"?v={digest}")


@route("POST", f"{PERSON}/persons/photo")
def persons_photo(sim: Sim, body: Any, request: Any) -> None:
    person_id = sim.require(body, "personId", str)
    data = sim.require(body, "photoData", str)
    with sim.lock:
        _photo(sim, _person(sim, person_id), data)
    return None


def _set_pin(sim: Sim, record: dict[str, Any], pin: str) -> None:
    if not _PIN.fullmatch(pin):
        raise ApiError("CCF038061", "The PIN code must be 4 to 8 digits.")
    if any(other["pinCode"] == pin for other in persons(sim).values()
           if other["personId"] != record["personId"]):
        raise ApiError("CCF038055")
    record["pinCode"] = pin


@route("POST", f"{PERSON}/persons/updatepincode")
def persons_pin(sim: Sim, body: Any, request: Any) -> None:
    person_id = sim.require(body, "personId", str)
    pin = sim.require(body, "pinCode", str)
    with sim.lock:
        _set_pin(sim, _person(sim, person_id), pin)
    return None


@route("POST", f"{PERSON}/persons/get")
def persons_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """The table calls the field `Id`, the example `personId`: both are accepted."""
    person_id = sim.optional(body, "personId", str) or sim.require(body, "Id", str)
    with sim.lock:
        return _details(_person(sim, person_id))


@route("POST", f"{PERSON}/persons/delete")
def persons_delete(sim: Sim, body: Any, request: Any) -> None:
    """personId: "Multiple person IDs are separated by commas." All or nothing."""
    wanted = [part.strip() for part in sim.require(body, "personId", str).split(",")
              if part.strip()]
    if not wanted:
        raise _invalid("personId is empty.")
    with sim.lock:
        table = persons(sim)
        if any(person_id not in table for person_id in wanted):
            raise ApiError("CCF038023")
        for person_id in wanted:
            del table[person_id]
    return None


@route("POST", f"{PERSON}/persons/list")
def persons_list(sim: Sim, body: Any, request: Any) -> list[Any] | dict[str, Any]:
    index, size = sim.paging(body, max_size=100)  # "between 1 and 100"
    flt = sim.optional(body, "filter", (dict, list), {})
    if isinstance(flt, list):  # the table types filter as Object[]; the example is an object
        flt = flt[0] if flt and isinstance(flt[0], dict) else {}
    name = str(flt.get("name") or "").lower()
    email = str(flt.get("email") or "").lower()
    phone = str(flt.get("phone") or "")
    with sim.lock:
        rows = [record for record in persons(sim).values()
                if (not name or name in f"{record['firstName']} {record['lastName']}".lower())
                and (not email or email in record["email"].lower())
                and (not phone or phone in record["phone"])]
        page = [_details(record) for record in Sim.page(rows, index, size)]
    if sim.behaviour.persons_as_array:
        return page
    return {"pageIndex": index, "pageSize": size, "totalCount": len(rows), "personList": page}


def _access_levels(sim: Sim) -> dict[str, Any]:
    """The ACS routes' access level table (seeded by them on first use)."""
    try:
        from hctsim.routes_acs import access_levels
    except ImportError:  # the ACS routes are not there: only levels stored by others
        return sim.store("access_levels", dict)
    return access_levels(sim)


def _grant_access_levels(sim: Sim, record: dict[str, Any], levels: list[Any]) -> list[dict]:
    """Link the person to known levels; unknown ones fail with VMS040016 as in the ACS
    routes (AccessLevelFailed, A.3.2: accessLevelId an Integer)."""
    known = _access_levels(sim)
    granted = sim.store("access_level_persons", dict)
    failed = []
    for level in levels:
        level_id = str(level)
        if level_id in known:
            members = granted.setdefault(level_id, [])
            if record["personId"] not in members:
                members.append(record["personId"])
            continue
        failed.append({"personId": record["personId"],
                       "personName": f"{record['firstName']} {record['lastName']}".strip(),
                       "accessLevelId": int(level_id) if level_id.isdigit() else level_id,
                       "accessLevelName": "", "errorCode": "VMS040016"})
    return failed


@route("POST", f"{PERSON}/persons/quick/add")
def persons_quick_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    sim.require(body, "personInfo", dict)
    levels = sim.optional(body, "aceessLevelList", list, [])  # the guide's spelling
    pin = sim.optional(body, "pinCode", str)
    photo = sim.optional(body, "photoData", str)
    with sim.lock:
        record = _add(sim, _checked_person(sim, body, prefix="personInfo."))
        answer: dict[str, Any] = {"personId": record["personId"]}
        for key, value, action in (("pinCodeFailed", pin, _set_pin),
                                   ("photoFailed", photo, _photo)):
            if value:
                try:
                    action(sim, record, value)
                except ApiError as error:
                    answer[key] = {"personId": record["personId"], "message": error.message,
                                   "errorCode": error.code}
        if levels:
            answer["accessLevelFailed"] = {
                "errorCode": "0", "message": "",
                "personAccessLevelFailedList": _grant_access_levels(sim, record, levels)}
    return answer


@route("POST", f"{PERSON}/persons/qrcode")
def persons_qrcode(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    person_id = sim.require(body, "personId", str)
    local_time = sim.require(body, "clientLocalTime", str)
    try:
        moment = datetime.fromisoformat(local_time.replace("Z", "+00:00"))
    except ValueError:
        raise _invalid("clientLocalTime is not ISO 8601.") from None
    if moment.tzinfo is None:
        raise _invalid("clientLocalTime needs the time zone offset.")
    with sim.lock:
        record = _person(sim, person_id)
        payload = f"HCTQR|{record['personId']}|{record['personCode']}|{int(moment.timestamp())}"
    return {"qrCodeData": base64.b64encode(payload.encode()).decode("ascii")}


# ---- collecting and storing credentials ---------------------------------------------------

def _collecting_device(sim: Sim, body: Any, failure: str) -> dict[str, Any]:
    serial = sim.require(body, "deviceSerial", str)
    device = sim.world.device_by_serial(serial)
    if device is None:
        raise ApiError("CCF038065")
    if device["category"] != "accessControllerDevice":
        raise ApiError(failure, f"{serial} is not an access controller: it cannot collect.")
    if not device["onlineStatus"]:
        raise ApiError(failure, f"{serial} is offline.")
    return device


def _collect_seed(sim: Sim, device: dict[str, Any], kind: str) -> bytes:
    counter = sim.store("person.collected", lambda: [0])
    with sim.lock:
        counter[0] += 1
        number = counter[0]
    return hashlib.sha256(f"{sim.seed}|{kind}|{device['serialNo']}|{number}".encode()).digest()


@route("POST", f"{PERSON}/persons/fingercollect")
def persons_fingercollect(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    device = _collecting_device(sim, body, "CCF038085")
    seed = _collect_seed(sim, device, "finger")
    template = hashlib.shake_256(seed).hexdigest(256).upper()  # 512 hex digits
    return {"fingerData": template, "fingerQuality": 60 + seed[0] % 41}


@route("POST", f"{PERSON}/persons/cardcollect")
def persons_cardcollect(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    device = _collecting_device(sim, body, "CCF038084")
    seed = _collect_seed(sim, device, "card")
    return {"cardNo": str(int.from_bytes(seed[:5], "big") % 10**10).zfill(10)}


def _credential_update(sim: Sim, body: Any, list_key: str, limit_code: str,
                       check: Any, failed_key: str) -> dict[str, Any]:
    """updatefingers / updatecards: the list replaces the person's list (absent: all are
    deleted); bad entries are reported, not stored."""
    person_id = sim.require(body, "personId", str)
    entries = sim.optional(body, list_key, list, [])
    if len(entries) > 2:
        raise ApiError(limit_code)
    with sim.lock:
        record = _person(sim, person_id)
        known = {str(item["id"]): item for item in record[list_key]}
        kept, failed = [], []
        for entry in entries:
            if not isinstance(entry, dict):
                raise ApiError("OPEN000008", f"{list_key} items must be objects.")
            code = check(sim, record, entry, known, kept)
            if code:
                failed.append((entry, code))
                continue
            item_id = str(entry.get("id") or "") or _new_id(sim)
            kept.append({"id": item_id, **{key: entry[key] for key in entry if key != "id"}})
        record[list_key] = kept  # the good entries are stored, the bad ones reported
        name = f"{record['firstName']} {record['lastName']}".strip()
    return {failed_key: {"personId": person_id, "personName": name,
                         "errorCode": failed[0][1] if failed else "0",
                         list_key: [_failed_entry(list_key, entry, code)
                                    for entry, code in failed]}}


def _failed_entry(list_key: str, entry: dict[str, Any], code: str) -> dict[str, Any]:
    if list_key == "fingerList":  # Finger(1)
        return {"id": str(entry.get("id") or ""), "failedName": str(entry.get("name") or ""),
                "errorCode": code}
    return {"cardId": str(entry.get("id") or ""), "cardNo": str(entry.get("cardNo") or ""),
            "errorCode": code}  # Card(1)


def _check_finger(sim: Sim, record: dict[str, Any], entry: dict[str, Any],
                  known: dict[str, Any], kept: list[dict[str, Any]]) -> str:
    name, data = entry.get("name"), entry.get("data")
    if not isinstance(name, str) or not name or len(name) > 32:
        raise _invalid("fingerList.name is required, at most 32 characters.")
    if not isinstance(data, str) or not data:
        raise _invalid("fingerList.data is required.")
    if len(data) > 1024:
        return "CCF038066"
    if not _HEX.fullmatch(data):
        return "CCF038060"
    if entry.get("id") and str(entry["id"]) not in known:
        return "CCF038042"
    others = [finger["data"] for other in persons(sim).values()
              if other["personId"] != record["personId"] for finger in other["fingerList"]]
    if data in others or data in [item["data"] for item in kept]:
        return "CCF038067"
    return ""


def _check_card(sim: Sim, record: dict[str, Any], entry: dict[str, Any],
                known: dict[str, Any], kept: list[dict[str, Any]]) -> str:
    number = entry.get("cardNo")
    if not isinstance(number, str) or not number:
        return "CCF038037"
    if len(number) > 20:
        return "CCF038036"
    if not _CARD.fullmatch(number):
        return "CCF038038"
    if entry.get("id") and str(entry["id"]) not in known:
        return "CCF038035"
    others = [card["cardNo"] for other in persons(sim).values()
              if other["personId"] != record["personId"] for card in other["cardList"]]
    if number in others or number in [item["cardNo"] for item in kept]:
        return "CCF038034"
    return ""


@route("POST", f"{PERSON}/persons/updatefingers")
def persons_updatefingers(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    return _credential_update(sim, body, "fingerList", "CCF038039", _check_finger,
                              "fingerFailed")


@route("POST", f"{PERSON}/persons/updatecards")
def persons_updatecards(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    return _credential_update(sim, body, "cardList", "CCF038032", _check_card, "cardFailed")
