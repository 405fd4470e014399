"""Persons and departments (guide section 5.8; typical flows 4.10, 4.11 and 4.12).

The function a script calls takes the client and the parsed arguments and returns a
`cli.Result`; argument checks that argparse cannot express raise `InvalidArgument` before any
request. Request bodies use the guide's field names and types: `gender` is an Integer,
`pageIndex`/`pageSize` are Integers, everything else is a String (dates as ISO 8601 with an
offset). Lists keep the platform's field names.

Safety: `persons/updatefingers` and `persons/updatecards` REPLACE a person's fingerprints or
cards, and a missing list deletes them all. The scripts therefore read the person first and
send the kept entries again; removing every credential needs `--clear --yes`.
"""

from __future__ import annotations

import argparse
import base64
import re
from datetime import datetime, timezone

from hct import cli, names, paging, records, results
from hct.errors import InvalidArgument, PlatformError
from hct.times import iso, local_now

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

BASE = "/api/hccgw/person/v1"
GROUPS_SEARCH = f"{BASE}/groups/search"
GROUPS_ADD = f"{BASE}/groups/add"
GROUPS_UPDATE = f"{BASE}/groups/update"
GROUPS_DELETE = f"{BASE}/groups/delete"
PERSONS_ADD = f"{BASE}/persons/add"
PERSONS_UPDATE = f"{BASE}/persons/update"
PERSONS_PHOTO = f"{BASE}/persons/photo"
FINGER_COLLECT = f"{BASE}/persons/fingercollect"
FINGERS_UPDATE = f"{BASE}/persons/updatefingers"
CARD_COLLECT = f"{BASE}/persons/cardcollect"
CARDS_UPDATE = f"{BASE}/persons/updatecards"
PIN_UPDATE = f"{BASE}/persons/updatepincode"
PERSONS_GET = f"{BASE}/persons/get"
PERSONS_DELETE = f"{BASE}/persons/delete"
PERSONS_QUICK_ADD = f"{BASE}/persons/quick/add"
PERSONS_LIST = f"{BASE}/persons/list"
PERSONS_QRCODE = f"{BASE}/persons/qrcode"

GENDERS = {"female": 0, "male": 1, "unknown": 2}  # the guide's gender Integer
LIST_MAX_PAGE_SIZE = 100  # persons/list: "between 1 and 100"
MAX_FINGERS = 2  # "Up to 2 fingerprints can be configured for one person"
MAX_CARDS = 2  # "Up to 2 cards data can be configured for one person"
LAST_END_YEAR = 2037  # endDate: "The year should be no more than 2037"
DEFAULT_END = "2037-12-31T23:59:59"
PERSON_LIST_KEY = "personList"
# Which basic fields a person has, in the order of the guide's persons/add table.
PERSON_FIELDS = ("groupId", "personCode", "firstName", "lastName", "gender", "phone", "email",
                 "description", "startDate", "endDate")


# ---- validators (argparse `type=` callables; also used for CSV cells) ---------------------

def _pattern(regex: str, message: str, label: str) -> Callable[[str], str]:
    compiled = re.compile(regex)

    def parse(value: str) -> str:
        value = value.strip()
        if not compiled.fullmatch(value):
            raise argparse.ArgumentTypeError(f"invalid {label} {value!r}: {message}")
        return value

    parse.__name__ = label
    return parse


person_code = _pattern(r"[A-Za-z0-9]{1,16}", "1-16 letters and digits (the guide's personCode)",
                       "person code")
pin_code = _pattern(r"[0-9]{4,8}", "4 to 8 digits", "PIN code")
card_no = _pattern(r"[A-Za-z0-9]{1,20}", "1-20 letters and digits (the guide's cardNo)",
                   "card No.")
person_id = cli.resource_id
group_id = cli.resource_id


first_name = cli.text(255, "first name")
last_name = cli.text(255, "last name", empty=True)
phone = cli.text(32, "phone number", empty=True)
description = cli.text(128, "description", empty=True)
group_name = cli.text(64, "department name")
group_description = cli.text(128, "description", empty=True)
finger_name = cli.text(32, "fingerprint name")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def email(value: str) -> str:
    value = cli.text(64, "email address", empty=True)(value)
    if value and not _EMAIL.fullmatch(value):
        raise argparse.ArgumentTypeError(f"invalid email address {value!r}")
    return value


def gender(value: str) -> int:
    """female/male/unknown or the guide's 0/1/2."""
    key = value.strip().lower()
    if key in GENDERS:
        return GENDERS[key]
    if key in {"0", "1", "2"}:
        return int(key)
    raise argparse.ArgumentTypeError(
        f"invalid gender {value!r}: female, male, unknown (or 0, 1, 2)")


def iso_time(value: str) -> str:
    """Any time of the pack's one syntax (cli.moment) as the guide's ISO 8601 string with its
    offset, e.g. 2022-10-21T11:08:23+08:00."""
    return iso(cli.moment(value))


def iso_end_time(value: str) -> str:
    """`iso_time` for the end of a validity: a date alone is the end of that day."""
    return iso(cli.moment_end(value))


iso_time.__name__ = iso_end_time.__name__ = "time"


def finger_hex(value: str) -> str:
    """Fingerprint data as the guide wants it: hexadecimal, at most 1024 characters."""
    value = value.strip()
    if not re.fullmatch(r"[0-9A-Fa-f]{2,1024}", value):
        raise argparse.ArgumentTypeError(
            "fingerprint data must be hexadecimal, at most 1024 characters")
    return value


def finger_spec(value: str) -> dict[str, str]:
    """NAME=HEXDATA, one fingerprint given by its data (collected earlier)."""
    name, separator, data = value.partition("=")
    if not separator:
        raise argparse.ArgumentTypeError("a fingerprint is NAME=HEXDATA")
    return {"name": finger_name(name), "data": finger_hex(data)}


def default_end() -> str:
    return iso_time(DEFAULT_END)


def check_validity(start: str, end: str) -> None:
    """The guide's validity rules: start before end, end year at most 2037."""
    begin, finish = datetime.fromisoformat(start), datetime.fromisoformat(end)
    if finish.year > LAST_END_YEAR:
        raise InvalidArgument(f"the end date {end} is after {LAST_END_YEAR} "
                              "(the guide: the year should be no more than 2037).")
    if finish <= begin:
        raise InvalidArgument(f"the end date {end} is not after the start date {start}.")


def check_full_name(first: str, last: str) -> None:
    if len(first) + len(last) > 255:
        raise InvalidArgument("first name and last name together exceed 255 characters.")


def from_platform_time(value: Any) -> str:
    """PersonInfo(1) gives startDate/endDate as a Long timestamp in ms; persons/update wants
    an ISO string. Strings pass through."""
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
        seconds = float(value) / (1000.0 if float(value) > 1e11 else 1.0)
        return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds")
    return str(value or "")


# ---- departments (person groups) ----------------------------------------------------------

def search_groups(client: Any, args: argparse.Namespace) -> cli.Result:
    """groups/search: by parent (empty = the root directory), name and depth, or by IDs."""
    group_ids = cli.ids(args.group_id, "--group-id")
    if group_ids and (args.parent_id or args.parent or args.name_filter or args.all_levels):
        raise InvalidArgument("--group-id cannot be combined with --parent-id, --parent, "
                              "--name or --all-levels (the guide: groupIdList overrides them).")
    if args.parent:
        args.parent_id = names.resolve(client, DEPARTMENTS.picked_by("--parent-id"),
                                       args.parent, flag="--parent")["groupId"]
    body: dict[str, Any]
    if group_ids:
        body = {"groupIdList": group_ids}
    else:
        # depthTraversal is typed Bool in the table (the example's "" is a placeholder).
        body = {"parentGroupId": args.parent_id or "", "depthTraversal": bool(args.all_levels)}
        if args.name_filter:  # the platform's fuzzy groupName, then every word (hct.names)
            body["groupName"] = names.search_word(args.name_filter)
    data = client.post(GROUPS_SEARCH, body) or {}
    groups = data.get("personGroupList") or []
    matched = ""
    if args.name_filter:
        groups = names.matching(groups, args.name_filter, DEPARTMENTS.name_of)
        matched = f" matching {args.name_filter!r}"
    return records.present(cli.Result(f"{len(groups)} department(s){matched}.",
                                      {"count": len(groups), "personGroupList": groups}),
                           args, "personGroupList")


DEPARTMENT_BRIEF = ("groupId", "groupName", "parentId", "groupFullPath")


def add_department_target(parser: argparse.ArgumentParser, *, required: bool,
                          what: str) -> None:
    """--group-id ID or --department NAME (one of them, `what` says what for); the handler
    reads it with `chosen_department`."""
    department = parser.add_mutually_exclusive_group(required=required)
    department.add_argument("--group-id", type=group_id,
                            help=f"{what}, by department ID (list_departments.py lists them)")
    names.add_name_argument(department, "--department", "department",
                            also="; instead of --group-id")


def add_group(client: Any, args: argparse.Namespace) -> cli.Result:
    from hct.resource import chosen_area

    body = {"groupName": args.name}
    if args.description is not None:
        body["description"] = args.description
    if chosen_area(client, args):
        body["areaId"] = args.area_id
    data = client.post(GROUPS_ADD, body) or {}
    return cli.Result(f"Department {args.name!r} added with ID {data.get('groupId')}.",
                      {"groupId": data.get("groupId"), "groupName": args.name})


def update_group(client: Any, args: argparse.Namespace) -> cli.Result:
    """groups/update; the department, its area and its parent by id or by name (resolved
    once the arguments are checked)."""
    from hct.resource import chosen_area

    if args.name is None and args.description is None and not (
            args.area_id or args.area or args.parent_id or args.parent):
        raise InvalidArgument("nothing to change: give --name, --description, --area-id "
                              "(--area) or --parent-id (--parent).")
    chosen_department(client, args)
    chosen_area(client, args)
    if args.parent:
        args.parent_id = names.resolve(client, DEPARTMENTS.picked_by("--parent-id"),
                                       args.parent, flag="--parent")["groupId"]
    body: dict[str, Any] = {"groupId": args.group_id}
    for key, value in (("groupName", args.name), ("description", args.description),
                       ("areaId", args.area_id), ("parentId", args.parent_id)):
        if value is not None:
            body[key] = value
    if args.parent_id == args.group_id:
        raise InvalidArgument("a department cannot be its own parent.")
    client.post(GROUPS_UPDATE, body)
    return cli.Result(f"Department {args.group_id} updated.",
                      {"groupId": args.group_id, "updated": sorted(set(body) - {"groupId"})})


def delete_group(client: Any, args: argparse.Namespace) -> cli.Result:
    body = {"groupId": chosen_department(client, args)}
    if not args.yes:
        return cli.dry_run(f"would delete department {args.group_id}.", body)
    client.post(GROUPS_DELETE, body)
    return cli.Result(f"Department {args.group_id} deleted.",
                      {"groupId": args.group_id, "deleted": True})


# ---- persons: basic information -----------------------------------------------------------

def add_person_arguments(parser: argparse.ArgumentParser, *, update: bool = False) -> None:
    """The basic-information flags of add_person, quick_add_person and update_person."""
    required = not update
    add_department_target(parser, required=required, what="the person's department")
    if not update:
        parser.add_argument("--person-code", type=person_code, required=True,
                            help="employee No.: 1-16 letters/digits, unique (cannot be changed)")
    parser.add_argument("--first-name", type=first_name, required=required,
                        help="first name (first + last at most 255 characters)")
    parser.add_argument("--last-name", type=last_name, default=None if update else "",
                        help="last name (default empty)")
    parser.add_argument("--gender", type=gender, default=None if update else GENDERS["unknown"],
                        help="female, male or unknown (0/1/2; default unknown)")
    parser.add_argument("--phone", type=phone, help="phone number, at most 32 characters")
    parser.add_argument("--email", type=email, help="email address, at most 64 characters")
    parser.add_argument("--description", type=description,
                        help="description, at most 128 characters")
    parser.add_argument("--start", type=iso_time,
                        help="validity start: ISO 8601 with or without offset, "
                             "'YYYY-MM-DD HH:MM' or a date" + ("" if update else " (default: now)"))
    parser.add_argument("--end", type=iso_end_time,
                        help="validity end, year <= 2037 (a date alone: the end of that day)"
                        + ("" if update else "; default 2037-12-31T23:59:59"))


def person_body(args: argparse.Namespace) -> dict[str, Any]:
    """PersonBaseInfo(2) from add flags, checked (full name, validity) before any request.
    `args.group_id` is the department (see `chosen_department`)."""
    start = args.start or iso(local_now())
    end = args.end or default_end()
    check_validity(start, end)
    check_full_name(args.first_name, args.last_name)
    body: dict[str, Any] = {"groupId": args.group_id, "personCode": args.person_code,
                            "firstName": args.first_name, "lastName": args.last_name,
                            "gender": args.gender, "startDate": start, "endDate": end}
    for key, value in (("phone", args.phone), ("email", args.email),
                       ("description", args.description)):
        if value is not None:
            body[key] = value
    return body


def validity_window(body: dict[str, Any]) -> dict[str, str]:
    """The validity sent (startDate/endDate), as `data.window` echoes it."""
    from hct.times import window

    return window(datetime.fromisoformat(body["startDate"]),
                  datetime.fromisoformat(body["endDate"]))


def chosen_department(client: Any, args: argparse.Namespace) -> str | None:
    """The department: --group-id, or the one --department names (call it after every local
    check: it sends a request)."""
    if getattr(args, "department", None):
        args.group_id = names.resolve(client, DEPARTMENTS, args.department,
                                      flag="--department")["groupId"]
    return args.group_id


def add_person(client: Any, args: argparse.Namespace) -> cli.Result:
    body = person_body(args)  # every local check before the department look-up
    body["groupId"] = chosen_department(client, args)
    data = client.post(PERSONS_ADD, body) or {}
    return cli.Result(f"Person {args.person_code} added with ID {data.get('personId')}.",
                      {"personId": data.get("personId"),
                       "personCode": data.get("personCode") or args.person_code,
                       "window": validity_window(body)})


def get_person(client: Any, person: str) -> dict[str, Any]:
    """persons/get. The table names the field `Id`, the example and every other person API
    `personId`: we send the example's name."""
    return client.post(PERSONS_GET, {"personId": person}) or {}


def show_person(client: Any, args: argparse.Namespace) -> cli.Result:
    """get_person.py: the person ID comes as --person-id or positional, or --person NAME."""
    args.person_id = args.person_id or args.id
    if sum(bool(value) for value in (args.person_id, args.person)) != 1:
        raise InvalidArgument("give the person ID (--person-id or positional) or --person NAME "
                              "(one of them).")
    target_person(client, args)
    data = get_person(client, args.person_id)
    info = data.get("personInfo") or {}
    name = " ".join(part for part in (info.get("firstName"), info.get("lastName")) if part)
    return cli.Result(f"Person {name or args.person_id} ({info.get('personCode', '')}).", data,
                      rows=[info])


def update_body(current: dict[str, Any], person: str, changes: dict[str, Any]) -> dict[str, Any]:
    """persons/update wants every required field: the current values (from persons/get or
    persons/list) with the changes applied. personCode cannot be edited."""
    info = current.get("personInfo") or {}
    body: dict[str, Any] = {
        "groupId": str(info.get("groupId") or ""), "personCode": str(info.get("personCode") or ""),
        "personId": person, "firstName": str(info.get("firstName") or ""),
        "lastName": str(info.get("lastName") or ""),
        "gender": _as_gender(info.get("gender")),
        "startDate": from_platform_time(info.get("startDate")),
        "endDate": from_platform_time(info.get("endDate"))}
    for key in ("phone", "email", "description"):
        if info.get(key):
            body[key] = str(info[key])
    body.update({key: value for key, value in changes.items() if value is not None})
    check_full_name(body["firstName"], body["lastName"])
    if body["startDate"] and body["endDate"]:
        check_validity(body["startDate"], body["endDate"])
    return body


def _as_gender(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return GENDERS["unknown"]
    return number if number in GENDERS.values() else GENDERS["unknown"]


def update_person(client: Any, args: argparse.Namespace) -> cli.Result:
    changes = {"groupId": args.group_id, "firstName": args.first_name,
               "lastName": args.last_name, "gender": args.gender, "phone": args.phone,
               "email": args.email, "description": args.description,
               "startDate": args.start, "endDate": args.end}
    changed = sorted(key for key, value in changes.items() if value is not None)
    if args.department:
        changed = sorted({*changed, "groupId"})
    if not changed:
        raise InvalidArgument("nothing to change: give at least one of --group-id "
                              "(--department), --first-name, --last-name, --gender, --phone, "
                              "--email, --description, --start, --end.")
    if args.start and args.end:
        check_validity(args.start, args.end)
    target_person(client, args)
    changes["groupId"] = chosen_department(client, args)
    body = update_body(get_person(client, args.person_id), args.person_id, changes)
    client.post(PERSONS_UPDATE, body)
    result = {"personId": args.person_id, "personCode": body["personCode"], "updated": changed}
    if args.start or args.end:
        result["window"] = validity_window(body)
    return cli.Result(f"Person {args.person_id} updated ({', '.join(changed)}).", result)


def delete_persons(client: Any, args: argparse.Namespace) -> cli.Result:
    wanted = cli.ids(args.person_id, "--person-id", required=not args.person)
    wanted += [record["personId"] for record in
               names.resolve_each(client, PERSONS, args.person or [], flag="--person")
               if record["personId"] not in wanted]
    body = {"personId": ",".join(wanted)}  # "Multiple person IDs are separated by commas."
    if not args.yes:
        return cli.dry_run(f"would delete {len(wanted)} person(s) (also from the devices).",
                           body)
    client.post(PERSONS_DELETE, body)
    return cli.Result(f"{len(wanted)} person(s) deleted.", {"deleted": wanted})


# persons/list types `data` as Object[] (its example is empty), while integrations read
# `data.personList` and `data.totalCount`: both are accepted.
PERSONS_PAGES = paging.PageSpec(PERSONS_LIST, PERSON_LIST_KEY, bare_list=True,
                                name_of=lambda item: person_name(item))


# What list_persons.py answers by default (--detail full: the platform's whole items, with
# cards, fingerprints and the PIN).
PERSON_BRIEF = ("personInfo.personId", "personInfo.personCode", "personInfo.firstName",
                "personInfo.lastName", "personInfo.groupId")


def list_persons(client: Any, args: argparse.Namespace) -> cli.Result:
    """persons/list. The table types `filter` as Object[], but its own "filter Object
    Description" lists the fields of ONE object and the example sends an object: we send
    the object (an array would leave name/email/phone nowhere). --name goes to the
    platform's filter as its longest word, then every word must match (hct.names)."""
    query = args.name_filter and names.search_word(args.name_filter)
    flt = {key: value for key, value in (("name", query), ("email", args.email),
                                         ("phone", args.phone)) if value}
    body: dict[str, Any] = {"filter": flt} if flt else {}
    return paging.listed(client, PERSONS_PAGES, body, args, "persons")


def person_index(client: Any) -> tuple[dict[str, dict[str, Any]], int]:
    """Every person of the account by personCode, read in one persons/list pass at the
    largest page size (100). Returns (index, requests used)."""
    pages = paging.fetch(client, PERSONS_PAGES, {}, paging.every_page(LIST_MAX_PAGE_SIZE))
    index: dict[str, dict[str, Any]] = {}
    for item in pages.items:
        code = str(((item or {}).get("personInfo") or {}).get("personCode") or "")
        if code:
            index[code] = item
    return index, len(pages.pages_read)


# ---- quick add and QR code ----------------------------------------------------------------

def quick_add_body(base: dict[str, Any], *, pin: str | None, photo: str | None,
                   access_levels: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {"personInfo": base}
    if access_levels:
        # The guide spells the field "aceessLevelList" in its table and its example.
        body["aceessLevelList"] = access_levels
    if pin:
        body["pinCode"] = pin
    if photo:
        body["photoData"] = photo
    return body


def quick_add_failures(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The parts of a quick add that failed although the person was added."""
    failed: list[dict[str, Any]] = []
    for key in ("pinCodeFailed", "photoFailed"):
        part = data.get(key)
        if isinstance(part, dict) and results.is_failure(part):
            failed.append(results.failure({"part": key, **part}, results.item_code(part)))
    levels = data.get("accessLevelFailed")
    if isinstance(levels, dict):
        for item in levels.get("personAccessLevelFailedList") or []:
            if results.is_failure(item):
                failed.append(results.failure({"part": "accessLevelFailed", **item},
                                              results.item_code(item)))
        if results.is_failure(levels) and not levels.get("personAccessLevelFailedList"):
            failed.append(results.failure({"part": "accessLevelFailed"},
                                          results.item_code(levels)))
    return failed


def quick_add_person(client: Any, args: argparse.Namespace) -> cli.Result:
    base = person_body(args)
    levels = cli.ids(args.access_level_id, "--access-level-id")
    photo, photo_info = encoded_photo(args.photo)
    base["groupId"] = chosen_department(client, args)
    if args.access_level:
        from hct.acs import with_named_levels

        levels = with_named_levels(client, levels, args.access_level,
                                   id_flag="--access-level-id")
    body = quick_add_body(base, pin=args.pin, photo=photo, access_levels=levels)
    data = client.post(PERSONS_QUICK_ADD, body) or {}
    report = {"personId": data.get("personId"), "personCode": args.person_code, **data,
              "window": validity_window(base)}
    if photo_info:
        report["photo"] = photo_info
    return results.check([], report, what="parts of the quick add",
                         extra_failures=quick_add_failures(data), total=1 + bool(levels),
                         message=f"Person {args.person_code} added with ID "
                                 f"{data.get('personId')}.")


def person_qrcode(client: Any, args: argparse.Namespace) -> cli.Result:
    target_person(client, args)
    local_time = args.client_local_time or iso(local_now())
    data = client.post(PERSONS_QRCODE, {"personId": args.person_id,
                                        "clientLocalTime": local_time}) or {}
    qr = data.get("qrCodeData") or ""
    result: dict[str, Any] = {"personId": args.person_id, "clientLocalTime": local_time,
                              "qrCodeData": qr}
    if args.output:
        try:
            raw = base64.b64decode(qr, validate=True)
        except ValueError:
            raise InvalidArgument("qrCodeData is not Base64; nothing was written.") from None
        with open(args.output, "wb") as handle:
            handle.write(raw)
        result["output"] = args.output
        result["bytes"] = len(raw)
    return cli.Result(f"QR code of person {args.person_id}.", result)


# ---- credentials --------------------------------------------------------------------------

def encoded_photo(path: str | None) -> tuple[str | None, dict[str, Any] | None]:
    if not path:
        return None, None
    from hct.face_photo import encode_face_photo

    return encode_face_photo(path)


def set_photo(client: Any, args: argparse.Namespace) -> cli.Result:
    photo, info = encoded_photo(args.photo)  # a bad picture: exit 2 before any request
    target_person(client, args)
    client.post(PERSONS_PHOTO, {"personId": args.person_id, "photoData": photo})
    return cli.Result(f"Face picture of person {args.person_id} updated.",
                      {"personId": args.person_id, "photo": info})


def set_pin(client: Any, args: argparse.Namespace) -> cli.Result:
    target_person(client, args)
    client.post(PIN_UPDATE, {"personId": args.person_id, "pinCode": args.pin})
    # The PIN itself is not echoed: it opens doors.
    return cli.Result(f"PIN code of person {args.person_id} updated.",
                      {"personId": args.person_id, "pinCodeLength": len(args.pin)})


class Credential:
    """One kind of credential, cards or fingerprints (guide 5.8.8-5.8.11): `collect_path`
    reads one on a device; `path` replaces a person's list. `list_key`: cardList /
    fingerList; `failed_key`: cardFailed / fingerFailed; `fields`: what is sent again for a
    kept entry, besides its id. (A plain class: dataclasses would cost every person script's
    start-up more than the rest of its imports.)"""

    def __init__(self, what: str, collect_path: str, path: str, list_key: str,
                 failed_key: str, fields: tuple[str, ...], limit: int) -> None:
        self.what = what
        self.collect_path = collect_path
        self.path = path
        self.list_key = list_key
        self.failed_key = failed_key
        self.fields = fields
        self.limit = limit


CARDS = Credential("card", CARD_COLLECT, CARDS_UPDATE, "cardList", "cardFailed", ("cardNo",),
                   MAX_CARDS)
FINGERS = Credential("fingerprint", FINGER_COLLECT, FINGERS_UPDATE, "fingerList",
                     "fingerFailed", ("name", "data"), MAX_FINGERS)


def collect(client: Any, kind: Credential, serial: str) -> dict[str, Any]:
    """cardcollect / fingercollect: the device reads the card presented now (cardNo) or
    captures a finger now (fingerData, fingerQuality)."""
    return client.post(kind.collect_path, {"deviceSerial": serial}) or {}


def collect_cmd(client: Any, args: argparse.Namespace, kind: Credential) -> cli.Result:
    """collect_card.py / collect_fingerprint.py: read one on --serial (or --device NAME)
    and show it."""
    if args.device:
        from hct.resource import chosen_device

        args.serial = str(chosen_device(client, args)["serialNo"])
    data = collect(client, kind, args.serial)
    if kind is CARDS:
        message = f"Card {data.get('cardNo')} read on {args.serial}."
    else:
        quality = data.get("fingerQuality")
        advice = ("" if not isinstance(quality, int) or quality >= 80
                  else " Quality is below the recommended 80: consider collecting again.")
        message = f"Fingerprint collected on {args.serial} (quality {quality}).{advice}"
    return cli.Result(message, {"deviceSerial": args.serial, **data})


def add_person_target(parser: argparse.ArgumentParser) -> None:
    """--person-id ID or --person NAME (one of them) for a script that acts on one person;
    the handler calls `target_person`."""
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--person-id", type=person_id,
                       help="person ID (list_persons.py shows it)")
    names.add_name_argument(group, "--person", "person", also="; instead of --person-id")


def target_person(client: Any, args: argparse.Namespace) -> str:
    """The person the script acts on: --person-id, or the one --person names (one
    persons/list search; several or none: exit 2 before anything else is sent)."""
    if getattr(args, "person", None):
        args.person_id = names.resolve(client, PERSONS, args.person,
                                       flag="--person")["personId"]
    return args.person_id


def add_credential_arguments(parser: argparse.ArgumentParser, kind: Credential) -> None:
    """The flags of update_cards.py / update_fingerprints.py."""
    add_person_target(parser)
    collect = parser.add_mutually_exclusive_group()
    if kind is CARDS:
        parser.add_argument("--card-no", type=card_no, action="append",
                            help="add this card No. (1-20 letters/digits; repeatable)")
        collect.add_argument("--collect-from", type=cli.serial_number, metavar="SERIAL",
                             help="read a card on this device now and add it")
    else:
        parser.add_argument("--finger", type=finger_spec, action="append",
                            metavar="NAME=HEXDATA", help="add a fingerprint from collected data")
        collect.add_argument("--collect-from", type=cli.serial_number, metavar="SERIAL",
                             help="collect a fingerprint on this device now and add it "
                                  "(with --name)")
        parser.add_argument("--name", type=finger_name,
                            help="name of the collected fingerprint (which finger), at most 32")
    names.add_name_argument(collect, "--collect-from-device", "device",
                            also="; --collect-from by the device's name")
    parser.add_argument("--remove-id", action="append", metavar="ID",
                        help=f"remove this {kind.what} ID (get_person.py lists them)")
    parser.add_argument("--replace", action="store_true",
                        help=f"drop the current {kind.what}s instead of keeping them")
    parser.add_argument("--clear", action="store_true", help=f"delete every {kind.what}")
    cli.add_confirmation(parser)


def _replace_credentials(client: Any, args: argparse.Namespace, kind: Credential,
                         new: list[dict[str, Any]],
                         collect_one: Callable[[], tuple[dict[str, Any], dict[str, Any]]],
                         ) -> cli.Result:
    """Keep the person's current entries (unless --replace / --remove-id), add the new ones
    and the one `collect_one` reads on the device with --collect-from; --clear needs --yes."""
    removing = cli.split_repeated(args.remove_id)
    collecting = bool(args.collect_from or args.collect_from_device)
    if args.clear and (new or removing or collecting):
        raise InvalidArgument(f"--clear removes every {kind.what}; do not combine it with "
                              "other changes.")
    if not (args.clear or new or removing or collecting):
        raise InvalidArgument(f"nothing to do: add a {kind.what}, --remove-id one, or --clear.")
    if len(new) + collecting > kind.limit:
        raise InvalidArgument(f"a person has at most {kind.limit} {kind.what}s.")
    plural = f"{kind.what}s"
    target_person(client, args)
    if args.collect_from_device:  # the device by name: its serial No.
        from hct.resource import DEVICES

        args.collect_from = str(names.resolve(
            client, DEVICES.picked_by("--collect-from", "serialNo"), args.collect_from_device,
            flag="--collect-from-device")["serialNo"])
    body: dict[str, Any] = {"personId": args.person_id}
    if args.clear:  # the guide: without the list, every entry of the person is deleted
        if not args.yes:
            return cli.dry_run(f"would delete every {kind.what} of person {args.person_id}.",
                               body)
        data = client.post(kind.path, body) or {}
        return credential_result(data, kind.failed_key, args.person_id, plural, [])
    current = [] if args.replace else (
        get_person(client, args.person_id).get(kind.list_key) or [])
    extra: dict[str, Any] = {}
    if collecting:
        entry, extra = collect_one()
        new = [*new, entry]
    body[kind.list_key] = _merged(current, new, removing, args.replace, kind)
    data = client.post(kind.path, body) or {}
    result = credential_result(data, kind.failed_key, args.person_id, plural,
                               _sent(body[kind.list_key], kind.fields[0]))
    result.data.update(extra)
    return result


def _merged(current: list[dict[str, Any]], new: list[dict[str, Any]], removing: list[str],
            replace: bool, kind: Credential) -> list[dict[str, Any]]:
    """The list to send: kept entries (id + fields, as the guide asks to keep one) + new."""
    known = {str(item.get("id")) for item in current}
    unknown = sorted(set(removing) - known)
    if unknown:
        raise InvalidArgument(f"the person has no {kind.what} with ID {', '.join(unknown)} "
                              f"(IDs: {', '.join(sorted(known)) or 'none'}).")
    kept = [] if replace else [
        {key: str(item.get(key, "")) for key in ("id", *kind.fields)}
        for item in current if str(item.get("id")) not in removing]
    merged = kept + new
    if not merged:
        raise InvalidArgument(f"that would leave the person without any {kind.what}: use "
                              "--clear (with --yes) to delete them all.")
    if len(merged) > kind.limit:
        raise InvalidArgument(f"a person has at most {kind.limit} {kind.what}s: it has "
                              f"{len(kept)} kept and {len(new)} new. Use --remove-id ID or "
                              "--replace.")
    return merged


def update_fingerprints(client: Any, args: argparse.Namespace) -> cli.Result:
    if bool(args.collect_from or args.collect_from_device) != bool(args.name):
        raise InvalidArgument("--collect-from (--collect-from-device) and --name go together: "
                              "--name says which finger the collected fingerprint is (with "
                              "--finger give NAME=HEXDATA).")

    def collect_one() -> tuple[dict[str, Any], dict[str, Any]]:
        collected = collect(client, FINGERS, args.collect_from)
        if not collected.get("fingerData"):
            raise PlatformError("CCF038085", "The device returned no fingerprint data.")
        return ({"name": args.name, "data": str(collected["fingerData"])},
                {"fingerQuality": collected.get("fingerQuality")})

    return _replace_credentials(client, args, FINGERS,
                                [dict(item) for item in args.finger or []], collect_one)


def update_cards(client: Any, args: argparse.Namespace) -> cli.Result:
    def collect_one() -> tuple[dict[str, Any], dict[str, Any]]:
        number = collect(client, CARDS, args.collect_from).get("cardNo")
        if not number:
            raise PlatformError("CCF038084", "The device returned no card No.")
        return {"cardNo": str(number)}, {"collectedCardNo": str(number)}

    return _replace_credentials(client, args, CARDS,
                                [{"cardNo": number} for number in args.card_no or []],
                                collect_one)


def _sent(items: list[dict[str, Any]], label: str) -> list[dict[str, Any]]:
    """What was sent, without fingerprint data: kept entries with their id, new ones without."""
    return [{key: item[key] for key in ("id", label) if item.get(key)} for item in items]


def credential_result(data: dict[str, Any], failed_key: str, person: str, what: str,
                       sent: list[dict[str, Any]]) -> cli.Result:
    """Cards/fingerprints answer errorCode "0" with the failed entries in
    data.fingerFailed / data.cardFailed (FingerFailed / CardFailed): those are failures."""
    failed = data.get(failed_key) if isinstance(data, dict) else None
    items: list[Any] = []
    extra: list[dict[str, Any]] = []
    if isinstance(failed, dict):
        items = failed.get("fingerList") or failed.get("cardList") or []
        if results.is_failure(failed) and not items:
            extra.append(results.failure({"personId": person}, results.item_code(failed)))
    id_field = "failedName" if failed_key == "fingerFailed" else "cardNo"
    report = {"personId": person, what: sent, "response": data}
    return results.check(items, report, what=what, id_field=id_field, extra_failures=extra,
                         total=max(len(sent), 1),
                         message=f"{len(sent)} {what} set for person {person}."
                         if sent else f"Every {what[:-1]} of person {person} deleted.")


# ---- names: what --person and --department resolve ----------------------------------------

PERSON_INDEX_FIELDS = ("personId", "personCode", "firstName", "lastName", "groupId")
DEPARTMENT_INDEX_FIELDS = ("groupId", "groupName", "parentId", "groupFullPath")


def person_name(record: dict[str, Any]) -> str:
    """A person's full name, from a persons/list item or its personInfo."""
    info = record.get("personInfo") if isinstance(record.get("personInfo"), dict) else record
    return " ".join(str(part) for part in (info.get("firstName"), info.get("lastName")) if part)


def _person_records(items: list[Any]) -> list[dict[str, Any]]:
    return [records.pick(item.get("personInfo") or item, PERSON_INDEX_FIELDS)
            for item in items if isinstance(item, dict)]


def _every_person(client: Any) -> list[dict[str, Any]]:
    pages = paging.fetch(client, PERSONS_PAGES, {}, paging.every_page(LIST_MAX_PAGE_SIZE))
    return _person_records(pages.items)


def search_persons(client: Any, query: str) -> list[dict[str, Any]]:
    """The persons the platform's name filter finds for the query's words (every page;
    names.search_by_words). When the query does not name exactly one of them, each gets its
    department name (one groups/search, kept in the name index), so that the candidates
    can be told apart."""
    def search(word: str) -> list[dict[str, Any]]:
        pages = paging.fetch(client, PERSONS_PAGES, {"filter": {"name": word}},
                             paging.every_page(LIST_MAX_PAGE_SIZE))
        return _person_records(pages.items)

    found = names.search_by_words(query, search, person_name,
                                  lambda record: record.get("personId"))
    return _with_departments(client, found, query)


def _with_departments(client: Any, found: list[dict[str, Any]],
                      query: str) -> list[dict[str, Any]]:
    """The persons found, each with its department's name when the query is ambiguous or
    unknown (the candidates and closest names show it)."""
    if found and len(names.matching(found, query, person_name)) != 1:
        departments = {str(group.get("groupId")): group.get("groupName")
                       for group in names.indexed(client, DEPARTMENTS)}
        for record in found:
            record["groupName"] = departments.get(str(record.get("groupId")))
    return found


def _department_records(client: Any) -> list[dict[str, Any]]:
    """Every department, from the root down (one groups/search)."""
    data = client.post(GROUPS_SEARCH, {"parentGroupId": "", "depthTraversal": True}) or {}
    return [records.pick(group, DEPARTMENT_INDEX_FIELDS)
            for group in data.get("personGroupList") or [] if isinstance(group, dict)]


DEPARTMENTS = names.NameKind("department", "--group-id", _department_records,
                             id_field="groupId", name_of=lambda group: group.get("groupName"),
                             area_of=lambda group: group.get("groupFullPath"))
# A person's `area` in candidates is its department (persons belong to no area).
PERSONS = names.NameKind("person", "--person-id", _every_person, id_field="personId",
                         name_of=person_name, area_of=lambda person: person.get("groupName"),
                         search=search_persons)
