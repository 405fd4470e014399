"""Access control (guide section 5.7): remote door control, the Bluetooth key, card-swipe
records, access levels and a person's access levels.

Every function takes the client and plain values and returns a `cli.Result`; combinations
argparse cannot check raise `InvalidArgument` before any request.

Safety: `acs/v1/remote/control` treats an EMPTY door list as EVERY door (A.3.138). An empty
list is only ever sent when the caller said `all_doors=True`.
"""

from __future__ import annotations

import argparse
import re

from hct import cli, names, results, times
from hct.errors import BadResponse, InvalidArgument, PlatformError

TYPE_CHECKING = False  # typing and datetime cost milliseconds that `--help` must not pay

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

REMOTE_CONTROL = "/api/hccgw/acs/v1/remote/control"
ENCRYPT_INFO = "/api/hccgw/acs/v1/encryptinfo/get"
RECORDS_SEARCH = "/api/hccgw/acs/v1/event/certificaterecords/search"
ACCESS_LEVEL_LIST = "/api/hccgw/acspm/v1/accesslevel/list"
PERSON_LEVELS = "/api/hccgw/acspm/v1/accesslevel/person/{operation}"
ELEMENT_DETAIL = "/api/hccgw/acspm/v1/maintain/overview/person/{id}/elementdetail"

# RemoteControl (A.3.138): actionType 1 unlock, 2 lock, 3 remain unlocked, 4 remain locked.
ACTIONS = {"open": 1, "close": 2, "remain-open": 3, "remain-closed": 4}
ACTION_DONE = {"open": "opened (unlocked)", "close": "closed (locked)",
               "remain-open": "set to remain open (unlocked)",
               "remain-closed": "set to remain closed (locked)"}
DIRECTIONS = {"enter": 0, "exit": 1}
ALL_AREAS = "-1"  # "Area ID. All areas are included if the value is -1."

RECORD_PAGE_MAX = 200  # "Number of records on each page, which is between 1 and 200."
# OPEN000027: "The time range for search should be no more than a day."
RECORD_WINDOW_SECONDS = 24 * 3600
# The live platform takes longer ranges, but its record lists stop at page 50.
RECORD_PAGE_CEILING = 50
TIME_TYPES = {"client": 0, "device": 1, "stored": 2}
AUTH_RESULTS = {"all": 0, "success": 1, "fail": 2}
LEVEL_PAGE_MAX = 500
_DIGITS = re.compile(r"[0-9]{1,18}\Z")
MASKED = "<hidden: run with --reveal to show>"


# ---- validators (argparse types) ------------------------------------------------------------

def digit_id(text: str) -> str:
    """A person or access level ID: 1 to 18 digits, as the guide describes them."""
    value = text.strip()
    if not _DIGITS.match(value):
        raise argparse.ArgumentTypeError(f"invalid ID {text!r}: 1 to 18 digits")
    return value


def unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


# ---- remote control -------------------------------------------------------------------------

def remote_control_body(action: str, door_ids: list[str], *, area_id: str | None = None,
                        include_sub_areas: bool = False, direction: str = "enter",
                        all_doors: bool = False) -> dict[str, Any]:
    """The request body; refuses (InvalidArgument) anything that would touch every door
    without `all_doors`, and the combinations that make the scope ambiguous."""
    doors = unique(door_ids)
    check_scope(bool(doors), all_doors=all_doors, area_given=bool(area_id),
                include_sub_areas=include_sub_areas)
    return {"remoteControl": {
        "actionType": ACTIONS[action],
        "elementlist": doors,  # String[]: door IDs; empty only with all_doors
        "direction": DIRECTIONS[direction],
        # "" with a door list, as the guide's example; -1 = every area for --all-doors.
        "areaId": area_id or (ALL_AREAS if all_doors else ""),
        "depthTraversal": 1 if include_sub_areas else 0,
    }}


def check_scope(doors_given: bool, *, all_doors: bool, area_given: bool,
                include_sub_areas: bool) -> None:
    """The door control scope is the doors given (by id or name), or every door (of an
    area) with --all-doors, never both and never neither: InvalidArgument otherwise."""
    if all_doors and doors_given:
        raise InvalidArgument("--all-doors and --door-id/--door exclude each other.",
                              hint="Give either the doors (--door-id, --door) or --all-doors.")
    if not doors_given and not all_doors:
        raise InvalidArgument(
            "No door given. The platform treats an empty door list as EVERY door, so this "
            "is refused.",
            hint="Pass --door NAME or --door-id ID (list_doors.py shows the ids), or "
                 "--all-doors (optionally with --area NAME / --area-id) after the user "
                 "confirmed that every door is meant.")
    if area_given and not all_doors:
        raise InvalidArgument("--area-id/--area selects every door of an area: use it with "
                              "--all-doors, not with --door-id/--door.")
    if include_sub_areas and not area_given:
        raise InvalidArgument("--include-sub-areas needs --area-id or --area.")


def control_doors(client: Any, args: argparse.Namespace) -> cli.Result:
    """acs_control.py: the doors by id and/or name (--door, repeatable), or every door (of
    an area by id or --area NAME). Every combination is checked before a name is looked
    up, so nothing is sent for a bad one."""
    from hct import names

    door_ids = cli.ids(args.door_id, "--door-id")
    if args.area and args.area_id:
        raise InvalidArgument("--area and --area-id name the same thing: give one.")
    check_scope(bool(door_ids or args.door), all_doors=args.all_doors,
                area_given=bool(args.area or args.area_id),
                include_sub_areas=args.include_sub_areas)
    door_ids += named_doors(client, args.door)
    area_id = args.area_id
    if args.area:
        from hct.resource import AREAS

        area_id = str(names.resolve(client, AREAS, args.area, flag="--area")["id"])
    return remote_control(client, args.action, door_ids, area_id=area_id,
                          include_sub_areas=args.include_sub_areas,
                          direction=args.direction, all_doors=args.all_doors)


def remote_control(client: Any, action: str, door_ids: list[str], *,
                   area_id: str | None = None, include_sub_areas: bool = False,
                   direction: str = "enter", all_doors: bool = False) -> cli.Result:
    body = remote_control_body(action, door_ids, area_id=area_id,
                               include_sub_areas=include_sub_areas, direction=direction,
                               all_doors=all_doors)
    request = body["remoteControl"]
    scope = (f"{len(request['elementlist'])} door(s)" if request["elementlist"]
             else "every door" + (f" of area {area_id}" if area_id else "")
             + (" and its sub-areas" if include_sub_areas else ""))
    cli.progress(f"door control: {action} {scope}")
    answer = client.post(REMOTE_CONTROL, body) or {}
    if not isinstance(answer, dict):
        raise BadResponse("The answer of remote/control is not an object.")
    failures = answer.get("operationResult") or []
    data = {"action": action, **request, "operationResult": failures}
    message = f"Door control accepted: {scope} {ACTION_DONE[action]}."
    if action == "remain-open":
        message += " They stay unlocked until you send --action close."
    try:
        return results.check(failures, data, what="doors", id_field="elementId",
                             message=message, total=len(request["elementlist"]) or None,
                             extra_failures=_unnamed_failures(failures))
    except results.ItemsFailed as error:
        if not request["elementlist"]:  # every door: the answer lists only the failures
            count = error.data["failedCount"]
            error.message = (f"{count} door(s) failed; the other doors of {scope} were "
                             f"{ACTION_DONE[action]}.")
            error.data["succeededCount"] = None
        raise


def _unnamed_failures(items: list[Any]) -> list[dict[str, Any]]:
    """operationResult lists only failures: an entry naming a door without a code still
    failed (the guide's example carries an all-empty entry, which is not a door)."""
    return [results.failure(item, "ITEM_FAILED") for item in items
            if isinstance(item, dict) and item.get("elementId")
            and not results.is_failure(item)]


# ---- Bluetooth key --------------------------------------------------------------------------

def encrypt_info(client: Any, *, reveal: bool = False) -> cli.Result:
    """The system Bluetooth encryption key material; authData is hidden unless `reveal`."""
    data = dict(client.get(ENCRYPT_INFO) or {})
    if not reveal and data.get("authData"):
        data["authData"] = MASKED
    note = "" if reveal else " authData is hidden; --reveal shows it."
    return cli.Result(f"Bluetooth encryption info ({data.get('encryptType') or '?'}).{note}",
                      data)


# ---- card-swipe records ---------------------------------------------------------------------

def split_windows(begin: datetime, end: datetime,
                  seconds: int = RECORD_WINDOW_SECONDS) -> list[tuple[datetime, datetime]]:
    """Consecutive windows covering [begin, end], each at most `seconds` long (end - begin
    <= seconds); both ends inclusive at second resolution, so no window overlaps the next."""
    from datetime import timedelta

    if begin > end:
        raise InvalidArgument("--begin is later than --end.")
    windows = []
    start = begin
    while True:
        stop = min(start + timedelta(seconds=seconds - 1), end)
        windows.append((start, stop))
        if stop >= end:
            return windows
        start = stop + timedelta(seconds=1)


def check_person_filters(persons_given: bool, person_name: str | None,
                         card_number: str | None) -> None:
    """Persons by id or name (--person-id, --person), by fuzzy name (--person-name), or a
    card: the guide lets a search take only one of them."""
    if person_name and persons_given:
        raise InvalidArgument("--person-id/--person and --person-name exclude each other (the "
                              "guide: 'Person ID conflicts with person name').")
    if card_number and (person_name or persons_given):
        raise InvalidArgument("--card-number searches by card; it cannot be combined with "
                              "--person-id, --person or --person-name.")


def record_criteria(*, time_type: str = "client", event_types: list[int] | None = None,
                    auth_result: str = "all", door_ids: list[str] | None = None,
                    person_ids: list[str] | None = None, person_name: str | None = None,
                    card_number: str | None = None) -> dict[str, Any]:
    """searchCriteria without the times, typed as Table 5-59 types them."""
    check_person_filters(bool(person_ids), person_name, card_number)
    criteria: dict[str, Any] = {"type": TIME_TYPES[time_type],
                                "swipeAuthResult": AUTH_RESULTS[auth_result],
                                "searchType": 1 if card_number else 0}
    if event_types:
        criteria["eventTypes"] = ",".join(str(code) for code in unique(
            [str(code) for code in event_types]))
    if door_ids:
        criteria["elementIDs"] = ",".join(unique(door_ids))
    if card_number:
        criteria["cardNumber"] = card_number
    elif person_ids or person_name:
        condition = {"personIds": ",".join(unique(person_ids))} if person_ids \
            else {"personName": person_name}
        criteria["personCondition"] = condition
    return criteria


def search_records(client: Any, begin: datetime | None, end: datetime | None,
                   criteria: dict[str, Any], *, page: int = 1, page_size: int = 100,
                   every: bool = False) -> cli.Result:
    """Records of [begin, end] (default: the last 24 hours up to now; with only one end,
    a day from/to it), oldest first.

    The whole range is asked for first: the guide allows one day a search (OPEN000027) and
    the range is then split into days, while the live platform takes long ranges but stops
    at page 50, so a window that would need more pages is halved (see `_RecordReader`).
    Without `every`, returns page `page` of `page_size` records of the merged list; with
    `every`, every record at the largest page size."""
    from datetime import datetime, timedelta, timezone

    day = timedelta(seconds=RECORD_WINDOW_SECONDS - 1)  # one window, both ends inclusive
    if end is None:
        end = begin + day if begin else datetime.now(timezone.utc).replace(microsecond=0)
    if begin is None:
        begin = end - day
    if begin > end:
        raise InvalidArgument("--begin is later than --end.")
    size = RECORD_PAGE_MAX if every else page_size
    reader = _RecordReader(client, criteria, size)
    windows = reader.windows(begin, end)
    records: list[Any] = []
    first = 0 if every else (page - 1) * size
    offset = 0
    for number, window in enumerate(windows, 1):
        total = reader.total(window)
        stop = total if every else min(first + size - offset, total)
        records.extend(reader.records(window, max(first - offset, 0), stop))
        if every and len(windows) > 1:
            cli.progress(f"window {number}/{len(windows)}: {total} records")
        offset += total
    data = {"total": offset, "pageSize": size, "page": None if every else page,
            "count": len(records), "window": times.window(begin, end),
            "beginTime": begin.isoformat(), "endTime": end.isoformat(),
            "windows": reader.summary(), "recordList": records}
    shown = "all" if every else f"page {page} ({len(records)})"
    return cli.Result(f"{offset} card-swipe records between {begin.isoformat()} and "
                      f"{end.isoformat()}; returned {shown}.{reader.note()}", data)


# What an agent needs of a swipe: when, which door, who, how it ended (about 250 bytes).
RECORD_BRIEF = ("recordGuid", "occurTime", "elementId", "elementName", "personInfo.id",
                "personInfo.baseInfo.firstName", "personInfo.baseInfo.lastName", "cardNumber",
                "eventType", "swipeAuthResult", "direction")


def card_records(client: Any, args: argparse.Namespace) -> cli.Result:
    """search_card_records.py: the filters checked, the doors (--door NAME) and persons
    (--person NAME) named resolved, the records searched and shaped (brief by default)."""
    from hct import records

    person_ids = cli.ids(args.person_id, "--person-id", validator=digit_id)
    check_person_filters(bool(person_ids or args.person), args.person_name, args.card_number)
    door_ids = cli.ids(args.door_id, "--door-id") + named_doors(client, args.door)
    person_ids += named_persons(client, args.person)
    criteria = record_criteria(
        time_type=args.time_type, event_types=args.event_types, auth_result=args.auth_result,
        door_ids=door_ids, person_ids=person_ids, person_name=args.person_name,
        card_number=args.card_number)
    result = search_records(client, args.begin, args.end, criteria, page=args.page,
                            page_size=args.page_size, every=args.all)
    return records.present(result, args, "recordList")


def named_doors(client: Any, queries: list[str] | None) -> list[str]:
    """The door IDs that --door NAME (repeatable) resolves to, each once."""
    if not queries:
        return []
    from hct import names
    from hct.resource import DOORS

    return [str(door["id"]) for door in names.resolve_each(client, DOORS, queries,
                                                           flag="--door")]


def named_persons(client: Any, queries: list[str] | None) -> list[str]:
    """The person IDs that --person NAME (repeatable) resolves to, each once."""
    if not queries:
        return []
    from hct import names
    from hct.person import PERSONS

    return [str(person["personId"]) for person in names.resolve_each(
        client, PERSONS, queries, flag="--person")]


def add_person_arguments(parser: argparse.ArgumentParser, *, repeatable: bool) -> None:
    """--person-id ID and --person NAME for a script that acts on persons: one of them
    (repeatable: any number of both)."""
    from hct import names

    if repeatable:
        parser.add_argument("--person-id", action="append", metavar="ID",
                            help="person ID (1-18 digits), repeatable or comma list")
        names.add_name_argument(parser, "--person", "person", repeatable=True,
                                also="; beside or instead of --person-id")
        return
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--person-id", type=digit_id, help="person ID (1-18 digits)")
    names.add_name_argument(group, "--person", "person", also="; instead of --person-id")


class _RecordReader:
    """Pages of the record search, each read once, by window. A window is asked for whole;
    one whose records would run past the last page the platform serves (`ceiling`: 50, or
    lower when a page comes back empty before the total is reached) is read as two halves,
    each split again as needed."""

    def __init__(self, client: Any, criteria: dict[str, Any], size: int) -> None:
        self.client = client
        self.criteria = criteria
        self.size = size
        self.ceiling = RECORD_PAGE_CEILING
        self.totals: dict[tuple[datetime, datetime], int] = {}
        self.read: dict[tuple[datetime, datetime], list[int]] = {}
        self.halved: list[tuple[datetime, datetime]] = []
        self.by_day = False
        self.short = False  # a one-second window held more than the ceiling's records
        self._pages: dict[tuple[tuple[datetime, datetime], int], list[Any]] = {}

    def windows(self, begin: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """[(begin, end)], or its days when the platform refuses the range (OPEN000027)."""
        whole = (begin, end)
        try:
            self.page(whole, 1)
        except PlatformError as error:
            if error.error_code != "OPEN000027":
                raise
            self.by_day = True
            days = split_windows(begin, end)
            cli.progress(f"the platform searches at most one day at a time: {len(days)} days")
            return days
        return [whole]

    def total(self, window: tuple[datetime, datetime]) -> int:
        self.page(window, 1)
        return self.totals[window]

    def page(self, window: tuple[datetime, datetime], index: int) -> list[Any]:
        key = (window, index)
        if key not in self._pages:
            body = {"pageIndex": index, "pageSize": self.size,
                    "searchCriteria": {**self.criteria, "beginTime": window[0].isoformat(),
                                       "endTime": window[1].isoformat()}}
            data = self.client.post(RECORDS_SEARCH, body) or {}
            batch = data.get("recordList") or []
            if index == 1 or window not in self.totals:
                self.totals[window] = _int(data.get("totalNum"), len(batch))
            self.read.setdefault(window, []).append(index)
            self._pages[key] = batch
        return self._pages[key]

    def records(self, window: tuple[datetime, datetime], lo: int, hi: int) -> list[Any]:
        """The records at positions lo..hi-1 of the window (oldest first)."""
        hi = min(hi, self.total(window))
        if lo >= hi:
            return []
        last = (hi - 1) // self.size + 1
        if last > self.ceiling:
            halves = _halves(window)
            if halves:
                self.halved.append(window)
                left, right = halves
                left_total = self.total(left)
                return (self.records(left, lo, min(hi, left_total))
                        + self.records(right, max(lo - left_total, 0), hi - left_total))
            self.short = True  # cannot split a second: take what the platform serves
            last = self.ceiling
        found: list[Any] = []
        for index in range(lo // self.size + 1, last + 1):
            batch = self.page(window, index)
            if not batch and index > 1:
                # Empty before the total's end: the platform's last page is index - 1.
                self.ceiling = index - 1
                return self.records(window, lo, hi)
            start = (index - 1) * self.size
            found.extend(item for position, item in enumerate(batch, start)
                         if lo <= position < hi)
        return found

    def note(self) -> str:
        notes = []
        if self.by_day:
            notes.append("the platform searches one day at a time, so each day was searched")
        if self.halved:
            notes.append(f"{len(self.halved)} window(s) reached the platform's last page "
                         f"({self.ceiling}) and were searched in halves")
        if self.short:
            notes.append("some records may be missing: a one-second window held more records "
                         "than the platform serves")
        return "".join(f" Note: {text}." for text in notes)

    def summary(self) -> list[dict[str, Any]]:
        return [{"beginTime": window[0].isoformat(), "endTime": window[1].isoformat(),
                 "totalNum": total, "pagesRead": self.read.get(window, []),
                 "split": window in self.halved}
                for window, total in self.totals.items()]


def _halves(window: tuple[datetime, datetime]
            ) -> tuple[tuple[datetime, datetime], tuple[datetime, datetime]] | None:
    """Two windows covering `window` without overlap (both ends inclusive, second
    resolution), or None for a window of one second."""
    from datetime import timedelta

    seconds = int((window[1] - window[0]).total_seconds())
    if seconds < 1:
        return None
    middle = window[0] + timedelta(seconds=seconds // 2)
    return (window[0], middle), (middle + timedelta(seconds=1), window[1])


def _int(value: Any, fallback: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return fallback


# ---- access levels --------------------------------------------------------------------------

def access_levels(client: Any, args: argparse.Namespace) -> cli.Result:
    """access_levels.py: the doors and areas filtered on by id and/or name (--door, --area:
    repeatable, each name resolved once the arguments are checked), brief records."""
    from hct import names, records
    from hct.resource import AREAS

    door_ids = cli.ids(args.door_id, "--door-id")
    area_ids = cli.ids(args.area_id, "--area-id")
    if args.include_sub_areas and not (area_ids or args.area):
        raise InvalidArgument("--include-sub-areas needs --area-id or --area.")
    door_ids += named_doors(client, args.door)
    area_ids = names.with_named(client, AREAS, area_ids, args.area, flag="--area")
    return records.present(list_access_levels(
        client, name=args.name_filter, door_ids=door_ids, area_ids=area_ids,
        include_sub_areas=args.include_sub_areas, page=args.page, page_size=args.page_size,
        every=args.all), args, "accessLevelList")


def list_access_levels(client: Any, *, name: str | None = None,
                       door_ids: list[str] | None = None, area_ids: list[str] | None = None,
                       include_sub_areas: bool = False, page: int = 1, page_size: int = 100,
                       every: bool = False) -> cli.Result:
    """AccessLevelSearchRequest (A.3.6) with AccessLevelSearchCriteria (A.3.5). `name` is
    the --name filter: the platform's accessLevelName gets its longest word (it matches that
    text inside names), every page is read and the levels with every word are kept."""
    if include_sub_areas and not area_ids:
        raise InvalidArgument("--include-sub-areas needs --area-id.")
    criteria: dict[str, Any] = {}
    if name:
        from hct import names

        criteria["accessLevelName"] = names.search_word(name)
        every = True
    if door_ids:
        criteria["associateResInfoList"] = [{"resId": door} for door in unique(door_ids)]
    if area_ids:
        criteria["aresIdList"] = unique(area_ids)  # sic: the guide spells it "aresIdList"
        criteria["depthTraversal"] = 1 if include_sub_areas else 0
    size = LEVEL_PAGE_MAX if every else page_size
    reader = _LevelPages(client, criteria, size)
    base = reader.base()
    index = base + (1 if every else page) - 1  # --page counts from 1 whatever the base
    levels = list(reader.page(index))
    while every and len(reader.page(index)) == size and len(levels) < reader.total:
        index += 1
        cli.progress(f"page {index - base}: {len(levels)} of {reader.total}")
        levels.extend(reader.page(index))
    matched = ""
    if name:
        from hct import names

        levels = names.matching(levels, name, lambda level: level.get("name"))
        matched = f" matching {name!r}"
    data = {"total": reader.total, "pageSize": size, "pageBase": base,
            "pagesRead": reader.read, "count": len(levels), "accessLevelList": levels}
    return cli.Result(f"{len(levels)} of {reader.total} access levels{matched}.", data)


LEVEL_BRIEF = ("id", "name", "areaInfo.name", "timeSchedule.name")
ELEMENT_BRIEF = ("id", "name", "type", "elementStatus")


# ---- names: what --access-level resolves ---------------------------------------------------

def _level_records(client: Any, name: str | None = None) -> list[dict[str, Any]]:
    """The access levels (those whose name holds `name`), as a lookup shows them."""
    from hct import records

    levels = list_access_levels(client, name=name, every=True).data["accessLevelList"]
    return [records.pick(level, ("id", "name", "areaInfo.name")) for level in levels
            if isinstance(level, dict)]


# The platform filters levels by name (accessLevelName): a lookup asks it, word by word.
ACCESS_LEVELS = names.NameKind(
    "access level", "--access-level-id", _level_records,
    area_of=lambda level: (level.get("areaInfo") or {}).get("name"),
    search=lambda client, query: names.search_by_words(
        query, lambda word: _level_records(client, word), lambda level: level.get("name"),
        lambda level: level.get("id")))


def add_access_level_names(parser: argparse.ArgumentParser, id_flag: str) -> None:
    """--access-level NAME (repeatable) beside a script's access level id flag."""
    names.add_name_argument(parser, "--access-level", "access level", repeatable=True,
                            also=f"; beside or instead of {id_flag}")


def with_named_levels(client: Any, level_ids: list[str], queries: list[str] | None, *,
                      id_flag: str) -> list[str]:
    """The access level ids given (`id_flag`) and those --access-level names, each once."""
    kind = ACCESS_LEVELS if id_flag == ACCESS_LEVELS.id_flag else ACCESS_LEVELS.picked_by(id_flag)
    return names.with_named(client, kind, level_ids, queries, flag="--access-level")


class _LevelPages:
    """Pages of accesslevel/list, each read once. A.3.6 says pageIndex starts at 0 (and the
    guide's example fits that) while most lists start at 1: `base()` finds out which, from
    the answers themselves."""

    def __init__(self, client: Any, criteria: dict[str, Any], size: int) -> None:
        self.client = client
        self.criteria = criteria
        self.size = size
        self.total = 0
        self.read: list[int] = []  # the platform's page indexes, in the order read
        self._pages: dict[int, list[Any]] = {}

    def page(self, index: int) -> list[Any]:
        if index not in self._pages:
            body = {"accessLevelSearchRequest": {"pageIndex": index, "pageSize": self.size,
                                                 "searchCriteria": self.criteria}}
            data = self.client.post(ACCESS_LEVEL_LIST, body) or {}
            # The table puts totalNum beside accessLevelResponse; the example inside it.
            inner = data.get("accessLevelResponse") or {}
            batch = inner.get("accessLevelList") or []
            self.total = _int(inner.get("totalNum", data.get("totalNum")), len(batch))
            self._pages[index] = batch
            self.read.append(index)
        return self._pages[index]

    def base(self) -> int:
        """0 or 1, the index of the first page. Page 1 empty while the total counts levels:
        0. Page 1 holding every level there is: 1. Otherwise page 0 tells: other levels
        than page 1 (0-based), or an error, nothing, or page 1 again (1-based)."""
        first = self.page(1)
        if not first:
            return 0 if self.total else 1
        if self.total <= len(first):
            return 1
        try:
            zero = self.page(0)
        except PlatformError:
            return 1
        return 0 if zero and _ids(zero) != _ids(first) else 1


def _ids(levels: list[Any]) -> list[Any]:
    return [level.get("id") if isinstance(level, dict) else level for level in levels]


def person_levels_body(operation: str, person_ids: list[str], level_ids: list[str], *,
                       delete_all: bool = False) -> dict[str, Any]:
    """personList for accesslevel/person/add|delete|modify (Tables 5-61, 5-63, 5-65)."""
    persons = unique(person_ids)
    levels = unique(level_ids)
    if not persons:
        raise InvalidArgument("Give at least one --person-id or --person.")
    check_levels(operation, levels, delete_all=delete_all)
    entries = []
    for person in persons:
        entry: dict[str, Any] = {"personId": person, "accessLevelIdList": levels}
        if operation != "add":  # add's table has no deleteAll
            entry["deleteAll"] = delete_all
        entries.append(entry)
    return {"personList": entries}


def check_levels(operation: str, levels: list[str], *, delete_all: bool) -> None:
    """The levels of an add/delete/modify: some, or --delete-all (delete, modify) alone."""
    if operation == "add" and delete_all:
        raise InvalidArgument("--delete-all belongs to delete and modify, not add.")
    if delete_all and levels:
        raise InvalidArgument("--delete-all removes every access level; do not also give "
                              "--access-level-id / --access-level (the platform would ignore "
                              "them).")
    if not delete_all and not levels:
        raise InvalidArgument("Give --access-level-id or --access-level NAME (access_levels.py "
                              "lists them)"
                              + ("" if operation == "add" else " or --delete-all") + ".")


def person_levels(client: Any, args: argparse.Namespace) -> cli.Result:
    """person_access_level.py: every argument checked before a --person NAME is looked up;
    delete (and modify --delete-all) only show what they would send without --yes."""
    person_ids = cli.ids(args.person_id, "--person-id", validator=digit_id)
    level_ids = cli.ids(args.access_level_id, "--access-level-id", validator=digit_id)
    if not person_ids and not args.person:
        raise InvalidArgument("Give at least one --person-id or --person.")
    check_levels(args.operation, [*level_ids, *(args.access_level or [])],
                 delete_all=args.delete_all)
    person_ids += named_persons(client, args.person)
    level_ids = with_named_levels(client, level_ids, args.access_level,
                                  id_flag="--access-level-id")
    body = person_levels_body(args.operation, person_ids, level_ids,
                              delete_all=args.delete_all)
    if (args.operation == "delete" or args.delete_all) and not args.yes:
        return cli.dry_run("would remove access levels from "
                           f"{len(body['personList'])} person(s).", body)
    return change_person_levels(client, args.operation, body)


def change_person_levels(client: Any, operation: str, body: dict[str, Any]) -> cli.Result:
    """Send add/delete/modify; AccessLevelFailed entries make it fail (exit 1)."""
    answer = client.post(PERSON_LEVELS.format(operation=operation), body)
    failed = _access_level_failures(answer)
    persons = [entry["personId"] for entry in body["personList"]]
    levels = body["personList"][0]["accessLevelIdList"]
    everything = body["personList"][0].get("deleteAll")
    verb = {"add": "added to", "delete": "removed from", "modify": "set for"}[operation]
    what = "every access level" if everything else f"{len(levels)} access level(s)"
    data = {"operation": operation, "personList": body["personList"],
            "accessLevelFailed": failed}
    return results.check(None, data, what="person/access level assignments",
                         id_field="personId",
                         message=f"{what} {verb} {len(persons)} person(s).",
                         extra_failures=[results.failure(item, results.item_code(item)
                                                         or "ITEM_FAILED") for item in failed],
                         total=len(persons) * max(1, len(levels)))


def _access_level_failures(answer: Any) -> list[dict[str, Any]]:
    """data is documented as Object[] of {accessLevelFailed: [...]}; accept an object too."""
    holders = answer if isinstance(answer, list) else [answer]
    failed: list[dict[str, Any]] = []
    for holder in holders:
        if isinstance(holder, dict):
            failed.extend(item for item in holder.get("accessLevelFailed") or []
                          if isinstance(item, dict))
    return failed


def person_access_detail(client: Any, args: argparse.Namespace) -> cli.Result:
    """person_access_detail.py: the person by id or --person NAME; brief records."""
    from hct import records

    if args.person:
        args.person_id = named_persons(client, [args.person])[0]
    return records.present(element_detail(client, args.person_id,
                                          return_success=args.return_success),
                           args, "elementDetailList")


def element_detail(client: Any, person_id: str, *, return_success: bool = False) -> cli.Result:
    """Where the person's access levels were applied (ElementDetail, A.3.89)."""
    answer = client.post(ELEMENT_DETAIL.format(id=person_id),
                         {"returnSuccess": return_success}) or {}
    elements = answer.get("elementDetailList") or []
    failed = [element for element in elements if isinstance(element, dict)
              and _int((element.get("elementStatus") or {}).get("status"), 0) in (2, 3)]
    data = {"personId": person_id, "count": len(elements), "failedCount": len(failed),
            "elementDetailList": elements}
    shown = "" if return_success else " (failures only; --return-success lists all)"
    return cli.Result(f"{len(elements)} doors/devices for person {person_id}{shown}; "
                      f"{len(failed)} failed to apply.", data)
