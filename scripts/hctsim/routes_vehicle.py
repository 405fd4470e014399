"""Guide 5.9 On-board monitoring: vehicles, the vehicle picture upload, ACC status, drivers,
driver groups and driver face applications.

Demo data (deterministic for the seed, in `sim.store("vehicle")`): the world's on-board
devices (category mobileDevice) if it has any, else six of our own (`onboard`: serial
"M" + 8 digits, ids of 32 hex digits, in the world's sub-areas, the last one offline);
four vehicles, the first three linked to the first three on-board devices; two driver
groups and three drivers.

The picture upload target: picture/uploadparam/get answers a key and an S3-style pre-signed
URL on the simulator's storage host (`sim.storage.presign_upload`, see hctsim.storage; like
the platform's storage host, not the API host). `PUT` stores a JPEG there while the URL is
valid (15 minutes of `sim.now()`, HTTP 403 after, or with a wrong signature; 400 for a body
that is not a JPEG); `GET` of the same path returns it (the vehicles' pictureUrl). Stored
pictures are also kept in `store["pictures"]`. The upload needs no Token; one sent there is
recorded in `store["uploadTokens"]` so tests can assert it never is.
"""

from __future__ import annotations

import base64
import binascii
import random
import time
from typing import Any

from hctsim.core import ApiError, Sim, route
from hctsim.fields import delete_listed, existing, string_list

RESOURCE = "/api/hccgw/resource/v1"
VEHICLE = "/api/hccgw/vehicle/v1"
ROOT_AREA = "-1"
FREE_PACKAGE_VEHICLES = 10
UPLOAD_VALID_SECONDS = 15 * 60
MAX_PHOTO_BYTES = 5 * 1024 * 1024


def _store(sim: Sim) -> dict[str, Any]:
    return sim.store("vehicle", lambda: _build(sim))


def _build(sim: Sim) -> dict[str, Any]:
    rng = random.Random(f"hct-sim-vehicle-{sim.seed}")
    world = sim.world
    sub_areas = world.areas[1:] or world.areas

    def new_id() -> str:
        return f"{rng.getrandbits(128):032x}"

    onboard = {device["serialNo"]: {"id": device["id"], "serialNo": device["serialNo"],
                                    "areaId": device["areaId"], "world": True}
               for device in world.devices if device["category"] == "mobileDevice"}
    if not onboard:
        for index in range(6):
            serial = f"M{rng.randrange(10**8):08d}"
            onboard[serial] = {"id": new_id(), "serialNo": serial,
                               "name": f"Mobile DVR {index + 1:02d}",
                               "areaId": sub_areas[index % len(sub_areas)]["id"],
                               "online": index != 5, "world": False}
    serials = list(onboard)
    vehicles: dict[str, dict[str, Any]] = {}
    for index, (plate, kind) in enumerate((("KX21 ABC", 1), ("LD70 TRK", 2), ("BUS 42", 3),
                                           ("YARD 7", 0))):
        vehicle_id = new_id()
        device = onboard[serials[index]] if index < 3 else None
        vehicles[vehicle_id] = {
            "id": vehicle_id, "areaId": device["areaId"] if device else sub_areas[0]["id"],
            "licensePlateNo": plate, "vehicleType": kind,
            "driverFirstName": ("San", "Ana", "Tom", "")[index],
            "driverLastName": ("Zhang", "Lopez", "Brown", "")[index],
            "driverPhoneNo": f"+4477009000{index:02d}" if index < 3 else "",
            "extend": "", "pictureKey": "",
            "deviceSerial": device["serialNo"] if device else "",
            "acc": (1, 0, -1, -1)[index]}
    groups: dict[str, dict[str, Any]] = {}
    for name, area in (("Day shift", sub_areas[0]), ("Night shift", sub_areas[1 % len(sub_areas)])):
        group_id = new_id()
        groups[group_id] = {"groupId": group_id, "groupName": name, "areaId": area["id"]}
    drivers: dict[str, dict[str, Any]] = {}
    vehicle_ids = list(vehicles)
    for index, (first, last) in enumerate((("San", "Zhang"), ("Ana", "Lopez"), ("Tom", "Brown"))):
        driver_id = str(521728422020533248 + index * 104729)
        drivers[driver_id] = {
            "driverId": driver_id, "firstName": first, "lastName": last,
            "driverCode": f"D{index + 1:03d}", "gender": (1, 2, 0)[index],
            "groupId": list(groups)[index % 2], "phone": f"+4477009100{index:02d}",
            "email": f"{first.lower()}@fleet.example.com", "description": "",
            "vehicleIds": [vehicle_ids[index]], "license": {
                "licenseNo": f"LIC{index:05d}", "validTime": "2030-12-31T23:59:59"},
            "photo": index != 2, "distributionStatus": 0}
    return {"onboard": onboard, "vehicles": vehicles, "groups": groups, "drivers": drivers,
            "tasks": {}, "pictures": {}, "uploadTokens": [], "rng": rng}


# ---- helpers -------------------------------------------------------------------------------

def _device(sim: Sim, store: dict[str, Any], serial: str) -> dict[str, Any] | None:
    """An on-board device: one of ours, or a world device of category mobileDevice (those
    added with devices/add after the demo data was made count too)."""
    device = store["onboard"].get(serial)
    if device is None:
        known = sim.world.device_by_serial(serial)
        if known is not None and known["category"] == "mobileDevice":
            device = {"id": known["id"], "serialNo": serial, "areaId": known["areaId"],
                      "world": True}
    return device


def _device_online(sim: Sim, device: dict[str, Any] | None) -> bool:
    if device is None:
        return False
    if device["world"]:
        known = sim.world.device_by_serial(device["serialNo"])
        return bool(known and known["onlineStatus"])
    return bool(device["online"])


def _vehicle_public(sim: Sim, store: dict[str, Any], vehicle: dict[str, Any]) -> dict[str, Any]:
    """VehicleInfo(1) as the guide's vehicles/get example shows it."""
    device = _device(sim, store, vehicle["deviceSerial"]) if vehicle["deviceSerial"] else None
    picture = vehicle["pictureKey"]
    return {"id": vehicle["id"], "name": vehicle["licensePlateNo"], "abilitySet": "",
            "online": "1" if _device_online(sim, device) else "0",
            "area": sim.world.area_ref(vehicle["areaId"]),
            "device": {"devInfo": {"id": device["id"] if device else "", "category": "0",
                                   "serialNo": vehicle["deviceSerial"], "streamSecretKey": ""},
                       "channelInfo": {}},
            "vehicleInfo": {key: vehicle[key] for key in (
                "licensePlateNo", "vehicleType", "driverFirstName", "driverLastName",
                "driverPhoneNo", "extend")}
            | {"pictureUrl": _picture_url(sim, store, picture) if picture else ""}}


def _vehicle_fields(sim: Sim, store: dict[str, Any], body: Any, *, vehicle_id: str,
                    type_: Any) -> dict[str, Any]:
    plate = sim.require(body, "licensePlateNo", str).strip()
    if not plate:
        raise ApiError("OPEN000010", "licensePlateNo must not be empty.")
    kind = sim.require(body, "vehicleType", type_)
    if isinstance(kind, str):
        kind = int(kind) if kind.strip().isdigit() else -1
    if kind not in (0, 1, 2, 3):
        raise ApiError("OPEN000010", "vehicleType must be 0, 1, 2 or 3.")
    fields = {"licensePlateNo": plate, "vehicleType": kind}
    for key in ("driverFirstName", "driverLastName", "driverPhoneNo", "extend"):
        fields[key] = sim.optional(body, key, str, "")
    serial = sim.optional(body, "deviceSerial", str, "")
    if serial:
        if _device(sim, store, serial) is None:
            raise ApiError("OPEN000501", f"no on-board device {serial}.")
        holder = next((v for v in store["vehicles"].values()
                       if v["deviceSerial"] == serial and v["id"] != vehicle_id), None)
        if holder is not None:
            raise ApiError("OPEN000010", f"device {serial} is already linked to vehicle "
                                         f"{holder['id']}.")
    fields["deviceSerial"] = serial
    key = sim.optional(body, "pictureKey", str, "")
    if key:
        if key not in store["pictures"]:
            raise ApiError("OPEN000010", f"no uploaded picture has the key {key}.")
        fields["pictureKey"] = key
    if any(v["licensePlateNo"] == plate and v["id"] != vehicle_id
           for v in store["vehicles"].values()):
        raise ApiError("OPEN000511", f"a vehicle with license plate {plate} exists.")
    return fields


# ---- vehicles ------------------------------------------------------------------------------

@route("POST", f"{RESOURCE}/areas/vehicles/add")
def vehicles_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    area_id = sim.require(body, "areaId", str)
    if area_id not in sim.world.area_by_id:
        raise ApiError("OPEN000031")
    with sim.lock:
        store = _store(sim)
        fields = _vehicle_fields(sim, store, body, vehicle_id="", type_=int)
        if len(store["vehicles"]) >= FREE_PACKAGE_VEHICLES:
            raise ApiError("OPEN000024", "The free package supports 10 vehicles.")
        vehicle_id = f"{store['rng'].getrandbits(128):032x}"
        store["vehicles"][vehicle_id] = {"id": vehicle_id, "areaId": area_id, "pictureKey": "",
                                         "acc": -1, **fields}
    return {"id": vehicle_id}


@route("POST", f"{RESOURCE}/areas/vehicles/{{id}}/update")
def vehicles_update(sim: Sim, body: Any, request: Any, id: str) -> None:
    with sim.lock:
        store = _store(sim)
        vehicle = existing(store["vehicles"], id, "OPEN000011", "vehicle")
        # vehicleType: String in this table, Integer in vehicles/add and the examples.
        fields = _vehicle_fields(sim, store, body, vehicle_id=id, type_=(int, str))
        vehicle.update(fields)  # optional fields left out are cleared; a picture stays
    return None


# ---- on-board devices added or deleted by the resource module (routes_resource) -----------

def link_on_board_device(sim: Sim, serial: str, area_id: str, info: Any) -> dict[str, Any]:
    """devices/add of an on-board device: link the vehicle of VehicleInfo(3) `info` to the
    device `serial` (already in the world) and return it as VehicleInfo(1). `vehicleID`
    links an existing vehicle (taking it from any device it had); without it a new vehicle is
    made in `area_id` (the root when empty) from licensePlateNo and the optional fields, with
    the checks of areas/vehicles/add. Call with `sim.lock` held."""
    store = _store(sim)
    vehicle_id = sim.optional(info, "vehicleID", str, "")
    if vehicle_id:
        vehicle = existing(store["vehicles"], vehicle_id, "OPEN000011", "vehicle")
        vehicle["deviceSerial"] = serial
    else:
        fields = {key: value for key, value in info.items() if key != "vehicleID"}
        body = {"vehicleType": 0, **fields, "deviceSerial": serial,
                "areaId": area_id or sim.world.root["id"]}
        vehicle = store["vehicles"][vehicles_add(sim, body, None)["id"]]
    return vehicle_info(sim, vehicle)


def vehicle_of_device(sim: Sim, serial: str) -> dict[str, Any] | None:
    """VehicleInfo(1) of the vehicle linked to the on-board device `serial`, if any."""
    store = _store(sim)
    vehicle = next((item for item in store["vehicles"].values()
                    if item["deviceSerial"] == serial), None)
    return vehicle_info(sim, vehicle) if vehicle else None


def release_on_board_device(sim: Sim, serial: str, delete_vehicle: bool) -> None:
    """devices/delete of an on-board device: its vehicle is deleted too (deleteVehicle 1)
    or kept without a device."""
    store = _store(sim)
    for vehicle_id, vehicle in list(store["vehicles"].items()):
        if vehicle["deviceSerial"] == serial:
            if delete_vehicle:
                del store["vehicles"][vehicle_id]
            else:
                vehicle["deviceSerial"] = ""


def vehicle_info(sim: Sim, vehicle: dict[str, Any]) -> dict[str, Any]:
    """VehicleInfo(1) (A.3.166). speedLimit (cm/h) is not modelled: 0, no limit."""
    picture = vehicle["pictureKey"]
    return {"id": vehicle["id"], **{key: vehicle[key] for key in (
        "licensePlateNo", "vehicleType", "driverFirstName", "driverLastName", "driverPhoneNo")},
        "pictureUrl": _picture_url(sim, _store(sim), picture) if picture else "",
        "extend": vehicle["extend"], "speedLimit": 0}


@route("POST", f"{RESOURCE}/areas/vehicles/get")
def vehicles_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    index, size = sim.paging(body)
    area_id = sim.optional(body, "filter.areaID", str, "") or ROOT_AREA
    include = sim.optional(body, "filter.includeSubArea", str, "0")
    if include not in ("0", "1"):
        raise ApiError("OPEN000010", "filter.includeSubArea must be \"0\" or \"1\".")
    wanted = set(string_list(sim, body, "filter.vehicleID"))
    world = sim.world
    start = world.root["id"] if area_id == ROOT_AREA else area_id
    if start not in world.area_by_id:
        raise ApiError("OPEN000031")
    areas = world.subtree_ids(start) if include == "1" else {start}
    with sim.lock:
        store = _store(sim)
        rows = [_vehicle_public(sim, store, vehicle) for vehicle in store["vehicles"].values()
                if vehicle["areaId"] in areas and (not wanted or vehicle["id"] in wanted)]
    return {"totalCount": len(rows), "pageIndex": index, "pageSize": size,
            "vehicle": Sim.page(rows, index, size)}


@route("POST", f"{RESOURCE}/accstatus/search")
def acc_status(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    vehicle_ids = sim.optional(body, "vehicleIds", str, "")
    serials = sim.optional(body, "deviceSerials", str, "")
    if not vehicle_ids.strip() and not serials.strip():
        raise ApiError("OPEN000010", "deviceSerials or vehicleIds is required.")
    with sim.lock:
        store = _store(sim)
        by_serial = {v["deviceSerial"]: v for v in store["vehicles"].values()
                     if v["deviceSerial"]}
        infos = []
        # "If both are configured, vehicleIds shall prevail."
        for item in (vehicle_ids or serials).split(","):
            key = item.strip()
            if not key:
                continue
            vehicle = store["vehicles"].get(key) if vehicle_ids else by_serial.get(key)
            state = vehicle["acc"] if vehicle and vehicle["deviceSerial"] else -1
            infos.append({"idOrDeviceSerial": key, "accStatus": state})
    return {"accStatusInfos": infos}


# ---- the picture upload --------------------------------------------------------------------

@route("POST", f"{RESOURCE}/picture/uploadparam/get")
def upload_param(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    fmt = sim.require(body, "format", str)
    if fmt.lower() != "jpg":
        raise ApiError("OPEN000010", "Currently only JPG format is supported.")
    with sim.lock:
        store = _store(sim)
        day = time.strftime("%Y-%m-%d", time.gmtime(sim.now()))
        key = f"msvehicle/images/{sim.user_id}/{day}/{store['rng'].getrandbits(128):032x}.jpg"

    def uploaded(key: str, data: bytes, headers: dict[str, str]) -> None:
        with sim.lock:
            if any(name.lower() == "token" for name in headers):
                store["uploadTokens"].append(key)
            store["pictures"][key] = data

    url = sim.storage.presign_upload(key, UPLOAD_VALID_SECONDS, check=_not_jpeg,
                                     on_upload=uploaded)
    return {"key": key, "url": url}


def _not_jpeg(data: bytes) -> str | None:
    return None if data.startswith(b"\xff\xd8\xff") else "The body is not a JPEG."


def _picture_url(sim: Sim, store: dict[str, Any], key: str) -> str:
    return sim.storage.url(key)


# ---- drivers -------------------------------------------------------------------------------

def _driver_public(store: dict[str, Any], driver: dict[str, Any]) -> dict[str, Any]:
    """DriverInfo (2), as the guide's batchquery example shows it (gender as a String)."""
    group = store["groups"].get(driver["groupId"], {})
    vehicles = [store["vehicles"][vehicle_id] for vehicle_id in driver["vehicleIds"]
                if vehicle_id in store["vehicles"]]
    return {"driverGroupId": driver["groupId"], "driverGroupName": group.get("groupName", ""),
            "driverId": driver["driverId"],
            "facepicUrl": f"https://sim.invalid/faces/{driver['driverId']}.jpg"
            if driver["photo"] else "",
            "driverName": " ".join(part for part in (driver["firstName"], driver["lastName"])
                                   if part),
            "driverCode": driver["driverCode"], "gender": str(driver["gender"]),
            "phone": driver["phone"], "email": driver["email"],
            "description": driver["description"],
            "distributionStatus": driver["distributionStatus"],
            "distributionInfo": {"errorInfo": driver.get("errorInfo", [])},
            "relatedVehicles": [{"plateLicense": v["licensePlateNo"], "vehicleId": v["id"],
                                 "deviceSerial": v["deviceSerial"]} for v in vehicles],
            "driverLicenseInfo": {"validTime": driver["license"].get("validTime", ""),
                                  "licenseNo": driver["license"].get("licenseNo", ""),
                                  "imageUrl": ""}}


@route("POST", f"{VEHICLE}/driver/batchquery")
def driver_query(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    index, size = sim.paging(body)
    group_id = sim.optional(body, "groupId", str, "")
    wanted = set(string_list(sim, body, "driverIds"))
    status = sim.optional(body, "distributionStatus", int, -1)
    search = sim.optional(body, "fuzzySearch", str, "").lower()
    related = sim.optional(body, "relatedVehicle", int, -1)
    if status not in (-1, 0, 1, 2, 3) or related not in (-1, 1, 2):
        raise ApiError("OPEN010003", "distributionStatus or relatedVehicle is out of range.")
    with sim.lock:
        store = _store(sim)
        if group_id and group_id not in store["groups"]:
            raise ApiError("OPEN010003", f"no driver group {group_id}.")
        rows = [_driver_public(store, driver) for driver in store["drivers"].values()]
    rows = [row for row in rows
            if (not group_id or row["driverGroupId"] == group_id)
            and (not wanted or row["driverId"] in wanted)
            and (status == -1 or row["distributionStatus"] == status)
            and (related == -1 or bool(row["relatedVehicles"]) == (related == 2))
            and (not search or search in row["driverName"].lower()
                 or search in row["driverCode"].lower()
                 or any(search in v["plateLicense"].lower() for v in row["relatedVehicles"]))]
    return {"drivers": Sim.page(rows, index, size)}


def _picture_data(sim: Sim, body: Any, path: str, code: str, *, required: bool) -> bool:
    value = (sim.require if required else sim.optional)(body, path, str)
    if not value:
        return False
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(code, f"{path} is not Base64.") from None
    if len(raw) > MAX_PHOTO_BYTES:
        raise ApiError(code, f"{path} is larger than 5 MB.")
    return True


def _driver_fields(sim: Sim, store: dict[str, Any], body: Any, code: str,
                   driver_id: str) -> dict[str, Any]:
    first = sim.optional(body, "firstName", str, "")
    last = sim.optional(body, "lastName", str, "")
    if not (first or last):
        raise ApiError(code, "Either firstName or lastName should be configured.")
    driver_code = sim.require(body, "driverCode", str)
    if not driver_code or any(d["driverCode"] == driver_code and d["driverId"] != driver_id
                              for d in store["drivers"].values()):
        raise ApiError(code, f"driverCode {driver_code!r} is empty or taken.")
    gender = sim.require(body, "gender", int)
    if gender not in (0, 1, 2):
        raise ApiError(code, "gender must be 0 (unknown), 1 (male) or 2 (female).")
    group_id = sim.require(body, "groupId", str)
    if group_id not in store["groups"]:
        raise ApiError(code, f"no driver group {group_id}.")
    fields = {key: sim.require(body, key, str) for key in ("phone", "email", "description")}
    vehicles = string_list(sim, body, "relateVehicleIds", required=True)
    if len(vehicles) > 100 or any(v not in store["vehicles"] for v in vehicles):
        raise ApiError(code, "relateVehicleIds: at most 100 IDs of existing vehicles.")
    license_info = sim.require(body, "driverLicenseInfo", dict)
    _picture_data(sim, body, "driverLicenseInfo.imageData", code, required=False)
    return {"firstName": first, "lastName": last, "driverCode": driver_code, "gender": gender,
            "groupId": group_id, **fields, "vehicleIds": vehicles,
            "license": {key: str(license_info.get(key) or "")
                        for key in ("licenseNo", "validTime")}}


@route("POST", f"{VEHICLE}/driver/add")
def driver_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    with sim.lock:
        store = _store(sim)
        fields = _driver_fields(sim, store, body, "OPEN010001", "")
        _picture_data(sim, body, "photoData", "OPEN010001", required=True)
        driver_id = str(521728422020533248 + store["rng"].randrange(10**12))
        store["drivers"][driver_id] = {"driverId": driver_id, **fields, "photo": True,
                                       "distributionStatus": 0}
    return {"driverId": driver_id}


@route("POST", f"{VEHICLE}/driver/update")
def driver_update(sim: Sim, body: Any, request: Any) -> None:
    driver_id = sim.require(body, "driverId", str)
    with sim.lock:
        store = _store(sim)
        driver = existing(store["drivers"], driver_id, "OPEN010002", "driver")
        fields = _driver_fields(sim, store, body, "OPEN010002", driver_id)
        # photoData: required by the table, absent from the example; a missing one is kept.
        if _picture_data(sim, body, "photoData", "OPEN010002", required=False):
            fields["photo"] = True
            fields["distributionStatus"] = 0
        driver.update(fields)
    return None


@route("POST", f"{VEHICLE}/driver/batchdel")
def driver_delete(sim: Sim, body: Any, request: Any) -> None:
    delete_listed(sim, body, "driverIdList", lambda: _store(sim)["drivers"])
    return None


# ---- driver groups -------------------------------------------------------------------------

def _group_public(sim: Sim, store: dict[str, Any], group: dict[str, Any]) -> dict[str, Any]:
    """DriverGroupInfo (A.3.83)."""
    return {"groupId": group["groupId"], "groupName": group["groupName"],
            "areaId": group["areaId"], "areaName": sim.world.area_ref(group["areaId"])["name"],
            "peopleCount": sum(1 for d in store["drivers"].values()
                               if d["groupId"] == group["groupId"])}


@route("POST", f"{VEHICLE}/driverGroup/batchquery")
def group_query(sim: Sim, body: Any, request: Any) -> list[dict[str, Any]]:
    wanted = string_list(sim, body, "driverGroupIdList", code="OPEN010006")
    with sim.lock:
        store = _store(sim)
        return [_group_public(sim, store, group) for group in store["groups"].values()
                if not wanted or group["groupId"] in wanted]


def _group_fields(sim: Sim, store: dict[str, Any], body: Any, code: str,
                  group_id: str) -> dict[str, Any]:
    name = sim.require(body, "driverGroupName", str).strip()
    area_id = sim.require(body, "relatedAreaId", str)
    if not name or any(g["groupName"] == name and g["groupId"] != group_id
                       for g in store["groups"].values()):
        raise ApiError(code, f"driverGroupName {name!r} is empty or not unique.")
    if area_id not in sim.world.area_by_id:
        raise ApiError(code, f"no area {area_id}.")
    return {"groupName": name, "areaId": area_id}


@route("POST", f"{VEHICLE}/driverGroup/add")
def group_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    with sim.lock:
        store = _store(sim)
        fields = _group_fields(sim, store, body, "OPEN010004", "")
        group_id = f"{store['rng'].getrandbits(128):032x}"
        store["groups"][group_id] = {"groupId": group_id, **fields}
    return {"id": group_id}


@route("POST", f"{VEHICLE}/driverGroup/update")
def group_update(sim: Sim, body: Any, request: Any) -> None:
    group_id = sim.require(body, "id", str)
    with sim.lock:
        store = _store(sim)
        group = existing(store["groups"], group_id, "OPEN010005", "driver group")
        group.update(_group_fields(sim, store, body, "OPEN010005", group_id))
    return None


@route("POST", f"{VEHICLE}/driverGroup/batchdel")
def group_delete(sim: Sim, body: Any, request: Any) -> None:
    delete_listed(sim, body, "driverGroupIdList", lambda: _store(sim)["groups"])
    return None


# ---- driver face applications ----------------------------------------------------------------

@route("POST", f"{VEHICLE}/driverFace/distribution")
def face_distribution(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    ids = string_list(sim, body, "driverIds", required=True, code="OPEN010007")
    with sim.lock:
        store = _store(sim)
        unknown = [driver_id for driver_id in ids if driver_id not in store["drivers"]]
        if not ids or unknown:
            raise ApiError("OPEN010007", f"unknown driver(s): {', '.join(unknown) or 'none'}.")
        failed, total = [], 0
        for driver_id in ids:
            driver = store["drivers"][driver_id]
            name = " ".join(part for part in (driver["firstName"], driver["lastName"]) if part)
            targets = [store["vehicles"][v] for v in driver["vehicleIds"]
                       if v in store["vehicles"]] or [None]
            driver_failed = False
            for vehicle in targets:
                total += 1
                device = _device(sim, store, vehicle["deviceSerial"]) if vehicle else None
                reason = ("the driver has no face picture" if not driver["photo"] else
                          "no on-board device is linked" if device is None else
                          "the on-board device is offline"
                          if not _device_online(sim, device) else "")
                if reason:
                    driver_failed = True
                    failed.append({"driverId": driver_id, "driverName": name,
                                   "licensePlate": vehicle["licensePlateNo"] if vehicle else "",
                                   "errorCode": "OPEN010007", "message": reason,
                                   "deviceSerial": vehicle["deviceSerial"] if vehicle else ""})
            driver["distributionStatus"] = 3 if driver_failed else 2
        guid = f"{store['rng'].getrandbits(128):032x}"
        store["tasks"][guid] = {"totalCount": total, "successCount": total - len(failed),
                                "distributionFailedStatus": failed}
    return {"guid": guid}


@route("POST", f"{VEHICLE}/driverFace/status/query")
def face_status(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    guid = sim.require(body, "guid", str)
    with sim.lock:
        task = existing(_store(sim)["tasks"], guid, "OPEN000010", "face applying task")
    return task
