"""On-board monitoring (guide section 5.9): vehicles, their picture, ACC status, drivers,
driver groups and the application of drivers' face pictures to on-board devices.

Rules from the guide that the scripts enforce before calling:
- One on-board device per vehicle (chapter 4.9): before a vehicle is added or given a device,
  every vehicle is read (vehicles/get) and a device already linked elsewhere is refused
  (exit 2, nothing sent).
- The vehicle picture (chapter 4.9, 5.9.4): picture/uploadparam/get gives a `key` and a
  pre-signed `url` (valid 15 minutes). The JPEG is uploaded to that URL with an HTTP PUT (the
  guide names no method; its URL is an S3 pre-signed URL, whose upload method is PUT), without
  the platform token, and the key is then sent as the vehicle's `pictureKey`.
- Driver gender is 0 unknown, 1 male, 2 female (unlike persons, where 0 is female).

Guide contradictions: vehicles/{id}/update types vehicleType as String, but vehicles/add,
VehicleInfo (A.3.166) and both examples use an Integer: we send an Integer. driver/update's
table requires photoData, its example leaves it out and the platform never returns the photo:
we send it only when a new photo is given.
"""

from __future__ import annotations

import argparse
import base64
import time

from hct import cli, names, paging, records, results, urls
from hct.errors import EXIT_PLATFORM, HCTError, InvalidArgument, NetworkError

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

RESOURCE = "/api/hccgw/resource/v1"
VEHICLES_ADD = f"{RESOURCE}/areas/vehicles/add"
VEHICLE_UPDATE = RESOURCE + "/areas/vehicles/{id}/update"
VEHICLES_GET = f"{RESOURCE}/areas/vehicles/get"
UPLOAD_PARAM = f"{RESOURCE}/picture/uploadparam/get"
ACC_STATUS = f"{RESOURCE}/accstatus/search"
DRIVER = "/api/hccgw/vehicle/v1/driver"
DRIVER_QUERY = f"{DRIVER}/batchquery"
DRIVER_ADD = f"{DRIVER}/add"
DRIVER_UPDATE = f"{DRIVER}/update"
DRIVER_DELETE = f"{DRIVER}/batchdel"
GROUP = "/api/hccgw/vehicle/v1/driverGroup"
GROUP_QUERY = f"{GROUP}/batchquery"
GROUP_ADD = f"{GROUP}/add"
GROUP_UPDATE = f"{GROUP}/update"
GROUP_DELETE = f"{GROUP}/batchdel"
FACE_APPLY = "/api/hccgw/vehicle/v1/driverFace/distribution"
FACE_STATUS = "/api/hccgw/vehicle/v1/driverFace/status/query"

ROOT_AREA = "-1"
VEHICLE_TYPES = {"others": 0, "car": 1, "truck": 2, "bus": 3}
ACC_STATES = {-1: "unknown", 0: "off", 1: "on"}
DRIVER_GENDERS = {"unknown": 0, "male": 1, "female": 2}
DISTRIBUTION_STATES = {"all": -1, "not-applied": 0, "applying": 1, "applied": 2, "failed": 3}
RELATED_VEHICLE = {"all": -1, "no": 1, "yes": 2}
MAX_LINKED_VEHICLES = 100  # relateVehicleIds: "Up to 100 items are allowed."
MAX_PHOTO_BYTES = 5 * 1024 * 1024  # photoData / imageData: "max. size: 5 MB"
MAX_VEHICLE_PICTURE_BYTES = 10 * 1024 * 1024  # not in the guide: a sanity bound
FACE_RESULT_DELAY = 2.0  # "get the result in 1 or 2 seconds"
UPLOAD_TIMEOUT = 60
# A vehicle is an area of its own, named by its plate (chapter 4.9 step 3; vehicles/get
# answers name == licensePlateNo), and areas/add allows area names of at most 64 characters.
MAX_PLATE_LENGTH = 64

# Error codes of the on-board monitoring APIs (Appendix A.4), documented in SKILL.md.
ERROR_CODES = ("OPEN010001", "OPEN010002", "OPEN010003", "OPEN010004", "OPEN010005",
               "OPEN010006", "OPEN010007")


class UploadFailed(HCTError):
    """The storage host refused the picture upload."""

    error_code = "UPLOAD_FAILED"
    exit_code = EXIT_PLATFORM
    default_hint = ("The pre-signed upload URL is valid for 15 minutes; run the script again "
                    "to get a new one.")


# ---- files -------------------------------------------------------------------------------

def read_image(path: str, label: str, *, limit: int, jpeg_only: bool) -> bytes:
    """A local JPEG (or PNG, unless jpeg_only) picture of at most `limit` bytes and
    pictures.MAX_PIXELS pixels, checked before any request."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise InvalidArgument(f"{label}: cannot read {path}: {error.strerror}") from None
    if len(data) > limit:
        raise InvalidArgument(f"{label}: {path} is larger than {limit // (1024 * 1024)} MB.")
    is_jpeg = data.startswith(b"\xff\xd8\xff")
    is_png = data.startswith(b"\x89PNG\r\n\x1a\n")
    if not is_jpeg and (jpeg_only or not is_png):
        kinds = "a JPEG" if jpeg_only else "a JPEG or PNG"
        raise InvalidArgument(f"{label}: {path} is not {kinds} picture.")
    from hct.pictures import PictureRefused, measure

    try:
        measure(data)  # the header only: the platform would decode it, we need not
    except PictureRefused as error:
        raise InvalidArgument(f"{label}: {path} is refused: {error}.") from None
    return data


def photo_base64(path: str | None, label: str) -> str | None:
    if not path:
        return None
    data = read_image(path, label, limit=MAX_PHOTO_BYTES, jpeg_only=False)
    return base64.b64encode(data).decode("ascii")


def license_valid_time(value: str) -> str:
    """DriverLicenseAddInfo.validTime, "ISO time format: yyyy-MM-ddTHH:mm:ss" (no offset),
    from any time of the one syntax (a date alone: the end of that day)."""
    return cli.moment_end(value).strftime("%Y-%m-%dT%H:%M:%S")


license_valid_time.__name__ = "time"


def plate(value: str) -> str:
    """licensePlateNo: printed text of 1..MAX_PLATE_LENGTH characters. The guide types it a
    String without a limit of its own; the vehicle's area takes it as its name (see
    MAX_PLATE_LENGTH), and no control character can be on a plate."""
    value = cli.text(MAX_PLATE_LENGTH, "license plate No.")(value)
    if not value.isprintable():
        raise argparse.ArgumentTypeError(
            f"the license plate No. {value!r} holds control characters; a plate is printed text")
    return value


plate.__name__ = "license plate No."


# ---- vehicles ----------------------------------------------------------------------------

def vehicle_filter(client: Any, args: argparse.Namespace) -> dict[str, Any]:
    """filter.areaID, includeSubArea ("0"/"1": a String) and vehicleID[]; without an area the
    root and everything below it, as the guide's example. An --area NAME is resolved last."""
    from hct.resource import chosen_area

    if args.include_sub_areas and not (args.area_id or args.area):
        raise InvalidArgument("--include-sub-areas needs --area-id or --area.")
    vehicle_ids = cli.ids(args.id, "--id")
    chosen_area(client, args)
    flt: dict[str, Any] = {"areaID": args.area_id or ROOT_AREA,
                           "includeSubArea": "1" if args.include_sub_areas or not args.area_id
                           else "0"}
    if vehicle_ids:
        flt["vehicleID"] = vehicle_ids
    return flt


# What list_vehicles.py answers by default; deviceSerial is the pack's copy of
# device.devInfo.serialNo (what acc_status.py --serial and the video scripts take).
VEHICLE_BRIEF = ("id", "name", "online", "area.name", "vehicleInfo.licensePlateNo",
                 "vehicleInfo.vehicleType", "deviceSerial")


def vehicle_name(vehicle: dict[str, Any]) -> str:
    """What --name matches: the vehicle's name and its plate (usually the same text)."""
    plate_no = str((vehicle.get("vehicleInfo") or {}).get("licensePlateNo") or "")
    name = str(vehicle.get("name") or "")
    return name if plate_no in ("", name) else f"{name} {plate_no}".strip()


VEHICLE_PAGES = paging.PageSpec(VEHICLES_GET, "vehicle", name_of=vehicle_name)


def list_vehicles(client: Any, args: argparse.Namespace) -> cli.Result:
    pages = paging.fetch(client, VEHICLE_PAGES, {"filter": vehicle_filter(client, args)}, args)
    pages.items = [{**vehicle, "deviceSerial": _device_serial(vehicle)}
                   if isinstance(vehicle, dict) else vehicle for vehicle in pages.items]
    return paging.answer(pages, "vehicle", args, "vehicles")


def _device_serial(vehicle: dict[str, Any]) -> str:
    return str(((vehicle.get("device") or {}).get("devInfo") or {}).get("serialNo") or "")


def every_vehicle(client: Any) -> list[dict[str, Any]]:
    body = {"filter": {"areaID": ROOT_AREA, "includeSubArea": "1"}}
    pages = paging.fetch(client, paging.PageSpec(VEHICLES_GET, "vehicle"), body,
                         paging.every_page(paging.MAX_PAGE_SIZE))
    return [item for item in pages.items if isinstance(item, dict)]


def find_vehicle(client: Any, vehicle_id: str) -> dict[str, Any]:
    body = {"filter": {"areaID": ROOT_AREA, "includeSubArea": "1", "vehicleID": [vehicle_id]},
            "pageIndex": 1, "pageSize": 1}
    data = client.post(VEHICLES_GET, body) or {}
    for vehicle in data.get("vehicle") or []:
        if isinstance(vehicle, dict) and str(vehicle.get("id")) == vehicle_id:
            return vehicle
    raise InvalidArgument(f"no vehicle has the ID {vehicle_id}.",
                          hint="list_vehicles.py lists the vehicles and their id.")


def ensure_device_free(client: Any, serial: str, vehicle_id: str | None = None) -> None:
    """The guide's one-device-one-vehicle rule, checked before any change."""
    for vehicle in every_vehicle(client):
        if _device_serial(vehicle) == serial and str(vehicle.get("id")) != (vehicle_id or ""):
            plate = (vehicle.get("vehicleInfo") or {}).get("licensePlateNo") or vehicle.get("name")
            raise InvalidArgument(
                f"on-board device {serial} is already linked to vehicle {vehicle.get('id')} "
                f"({plate}); a device can be linked to one vehicle only.",
                hint="Unlink it from that vehicle first (update_vehicle.py --id "
                     f"{vehicle.get('id')} --unlink-device), or pick another device.")


def add_vehicle_fields(parser: argparse.ArgumentParser, *, update: bool) -> None:
    from hct.resource import add_device_name

    parser.add_argument("--plate", type=plate, required=not update,
                        help=f"license plate No. (licensePlateNo): printed text, at most "
                             f"{MAX_PLATE_LENGTH} characters (it also names the vehicle's "
                             "area)")
    parser.add_argument("--type", choices=VEHICLE_TYPES, required=not update,
                        help="others, car, truck or bus (sent as 0..3)")
    parser.add_argument("--driver-first-name", type=cli.text(64, "first name"))
    parser.add_argument("--driver-last-name", type=cli.text(64, "last name"))
    parser.add_argument("--driver-phone", type=cli.text(32, "phone No."))
    device = parser.add_mutually_exclusive_group()
    device.add_argument("--device-serial", type=cli.serial_number,
                        help="on-board device (category mobileDevice) to link; one per vehicle")
    add_device_name(device, also="; the on-board device to link, instead of --device-serial")
    parser.add_argument("--extend", type=cli.text(256, "annotation", empty=True),
                        help="annotations")
    picture = parser.add_mutually_exclusive_group()
    picture.add_argument("--picture", metavar="JPEG",
                         help="a local JPEG to upload as the vehicle's picture")
    picture.add_argument("--picture-key",
                         help="the key of a picture already uploaded (upload_vehicle_picture.py)")


def _vehicle_body(args: argparse.Namespace, current: dict[str, Any]) -> dict[str, Any]:
    info = current.get("vehicleInfo") or {}
    vehicle_type = VEHICLE_TYPES[args.type] if args.type else info.get("vehicleType", 0)
    body: dict[str, Any] = {
        "licensePlateNo": args.plate or info.get("licensePlateNo") or "",
        "vehicleType": int(vehicle_type)}  # Integer (see the module docstring)
    for field, value in (("driverFirstName", args.driver_first_name),
                         ("driverLastName", args.driver_last_name),
                         ("driverPhoneNo", args.driver_phone), ("extend", args.extend)):
        value = value if value is not None else info.get(field)
        if value:
            body[field] = value
    serial = args.device_serial or (
        "" if getattr(args, "unlink_device", False) else _device_serial(current))
    if serial:
        body["deviceSerial"] = serial
    return body


def _named_area_and_device(client: Any, args: argparse.Namespace) -> None:
    """--area NAME (add_vehicle.py) and --device NAME (the on-board device) resolved into
    args.area_id and args.device_serial; call it after every local check."""
    from hct.resource import chosen_area, chosen_device

    chosen_area(client, args)
    if args.device:
        args.device_serial = str(chosen_device(client, args,
                                               id_flag="--device-serial")["serialNo"])


def add_vehicle(client: Any, args: argparse.Namespace) -> cli.Result:
    picture = _read_vehicle_picture(args.picture)
    _named_area_and_device(client, args)
    if args.device_serial:
        ensure_device_free(client, args.device_serial)
    body = {"areaId": args.area_id, **_vehicle_body(args, {})}
    key = upload_picture(client, picture) if picture else args.picture_key
    if key:
        body["pictureKey"] = key
    data = client.post(VEHICLES_ADD, body) or {}
    linked = f" and linked to device {body['deviceSerial']}" if "deviceSerial" in body else ""
    return cli.Result(f"Vehicle {body['licensePlateNo']} added with ID {data.get('id')}{linked}.",
                      {"id": data.get("id"), **body})


def update_vehicle(client: Any, args: argparse.Namespace) -> cli.Result:
    """vehicles/{id}/update needs licensePlateNo and vehicleType and would clear the optional
    fields left out: the vehicle is read first and what is not given is kept."""
    if args.unlink_device and (args.device_serial or args.device):
        raise InvalidArgument("--unlink-device and --device-serial/--device exclude each other.")
    picture = _read_vehicle_picture(args.picture)
    target_vehicle(client, args, "id", "--id")
    _named_area_and_device(client, args)
    current = find_vehicle(client, args.id)
    if args.device_serial and args.device_serial != _device_serial(current):
        ensure_device_free(client, args.device_serial, args.id)
    body = _vehicle_body(args, current)
    key = upload_picture(client, picture) if picture else args.picture_key
    if key:
        body["pictureKey"] = key
    client.post(VEHICLE_UPDATE.format(id=args.id), body)
    return cli.Result(f"Vehicle {args.id} updated.", {"id": args.id, **body})


def _read_vehicle_picture(path: str | None) -> bytes | None:
    if not path:
        return None
    return read_image(path, "--picture", limit=MAX_VEHICLE_PICTURE_BYTES, jpeg_only=True)


def upload_picture(client: Any, picture: bytes) -> str:
    """picture/uploadparam/get, then PUT the JPEG to the returned pre-signed URL; the key."""
    data = client.post(UPLOAD_PARAM, {"format": "jpg"}) or {}
    key, url = data.get("key"), data.get("url")
    if not key or not url:
        raise UploadFailed("picture/uploadparam/get returned no key or URL.",
                           error_code="BAD_RESPONSE")
    try:
        urls.http_url(str(url))  # read as requests will send it (hct.urls)
    except urls.UrlRefused as refused:
        raise UploadFailed(f"refusing to upload the picture: {refused}.",
                           error_code="UNTRUSTED_HOST") from None
    import requests

    cli.progress(f"uploading {len(picture)} bytes to the platform's storage")
    try:
        # No Token header: the URL is pre-signed, and the token belongs to the platform only.
        response = requests.put(str(url), data=picture, headers={"Content-Type": "image/jpeg"},
                                timeout=UPLOAD_TIMEOUT)
    except requests.RequestException as error:
        raise NetworkError(f"the picture upload failed: {type(error).__name__}") from None
    if not 200 <= response.status_code < 300:
        raise UploadFailed(f"the storage host answered HTTP {response.status_code} to the "
                           "picture upload.")
    return str(key)


def upload_vehicle_picture(client: Any, args: argparse.Namespace) -> cli.Result:
    picture = read_image(args.image, "--image", limit=MAX_VEHICLE_PICTURE_BYTES, jpeg_only=True)
    target_vehicle(client, args, "vehicle_id", "--vehicle-id")
    current = find_vehicle(client, args.vehicle_id) if args.vehicle_id else None
    key = upload_picture(client, picture)
    if current is None:
        return cli.Result(f"Picture uploaded; give pictureKey {key} to add_vehicle.py or "
                          "update_vehicle.py (--picture-key).", {"pictureKey": key,
                                                                 "bytes": len(picture)})
    body = {**_vehicle_body(_no_changes(), current), "pictureKey": key}
    client.post(VEHICLE_UPDATE.format(id=args.vehicle_id), body)
    return cli.Result(f"Picture uploaded and set on vehicle {args.vehicle_id}.",
                      {"pictureKey": key, "bytes": len(picture), "vehicleId": args.vehicle_id})


def _no_changes() -> argparse.Namespace:
    return argparse.Namespace(type=None, plate=None, driver_first_name=None,
                              driver_last_name=None, driver_phone=None, extend=None,
                              device_serial=None)


def acc_status(client: Any, args: argparse.Namespace) -> cli.Result:
    vehicle_ids = cli.ids(args.vehicle_id, "--vehicle-id")
    serials = []
    for serial in cli.split_repeated(args.serial):
        try:
            serials.append(cli.serial_number(serial))
        except argparse.ArgumentTypeError as error:
            raise InvalidArgument(f"--serial: {error}") from None
    if bool(vehicle_ids or args.vehicle) == bool(serials or args.device):
        raise InvalidArgument("give --vehicle-id / --vehicle or --serial / --device (not both: "
                              "the platform ignores the serials when vehicle IDs are sent).")
    vehicle_ids = names.with_named(client, VEHICLES, vehicle_ids, args.vehicle, flag="--vehicle")
    if args.device:
        from hct.resource import DEVICES

        serials = names.with_named(client, DEVICES, serials, args.device, flag="--device",
                                   field="serialNo")
    # Both fields are one String of comma-separated values (the guide's type).
    body = ({"vehicleIds": ",".join(vehicle_ids)} if vehicle_ids
            else {"deviceSerials": ",".join(serials)})
    data = client.post(ACC_STATUS, body) or {}
    infos = [{**info, "accStatusText": ACC_STATES.get(info.get("accStatus"), "unknown")}
             for info in data.get("accStatusInfos") or [] if isinstance(info, dict)]
    on = sum(1 for info in infos if info.get("accStatus") == 1)
    return records.present(cli.Result(f"{len(infos)} ACC status(es), {on} on.",
                                      {"accStatusInfos": infos}), args, "accStatusInfos")


ACC_BRIEF = ("idOrDeviceSerial", "accStatus", "accStatusText")


# ---- names: what --vehicle resolves ------------------------------------------------------

def _vehicle_records(client: Any) -> list[dict[str, Any]]:
    return [records.pick({**vehicle, "deviceSerial": _device_serial(vehicle)},
                         ("id", "name", "area.name", "vehicleInfo.licensePlateNo",
                          "deviceSerial"))
            for vehicle in every_vehicle(client)]


# By name or plate; kept in the name index (vehicles/get has no name filter).
VEHICLES = names.NameKind("vehicle", "--vehicle-id", _vehicle_records, name_of=vehicle_name)


def add_vehicle_name(parser: argparse.ArgumentParser, id_flag: str, *,
                     repeatable: bool = False) -> None:
    names.add_name_argument(parser, "--vehicle", "vehicle", repeatable=repeatable,
                            also=f"; its name or plate, instead of {id_flag}")


def target_vehicle(client: Any, args: argparse.Namespace, id_field: str, id_flag: str) -> None:
    """--vehicle NAME (a name or plate) sets the script's vehicle id (`id_field`); call it
    after every local check: it may read the vehicles."""
    if getattr(args, "vehicle", None):
        kind = VEHICLES if id_flag == VEHICLES.id_flag else VEHICLES.picked_by(id_flag)
        setattr(args, id_field, str(names.resolve(client, kind, args.vehicle,
                                                  flag="--vehicle")["id"]))


# ---- names: what --driver and --driver-group resolve --------------------------------------

def _driver_records(drivers: list[Any]) -> list[dict[str, Any]]:
    return [records.pick(driver, ("driverId", "driverName", "driverCode", "driverGroupName"))
            for driver in drivers if isinstance(driver, dict)]


def _every_driver(client: Any, body: dict[str, Any]) -> list[Any]:
    return paging.fetch(client, DRIVER_PAGES, body,
                        paging.every_page(paging.MAX_PAGE_SIZE)).items


def _search_drivers(client: Any, query: str) -> list[dict[str, Any]]:
    """driver/batchquery's fuzzySearch (name, No. or plate), word by word."""
    return names.search_by_words(
        query, lambda word: _driver_records(_every_driver(client, {"fuzzySearch": word})),
        DRIVER_PAGES.name_of, lambda driver: driver.get("driverId"))


def _driver_group_records(client: Any) -> list[dict[str, Any]]:
    return [records.pick(group, ("groupId", "groupName", "areaName"))
            for group in query_groups(client, [])]


# A driver's `area` in candidates is its group (drivers belong to groups, not areas).
DRIVERS = names.NameKind("driver", "--driver-id",
                         lambda client: _driver_records(_every_driver(client, {})),
                         id_field="driverId", name_of=lambda driver: driver.get("driverName"),
                         area_of=lambda driver: driver.get("driverGroupName"),
                         search=_search_drivers)
# driverGroup/batchquery has no name filter: the groups are kept in the name index.
DRIVER_GROUPS = names.NameKind("driver group", "--group-id", _driver_group_records,
                               id_field="groupId", name_of=lambda group: group.get("groupName"),
                               area_of=lambda group: group.get("areaName"))


def add_driver_group_target(parser: argparse.ArgumentParser, *, required: bool,
                            what: str) -> None:
    """--group-id ID or --driver-group NAME (one of them); read with `chosen_driver_group`."""
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument("--group-id", type=cli.resource_id,
                       help=f"{what}: its driver group ID (list_driver_groups.py)")
    names.add_name_argument(group, "--driver-group", "driver group",
                            also="; instead of --group-id")


def chosen_driver_group(client: Any, args: argparse.Namespace) -> str | None:
    """The driver group of --group-id or --driver-group NAME (resolved: call it after every
    local check)."""
    if args.driver_group:
        args.group_id = str(names.resolve(client, DRIVER_GROUPS, args.driver_group,
                                          flag="--driver-group")["groupId"])
    return args.group_id


# ---- drivers -----------------------------------------------------------------------------

def list_drivers(client: Any, args: argparse.Namespace) -> cli.Result:
    body: dict[str, Any] = {}
    driver_ids = cli.ids(args.id, "--id")
    if args.search and args.name_filter:
        raise InvalidArgument("--search and --name both use the platform's fuzzySearch: give "
                              "one of them.")
    if chosen_driver_group(client, args):
        body["groupId"] = args.group_id
    if driver_ids:
        body["driverIds"] = driver_ids
    if args.status:
        body["distributionStatus"] = DISTRIBUTION_STATES[args.status]
    if args.search or args.name_filter:
        # --name: its longest word goes to the platform, then every word must match
        body["fuzzySearch"] = args.search or names.search_word(args.name_filter)
    if args.linked:
        body["relatedVehicle"] = RELATED_VEHICLE[args.linked]
    return paging.listed(client, DRIVER_PAGES, body, args, "drivers")


DRIVER_PAGES = paging.PageSpec(DRIVER_QUERY, "drivers",
                               name_of=lambda driver: driver.get("driverName"))
# What list_drivers.py answers by default.
DRIVER_BRIEF = ("driverId", "driverName", "driverCode", "driverGroupId", "driverGroupName",
                "phone", "distributionStatus")


def add_driver_fields(parser: argparse.ArgumentParser, *, update: bool) -> None:
    parser.add_argument("--first-name", type=cli.text(64, "first name"))
    parser.add_argument("--last-name", type=cli.text(64, "last name"))
    parser.add_argument("--code", type=cli.text(32, "driver code"), required=not update,
                        help="driver code (driverCode)")
    parser.add_argument("--gender", choices=DRIVER_GENDERS, required=not update,
                        help="unknown, male or female (sent as 0, 1, 2)")
    add_driver_group_target(parser, required=not update, what="the driver's group")
    parser.add_argument("--phone", type=cli.text(32, "phone No.", empty=True))
    parser.add_argument("--email", type=cli.text(64, "email", empty=True))
    parser.add_argument("--description", type=cli.text(256, "description", empty=True))
    parser.add_argument("--vehicle-id", action="append", metavar="ID",
                        help="linked vehicle ID (repeatable or comma list; at most 100)")
    add_vehicle_name(parser, "--vehicle-id", repeatable=True)
    parser.add_argument("--license-no", type=cli.text(64, "driving license No."))
    parser.add_argument("--license-valid", type=license_valid_time,
                        help="driving license valid until (e.g. 2030-12-31 or "
                             "2030-12-31T23:59:59; sent as yyyy-MM-ddTHH:mm:ss)")
    parser.add_argument("--license-image", metavar="FILE",
                        help="picture of the driving license (JPEG/PNG, at most 5 MB)")
    parser.add_argument("--photo", metavar="FILE", required=not update,
                        help="the driver's face picture (JPEG/PNG, at most 5 MB)")


def _driver_body(client: Any, args: argparse.Namespace,
                 current: dict[str, Any]) -> dict[str, Any]:
    """The driver as driver/add and driver/update take it; the group (--driver-group) and
    vehicles (--vehicle) named are resolved after every local check."""
    first = args.first_name if args.first_name is not None else ""
    last = args.last_name if args.last_name is not None else ""
    if not (first or last):
        raise InvalidArgument("give --first-name or --last-name (the guide needs one of them).")
    vehicles = cli.ids(args.vehicle_id, "--vehicle-id", limit=MAX_LINKED_VEHICLES)
    photo = photo_base64(args.photo, "--photo")
    image = photo_base64(args.license_image, "--license-image")
    chosen_driver_group(client, args)
    vehicles = names.with_named(client, VEHICLES, vehicles, args.vehicle, flag="--vehicle")
    if len(vehicles) > MAX_LINKED_VEHICLES:
        raise InvalidArgument(f"a driver is linked to at most {MAX_LINKED_VEHICLES} vehicles "
                              f"({len(vehicles)} given).")
    if args.vehicle_id is None and not args.vehicle:
        vehicles = [str(item.get("vehicleId")) for item in current.get("relatedVehicles") or []
                    if isinstance(item, dict) and item.get("vehicleId")]
    license_now = current.get("driverLicenseInfo") or {}
    license_info = {"licenseNo": args.license_no or license_now.get("licenseNo") or "",
                    "validTime": args.license_valid or license_now.get("validTime") or ""}
    if image:
        license_info["imageData"] = image

    def keep(value: Any, field: str) -> str:
        return value if value is not None else str(current.get(field) or "")

    gender = DRIVER_GENDERS[args.gender] if args.gender else int(current.get("gender") or 0)
    body: dict[str, Any] = {
        "firstName": first, "lastName": last,
        "driverCode": keep(args.code, "driverCode"), "gender": gender,
        "groupId": keep(args.group_id, "driverGroupId"), "phone": keep(args.phone, "phone"),
        "email": keep(args.email, "email"),
        "description": keep(args.description, "description"),
        "relateVehicleIds": vehicles, "driverLicenseInfo": license_info}
    if photo:
        body["photoData"] = photo
    return body


def add_driver(client: Any, args: argparse.Namespace) -> cli.Result:
    body = _driver_body(client, args, {})
    data = client.post(DRIVER_ADD, body) or {}
    return cli.Result(f"Driver {body['driverCode']} added with ID {data.get('driverId')}.",
                      {"driverId": data.get("driverId"), **_shown(body)})


def _shown(body: dict[str, Any]) -> dict[str, Any]:
    """A driver body without the Base64 pictures (they are large and say nothing)."""
    shown = {key: value for key, value in body.items() if key != "photoData"}
    if "photoData" in body:
        shown["photoBytes"] = len(base64.b64decode(body["photoData"]))
    license_info = dict(shown.get("driverLicenseInfo") or {})
    if license_info.pop("imageData", None):
        license_info["imageAttached"] = True
    shown["driverLicenseInfo"] = license_info
    return shown


def update_driver(client: Any, args: argparse.Namespace) -> cli.Result:
    """driver/update needs every field: the driver is read first (batchquery) and what is not
    given is kept. The platform returns only the full name, so a name must be given."""
    if args.first_name is None and args.last_name is None:
        raise InvalidArgument("give --first-name and/or --last-name: the platform returns only "
                              "the driver's full name, which cannot be split safely.")
    if args.driver:
        args.id = str(names.resolve(client, DRIVERS.picked_by("--id"), args.driver,
                                    flag="--driver")["driverId"])
    data = client.post(DRIVER_QUERY, {"driverIds": [args.id], "pageIndex": 1,
                                      "pageSize": 1}) or {}
    current = next((item for item in data.get("drivers") or [] if isinstance(item, dict)
                    and str(item.get("driverId")) == args.id), None)
    if current is None:
        raise InvalidArgument(f"no driver has the ID {args.id}.",
                              hint="list_drivers.py lists the drivers and their driverId.")
    body = {"driverId": args.id, **_driver_body(client, args, current)}
    client.post(DRIVER_UPDATE, body)
    return cli.Result(f"Driver {args.id} updated.", _shown(body))


def delete_drivers(client: Any, args: argparse.Namespace) -> cli.Result:
    """--id and/or --driver NAME (each resolved before anything is sent)."""
    args.id = names.with_named(client, DRIVERS.picked_by("--id"), cli.ids(args.id, "--id"),
                               args.driver, flag="--driver", required=True)
    return cli.batch_delete(client, args, DRIVER_DELETE, "driverIdList", "driver")


# ---- driver groups -----------------------------------------------------------------------

def query_groups(client: Any, group_ids: list[str]) -> list[dict[str, Any]]:
    # driverGroupIdList "null" means every group: the field is left out then.
    data = client.post(GROUP_QUERY, {"driverGroupIdList": group_ids} if group_ids else {})
    return [item for item in data or [] if isinstance(item, dict)]


def list_driver_groups(client: Any, args: argparse.Namespace) -> cli.Result:
    """driverGroup/batchquery has no name filter: --name keeps the groups whose name holds
    every word."""
    groups = query_groups(client, cli.ids(args.id, "--id"))
    matched = ""
    if args.name_filter:
        groups = names.matching(groups, args.name_filter, lambda group: group.get("groupName"))
        matched = f" matching {args.name_filter!r}"
    return records.present(cli.Result(f"{len(groups)} driver group(s){matched}.",
                                      {"count": len(groups), "driverGroups": groups}),
                           args, "driverGroups")


DRIVER_GROUP_BRIEF = ("groupId", "groupName", "areaId", "areaName", "peopleCount")


def add_driver_group(client: Any, args: argparse.Namespace) -> cli.Result:
    from hct.resource import chosen_area

    body = {"driverGroupName": args.name, "relatedAreaId": chosen_area(client, args)}
    data = client.post(GROUP_ADD, body) or {}
    return cli.Result(f"Driver group {args.name!r} added with ID {data.get('id')}.",
                      {"id": data.get("id"), **body})


def update_driver_group(client: Any, args: argparse.Namespace) -> cli.Result:
    """driverGroup/update needs id, name and area: the one not given is read first. The
    group (--driver-group) and the area (--area) may be given by name."""
    from hct.resource import chosen_area

    if not (args.name or args.area_id or args.area):
        raise InvalidArgument("give --name and/or --area-id (--area).")
    if args.driver_group:
        args.id = str(names.resolve(client, DRIVER_GROUPS.picked_by("--id"), args.driver_group,
                                    flag="--driver-group")["groupId"])
    name, area = args.name, chosen_area(client, args)
    if not (name and area):
        current = next((group for group in query_groups(client, [args.id])
                        if str(group.get("groupId")) == args.id), None)
        if current is None:
            raise InvalidArgument(f"no driver group has the ID {args.id}.",
                                  hint="list_driver_groups.py lists the groups.")
        name, area = name or current.get("groupName"), area or current.get("areaId")
    body = {"id": args.id, "driverGroupName": name, "relatedAreaId": area}
    client.post(GROUP_UPDATE, body)
    return cli.Result(f"Driver group {args.id} updated.", body)


def delete_driver_groups(client: Any, args: argparse.Namespace) -> cli.Result:
    """--id and/or --driver-group NAME (each resolved before anything is sent)."""
    args.id = names.with_named(client, DRIVER_GROUPS.picked_by("--id"),
                               cli.ids(args.id, "--id"), args.driver_group,
                               flag="--driver-group", required=True)
    return cli.batch_delete(client, args, GROUP_DELETE, "driverGroupIdList", "driver group")


# ---- driver face pictures ----------------------------------------------------------------

def apply_faces(client: Any, args: argparse.Namespace) -> cli.Result:
    driver_ids = names.with_named(client, DRIVERS, cli.ids(args.driver_id, "--driver-id"),
                                  args.driver, flag="--driver", required=True)
    data = client.post(FACE_APPLY, {"driverIds": driver_ids}) or {}
    guid = data.get("guid") or data.get("GUID")  # the example's name, the table's name
    if not guid:
        return cli.Result(f"Face pictures of {len(driver_ids)} driver(s) applied (no task "
                          "GUID returned: the platform finished at once).",
                          {"driverIds": driver_ids, "guid": None})
    if not args.wait:
        return cli.Result(f"Applying face pictures of {len(driver_ids)} driver(s): task {guid}. "
                          f"Check it with driver_face_status.py --guid {guid} in 1-2 seconds.",
                          {"driverIds": driver_ids, "guid": guid})
    cli.progress(f"task {guid}: waiting {FACE_RESULT_DELAY:g} s for the result")
    time.sleep(FACE_RESULT_DELAY)
    return face_status_of(client, guid)


def face_status(client: Any, args: argparse.Namespace) -> cli.Result:
    return face_status_of(client, args.guid)


def face_status_of(client: Any, guid: str) -> cli.Result:
    data = client.post(FACE_STATUS, {"guid": guid}) or {}
    failed = data.get("distributionFailedStatus") or []
    total, succeeded = data.get("totalCount"), data.get("successCount")
    return results.check(failed, {"guid": guid, **data}, what="face applications",
                         id_field="driverId", total=total, rows=failed,
                         message=f"Task {guid}: {succeeded} of {total} applied.")
