"""Video intercom (guide section 5.6): buildings, rooms, residents, temporary passes, calls,
and the ISAPI/alarm-input pass-through of 5.6.2.

Each `*_cmd` function takes the client and the parsed arguments of its script and returns a
`cli.Result`; checks that argparse cannot express raise `InvalidArgument` before any request.
Lists keep the platform's field names.

Guide contradictions, and what we send:
- person/search: the table names the criteria object `searchCriteria`, the example
  `searchRequest`. We follow the table (the other vims searches use `searchCriteria` too).
- `alIds` is String[] in person/add and tempauth/add, "String" in tempauth/update's table,
  but an array in its example and in every other table: we always send an array of strings.
- RoomDTO types areaId and buildName as Integer, yet they are ids/names (strings in every
  example and in RoomVO's areaId example): we send strings.
- The `language` list (email language of person/add) is the table's: en, it, es, de, fr, pl,
  nl, pt, ru, tr, ko, zh_TW, zh_CN, th, vi, ja, pt_BR, ar, id. person/update's table does not
  list `language` (only its example does), so update does not send it.

The argument validators (`cli.text`, `cli.moment`, `cli.ids`), the --yes batch delete
(`cli.batch_delete`) and the time formats (`hct.times`) are the pack's shared ones.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta

from hct import cli, isapi, names, paging, records, results
from hct.acs import add_access_level_names, with_named_levels
from hct.errors import InvalidArgument
from hct.times import from_millis, iso, local_now, window

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

VIMS = "/api/hccgw/vims/v1"
BUILD_SEARCH = f"{VIMS}/build/search"
ROOM_SEARCH = f"{VIMS}/room/search"
PERSON_SEARCH = f"{VIMS}/person/search"
PERSON_ADD = f"{VIMS}/person/add"
PERSON_UPDATE = f"{VIMS}/person/update"
PERSON_DELETE = f"{VIMS}/person/delete"
TEMPAUTH_GET = f"{VIMS}/tempauth/get"
TEMPAUTH_LIST = f"{VIMS}/tempauth/list"
TEMPAUTH_ADD = f"{VIMS}/tempauth/add"
TEMPAUTH_UPDATE = f"{VIMS}/tempauth/update"
TEMPAUTH_DELETE = f"{VIMS}/tempauth/delete"
CALL_RECEIVE = "/api/hccgw/devcall/v1/call/receive"
ISAPI_PROXY = "/api/hccgw/proxy/v1/isapi/proxypass"
PROXY_ALARM_INPUT_STATUS = "/api/hccgw/proxy/v1/areas/alarminputs/status/get"

ROOT_AREA = "-1"
# The guide states no page-size limit for the vims lists (its examples use 64); 100 is within
# what every other list of the platform accepts.
VIMS_MAX_PAGE_SIZE = 100
LANGUAGES = ("en", "it", "es", "de", "fr", "pl", "nl", "pt", "ru", "tr", "ko", "zh_TW", "zh_CN",
             "th", "vi", "ja", "pt_BR", "ar", "id")
PERSON_GENDERS = {"female": 0, "male": 1, "unknown": 2}  # PersonDTO (A.3.123)
ACCOUNT_TYPES = {"householder": 1, "member": 0}  # RoomDTO.accountType
CALL_ACTIONS = {"answer": 1, "decline": 2, "hang-up": 3}  # call/receive status (Integer)
DYNAMIC_QR_SECONDS = 60  # chapter 4.13: a dynamic QR code is valid for 60 s once obtained
LATEST_END_YEAR = 2037  # PersonBaseInfo: "The year should be no more than 2037."
MAX_PASS_NAME = 32  # tempauth/add name: "The maximum length is 32."


# ---- helpers ------------------------------------------------------------------------------

def vims_spec(path: str, list_key: str, name_field: str = "name") -> paging.PageSpec:
    """The vims lists page with pageNum/pageSize and count with totalNum; `name_field` is
    what --name matches."""
    return paging.PageSpec(path, list_key, index_field="pageNum", total_field="totalNum",
                           name_of=lambda record: record.get(name_field))


def add_vims_paging(parser: argparse.ArgumentParser, brief: tuple[str, ...], named: str) -> None:
    """Paging, the brief-record options and --name of a vims list."""
    paging.add_paging(parser, max_size=VIMS_MAX_PAGE_SIZE, default_size=VIMS_MAX_PAGE_SIZE,
                      brief=brief, named=named)


# What each list answers by default (--detail full: the platform's whole records).
BUILDING_BRIEF = ("buildId", "buildName", "areaId", "areaName", "totalRoom", "totalPerson")
ROOM_BRIEF = ("roomId", "roomName", "roomNum", "buildId", "buildName", "areaName",
              "personAmount", "mainAccount")
# `rooms` is the pack's: each room as "building room" (roomList holds the whole RoomDTOs).
RESIDENT_BRIEF = ("personId", "firstName", "lastName", "isExpired", "rooms")
# The password is left out: it opens doors (get_temp_pass.py gives it with the QR code).
PASS_BRIEF = ("id", "name", "openCount", "startDate", "endDate", "expiredStatus")


def add_area_scope(parser: argparse.ArgumentParser, what: str) -> None:
    from hct.resource import add_area_choice

    add_area_choice(parser, f"only {what} of this area (default: every area, -1 = root)",
                    id_type=cli.text(64, "area ID"))
    parser.add_argument("--include-sub-areas", action="store_true",
                        help="with --area-id/--area: also the sub-areas of that area")


def add_building_choice(parser: argparse.ArgumentParser, what: str) -> None:
    """--building-id ID or --building NAME (one of them)."""
    building = parser.add_mutually_exclusive_group()
    building.add_argument("--building-id", type=cli.text(64, "building ID"),
                          help=f"only {what} of this building (buildId)")
    names.add_name_argument(building, "--building", "building",
                            also="; instead of --building-id")


def area_scope(client: Any, args: argparse.Namespace) -> dict[str, Any]:
    """areaId (required by the guide; -1 is the root) and isContainSubArea (Integer 0/1).
    Without --area-id / --area: the root and everything below it. The area and building
    named (--area, --building) are resolved here: call it after every local check."""
    from hct.resource import chosen_area

    if args.include_sub_areas and not (args.area_id or args.area):
        raise InvalidArgument("--include-sub-areas needs --area-id or --area.")
    chosen_area(client, args)
    if getattr(args, "building", None):
        args.building_id = str(names.resolve(client, BUILDINGS, args.building,
                                             flag="--building")["buildId"])
    if not args.area_id:
        return {"areaId": ROOT_AREA, "isContainSubArea": 1}
    return {"areaId": args.area_id, "isContainSubArea": 1 if args.include_sub_areas else 0}


# ---- buildings and rooms -----------------------------------------------------------------

def list_buildings(client: Any, args: argparse.Namespace) -> cli.Result:
    criteria = area_scope(client, args)
    if args.name_filter:  # the platform's filterName, then every word (hct.names)
        criteria["filterName"] = names.search_word(args.name_filter)
    return paging.listed(client, vims_spec(BUILD_SEARCH, "buildList", "buildName"),
                         {"searchCriteria": criteria}, args, "buildings")


def room_search_body(client: Any, args: argparse.Namespace) -> dict[str, Any]:
    criteria = area_scope(client, args)
    if args.building_id:
        criteria["buildId"] = args.building_id
    room_name = args.name_filter and names.search_word(args.name_filter)
    flt = {key: value for key, value in (
        ("roomNum", args.room_num), ("roomName", room_name), ("email", args.email),
        ("mainAccount", args.householder)) if value}
    if flt:
        criteria["filter"] = flt
    return {"searchCriteria": criteria}


def list_rooms(client: Any, args: argparse.Namespace) -> cli.Result:
    """room/search; --name: the platform's roomName filter, then every word of the room's
    name (hct.names)."""
    return paging.listed(client, vims_spec(ROOM_SEARCH, "roomList", "roomName"),
                         room_search_body(client, args), args, "rooms")


def all_rooms(client: Any) -> dict[str, dict[str, Any]]:
    """Every room of the account (room/search from the root), by roomId."""
    body = {"searchCriteria": {"areaId": ROOT_AREA, "isContainSubArea": 1}}
    pages = paging.fetch(client, vims_spec(ROOM_SEARCH, "roomList"), body,
                         paging.every_page(VIMS_MAX_PAGE_SIZE))
    return {str(room.get("roomId")): room for room in pages.items if isinstance(room, dict)}


# ---- residents ---------------------------------------------------------------------------

def resident_search_body(client: Any, args: argparse.Namespace) -> dict[str, Any]:
    criteria = area_scope(client, args)
    if args.building_id:
        criteria["buildId"] = args.building_id
    name = args.name_filter and names.search_word(args.name_filter)
    flt: dict[str, Any] = {key: value for key, value in (
        ("name", name), ("roomNum", args.room_num), ("email", args.email),
        ("phone", args.phone)) if value is not None and value != ""}
    if args.type:
        flt["type"] = ACCOUNT_TYPES[args.type]
    if args.expired:
        flt["isExpired"] = 1 if args.expired == "yes" else 0
    if flt:
        criteria["filter"] = flt
    # The table's name; the guide's example says "searchRequest" (see the module docstring).
    return {"searchCriteria": criteria}


RESIDENT_PAGES = paging.PageSpec(PERSON_SEARCH, "personList", index_field="pageNum",
                                 total_field="totalNum",
                                 name_of=lambda person: resident_name(person))


def search_residents(client: Any, args: argparse.Namespace) -> cli.Result:
    """person/search; --name: the platform's name filter, then every word (hct.names)."""
    pages = paging.fetch(client, RESIDENT_PAGES, resident_search_body(client, args), args)
    pages.items = [with_rooms(person) for person in pages.items]
    return paging.answer(pages, "personList", args, "residents")


def resident_name(person: dict[str, Any]) -> str:
    return " ".join(str(part) for part in (person.get("firstName"), person.get("lastName"))
                    if part)


def room_label(room: dict[str, Any]) -> str:
    """A room as people say it: its building and its name (or number), once each."""
    name = str(room.get("roomName") or room.get("roomNum") or "")
    building = str(room.get("buildName") or "")
    return name if not building or name.startswith(building) else f"{building} {name}"


def with_rooms(person: Any) -> Any:
    """A resident with the pack's `rooms`: its rooms' labels (householder ones marked)."""
    if not isinstance(person, dict):
        return person
    rooms = [room_label(room) + (" (householder)" if room.get("accountType") == 1 else "")
             for room in person.get("roomList") or [] if isinstance(room, dict)]
    return {**person, "rooms": rooms}


def every_resident(client: Any, criteria: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every resident person/search finds (from the root area, with `criteria` added)."""
    body = {"searchCriteria": {"areaId": ROOT_AREA, "isContainSubArea": 1, **(criteria or {})}}
    pages = paging.fetch(client, RESIDENT_PAGES, body, paging.every_page(VIMS_MAX_PAGE_SIZE))
    return [person for person in pages.items if isinstance(person, dict)]


def find_resident(client: Any, person_id: str) -> dict[str, Any]:
    """The resident with this person ID (person/search has no ID filter: every page is read)."""
    for person in every_resident(client):
        if isinstance(person, dict) and str(person.get("personId")) == person_id:
            return person
    raise InvalidArgument(f"no resident has the person ID {person_id}.",
                          hint="search_residents.py lists the residents and their personId.")


def parse_room_specs(values: list[str] | None) -> list[tuple[str, int | None]]:
    """--room ROOM_ID[:householder|member]: (room ID, accountType or None for the default)."""
    specs: list[tuple[str, int | None]] = []
    for item in cli.split_repeated(values):
        room_id, _, kind = item.partition(":")
        try:
            room_id = cli.resource_id(room_id)
        except argparse.ArgumentTypeError as error:
            raise InvalidArgument(f"--room {item!r}: {error}") from None
        if kind and kind not in ACCOUNT_TYPES:
            raise InvalidArgument(f"--room {item!r}: the suffix must be :householder or :member.")
        specs.append((room_id, ACCOUNT_TYPES[kind] if kind else None))
    return specs


def add_room_names(parser: argparse.ArgumentParser) -> None:
    """--room-name NAME[:TYPE] (repeatable) beside --room ROOM_ID[:TYPE]."""
    names.add_name_argument(parser, "--room-name", "room", repeatable=True,
                            also=" (e.g. 'Block A 101'), optionally ending in :householder "
                                 "or :member; beside or instead of --room")


def named_room_specs(client: Any, values: list[str] | None) -> list[tuple[str, int | None]]:
    """--room-name NAME[:householder|member]: (room ID, accountType or None), each name
    resolved (exit 2 unless it names exactly one room)."""
    specs: list[tuple[str, int | None]] = []
    for value in values or []:
        name, _, kind = value.rpartition(":")
        if not name.strip() or kind not in ACCOUNT_TYPES:
            name, kind = value, ""
        room = names.resolve(client, ROOMS.picked_by("--room"), name, flag="--room-name")
        specs.append((str(room["roomId"]), ACCOUNT_TYPES[kind] if kind else None))
    return specs


def room_dto(room: dict[str, Any], account_type: int) -> dict[str, Any]:
    """RoomDTO (A.3.144) from a RoomVO or a resident's room: ids and names as strings."""
    dto = {"roomId": str(room.get("roomId") or ""), "buildId": str(room.get("buildId") or ""),
           "areaId": str(room.get("areaId") or ""), "accountType": account_type}
    for key in ("roomName", "buildName", "areaName"):
        if room.get(key) not in (None, ""):
            dto[key] = str(room[key])
    number = room.get("roomNum")
    if isinstance(number, int) or (isinstance(number, str) and number.isdigit()):
        dto["roomNum"] = int(number)
    return dto


def _resolve_rooms(client: Any, specs: list[tuple[str, int | None]],
                   default_type: int) -> list[dict[str, Any]]:
    if not specs:
        return []
    known = all_rooms(client)
    unknown = [room_id for room_id, _ in specs if room_id not in known]
    if unknown:
        raise InvalidArgument(f"no room has the ID {', '.join(unknown)}.",
                              hint="list_rooms.py lists the rooms and their roomId.")
    return [room_dto(known[room_id], default_type if kind is None else kind)
            for room_id, kind in specs]


def add_person_fields(parser: argparse.ArgumentParser, *, update: bool) -> None:
    """The PersonDTO options of add and update (update: every one optional)."""
    parser.add_argument("--first-name", type=cli.text(128, "first name"), required=not update)
    parser.add_argument("--last-name", type=cli.text(128, "last name"), required=not update)
    parser.add_argument("--email", type=cli.text(64, "email"), required=not update,
                        help="email address (the guide requires one)")
    parser.add_argument("--phone", type=cli.text(32, "phone No."))
    parser.add_argument("--gender", choices=PERSON_GENDERS,
                        help="female, male or unknown (sent as 0, 1, 2)"
                             + ("" if update else "; default unknown"))
    parser.add_argument("--description", type=cli.text(128, "description", empty=True))
    from hct.person import add_department_target

    add_department_target(parser, required=False, what="department (person group)")
    parser.add_argument("--start", type=cli.moment,
                        help="validity start (a time, see the module's time syntax)"
                             + ("" if update else " (default: now)"))
    parser.add_argument("--end", type=cli.moment_end,
                        help="validity end (a date alone: the end of that day)"
                             + ("" if update else f" (default: {LATEST_END_YEAR}-12-31T23:59:59 "
                                                   "in the local time zone)"))
    parser.add_argument("--al-id", action="append", metavar="ID",
                        help="access level ID (repeatable or comma list; from the ACS module)")
    add_access_level_names(parser, "--al-id")


def _person_base(args: argparse.Namespace, current: dict[str, Any]) -> dict[str, Any]:
    start = args.start or current.get("start") or local_now()
    end = args.end or current.get("end") or local_now().replace(
        year=LATEST_END_YEAR, month=12, day=31, hour=23, minute=59, second=59)
    cli.check_order(start, end)
    if end.year > LATEST_END_YEAR:
        raise InvalidArgument(f"--end: the year must be {LATEST_END_YEAR} or earlier.")
    base: dict[str, Any] = {
        "firstName": args.first_name or current.get("firstName") or "",
        "lastName": args.last_name or current.get("lastName") or "",
        "gender": PERSON_GENDERS[args.gender] if args.gender else current.get("gender", 2),
        "email": args.email or current.get("email") or "",
        "startDate": iso(start), "endDate": iso(end)}
    phone = args.phone if args.phone is not None else current.get("phone")
    if phone:
        base["phone"] = phone
    if args.description is not None:
        base["description"] = args.description
    if args.group_id:
        base["groupId"] = args.group_id
    return base


def add_resident(client: Any, args: argparse.Namespace) -> cli.Result:
    specs = parse_room_specs(args.room)
    if not specs and not args.room_name:
        raise InvalidArgument("give at least one --room ROOM_ID or --room-name NAME "
                              "(list_rooms.py lists them).")
    if args.existing_person and (args.existing_person_id or args.person_code):
        raise InvalidArgument("--existing-person NAME gives the person's ID and code: not "
                              "with --existing-person-id or --person-code.")
    if not args.existing_person and bool(args.existing_person_id) != bool(args.person_code):
        raise InvalidArgument("--existing-person-id and --person-code go together "
                              "(adding a resident from an existing person needs both).")
    al_ids = cli.ids(args.al_id, "--al-id")
    base = _person_base(args, {})
    if args.department:  # resolved once every argument is checked
        from hct.person import chosen_department

        base["groupId"] = chosen_department(client, args)
    al_ids = with_named_levels(client, al_ids, args.access_level, id_flag="--al-id")
    specs += named_room_specs(client, args.room_name)
    if args.existing_person:
        from hct.person import PERSONS

        found = names.resolve(client, PERSONS.picked_by("--existing-person-id"),
                              args.existing_person, flag="--existing-person")
        args.existing_person_id, args.person_code = found["personId"], found.get("personCode")
    if args.existing_person_id:
        base = {"id": args.existing_person_id, "personCode": args.person_code, **base}
    rooms = _resolve_rooms(client, specs, ACCOUNT_TYPES[args.account_type])
    body: dict[str, Any] = {"personBaseInfo": base, "roomList": rooms}
    if al_ids:
        body["alIds"] = al_ids
    if args.language and not args.existing_person_id:
        body["language"] = args.language  # not needed for existing persons (the guide)
    data = client.post(PERSON_ADD, body) or {}
    failed = data.get("failedResultList") or []
    report = {**data, "window": {"start": base["startDate"], "end": base["endDate"]}}
    return results.check(failed, report, what="rooms", id_field="roomName", rows=[data],
                         message=f"Resident {base['firstName']} {base['lastName']} added with "
                                 f"person ID {data.get('personId')} in {len(rooms)} room(s).")


def update_resident(client: Any, args: argparse.Namespace) -> cli.Result:
    """person/update. The platform unlinks every room left out of roomList (chapter 4.15), so
    the resident's current rooms are read first and kept, unless --replace-rooms."""
    missing = [flag for flag, value in (("--gender", args.gender), ("--start", args.start),
                                        ("--end", args.end)) if value is None]
    if missing:
        # PersonDTO requires them and person/search does not return them, so they cannot be
        # kept unchanged: guessing would reset the resident's validity.
        raise InvalidArgument(f"give {', '.join(missing)}: person/update needs the gender and "
                              "the validity period, and the platform's resident search does "
                              "not return them.")
    specs = parse_room_specs(args.room)
    removed = cli.ids(args.remove_room, "--remove-room")
    if args.replace_rooms and not (specs or args.room_name):
        raise InvalidArgument("--replace-rooms needs at least one --room (or --room-name): a "
                              "resident without rooms is deleted with delete_residents.py.")
    al_ids = cli.ids(args.al_id, "--al-id")
    cli.check_order(args.start, args.end)
    if args.resident:
        args.id = names.resolve(client, RESIDENTS, args.resident, flag="--resident")["personId"]
    if args.department:
        from hct.person import chosen_department

        chosen_department(client, args)
    al_ids = with_named_levels(client, al_ids, args.access_level, id_flag="--al-id")
    specs += named_room_specs(client, args.room_name)
    removed = names.with_named(client, ROOMS.picked_by("--remove-room"), removed,
                               args.remove_room_name, flag="--remove-room-name")
    current = find_resident(client, args.id)
    rooms = _merged_rooms(client, current, specs, removed, replace=args.replace_rooms)
    base = {"id": args.id, **_person_base(args, current)}
    body: dict[str, Any] = {"personBaseInfo": base, "roomList": rooms}
    if al_ids:
        body["alIds"] = al_ids
    client.post(PERSON_UPDATE, body)
    return cli.Result(f"Resident {args.id} updated; linked to {len(rooms)} room(s).",
                      {"personId": args.id, "personBaseInfo": base, "roomList": rooms,
                       "window": window(args.start, args.end)}, rows=rooms)


def _merged_rooms(client: Any, current: dict[str, Any], specs: list[tuple[str, int | None]],
                  removed: list[str], *, replace: bool) -> list[dict[str, Any]]:
    """The roomList of an update: the resident's rooms (unless `replace`), plus the --room
    rooms (a given type replaces a kept room's), minus the --remove-room rooms."""
    current_rooms = {str(room.get("roomId")): room for room in current.get("roomList") or []
                     if isinstance(room, dict)}
    unknown = [room_id for room_id in removed if room_id not in current_rooms]
    if unknown:
        raise InvalidArgument(f"--remove-room: the resident is not in room {', '.join(unknown)}.")
    by_id = {} if replace else {
        room_id: room_dto(room, int(room.get("accountType") or 0))
        for room_id, room in current_rooms.items()}
    # Only rooms that are new, or whose type changes, need a look-up (room/search).
    wanted = [(room_id, kind) for room_id, kind in specs
              if room_id not in by_id or (kind is not None
                                          and kind != by_id[room_id]["accountType"])]
    for room in _resolve_rooms(client, wanted, ACCOUNT_TYPES["member"]):
        by_id[room["roomId"]] = room
    rooms = [room for room_id, room in by_id.items() if room_id not in removed]
    if not rooms:
        raise InvalidArgument("the update would leave the resident without any room; "
                              "use delete_residents.py to unlink a resident.")
    return rooms


def delete_residents(client: Any, args: argparse.Namespace) -> cli.Result:
    """--id and/or --resident NAME (each resolved before anything is sent)."""
    given = cli.ids(args.id, "--id")  # a bad ID: exit 2 before any look-up
    args.id = [*given, *(resident["personId"] for resident in names.resolve_each(
        client, RESIDENTS, args.resident or [], flag="--resident"))]
    return cli.batch_delete(client, args, PERSON_DELETE, "deleteList", "resident",
                            note=" from their rooms (the person itself stays)")


# ---- names: what --resident and --room resolve ------------------------------------------

def _resident_records(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [records.pick(with_rooms(person), ("personId", "firstName", "lastName", "rooms"))
            for person in people]


def _search_residents(client: Any, query: str) -> list[dict[str, Any]]:
    """person/search's name filter, word by word (names.search_by_words)."""
    return names.search_by_words(
        query, lambda word: _resident_records(every_resident(client, {"filter": {"name": word}})),
        resident_name, lambda person: person.get("personId"))


def _room_records(rooms: list[Any]) -> list[dict[str, Any]]:
    return [records.pick(room, ("roomId", "roomName", "roomNum", "buildId", "buildName",
                                "areaId", "areaName"))
            for room in rooms if isinstance(room, dict)]


def _search_rooms(client: Any, query: str) -> list[dict[str, Any]]:
    """room/search's roomName filter, word by word; a word that is a room number is asked as
    roomNum too (a room is often named by its number)."""
    def search(word: str) -> list[dict[str, Any]]:
        found = _every_room(client, {"filter": {"roomName": word}})
        if word.isdigit():
            found += _every_room(client, {"filter": {"roomNum": int(word)}})
        return _room_records(found)

    return names.search_by_words(query, search, room_label, lambda room: room.get("roomId"))


def _every_room(client: Any, criteria: dict[str, Any]) -> list[Any]:
    return _every_vims(client, ROOM_SEARCH, "roomList", criteria)


def _every_vims(client: Any, path: str, list_key: str, criteria: dict[str, Any]) -> list[Any]:
    """Every record of a vims search from the root area, with `criteria` added."""
    body = {"searchCriteria": {"areaId": ROOT_AREA, "isContainSubArea": 1, **criteria}}
    return paging.fetch(client, vims_spec(path, list_key), body,
                        paging.every_page(VIMS_MAX_PAGE_SIZE)).items


def _building_records(buildings: list[Any]) -> list[dict[str, Any]]:
    return [records.pick(building, ("buildId", "buildName", "areaName"))
            for building in buildings if isinstance(building, dict)]


def _search_buildings(client: Any, query: str) -> list[dict[str, Any]]:
    """build/search's filterName, word by word (names.search_by_words)."""
    return names.search_by_words(
        query, lambda word: _building_records(
            _every_vims(client, BUILD_SEARCH, "buildList", {"filterName": word})),
        lambda building: building.get("buildName"), lambda building: building.get("buildId"))


# A resident's `area` in candidates is its rooms (residents belong to rooms, not areas).
RESIDENTS = names.NameKind("resident", "--id",
                           lambda client: _resident_records(every_resident(client)),
                           id_field="personId", name_of=resident_name,
                           area_of=lambda person: ", ".join(person.get("rooms") or []),
                           search=_search_residents)
ROOMS = names.NameKind("room", "--room-id", lambda client: _room_records(
    _every_room(client, {})), id_field="roomId", name_of=room_label,
    area_of=lambda room: room.get("areaName"), search=_search_rooms)
BUILDINGS = names.NameKind("building", "--building-id", lambda client: _building_records(
    _every_vims(client, BUILD_SEARCH, "buildList", {})), id_field="buildId",
    name_of=lambda building: building.get("buildName"),
    area_of=lambda building: building.get("areaName"), search=_search_buildings)


# ---- temporary passes --------------------------------------------------------------------

def add_temp_pass_fields(parser: argparse.ArgumentParser, *, update: bool) -> None:
    parser.add_argument("--name", type=cli.text(MAX_PASS_NAME, "pass name"),
                        help=f"pass name, at most {MAX_PASS_NAME} characters"
                             + ("" if update else " (required unless the visit's resident is "
                                                  "given: then 'Visitor of NAME')"))
    parser.add_argument("--open-count", type=cli.bounded_int(1, 200), required=not update,
                        help="allowed passes per door, 1..200")
    parser.add_argument("--start", type=cli.moment, required=not update,
                        help="validity start, e.g. 2024-05-01T08:00:00+02:00 or 2024-05-01 08:00")
    parser.add_argument("--end", type=cli.moment_end, required=not update,
                        help="validity end (a date alone: the end of that day)")
    parser.add_argument("--al-id", action="append", metavar="ID",
                        help="access level ID (repeatable or comma list; access_levels.py of "
                             "the ACS module lists them): the doors the pass opens")
    add_access_level_names(parser, "--al-id")
    parser.add_argument("--no-access-level", action="store_true",
                        help="on purpose without an access level: the pass then opens no door "
                             "until someone grants one in the portal"
                             + (" (removes the pass's access levels)" if update else ""))


def add_visit_arguments(parser: argparse.ArgumentParser) -> None:
    """Whom the visitor comes to see: a resident by name or id, or a room by name or id."""
    visit = parser.add_mutually_exclusive_group()
    names.add_name_argument(visit, "--resident", "resident",
                            also="; the resident the visitor comes to see")
    visit.add_argument("--resident-id", type=cli.resource_id,
                       help="the resident's person ID (search_residents.py)")
    names.add_name_argument(visit, "--room", "room",
                            also=" (e.g. 'Block A 101'); its householder, or its only resident")
    visit.add_argument("--room-id", type=cli.resource_id, help="the room's ID (list_rooms.py)")


def visited_resident(client: Any, args: argparse.Namespace) -> dict[str, Any] | None:
    """The resident a visitor pass is for (--resident, --resident-id, --room, --room-id), or
    None. tempauth/add has no field for it: the pass is named after the resident and the
    answer says whom it is for."""
    if args.resident:
        return names.resolve(client, RESIDENTS.picked_by("--resident-id"), args.resident,
                             flag="--resident")
    if args.resident_id:
        return _resident_records([find_resident(client, args.resident_id)])[0]
    if not (args.room or args.room_id):
        return None
    if args.room:
        room = names.resolve(client, ROOMS, args.room, flag="--room")
    else:
        room = next((room for room in _room_records(_every_room(client, {}))
                     if room["roomId"] == args.room_id), None)
        if room is None:
            raise InvalidArgument(f"no room has the ID {args.room_id}.",
                                  hint="list_rooms.py lists the rooms and their roomId.")
    return room_resident(client, room)


def room_resident(client: Any, room: dict[str, Any]) -> dict[str, Any]:
    """The resident a room's visitor comes to see: its householder, else its only resident
    (several without a householder: the candidates, exit 2; none: exit 2)."""
    criteria: dict[str, Any] = {"buildId": str(room.get("buildId") or "")}
    if isinstance(room.get("roomNum"), int):
        criteria["filter"] = {"roomNum": room["roomNum"]}
    people = [person for person in every_resident(client, criteria)
              if any(str(linked.get("roomId")) == str(room.get("roomId"))
                     for linked in person.get("roomList") or [] if isinstance(linked, dict))]
    heads = [person for person in people if any(
        str(linked.get("roomId")) == str(room.get("roomId")) and linked.get("accountType") == 1
        for linked in person.get("roomList") or [] if isinstance(linked, dict))]
    chosen = heads if len(heads) == 1 else people
    label = room_label(room)
    if len(chosen) == 1:
        return _resident_records(chosen)[0]
    if not chosen:
        raise InvalidArgument(f"room {label} has no resident; nothing was sent.",
                              hint="Give --resident NAME, or add_resident.py first.")
    kind = RESIDENTS.picked_by("--resident-id")
    candidates = [kind.summary(record) for record in _resident_records(chosen)]
    raise names.AmbiguousName(
        f"room {label} has {len(chosen)} residents and no single householder; nothing was "
        "sent.", data={"room": label, "matches": len(chosen),
                       "candidates": candidates[:names.MAX_CANDIDATES]})


def _temp_pass_body(client: Any, args: argparse.Namespace,
                    current: dict[str, Any]) -> dict[str, Any]:
    start = args.start or current.get("start")
    end = args.end or current.get("end")
    cli.check_order(start, end)
    given = cli.ids(args.al_id, "--al-id")
    if (given or args.access_level) and args.no_access_level:
        raise InvalidArgument("--al-id/--access-level and --no-access-level exclude each other.")
    given = with_named_levels(client, given, args.access_level, id_flag="--al-id")
    al_ids = [] if args.no_access_level else given or current.get("alIds") or []
    if not al_ids and not args.no_access_level:
        _refuse_without_access_level(client)
    body: dict[str, Any] = {
        "name": args.name or current.get("name"),
        "openCount": args.open_count or current.get("openCount"),
        "startTime": iso(start), "endTime": iso(end), "clientLocalTime": iso(local_now())}
    if al_ids:
        body["alIds"] = al_ids  # String[] (tempauth/update's table says String: see top)
    return body


def _refuse_without_access_level(client: Any) -> None:
    """A pass without alIds is accepted by the platform but opens no door until someone
    grants access in the portal (seen live): refuse it, listing the levels to choose from."""
    from hct.acs import list_access_levels

    levels = list_access_levels(client, every=True).data["accessLevelList"]
    choices = [{"name": level.get("name"), "id": level.get("id")} for level in levels
               if isinstance(level, dict)]
    raise InvalidArgument(
        "A temporary pass without an access level opens no door (the platform accepts it, "
        "but someone must grant access in the portal first).",
        hint="Give --al-id ID or --access-level NAME with one of data.accessLevels (the doors "
             "the visitor may open), or --no-access-level if a pass without doors is really "
             "meant.",
        data={"accessLevels": choices})


def add_temp_pass(client: Any, args: argparse.Namespace) -> cli.Result:
    if not (args.name or args.resident or args.resident_id or args.room or args.room_id):
        raise InvalidArgument("give --name, or the resident the visitor comes to see "
                              "(--resident / --room): the pass is then named after them.")
    body = _temp_pass_body(client, args, {})
    resident = visited_resident(client, args)
    visit = ""
    if resident is not None:
        who = resident_name(resident)
        body["name"] = args.name or f"Visitor of {who}"[:MAX_PASS_NAME].rstrip()
        visit = f" for a visitor of {who}" + (
            f" ({', '.join(resident['rooms'])})" if resident.get("rooms") else "")
    data = client.post(TEMPAUTH_ADD, body) or {}
    answer = {**_with_expiry(data), "window": {"start": body["startTime"],
                                               "end": body["endTime"]}}
    if resident is not None:
        answer["resident"] = resident
    return cli.Result(f"Temporary pass {body['name']!r} added{visit} with ID {data.get('id')}.",
                      answer, rows=[_pass_row(data)])


def get_temp_pass_raw(client: Any, pass_id: str) -> dict[str, Any]:
    return client.post(TEMPAUTH_GET, {"id": pass_id,
                                      "clientLocalTime": iso(local_now())}) or {}


def _with_expiry(data: dict[str, Any]) -> dict[str, Any]:
    """The pass with when its QR code stops working: a dynamic code 60 s after it was
    obtained (expiresAt), a static one at the pass's end (validUntil)."""
    fetched = local_now()
    expires = fetched + timedelta(seconds=DYNAMIC_QR_SECONDS)
    ends = from_millis(data.get("endTime"))
    if ends and datetime.fromisoformat(ends) < expires:
        expires = max(fetched, datetime.fromisoformat(ends))  # no code outlives its pass
    return {**data, "fetchedAt": iso(fetched), "expiresAt": iso(expires),
            "qrValidSeconds": DYNAMIC_QR_SECONDS, "validFrom": from_millis(data.get("startTime")),
            "validUntil": from_millis(data.get("endTime"))}


def _pass_row(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data.get(key) for key in ("id", "name", "openCount", "password", "expiredStatus",
                                           "startTime", "endTime")}


def _pass_records(client: Any, name: str | None = None) -> list[dict[str, Any]]:
    """The temporary passes (those the platform's name filter finds for `name`)."""
    body = {"searchRequest": {"filter": {"name": name}}} if name else {}
    pages = paging.fetch(client, vims_spec(TEMPAUTH_LIST, "tempAuthList"), body,
                         paging.every_page(VIMS_MAX_PAGE_SIZE))
    return [records.pick(item, ("id", "name", "endDate")) for item in pages.items
            if isinstance(item, dict)]


# `--temp-pass NAME`: the platform filters passes by name (tempauth/list filter.name).
TEMP_PASSES = names.NameKind(
    "temporary pass", "--id", _pass_records, area_of=lambda item: None,
    search=lambda client, query: names.search_by_words(
        query, lambda word: _pass_records(client, word), lambda item: item.get("name"),
        lambda item: item.get("id")))


def add_pass_target(parser: argparse.ArgumentParser) -> None:
    """--id ID or --temp-pass NAME (one of them) of a script that acts on one pass."""
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--id", type=cli.resource_id, help="temporary pass ID")
    names.add_name_argument(target, "--temp-pass", "temporary pass", also="; instead of --id")


def target_pass(client: Any, args: argparse.Namespace) -> str:
    """The pass of --id, or the one --temp-pass names (exit 2 unless exactly one)."""
    if args.temp_pass:
        args.id = str(names.resolve(client, TEMP_PASSES, args.temp_pass,
                                    flag="--temp-pass")["id"])
    return args.id


def get_temp_pass(client: Any, args: argparse.Namespace) -> cli.Result:
    target_pass(client, args)
    data = _with_expiry({"id": args.id, **get_temp_pass_raw(client, args.id)})
    if str(data.get("expiredStatus")) == "1":
        message = (f"Temporary pass {args.id} has expired (it ended {data['validUntil']}); "
                   "its codes and password no longer open doors.")
    else:
        message = (f"Temporary pass {args.id}: a dynamic QR code is valid until "
                   f"{data['expiresAt']} (60 s; get it again after that), a static one until "
                   f"the pass ends ({data['validUntil']}).")
    return cli.Result(message, data, rows=[{**_pass_row(data), "expiresAt": data["expiresAt"]}])


def update_temp_pass(client: Any, args: argparse.Namespace) -> cli.Result:
    """tempauth/update needs every field: those not given are read with tempauth/get."""
    target_pass(client, args)
    current: dict[str, Any] = {}
    if not (args.name and args.open_count and args.start and args.end
            and (args.al_id or args.no_access_level)):
        data = get_temp_pass_raw(client, args.id)
        current = {"name": data.get("name"), "openCount": data.get("openCount"),
                   "alIds": [str(level.get("accessLevelId")) for level in
                             data.get("accessLevelList") or [] if isinstance(level, dict)
                             and level.get("accessLevelId")]}
        for key, field in (("start", "startTime"), ("end", "endTime")):
            moment = from_millis(data.get(field))
            current[key] = datetime.fromisoformat(moment) if moment else None
        if not (current["start"] and current["end"]):
            raise InvalidArgument("the pass's current validity could not be read; give "
                                  "--start and --end.")
    body = {"id": args.id, **_temp_pass_body(client, args, current)}
    client.post(TEMPAUTH_UPDATE, body)
    return cli.Result(f"Temporary pass {args.id} updated.",
                      {**body, "window": {"start": body["startTime"], "end": body["endTime"]}})


def list_temp_passes(client: Any, args: argparse.Namespace) -> cli.Result:
    """tempauth/list; --name: the platform's name filter (the pass's or its creator's
    name), then every word of the pass's name (hct.names)."""
    body: dict[str, Any] = {}
    if args.name_filter:
        body["searchRequest"] = {"filter": {"name": names.search_word(args.name_filter)}}
    return paging.listed(client, vims_spec(TEMPAUTH_LIST, "tempAuthList"), body, args,
                         "temporary passes")


def delete_temp_passes(client: Any, args: argparse.Namespace) -> cli.Result:
    """--id and/or --temp-pass NAME (each resolved before anything is sent)."""
    args.id = names.with_named(client, TEMP_PASSES, cli.ids(args.id, "--id"), args.temp_pass,
                               flag="--temp-pass", required=True)
    return cli.batch_delete(client, args, TEMPAUTH_DELETE, "deleteList", "temporary pass")


# ---- calls, ISAPI pass-through, alarm input status ---------------------------------------

def answer_call(client: Any, args: argparse.Namespace) -> cli.Result:
    # status is an Integer in the table (the example's "2" is a string): we send the Integer.
    body = {"recordId": args.record_id, "userId": args.user_id,
            "status": CALL_ACTIONS[args.action]}
    client.post(CALL_RECEIVE, body)
    return cli.Result(f"Call {args.record_id}: {args.action} sent.", body)


def isapi_passthrough(client: Any, args: argparse.Namespace) -> cli.Result:
    payload = isapi.request_body(args)
    if payload and args.method in ("GET", "DELETE"):
        raise InvalidArgument(f"a {args.method} request carries no body.")
    if args.device:
        from hct.resource import chosen_device

        args.device_id = str(chosen_device(client, args, id_flag="--device-id")["id"])
    body = {"method": args.method, "url": args.url, "id": args.device_id,
            "contentType": args.content_type, "body": payload}
    # A GET reads the device; anything else may change it and is never resent.
    data = client.post(ISAPI_PROXY, body, read=args.method == "GET")
    return cli.Result(f"{args.method} {args.url} answered by device {args.device_id}.",
                      {"request": {key: body[key] for key in ("method", "url", "id",
                                                              "contentType")},
                       "response": data, "isapiStatus": isapi.status_of(data) or None})


def proxy_alarm_input_status(client: Any, args: argparse.Namespace) -> cli.Result:
    """proxy/v1/areas/alarminputs/status/get: the Resource module's status read at the proxy
    path, with its spellings of the field (alarmIntputId and alarmInputId)."""
    from hct.resource import PROXY_ALARM_INPUT_ID_FIELDS, alarm_input_status

    return alarm_input_status(client, args, PROXY_ALARM_INPUT_STATUS,
                              PROXY_ALARM_INPUT_ID_FIELDS)
