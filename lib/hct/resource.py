"""Resource management (guide section 5.2): devices, areas, cameras, doors, alarm I/O.

Each function takes the client and the parsed arguments of its script and returns a
`cli.Result`; argument checks that argparse cannot express raise `InvalidArgument` before
any request. Lists keep the platform's field names; cameras gain `resourceId`,
`channelNo`, `channelId`, `deviceId` and `deviceSerial` (copied from `id` and `device.*`)
because those are what the video and capture scripts ask for.
"""

from __future__ import annotations

import argparse
import os

from hct import cli, names, paging, records, results
from hct.errors import BadResponse, InvalidArgument
from hct.redact import register_secret

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

BASE = "/api/hccgw/resource/v1"
DEVICES_GET = f"{BASE}/devices/get"
DEVICES_ADD = f"{BASE}/devices/add"
DEVICES_UPDATE = f"{BASE}/devices/update"
DEVICES_DELETE = f"{BASE}/devices/delete"
DEVICE_DETAIL = f"{BASE}/devicedetail/get"
DEVICE_REFRESH = BASE + "/device/{deviceId}/refresh"
TIMEZONE_GET = f"{BASE}/timezone/get"
AREAS_ADD = f"{BASE}/areas/add"
AREAS_GET = f"{BASE}/areas/get"
AREA_DETAIL = f"{BASE}/areadetail/get"
AREA_RESOURCES_ADD = f"{BASE}/areas/resources/add"
AREA_RESOURCES_DELETE = f"{BASE}/areas/resources/delete"
CAMERAS_GET = f"{BASE}/areas/cameras/get"
DOORS_GET = f"{BASE}/areas/doors/get"
ALARM_INPUTS_GET = f"{BASE}/areas/alarminputs/get"
ALARM_INPUT_STATUS = f"{BASE}/areas/alarminputs/status/get"
ALARM_OUTPUTS_GET = f"{BASE}/areas/alarmoutputs/get"
ALARM_OUTPUT_STATUS = f"{BASE}/areas/alarmoutputs/status/get"
ALARM_OUTPUT_CONTROL = f"{BASE}/areas/alarmoutputs/control"

# The brief records of the lists (issue 9): what an agent needs to decide and act. A device
# is acted on by its serial No. (or --device NAME), so its 32-hex id is left to --detail full.
DEVICE_BRIEF = ("name", "serialNo", "category", "onlineStatus")
# --offline / --online: the state is the filter; name and serial fit 140 offline devices in
# 8 KB (a site of 1,000 devices).
DEVICE_STATE_BRIEF = ("name", "serialNo")
CAMERA_BRIEF = ("id", "name", "online", "area.name", "resourceId", "deviceSerial", "channelNo")
# list_cameras.py: streamEncryptEnable is there only when --encrypted looked it up.
CAMERA_LIST_BRIEF = (*CAMERA_BRIEF, "streamEncryptEnable")
DOOR_BRIEF = ("id", "name", "online", "area.name", "deviceSerial", "channelNo")
CHANNEL_BRIEF = DOOR_BRIEF  # alarm inputs and outputs: the same handles
AREA_BRIEF = ("id", "name", "parentAreaID", "areaPath", "existSubArea")
TIME_ZONE_BRIEF = ("id", "displayName")
# Device.onlineStatus (A.3.65): 0 offline, 1 online (2 unknown is neither).
ONLINE_STATES = {"offline": 0, "online": 1}

# Appendix A.1.3 Device Category.
DEVICE_CATEGORIES = ("encodingDevice", "accessControllerDevice", "alarmDevice", "mobileDevice",
                     "videoIntercomDevice")
ON_BOARD = "mobileDevice"
# Appendix A.1.2 Resource Types that areas/resources/add takes (the guide names these three).
CHANNEL_TYPES = ("camera", "alarmInput", "alarmOutput")
# GetDeviceInfo's channel lists, by resource type.
DETAIL_CHANNEL_LISTS = {"camera": "cameraChannel", "alarmInput": "alarmInputChannel",
                        "alarmOutput": "alarmOutputChannel", "door": "doorChannel"}
ALARM_INPUT_STATUS_BATCH = 8  # "You can get statuses of up to 8 resources at the same time."
# The status request's field: the table (and the note of the proxy twin) spell it
# alarmIntputID, the example alarmInputID; the platform ignores the one it does not know, so
# both are sent. The proxy twin: alarmIntputId / alarmInputId.
ALARM_INPUT_ID_FIELDS = ("alarmIntputID", "alarmInputID")
PROXY_ALARM_INPUT_ID_FIELDS = ("alarmIntputId", "alarmInputId")
ALARM_INPUT_STATES = {0: "unknown", 1: "activated", 2: "not activated"}  # A.3.17
ALARM_OUTPUT_STATES = {0: "closed", 1: "open"}  # A.3.23
VEHICLE_TYPES = {"others": 0, "car": 1, "truck": 2, "bus": 3}  # A.3.168


# ---- validators --------------------------------------------------------------------------

area_id = cli.limited_id(32, "area ID")  # "-1" is the root; the guide limits areaID to 32
ROOT_PARENT_ID = "-1"  # parentAreaID of the top areas


def add_serial_argument(parser: argparse.ArgumentParser) -> None:
    """The device as `SERIAL`, `--serial SERIAL` (devicedetail/get allows 16) or
    `--device NAME`."""
    parser.add_argument("serial_positional", nargs="?", type=cli.serial(16), metavar="SERIAL",
                        help="device serial No. (same as --serial)")
    parser.add_argument("--serial", type=cli.serial(16),
                        help="device serial No. (letters and digits, at most 16)")
    add_device_name(parser, also="; instead of the serial No.")


def chosen_serial(client: Any, args: argparse.Namespace) -> str:
    """The serial No. of `add_serial_argument`, given once either way (a --device NAME is
    resolved, exit 2 unless exactly one device has it)."""
    if args.serial and args.serial_positional and args.serial != args.serial_positional:
        raise InvalidArgument("two different serial numbers given (argument and --serial).")
    value = args.serial or args.serial_positional
    if bool(value) == bool(args.device):
        raise InvalidArgument("give the device: its serial No. (--serial or as the argument) "
                              "or --device NAME.")
    return value or str(chosen_device(client, args)["serialNo"])


def add_area_filter(parser: argparse.ArgumentParser, what: str, *,
                    device_id: bool = True) -> None:
    """--area-id (or --area NAME), --include-sub-areas, --serial, --device-id and --device
    NAME of the areas/*/get filters."""
    parser.add_argument("--area-id", type=area_id,
                        help=f"only {what} of this area (default: every area)")
    add_area_name(parser)
    parser.add_argument("--include-sub-areas", action="store_true",
                        help="with --area-id/--area: also the sub-areas of that area")
    parser.add_argument("--serial", type=cli.serial(32),
                        help=f"only {what} of the device with this serial No.")
    if device_id:
        parser.add_argument("--device-id", type=cli.resource_id,
                            help=f"only {what} of the device with this ID")
    add_device_name(parser, also=f"; only {what} of that device")


def area_filter(client: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The guide's filter object: includeSubArea "0"/"1" (a String), areaID, deviceID,
    deviceSerialNo. The platform forces includeSubArea to 0 for a device filter; without an
    area, "1" asks for every area, as the guide's examples do. --area NAME and --device NAME
    are resolved once every argument is checked."""
    named_device = getattr(args, "device", None)
    by_id = getattr(args, "serial", None) or getattr(args, "device_id", None)
    if args.include_sub_areas and not (args.area_id or getattr(args, "area", None)):
        raise InvalidArgument("--include-sub-areas needs --area-id or --area.")
    if (by_id or named_device) and args.include_sub_areas:
        raise InvalidArgument("--include-sub-areas cannot be combined with a device filter "
                              "(--serial/--device-id/--device): the platform ignores it then.")
    if by_id and named_device:
        raise InvalidArgument("give the device by --serial/--device-id or by --device NAME, "
                              "not both.")
    chosen_area(client, args)
    if named_device:
        args.serial = str(chosen_device(client, args)["serialNo"])
    device = getattr(args, "serial", None) or getattr(args, "device_id", None)
    include = "1" if args.include_sub_areas or not (args.area_id or device) else "0"
    flt: dict[str, Any] = {"includeSubArea": include}
    if args.area_id:
        flt["areaID"] = args.area_id
    if getattr(args, "device_id", None):
        flt["deviceID"] = args.device_id
    if getattr(args, "serial", None):
        flt["deviceSerialNo"] = args.serial
    return flt


# ---- devices -----------------------------------------------------------------------------

def list_devices(client: Any, args: argparse.Namespace, *, area_id: str | None = None,
                 category: str | None = None, search: str | None = None,
                 job_number: str | None = None) -> cli.Result:
    """devices/get with the guide's optional areaId, deviceCategory, filter.matchKey and
    filter.jobNumber. areaId and jobNumber exclude each other; several categories (comma
    separated) are accepted only with jobNumber. A search without a category searches each
    category (the live platform refuses filter.matchKey without deviceCategory). --offline /
    --online (args.state) keep the devices in that state, from every page (the platform
    cannot filter by it); --area NAME is resolved to its ID once the rest is checked."""
    if (area_id or getattr(args, "area", None)) and job_number:
        raise InvalidArgument("--area-id and --job-number cannot be combined "
                              "(the guide: areaId is used exclusively with jobNumber).")
    categories = [part.strip() for part in (category or "").split(",") if part.strip()]
    unknown = [part for part in categories if part not in DEVICE_CATEGORIES]
    if unknown:
        raise InvalidArgument(f"unknown device category {unknown[0]!r}; "
                              f"one of {', '.join(DEVICE_CATEGORIES)}.")
    if len(categories) > 1 and not job_number:
        raise InvalidArgument("several device categories are accepted only with --job-number.")
    area_id = chosen_area(client, args) if getattr(args, "area", None) else area_id
    body: dict[str, Any] = {}
    if area_id:
        body["areaId"] = area_id
    if categories:
        body["deviceCategory"] = ",".join(categories)
    flt = {key: value for key, value in (("matchKey", search), ("jobNumber", job_number))
           if value}
    if flt:
        body["filter"] = flt
    spec = paging.PageSpec(DEVICES_GET, "device")
    state = getattr(args, "state", None)
    if search and not categories:
        return _search_every_category(client, spec, body, args, state)
    return _answer_devices(paging.fetch(client, spec, body, args, every=bool(state)), args,
                           state)


def _answer_devices(pages: paging.Pages, args: argparse.Namespace,
                    state: str | None) -> cli.Result:
    """The devices' answer; with a state (--offline/--online) only the devices in it, as
    DEVICE_STATE_BRIEF records."""
    if state:
        wanted = ONLINE_STATES[state]
        pages.keep(lambda device: isinstance(device, dict)
                   and device.get("onlineStatus") == wanted, state)
        records.use_brief(args, DEVICE_STATE_BRIEF)
    return paging.answer(pages, "device", args, "devices")


def _search_every_category(client: Any, spec: paging.PageSpec, body: dict[str, Any],
                           args: argparse.Namespace, state: str | None) -> cli.Result:
    """devices/get with filter.matchKey once per device category (the live platform answers
    "Device category is request{OPEN000010}" without one), each paged as the arguments
    ask; the devices merged, each once, and the platform's totals added up."""
    fetched = [(category, paging.fetch(client, spec, {**body, "deviceCategory": category},
                                       args, every=bool(state)))
               for category in DEVICE_CATEGORIES]
    merged = paging.merge([pages for _, pages in fetched], _identity)
    searched = [{"deviceCategory": category, "total": pages.total,
                 "pagesRead": pages.pages_read} for category, pages in fetched]
    result = _answer_devices(merged, args, state)
    found = ", ".join(f"{entry['deviceCategory']} {entry['total']}" for entry in searched)
    result.message = (result.message.rstrip(".") + f". Searched each device category "
                      f"(the platform searches by text only within one): {found}.")
    if isinstance(result.data, dict):
        result.data["categoriesSearched"] = searched
    return result


def _identity(record: Any) -> Any:
    """What tells two records of a list apart: their id (or serial No.)."""
    if isinstance(record, dict):
        return record.get("id") or record.get("serialNo") or repr(record)
    return repr(record)


def device_detail(client: Any, serial_no: str) -> dict[str, Any]:
    """devicedetail/get: the GetDeviceInfo of one device (baseInfo, channel lists...)."""
    data = client.post(DEVICE_DETAIL, {"deviceSerialNo": serial_no}) or {}
    return data.get("device") or {}


def show_device_detail(client: Any, args: argparse.Namespace) -> cli.Result:
    args.serial = chosen_serial(client, args)
    device = device_detail(client, args.serial)
    base = device.get("baseInfo") or {}
    counts = {name: len(device.get(name) or []) for name in DETAIL_CHANNEL_LISTS.values()}
    summary = ", ".join(f"{count} {name}" for name, count in counts.items() if count)
    rows = [{"list": name, "id": channel.get("id"), "no": channel.get("no"),
             "name": channel.get("name"), "online": channel.get("online")}
            for name in DETAIL_CHANNEL_LISTS.values() for channel in device.get(name) or []]
    return cli.Result(f"Device {base.get('name') or args.serial} ({args.serial})"
                      f"{': ' + summary if summary else ''}.", {"device": device},
                      rows=rows or [base])


def add_device(client: Any, args: argparse.Namespace) -> cli.Result:
    """devices/add for one device; per-device failures come back with errorCode "0". The
    area (--area) and the vehicle (--vehicle) named are resolved once the arguments are
    checked."""
    from hct.vehicle import target_vehicle

    if args.category == ON_BOARD and not (args.vehicle_id or args.vehicle or args.license_plate):
        raise InvalidArgument("an on-board device (mobileDevice) needs --vehicle-id / --vehicle "
                              "(link an existing vehicle) or --license-plate (create one).")
    vehicle_options = (args.vehicle_id, args.vehicle, args.license_plate, args.vehicle_type,
                       args.driver_first_name, args.driver_last_name, args.driver_phone)
    if args.category != ON_BOARD and any(value is not None for value in vehicle_options):
        raise InvalidArgument("vehicle options apply to on-board devices "
                              "(--category mobileDevice) only.")
    if (args.area_id or args.area) and not args.import_to_area:
        raise InvalidArgument("--area-id/--area needs --import-to-area (the guide's "
                              "importToArea).")
    chosen_area(client, args)
    target_vehicle(client, args, "vehicle_id", "--vehicle-id")
    info: dict[str, Any] = {"name": args.name, "ezvizSerialNo": args.serial,
                            "ezvizVerifyCode": args.verify_code}
    password = device_password(args)
    if args.user_name:
        info["userName"] = args.user_name
    if password:
        info["password"] = password
    time_zone = args.time_zone_id or system_time_zone(client)
    body: dict[str, Any] = {
        "deviceCategory": args.category, "deviceInfo": info,
        "timeZone": {"id": time_zone, "applyToDevice": "1" if args.apply_time_zone else "0"}}
    if args.import_to_area:
        body["importToArea"] = {"enable": 1, "areaID": args.area_id or ""}
    if args.category == ON_BOARD:
        body["vehicleInfo"] = vehicle_info(args)
    data = client.post(DEVICES_ADD, body) or {}
    answer = data.get("addDeviceResponse") or {}
    listed = answer.get("deviceList") or []
    extra = []
    unlisted = _as_int(answer.get("failed")) - sum(1 for item in listed
                                                   if results.is_failure(item))
    if unlisted > 0:
        extra.append(results.failure({"deviceSerial": args.serial}, "ADD_FAILED", hint=(
            "The platform counted a failed add without a code; check the serial No., the "
            "verification code and that the device is online and not added elsewhere.")))
    added = next((item for item in listed if not results.is_failure(item)), {})
    new_id = f" with ID {added['deviceId']}" if added.get("deviceId") else ""
    return results.check(listed, data, what="devices", id_field="deviceSerial",
                         extra_failures=extra, total=_as_int(answer.get("total")) or 1,
                         message=f"Device {args.serial} added{new_id}.")


def vehicle_info(args: argparse.Namespace) -> dict[str, Any]:
    """VehicleInfo(3): an existing vehicle's ID, or a new vehicle's plate and details."""
    if args.vehicle_id:
        return {"vehicleID": args.vehicle_id}
    fields = (("licensePlateNo", args.license_plate),
              ("vehicleType", VEHICLE_TYPES[args.vehicle_type] if args.vehicle_type else None),
              ("driverFirstName", args.driver_first_name),
              ("driverLastName", args.driver_last_name), ("driverPhoneNo", args.driver_phone))
    return {key: value for key, value in fields if value is not None}


def system_time_zone(client: Any) -> str:
    """The platform's own time zone ID (timezone/get systemTimeZoneID)."""
    zone = (client.post(TIMEZONE_GET, {}) or {}).get("systemTimeZoneID")
    if not zone:
        raise BadResponse("The platform did not name its own time zone.",
                          hint="Pass --time-zone-id (list_timezones.py lists the IDs).")
    return str(zone)


def device_password(args: argparse.Namespace) -> str | None:
    """The device password, read from the environment variable --password-env names (a
    password on the command line would show in the process list and shell history)."""
    name = getattr(args, "password_env", None)
    if not name:
        return None
    value = os.environ.get(name, "")
    if not value:
        raise InvalidArgument(f"--password-env: the environment variable {name} is not set.")
    if len(value) > 16:
        raise InvalidArgument(f"the password in {name} is longer than 16 characters "
                              "(the guide's limit).")
    register_secret(value)
    return value


def update_device(client: Any, args: argparse.Namespace) -> cli.Result:
    """devices/update. The guide requires the name on every update: with --device NAME and
    no --name the device keeps its current name."""
    if bool(args.device_id) == bool(args.device):
        raise InvalidArgument("give the device: --device-id ID or --device NAME.")
    if not args.name and not args.device:
        raise InvalidArgument("--name is required with --device-id (the guide requires the "
                              "name on every update; give the current one to keep it).")
    if args.apply_time_zone and not args.time_zone_id:
        raise InvalidArgument("--apply-time-zone needs --time-zone-id.")
    password = device_password(args)
    if args.device:
        device = chosen_device(client, args, id_flag="--device-id")
        args.device_id, args.name = str(device["id"]), args.name or device.get("name")
    info: dict[str, Any] = {"id": args.device_id, "name": args.name}
    if args.user_name:
        info["userName"] = args.user_name
    if password:
        info["password"] = password
    body: dict[str, Any] = {"deviceInfo": info}
    if args.time_zone_id:
        body["timeZone"] = {"id": args.time_zone_id,
                            "applyToDevice": "1" if args.apply_time_zone else "0"}
    client.post(DEVICES_UPDATE, body)
    return cli.Result(f"Device {args.device_id} updated.",
                      {"deviceId": args.device_id, "updated": sorted(
                          key for key in ("name", "userName", "password") if key in info)
                       + (["timeZone"] if "timeZone" in body else [])})


def delete_devices(client: Any, args: argparse.Namespace) -> cli.Result:
    """devices/delete: devices by ID (with their --category) or by --device NAME (the
    category is then theirs); one call deletes devices of one category."""
    device_ids = cli.ids(args.device_id, "--device-id")
    if not device_ids and not args.device:
        raise InvalidArgument("give the devices: --device-id ID or --device NAME.")
    if device_ids and not args.category:
        raise InvalidArgument("--device-id needs --category (the guide requires it).")
    if args.delete_vehicle and args.category not in (None, ON_BOARD):
        raise InvalidArgument("--delete-vehicle applies to on-board devices "
                              "(--category mobileDevice) only.")
    named = names.resolve_each(client, DEVICES.picked_by("--device-id"), args.device,
                               flag="--device") if args.device else []
    categories = sorted({str(device.get("category")) for device in named}
                        | ({args.category} if args.category else set()))
    if len(categories) > 1:
        raise InvalidArgument("the devices are of several categories ("
                              + ", ".join(categories) + "): delete each category in its own "
                              "call; nothing was deleted.")
    category = categories[0]
    device_ids += [str(device["id"]) for device in named if str(device["id"]) not in device_ids]
    body: dict[str, Any] = {"deviceID": device_ids, "deviceCategory": category}
    if args.delete_vehicle:
        if category != ON_BOARD:
            raise InvalidArgument("--delete-vehicle applies to on-board devices "
                                  "(mobileDevice) only.")
        body["deleteVehicle"] = 1
    if not args.yes:
        return cli.dry_run(f"would delete {len(device_ids)} device(s).", body)
    client.post(DEVICES_DELETE, body)
    return cli.Result(f"{len(device_ids)} device(s) deleted.",
                      {"deleted": device_ids, "deviceCategory": category})


def refresh_devices(client: Any, args: argparse.Namespace) -> cli.Result:
    """device/{deviceId}/refresh for each device (by ID, by serial via devicedetail/get, or
    by --device NAME from the name index)."""
    targets = [(device_id, None)
               for device_id in cli.ids(args.device_id, "--device-id", validator=cli.path_id)]
    targets += [(None, serial_no)
                for serial_no in cli.ids(args.serial, "--serial", validator=cli.serial(16))]
    if not targets and not args.device:
        raise InvalidArgument("give at least one --device-id, --serial or --device NAME.")
    if args.device:
        targets += [(str(device["id"]), str(device["serialNo"]))
                    for device in names.resolve_each(client, DEVICES, args.device,
                                                     flag="--device")]
    resolved = []
    for device_id, serial_no in targets:  # look every serial up before refreshing any device
        if device_id is None:
            device_id = str((device_detail(client, serial_no).get("baseInfo") or {}).get("id")
                            or "")
            if not cli.PATH_ID.match(device_id):
                raise BadResponse(f"devicedetail/get gave no usable device ID for {serial_no}.")
        resolved.append((device_id, serial_no))
    answers = []
    for device_id, serial_no in resolved:
        answer = dict(client.post(DEVICE_REFRESH.format(deviceId=device_id), {}) or {})
        answer.setdefault("deviceId", device_id)
        if serial_no:
            answer["deviceSerial"] = serial_no
        if "status" in answer:
            answer["online"] = answer["status"] == 1
        answers.append(answer)
    online = sum(1 for answer in answers if answer.get("status") == 1)
    return results.check(answers, {"device": answers}, what="device refreshes",
                         id_field="deviceId", rows=answers,
                         message=f"{len(answers)} device(s) refreshed, {online} online.")


def list_time_zones(client: Any, args: argparse.Namespace) -> cli.Result:
    """timezone/get, filtered here: --search (text in either name), --name (every word)."""
    data = client.post(TIMEZONE_GET, {}) or {}
    zones = [zone for zone in data.get("timeZone") or [] if isinstance(zone, dict)]
    if args.search:
        needle = args.search.lower()
        zones = [zone for zone in zones if needle in str(zone.get("displayName", "")).lower()
                 or needle in str(zone.get("standardName", "")).lower()]
    if args.name_filter:
        zones = names.matching(zones, args.name_filter, lambda zone: " ".join(
            str(zone.get(key) or "") for key in ("displayName", "standardName")))
    system = data.get("systemTimeZoneID")
    result = cli.Result(f"{len(zones)} time zones (the platform's own: {system}).",
                        {"systemTimeZoneID": system, "count": len(zones), "timeZone": zones})
    return records.present(result, args, "timeZone")


# ---- areas -------------------------------------------------------------------------------

def add_area(client: Any, args: argparse.Namespace) -> cli.Result:
    chosen_area(client, args, flag="--parent", id_field="parent_id")
    args.parent_id = args.parent_id or ROOT_PARENT_ID
    data = client.post(AREAS_ADD, {"parentAreaID": args.parent_id, "areaName": args.name}) or {}
    return cli.Result(f"Area {args.name!r} added with ID {data.get('areaID')}.",
                      {"areaID": data.get("areaID"), "areaName": args.name,
                       "parentAreaID": args.parent_id})


def list_areas(client: Any, args: argparse.Namespace) -> cli.Result:
    """areas/get. Without --parent-id every area; with it, that area's children (and with
    --include-sub-areas their descendants too)."""
    if args.include_sub_areas and not (args.parent_id or args.parent):
        raise InvalidArgument("--include-sub-areas needs --parent-id or --parent.")
    chosen_area(client, args, flag="--parent", id_field="parent_id")
    body: dict[str, Any] = {}
    if args.parent_id:
        body["filter"] = {"parentAreaID": args.parent_id,
                          "includeSubArea": "1" if args.include_sub_areas else "0"}
    return paging.listed(client, paging.PageSpec(AREAS_GET, "area"), body, args, "areas")


def area_detail(client: Any, args: argparse.Namespace) -> cli.Result:
    area_ids = cli.ids(args.area_id, "--area-id")
    if not area_ids and not args.area:
        raise InvalidArgument("give the areas: --area-id ID or --area NAME.")
    for area in names.resolve_each(client, AREAS, args.area or [], flag="--area"):
        if str(area["id"]) not in area_ids:
            area_ids.append(str(area["id"]))
    data = client.post(AREA_DETAIL, {"areaID": area_ids}) or {}
    areas = data.get("area") or []
    returned = {str(area.get("id")) for area in areas if isinstance(area, dict)}
    missing = [results.failure({"id": wanted}, "NOT_FOUND",
                               hint="No area has this ID; list_areas.py lists them.")
               for wanted in area_ids if wanted not in returned]
    return results.check(areas, data, what="areas", id_field="id", extra_failures=missing,
                         total=len(area_ids), rows=areas,
                         message=f"{len(areas)} area(s).")


def add_area_resources(client: Any, args: argparse.Namespace) -> cli.Result:
    """areas/resources/add: channels given as TYPE:CHANNEL_ID:NAME, or every channel of a
    device (devicedetail/get) of the chosen types that is not in an area yet."""
    channels = []
    for spec in args.channel or []:
        parts = spec.split(":", 2)
        if len(parts) != 3 or not all(part.strip() for part in parts):
            raise InvalidArgument(f"--channel {spec!r}: expected TYPE:CHANNEL_ID:NAME.")
        kind, channel_id, name = (part.strip() for part in parts)
        if kind not in CHANNEL_TYPES:
            raise InvalidArgument(f"--channel {spec!r}: type must be one of "
                                  f"{', '.join(CHANNEL_TYPES)}.")
        if len(channel_id) > 32 or not cli.PATH_ID.match(channel_id):
            raise InvalidArgument(f"--channel {spec!r}: invalid channel ID.")
        if len(name) > 64:
            raise InvalidArgument(f"--channel {spec!r}: the name has more than 64 characters.")
        channels.append({"resourceName": name, "resourceType": kind, "channelID": channel_id})
    types = cli.split_repeated(args.types) or list(CHANNEL_TYPES)
    unknown = [kind for kind in types if kind not in CHANNEL_TYPES]
    if unknown:
        raise InvalidArgument(f"--types: unknown type {unknown[0]!r}; "
                              f"one of {', '.join(CHANNEL_TYPES)}.")
    if not channels and not (args.from_device or args.device):
        raise InvalidArgument("give --channel TYPE:CHANNEL_ID:NAME, --from-device SERIAL or "
                              "--device NAME.")
    if args.from_device and args.device:
        raise InvalidArgument("give --from-device SERIAL or --device NAME, not both.")
    if not (args.area_id or args.area):
        raise InvalidArgument("give the area: --area-id ID or --area NAME.")
    chosen_area(client, args)
    if args.device:
        args.from_device = str(chosen_device(client, args)["serialNo"])
    if args.from_device:
        device = device_detail(client, args.from_device)
        for kind in types:
            for channel in device.get(DETAIL_CHANNEL_LISTS[kind]) or []:
                if (channel.get("area") or {}).get("id") and not args.include_assigned:
                    continue  # already in an area
                channels.append({"resourceName": str(channel.get("name") or "")[:64],
                                 "resourceType": kind, "channelID": str(channel.get("id"))})
        if not channels:
            return cli.Result(f"Device {args.from_device} has no {'/'.join(types)} channel "
                              "outside an area; nothing to add.",
                              {"areaID": args.area_id, "devChannel": []})
    data = client.post(AREA_RESOURCES_ADD, {"areaID": args.area_id, "devChannel": channels})
    data = data or {}
    # The response table says data.resource[], the guide's example data.devChannel[].
    added = data.get("devChannel") if "devChannel" in data else data.get("resource") or []
    return results.check(added, data, what="resources", id_field="channelID",
                         total=len(channels), rows=added,
                         message=f"{len(channels)} resource(s) added to area {args.area_id}.")


def delete_area_resources(client: Any, args: argparse.Namespace) -> cli.Result:
    """areas/resources/delete of resources by ID or by name (--camera, --alarm-input,
    --alarm-output NAME)."""
    args.id = ids_or_names(client, args, AREA_RESOURCE_KINDS)
    return cli.batch_delete(client, args, AREA_RESOURCES_DELETE, "ids", "resource",
                            note=" from their area", verbs=("remove", "removed"))


# ---- cameras, doors, alarm inputs and outputs --------------------------------------------

def with_channel_fields(resource: dict[str, Any]) -> dict[str, Any]:
    """A camera/door/alarm I/O with the ids other scripts need added beside the platform's
    fields: resourceId (the resource's own id, the video APIs' resourceId), channelNo (an
    integer when the platform's channelInfo.no is one), channelId, deviceId, deviceSerial."""
    device = resource.get("device") or {}
    dev_info = device.get("devInfo") or {}
    channel = device.get("channelInfo") or {}
    number = channel.get("no")
    if isinstance(number, str) and number.strip().isdigit():
        number = int(number)
    extra = {"resourceId": resource.get("id"), "channelNo": number,
             "channelId": channel.get("id"), "deviceId": dev_info.get("id"),
             "deviceSerial": dev_info.get("serialNo")}
    return {**resource, **{key: value for key, value in extra.items() if key not in resource}}


def _channel_row(resource: dict[str, Any]) -> dict[str, Any]:
    return {key: resource.get(key) for key in ("channelNo", "resourceId", "name", "online",
                                               "deviceSerial", "abilitySet") if key in resource}


def _sort_key(resource: dict[str, Any]) -> tuple:
    number = resource.get("channelNo")
    return (str(resource.get("deviceSerial") or ""), not isinstance(number, int),
            number if isinstance(number, int) else str(number))


def _read_resources(client: Any, args: argparse.Namespace, path: str, list_key: str,
                    flt: dict[str, Any], *, every: bool = False) -> paging.Pages:
    # alarminputs/get: the guide's table names the list `alarmInput`, its example (copied
    # from alarmoutputs/get) `alarmOutput`; read whichever comes.
    aliases = ("alarmOutput",) if list_key == "alarmInput" else ()
    pages = paging.fetch(client, paging.PageSpec(path, list_key, list_aliases=aliases),
                         {"filter": flt}, args, every=every)
    pages.items = [with_channel_fields(item) for item in pages.items if isinstance(item, dict)]
    return pages


def _paged_resources(client: Any, args: argparse.Namespace, path: str, list_key: str,
                     flt: dict[str, Any], noun: str, *, sort: bool = False) -> cli.Result:
    pages = _read_resources(client, args, path, list_key, flt)
    if sort:
        pages.items.sort(key=_sort_key)
    return paging.answer(pages, list_key, args, noun, row=_channel_row)


def list_cameras(client: Any, args: argparse.Namespace) -> cli.Result:
    """areas/cameras/get with the area and device filters; --offline and --encrypted read
    every page and keep the cameras offline / of devices with stream encryption on."""
    camera_ids = cli.ids(args.camera_id, "--camera-id")
    flt = area_filter(client, args)
    if camera_ids:
        flt["cameraID"] = camera_ids
    pages = _read_resources(client, args, CAMERAS_GET, "camera", flt,
                            every=args.offline or args.encrypted)
    if args.offline:
        pages.keep(lambda camera: str(camera.get("online")) == "0", "offline")
    if args.encrypted:
        with_stream_encryption(client, pages.items)
        pages.keep(lambda camera: _is_on(camera.get("streamEncryptEnable")),
                   "with stream encryption on")
    return paging.answer(pages, "camera", args, "cameras", row=_channel_row)


def with_stream_encryption(client: Any, cameras: list[dict[str, Any]]) -> None:
    """Add each camera's `streamEncryptEnable`: its device's, from devicedetail/get
    baseInfo (the only place the guide gives it), one request per device. A device's
    answer is kept in the cache directory for names.INDEX_SECONDS, so that the next list
    asks only for devices it has not seen; a device the platform cannot show is left out."""
    import time

    from hct.errors import PlatformError
    from hct.store import read_json, write_json_atomic

    path = names.index_path("stream encryption")
    now = time.time()
    stored = read_json(path)
    known = {serial: entry for serial, entry in ((stored or {}).get("devices") or {}).items()
             if isinstance(entry, dict) and 0 <= now - float(entry.get("at") or 0)
             < names.INDEX_SECONDS} if isinstance(stored, dict) else {}
    wanted = sorted({str(camera["deviceSerial"]) for camera in cameras
                     if camera.get("deviceSerial")} - set(known))
    for number, serial in enumerate(wanted, 1):
        if number % 25 == 1 and len(wanted) > 1:
            cli.progress(f"stream encryption: device {number} of {len(wanted)}")
        try:
            base = device_detail(client, serial).get("baseInfo") or {}
        except PlatformError as error:
            cli.progress(f"stream encryption of {serial} unknown: {error.message}")
            continue
        known[serial] = {"at": now, "streamEncryptEnable": base.get("streamEncryptEnable")}
    if wanted:
        write_json_atomic(path, {"devices": known})
    for camera in cameras:
        entry = known.get(str(camera.get("deviceSerial")))
        if entry and entry.get("streamEncryptEnable") is not None:
            camera["streamEncryptEnable"] = entry["streamEncryptEnable"]


def _is_on(value: Any) -> bool:
    """A 0/1 switch the guide types Integer and the platform may send as "1"."""
    return str(value).strip() == "1"


def device_channels(client: Any, args: argparse.Namespace) -> cli.Result:
    """The camera channels of one device (areas/cameras/get filtered by deviceSerialNo),
    sorted by channel No., with resourceId and channelNo for the video scripts."""
    args.serial = chosen_serial(client, args)
    flt = {"includeSubArea": "0", "deviceSerialNo": args.serial}
    result = _paged_resources(client, args, CAMERAS_GET, "camera", flt, "camera channels",
                              sort=True)
    result.data = {"deviceSerial": args.serial, **result.data}
    if not result.data["camera"] and args.page == 1:
        # Cameras appear here only once they are in an area: say why the list is empty.
        device = device_detail(client, args.serial)
        unassigned = device.get("cameraChannel") or []
        result.data["unassignedChannels"] = unassigned
        if unassigned:
            result.message = (f"Device {args.serial} has {len(unassigned)} camera channel(s), "
                              "none in an area yet, so none has a resourceId; add them with "
                              f"add_area_resources.py --area-id ID --from-device {args.serial}.")
        else:
            result.message = f"Device {args.serial} has no camera channel."
    else:
        result.message = (f"{result.data['count']} of {result.data['total']} camera channels "
                          f"of device {args.serial}.")
    return result


def list_doors(client: Any, args: argparse.Namespace) -> cli.Result:
    return _paged_resources(client, args, DOORS_GET, "door", area_filter(client, args),
                            "doors")


def list_alarm_inputs(client: Any, args: argparse.Namespace) -> cli.Result:
    return _paged_resources(client, args, ALARM_INPUTS_GET, "alarmInput",
                            area_filter(client, args), "alarm inputs")


def list_alarm_outputs(client: Any, args: argparse.Namespace) -> cli.Result:
    return _paged_resources(client, args, ALARM_OUTPUTS_GET, "alarmOutput",
                            area_filter(client, args), "alarm outputs")


def _statuses(items: list[Any], wanted: list[str], names: dict[int, str], what: str,
              data: Any, verb: str) -> cli.Result:
    listed = [{**item, "statusText": names.get(item.get("status"), "unknown")}
              if isinstance(item, dict) and not results.is_failure(item) else item
              for item in items]
    returned = {str(item.get("id")) for item in listed if isinstance(item, dict)}
    missing = [results.failure({"id": wanted_id}, "NOT_FOUND", hint=(
        f"The platform returned no status for this ID; list_{what.replace(' ', '_')}s.py "
        "lists the IDs.")) for wanted_id in wanted if wanted_id not in returned]
    key = "alarmInput" if what == "alarm input" else "alarmOutput"
    return results.check(listed, {**(data or {}), key: listed}, what=f"{what}s", id_field="id",
                         extra_failures=missing, total=len(wanted), rows=listed,
                         message=f"{len(listed)} {what} status(es) {verb}.")


def alarm_input_status(client: Any, args: argparse.Namespace, path: str = ALARM_INPUT_STATUS,
                       fields: tuple[str, str] = ALARM_INPUT_ID_FIELDS) -> cli.Result:
    """areas/alarminputs/status/get (or its proxy twin at `path`, with its `fields`) in
    batches of 8 (the guide's limit), the ids under both spellings of the field."""
    wanted = ids_or_names(client, args, {"--alarm-input": ALARM_INPUTS})
    items = paging.in_batches(client, path, fields[0], wanted, ALARM_INPUT_STATUS_BATCH,
                              "alarmInput", also=fields[1:])
    return _statuses(items, wanted, ALARM_INPUT_STATES, "alarm input", {}, "read")


def alarm_output_status(client: Any, args: argparse.Namespace) -> cli.Result:
    wanted = ids_or_names(client, args, {"--alarm-output": ALARM_OUTPUTS})
    data = client.post(ALARM_OUTPUT_STATUS, {"alarmOutputID": wanted}) or {}
    return _statuses(data.get("alarmOutput") or [], wanted, ALARM_OUTPUT_STATES,
                     "alarm output", data, "read")


def control_alarm_outputs(client: Any, args: argparse.Namespace) -> cli.Result:
    """areas/alarmoutputs/control: operation 1 opens (triggers) an output, 0 closes it. The
    guide's table says 0/-1, its example and A.3.23 use 0/1; we send 1 for open."""
    wanted = ids_or_names(client, args, {"--alarm-output": ALARM_OUTPUTS})
    operation = 1 if args.action == "open" else 0
    body = {"alarmOutputOperation": [{"alarmOutputID": output, "operation": operation}
                                     for output in wanted]}
    data = client.post(ALARM_OUTPUT_CONTROL, body) or {}
    items = data.get("alarmOutputOperation") or []
    return results.check(items, data, what="alarm outputs", id_field="alarmOutputID",
                         total=len(wanted), rows=items,
                         message=f"{len(wanted)} alarm output(s) switched {args.action}.")


def _as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# ---- names: what --camera, --door, --device, --area and find.py resolve -------------------

def _every(client: Any, path: str, list_key: str, body: dict[str, Any]) -> list[dict]:
    pages = paging.fetch(client, paging.PageSpec(path, list_key), body,
                         paging.every_page(paging.MAX_PAGE_SIZE))
    return [item for item in pages.items if isinstance(item, dict)]


def _channel_records(path: str, list_key: str) -> Any:
    """The reader of one kind of area resource for the name index: what a lookup shows and
    what the scripts act with."""
    def read_all(client: Any) -> list[dict]:
        return [records.pick(with_channel_fields(item), CHANNEL_INDEX_FIELDS)
                for item in _every(client, path, list_key, {"filter": {"includeSubArea": "1"}})]

    return read_all


CHANNEL_INDEX_FIELDS = ("id", "name", "online", "area.id", "area.name", "deviceSerial",
                        "deviceId", "channelNo")


def _device_records(client: Any) -> list[dict]:
    return [records.pick(device, ("id", "name", "serialNo", "category", "onlineStatus"))
            for device in _every(client, DEVICES_GET, "device", {})]


def _area_records(client: Any) -> list[dict]:
    return [records.pick(area, ("id", "name", "areaPath", "parentAreaID"))
            for area in _every(client, AREAS_GET, "area", {})]


def _camera_pick(camera: dict[str, Any]) -> str:
    return f"--serial {camera.get('deviceSerial')} --channel {camera.get('channelNo')}"


CAMERAS = names.NameKind("camera", "--resource-id", _channel_records(CAMERAS_GET, "camera"),
                         pick=_camera_pick)
DOORS = names.NameKind("door", "--door-id", _channel_records(DOORS_GET, "door"))
ALARM_INPUTS = names.NameKind("alarm input", "--id", _channel_records(ALARM_INPUTS_GET,
                                                                      "alarmInput"))
ALARM_OUTPUTS = names.NameKind("alarm output", "--id", _channel_records(ALARM_OUTPUTS_GET,
                                                                        "alarmOutput"))
DEVICES = names.NameKind("device", "--serial", _device_records,
                         area_of=lambda device: None,
                         pick=lambda device: f"--serial {device.get('serialNo')}")
AREAS = names.NameKind("area", "--area-id", _area_records,
                       area_of=lambda area: area.get("areaPath"))


# ---- names given instead of ids (issue 9 §2) ----------------------------------------------

def add_area_name(parser: argparse.ArgumentParser, *, flag: str = "--area",
                  also: str = "; instead of --area-id", repeatable: bool = False) -> None:
    names.add_name_argument(parser, flag, "area", also=also, repeatable=repeatable)


def add_area_choice(parser: argparse.ArgumentParser, help: str, *, required: bool = False,
                    id_type: Callable[[str], str] = area_id) -> None:
    """--area-id ID or --area NAME, one of them (both: exit 2 while parsing, before any
    request); the handler reads it with `chosen_area`."""
    area = parser.add_mutually_exclusive_group(required=required)
    area.add_argument("--area-id", type=id_type, help=help)
    add_area_name(area)


def add_device_name(parser: argparse.ArgumentParser, *, also: str = "",
                    repeatable: bool = False) -> None:
    names.add_name_argument(parser, "--device", "device", also=also, repeatable=repeatable)


def chosen_area(client: Any, args: argparse.Namespace, *, flag: str = "--area",
                id_field: str = "area_id") -> str | None:
    """The area ID the arguments give: `args.<id_field>` (--area-id) or the area named by
    `flag` (resolved: exit 2 unless exactly one area has the name), which is then set as
    `args.<id_field>`. Both given is an error."""
    name = getattr(args, flag.lstrip("-").replace("-", "_"), None)
    id_flag = "--" + id_field.replace("_", "-")
    if name and getattr(args, id_field, None):
        raise InvalidArgument(f"give {id_flag} or {flag} NAME, not both.")
    if name:
        area = names.resolve(client, AREAS.picked_by(id_flag), name, flag=flag)
        setattr(args, id_field, str(area["id"]))
    return getattr(args, id_field, None)


def chosen_device(client: Any, args: argparse.Namespace, *,
                  id_flag: str = "--serial") -> dict[str, Any]:
    """The device of --device NAME (id, name, serialNo, category, onlineStatus), resolved
    from the name index; its candidates say `id_flag` (the flag the script takes) with the
    device's ID for --device-id, else with its serial No. (--serial, --device-serial)."""
    kind = DEVICES if id_flag == "--serial" else DEVICES.picked_by(
        id_flag, "id" if id_flag == "--device-id" else "serialNo")
    return names.resolve(client, kind, args.device, flag="--device")


def ids_or_names(client: Any, args: argparse.Namespace,
                 kinds: dict[str, names.NameKind]) -> list[str]:
    """The ids of --id (repeatable, comma lists) and of the repeatable name flags (flag ->
    kind), each name resolved (exit 2 unless each names exactly one), each id once; at
    least one."""
    attributes = {flag: flag.lstrip("-").replace("-", "_") for flag in kinds}
    if not all(hasattr(args, attribute) for attribute in attributes.values()):
        return cli.ids(args.id, "--id", required=True)  # a script without the name flags
    wanted = cli.ids(args.id, "--id")
    if not wanted and not any(getattr(args, attribute) for attribute in attributes.values()):
        raise InvalidArgument(f"give --id ID or {' / '.join(kinds)} NAME.")
    for flag, kind in kinds.items():
        for record in names.resolve_each(client, kind, getattr(args, attributes[flag]) or [],
                                         flag=flag):
            if str(record["id"]) not in wanted:
                wanted.append(str(record["id"]))
    return wanted


# The resources of an area that delete_area_resources.py takes by name.
AREA_RESOURCE_KINDS = {"--camera": CAMERAS, "--alarm-input": ALARM_INPUTS,
                       "--alarm-output": ALARM_OUTPUTS}
