"""One place to find things (find.py): areas, devices, cameras, doors, alarm inputs and
outputs by name or serial No., ranked, each hit with the command to run next with it.

Users ask "which camera is at the front entrance?" or "where is J88106219?". Every kind is
read from the name index (hct.names: at most 5 minutes old), so a second search within
minutes sends nothing; when nothing matches, the kinds that came from the index are read
afresh once (the thing may be new).

Matching is the name rule of hct.names (every word, case and accents ignored) on the name,
or on the serial No. of the device (devices) or of the channel's device (cameras, doors,
alarm inputs and outputs). Ranking: the whole name, then the whole serial No., then names
that start with the query, then names holding every word, then partial serial numbers;
within a rank areas, devices, cameras, doors, alarm inputs, alarm outputs, shorter names
first, online before offline. The answer is sized for an agent: at most `--limit` hits
(default 10), with `data.matches` saying how many there were.
"""

from __future__ import annotations

from hct import cli, names, resource

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    import argparse
    from typing import Any

# The kinds searched, in the order a rank's hits are shown.
KINDS = {"area": resource.AREAS, "device": resource.DEVICES, "camera": resource.CAMERAS,
         "door": resource.DOORS, "alarmInput": resource.ALARM_INPUTS,
         "alarmOutput": resource.ALARM_OUTPUTS}
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
RANKS = ("name", "serial", "name start", "words", "serial part")
SCRIPTS = {"capture": "Capture/scripts/capture_pic.py", "video": "Video/scripts/get_video_url.py",
           "acs": "ACS/scripts/acs_control.py"}


def find(client: Any, args: argparse.Namespace) -> cli.Result:
    """The hits for args.query among the kinds of args.types (default: every kind)."""
    wanted = [kind for group in args.types or [list(KINDS)] for kind in group]
    kinds = {kind: KINDS[kind] for kind in KINDS if kind in wanted}
    collections = {kind: names.read_index(client, name_kind, fresh=False)
                   for kind, name_kind in kinds.items()}
    hits = _hits(collections, args.query)
    stale = [kind for kind, (_, from_index) in collections.items() if from_index]
    if not hits and stale:  # new since the index was written?
        for kind in stale:
            collections[kind] = names.read_index(client, kinds[kind], fresh=True)
        hits = _hits(collections, args.query)
    hits.sort(key=lambda hit: hit[0])
    areas_of_devices = _device_areas(collections)
    shown = [_hit(kind, record, RANKS[rank[0]], areas_of_devices)
             for rank, kind, record in hits[:args.limit]]
    more = f"; the first {len(shown)} shown (--limit, or more words)" if len(hits) > len(
        shown) else ""
    message = (f"{len(hits)} match(es) for {args.query!r}{more}." if hits else
               f"Nothing is named {args.query!r} (searched: {', '.join(kinds)}).")
    return cli.Result(message, {"query": args.query, "matches": len(hits), "hits": shown},
                      rows=[_row(hit) for hit in shown])


def _hits(collections: dict[str, tuple[list[dict[str, Any]], bool]],
          query: str) -> list[tuple[tuple, str, dict[str, Any]]]:
    """(sort key, kind, record) for every record the query matches."""
    order = list(KINDS)
    found = []
    for kind, (records, _) in collections.items():
        for record in records:
            rank = _rank(query, KINDS[kind].name_of(record), _serial_of(kind, record))
            if rank is not None:
                name = names.fold(KINDS[kind].name_of(record))
                offline = str(record.get("online", record.get("onlineStatus"))) == "0"
                found.append(((rank, order.index(kind), len(name), name, offline), kind,
                              record))
    return found


def _rank(query: str, name: Any, serial: Any) -> int | None:
    """The index in RANKS of how well the query matches, or None."""
    wanted, folded = names.fold(query), names.fold(name)
    serial_text = names.fold(serial)
    if folded == wanted:
        return 0
    if serial_text and serial_text == wanted:
        return 1
    if folded.startswith(wanted):
        return 2
    if names.matches(query, name):
        return 3
    if serial_text and names.matches(query, serial):
        return 4
    return None


def _serial_of(kind: str, record: dict[str, Any]) -> Any:
    return record.get("serialNo") if kind == "device" else record.get("deviceSerial")


def _device_areas(collections: dict[str, tuple[list[dict[str, Any]], bool]]) -> dict:
    """A device's area, from its channels (devices/get gives none): serial -> area name."""
    found: dict[str, str] = {}
    for kind in ("camera", "door", "alarmInput", "alarmOutput"):
        for record in collections.get(kind, ([], False))[0]:
            area = (record.get("area") or {}).get("name")
            if area and record.get("deviceSerial"):
                found.setdefault(str(record["deviceSerial"]), area)
    return found


def _hit(kind: str, record: dict[str, Any], matched: str,
         areas_of_devices: dict[str, str]) -> dict[str, Any]:
    """One hit: type, id, name, area, online state, handles and the commands to run next."""
    if kind == "device":
        area = areas_of_devices.get(str(record.get("serialNo")))
        online = {0: False, 1: True}.get(record.get("onlineStatus"))
        handles = {"serialNo": record.get("serialNo"), "category": record.get("category")}
    elif kind == "area":
        area, online, handles = record.get("areaPath"), None, {}
    else:
        area = (record.get("area") or {}).get("name")
        online = {"0": False, "1": True}.get(str(record.get("online")))
        handles = {"deviceSerial": record.get("deviceSerial"),
                   "channelNo": record.get("channelNo")}
    hit = {"type": kind, "id": record.get("id"), "name": record.get("name"), "area": area,
           "online": online, **handles, "matched": matched,
           "next": next_commands(kind, record)}
    return {key: value for key, value in hit.items() if value not in (None, "", {})}


def next_commands(kind: str, record: dict[str, Any]) -> dict[str, str]:
    """The commands to run next with a hit, runnable as they are (absolute script paths)."""
    serial, number, item = record.get("deviceSerial"), record.get("channelNo"), record.get("id")
    if kind == "camera":
        camera = (f"--serial {serial} --channel {number}" if serial and number is not None
                  else f"--camera {_quoted(record.get('name'))}")
        return {"snapshot": _command("capture", camera),
                "live": _command("video", f"--resource-id {item}")}
    if kind == "door":
        return {"open": _command("acs", f"--door-id {item} --action open")}
    if kind == "device":
        serial = record.get("serialNo")
        if record.get("category") == "encodingDevice":
            return {"cameras": _command("Resource/scripts/device_channels.py", serial)}
        return {"detail": _command("Resource/scripts/device_detail.py", serial)}
    if kind == "area":
        where = f"--area-id {item} --include-sub-areas"
        return {"cameras": _command("Resource/scripts/list_cameras.py", where),
                "doors": _command("Resource/scripts/list_doors.py", where)}
    if kind == "alarmInput":
        return {"status": _command("Resource/scripts/alarm_input_status.py", f"--id {item}")}
    return {"status": _command("Resource/scripts/alarm_output_status.py", f"--id {item}"),
            "trigger": _command("Resource/scripts/control_alarm_output.py",
                                f"--id {item} --action open")}


def _command(script: str, arguments: str) -> str:
    import os

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "modules", "Hik-Connect_Team_" + SCRIPTS.get(script, script))
    return f"python3 {_quoted(path)} {arguments}"


def _quoted(text: Any) -> str:
    import shlex

    return shlex.quote(str(text))


def _row(hit: dict[str, Any]) -> dict[str, Any]:
    """A table line: the hit without its commands but the first one."""
    commands = hit.get("next") or {}
    first = next(iter(commands.items()), ("", ""))
    return {**{key: value for key, value in hit.items() if key != "next"},
            "next": f"{first[0]}: {first[1]}" if first[0] else ""}


def kind_list(text: str) -> list[str]:
    """argparse type of --type: kinds of KINDS, comma separated."""
    import argparse

    kinds = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [kind for kind in kinds if kind not in KINDS]
    if not kinds or unknown:
        raise argparse.ArgumentTypeError(
            f"unknown type {(unknown or [text])[0]!r}; one of {', '.join(KINDS)}")
    return kinds


kind_list.__name__ = "type list"
