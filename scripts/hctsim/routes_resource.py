"""Guide 5.2 Resource: devices, areas, cameras, alarm inputs/outputs, doors, time zones.

(capturePic and cameras/thumbnail/get live in the Capture module's routes file.)
"""

from __future__ import annotations

from typing import Any

from hctsim.core import ApiError, Sim, route
from hctsim.world import SYSTEM_TIME_ZONE_ID

RESOURCE = "/api/hccgw/resource/v1"
DEVICE_CATEGORIES = ("encodingDevice", "accessControllerDevice", "alarmDevice", "mobileDevice",
                     "videoIntercomDevice")  # Appendix A.1.3


@route("POST", f"{RESOURCE}/devices/get")
def devices_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """Devices (A.3.65) filtered by areaId, deviceCategory and filter.matchKey. As the live
    platform: filter.matchKey needs a deviceCategory ("Device category is request"), and a
    category that is not one of A.1.3's (or several, comma separated, without
    filter.jobNumber) answers "Device category not support", both OPEN000010."""
    index, size = sim.paging(body)
    sim.optional(body, "filter", dict)
    area_id = sim.optional(body, "areaId", str, "")
    category = sim.optional(body, "deviceCategory", str, "", max_len=32)
    match_key = sim.optional(body, "filter.matchKey", str, "").lower()
    job_number = sim.optional(body, "filter.jobNumber", str, "", max_len=128)
    if area_id and job_number:
        raise ApiError("OPEN000010", "areaId cannot be combined with filter.jobNumber.")
    if match_key and not category:
        raise ApiError("OPEN000010", "Device category is request{OPEN000010}")
    categories = {part for part in category.split(",") if part} if job_number else (
        {category} if category else set())
    if categories - set(DEVICE_CATEGORIES):
        raise ApiError("OPEN000010", "Device category not support")
    world = sim.world
    with sim.lock:
        if area_id and area_id not in world.area_by_id:
            rows: list[dict[str, Any]] = []
        else:
            rows = [device for device in world.devices
                    if (not area_id or device["areaId"] == area_id)
                    and (not categories or device["category"] in categories)
                    and (not match_key or match_key in device["name"].lower()
                         or match_key in device["serialNo"].lower()
                         or match_key in device["version"].lower())]
        page = [world.device_public(device) for device in Sim.page(rows, index, size)]
    return {"pageIndex": index, "pageSize": size, "totalCount": len(rows), "device": page}


# --- device information (5.2.1) -----------------------------------------------------------


def _find_device(sim: Sim, device_id: str) -> dict[str, Any]:
    device = sim.world.device_by_id.get(device_id)
    if device is None:
        raise ApiError("OPEN000501")
    return device


def _flag(sim: Sim, body: Any, path: str, default: int = 0) -> int:
    """A 0/1 switch the guide types Integer but sends as a string ("enable": "0")."""
    value = sim.optional(body, path, (int, str), default)
    if str(value) not in ("0", "1"):
        raise ApiError("OPEN000010", f"{path} must be 0 or 1.")
    return int(value)


def _apply_to_device(sim: Sim, body: Any, required: bool) -> None:
    """TimeZone.applyToDevice (A.3.161): a String of one character, "0" or "1"."""
    path = "timeZone.applyToDevice"
    value = (sim.require if required else sim.optional)(body, path, str)
    if value is not None and value not in ("0", "1"):
        raise ApiError("OPEN000010", f"{path} must be \"0\" or \"1\".")


def _time_zone_id(sim: Sim, body: Any, path: str, required: bool) -> str | None:
    zone = (sim.require if required else sim.optional)(body, path, str)
    if zone is not None and zone not in {item["id"] for item in sim.world.time_zones}:
        raise ApiError("OPEN000010", f"{path}: unknown time zone (see timezone/get).")
    return zone


MAX_SERIAL_LENGTH = 30  # A.3.70: ezvizSerialNo and ezvizVerifyCode have up to 30 characters


@route("POST", f"{RESOURCE}/devices/add")
def devices_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """Add one device by serial number and verification code (Hik-Connect/EZVIZ mode).

    Per-device results ride in data.addDeviceResponse with top-level errorCode "0":
    EVZ20014 a serial that is not 1-30 letters and digits, EVZ20017 already added by this
    account, EVZ20013 added by another account, EVZ20002 no such device in the field,
    EVZ20010 wrong verification code (see World.field_devices). importToArea.enable 1 puts
    the device and its channels into importToArea.areaID, or, when that is empty, into an
    area named after the device under the site root (A.3.105; an existing root child of that
    name is reused, as areas/add refuses duplicate names). An on-board device (category
    mobileDevice, vehicleInfo required) is linked to a vehicle (see `_claim`) that the answer
    returns as addDeviceResponse.relatedVehicleInfo."""
    category = sim.require(body, "deviceCategory", str, max_len=32)
    if category not in DEVICE_CATEGORIES:
        raise ApiError("OPEN000010", f"deviceCategory must be one of {DEVICE_CATEGORIES}.")
    sim.require(body, "deviceInfo", dict)
    name = sim.require(body, "deviceInfo.name", str, max_len=64)
    serial = sim.require(body, "deviceInfo.ezvizSerialNo", str).strip()
    verify_code = sim.require(body, "deviceInfo.ezvizVerifyCode", str, max_len=30)
    sim.optional(body, "deviceInfo.userName", str, max_len=32)
    sim.optional(body, "deviceInfo.password", str, max_len=16)
    stream_key = sim.optional(body, "deviceInfo.streamSecretKey", str, "")
    sim.require(body, "timeZone", dict)
    zone = _time_zone_id(sim, body, "timeZone.id", required=True)
    _apply_to_device(sim, body, required=True)
    if category == "mobileDevice":
        sim.require(body, "vehicleInfo", dict)  # "required when ... on-board device"
    sim.optional(body, "importToArea", dict)
    import_to_area = _flag(sim, body, "importToArea.enable")
    area_id = sim.optional(body, "importToArea.areaID", str, "", max_len=32) \
        if import_to_area else ""
    if area_id and area_id not in sim.world.area_by_id:
        raise ApiError("OPEN000031")
    world = sim.world
    with sim.lock:
        field = world.field_devices.get(serial)
        code = "0"
        if not serial.isalnum() or not 1 <= len(serial) <= MAX_SERIAL_LENGTH:
            code = "EVZ20014"
        elif world.device_by_serial(serial) is not None:
            code = "EVZ20017"
        elif field is None:
            code = "EVZ20002"
        elif field.get("otherAccount"):
            code = "EVZ20013"
        elif verify_code != field["verifyCode"]:
            code = "EVZ20010"
        device_id, vehicle = "", None
        if code == "0":
            if import_to_area and not area_id:
                area_id = _area_named_after(sim, name)
            device, vehicle = _claim(sim, field, body, name=name, area_id=area_id,
                                     stream_key=stream_key, zone=zone or "")
            device_id = device["id"]
    ok = code == "0"
    answer: dict[str, Any] = {
        "failed": 0 if ok else 1, "succeeded": 1 if ok else 0, "total": 1,
        "deviceList": [{"alias": name, "deviceId": device_id, "deviceSerial": serial,
                        "errorCode": code}]}
    if vehicle is not None:
        answer["relatedVehicleInfo"] = vehicle
    return {"addDeviceResponse": answer}


def _claim(sim: Sim, field: dict[str, Any], body: Any, *, name: str, area_id: str,
           stream_key: str, zone: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Make the field device a device of the account (with sim.lock held). An on-board
    device gets the vehicle of vehicleInfo (VehicleInfo(3): an existing vehicleID, or a new
    vehicle), returned as VehicleInfo(1) for relatedVehicleInfo; when the vehicle module
    refuses it (unknown vehicle, plate taken, ...) the device is not added."""
    world = sim.world
    del world.field_devices[field["serial"]]
    device = world.add_device(field["kind"], name=name, area_id=area_id, added=sim.now(),
                              online=field.get("online", True),
                              encrypted=field.get("streamEncrypt", False),
                              serial=field["serial"], verify_code=field["verifyCode"],
                              stream_secret_key=stream_key, time_zone=zone)
    if device["category"] != "mobileDevice" or not isinstance(body.get("vehicleInfo"), dict):
        return device, None
    from hctsim.routes_vehicle import link_on_board_device

    try:
        return device, link_on_board_device(sim, field["serial"], area_id, body["vehicleInfo"])
    except ApiError:
        world.remove_device(device)
        world.field_devices[field["serial"]] = field
        raise


def _area_named_after(sim: Sim, device_name: str) -> str:
    """The id of the root's sub-area called `device_name`, created when there is none."""
    world = sim.world
    root_id = world.root["id"]
    known = next((area for area in world.children(root_id) if area["name"] == device_name),
                 None)
    return (known or world.add_area(device_name, root_id))["id"]


MAX_UPDATE_NAME = 32


@route("POST", f"{RESOURCE}/devices/update")
def devices_update(sim: Sim, body: Any, request: Any) -> None:
    """DeviceInfo (2), A.3.71: id and name required, the name 1 to 32 characters."""
    device_id = sim.require(body, "deviceInfo.id", str, max_len=32)
    name = sim.require(body, "deviceInfo.name", str, max_len=MAX_UPDATE_NAME)
    sim.optional(body, "deviceInfo.userName", str, max_len=32)
    sim.optional(body, "deviceInfo.password", str, max_len=16)
    zone = _time_zone_id(sim, body, "timeZone.id", required=False)
    _apply_to_device(sim, body, required=False)
    if not name:
        raise ApiError("OPEN000010", f"deviceInfo.name must have 1 to {MAX_UPDATE_NAME} "
                       "characters.")
    with sim.lock:
        device = _find_device(sim, device_id)
        if any(other["name"] == name and other is not device for other in sim.world.devices):
            raise ApiError("VMS021305")
        device["name"] = name
        if zone is not None:
            device["timeZone"] = zone
    return None


@route("POST", f"{RESOURCE}/devices/delete")
def devices_delete(sim: Sim, body: Any, request: Any) -> None:
    """Deletes all the listed devices or none: every id must exist in deviceCategory. The
    vehicle of a deleted on-board device is deleted too with deleteVehicle 1, else kept
    without a device."""
    ids = _string_list(sim, body, "deviceID")
    category = sim.require(body, "deviceCategory", str, max_len=32)
    delete_vehicle = sim.optional(body, "deleteVehicle", int, 0)
    if delete_vehicle not in (0, 1):
        raise ApiError("OPEN000010", "deleteVehicle must be 0 or 1.")
    with sim.lock:
        devices = [_find_device(sim, device_id) for device_id in dict.fromkeys(ids)]
        wrong = [device["id"] for device in devices if device["category"] != category]
        if wrong:
            raise ApiError("OPEN000501", f"Device {wrong[0]} is not a {category}.")
        for device in devices:
            sim.world.remove_device(device)
            if device["category"] == "mobileDevice":
                from hctsim.routes_vehicle import release_on_board_device

                release_on_board_device(sim, device["serialNo"], delete_vehicle == 1)
    return None


def _string_list(sim: Sim, body: Any, path: str, *, limit: int | None = None,
                 required: bool = True) -> list[str]:
    """A String[] parameter: OPEN000010 missing or empty, OPEN000008 not strings,
    OPEN000024 more than `limit` items."""
    values = (sim.require if required else sim.optional)(body, path, list)
    if values is None:
        return []
    if required and not values:
        raise ApiError("OPEN000010", f"{path} must not be empty.")
    if not all(isinstance(value, str) for value in values):
        raise ApiError("OPEN000008", f"{path} must be an array of strings.")
    if limit is not None and len(values) > limit:
        raise ApiError("OPEN000024", f"At most {limit} items in {path}.")
    return values


@route("POST", f"{RESOURCE}/devicedetail/get")
def device_detail(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """GetDeviceInfo, with the value types of the guide's example (counts as strings)."""
    serial = sim.require(body, "deviceSerialNo", str, max_len=16).strip()
    world = sim.world
    with sim.lock:
        device = world.device_by_serial(serial)
        if device is None:
            raise ApiError("OPEN000501")
        detail: dict[str, Any] = {
            "baseInfo": {
                "id": device["id"], "name": device["name"], "category": device["category"],
                "serialNo": device["serialNo"], "version": device["version"],
                "type": device["type"],
                "streamEncryptEnable": "1" if device["streamEncrypt"] else "0",
                "availableCameraChannelNum": str(len(device["cameras"])),
                "availableAlarmInputChannelNum": str(len(device["alarmInputs"])),
                "availableAlarmOutputChannelNum": str(len(device["alarmOutputs"]))},
            "cameraChannel": [world.channel_brief(item) for item in device["cameras"]],
            "alarmInputChannel": [world.channel_brief(item) for item in device["alarmInputs"]],
            "alarmOutputChannel": [world.channel_brief(item)
                                   for item in device["alarmOutputs"]],
        }
        if device["doors"]:
            detail["doorChannel"] = [world.channel_brief(item) for item in device["doors"]]
        if device["category"] == "mobileDevice":
            from hctsim.routes_vehicle import vehicle_of_device

            vehicle = vehicle_of_device(sim, device["serialNo"])
            if vehicle is not None:
                detail["relatedVehicleInfo"] = vehicle
        detail["onlineStatus"] = device["onlineStatus"]
        detail["timeZoneID"] = device["timeZone"]
    return {"device": detail}


@route("POST", f"{RESOURCE}/device/{{deviceId}}/refresh")
def device_refresh(sim: Sim, body: Any, request: Any, deviceId: str) -> dict[str, Any]:
    """status 0 offline / 1 online; an unknown device gives data.errorCode CCF021307 with
    the top-level errorCode "0" (the guide's second example)."""
    device = sim.world.device_by_id.get(deviceId)
    if device is None:
        return {"deviceId": deviceId, "status": 0, "errorCode": "CCF021307"}
    return {"deviceId": deviceId, "status": device["onlineStatus"]}


# --- areas (5.2.2) ------------------------------------------------------------------------
@route("POST", f"{RESOURCE}/areas/add")
def areas_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    parent_id = sim.require(body, "parentAreaID", str, max_len=32)
    name = sim.require(body, "areaName", str).strip()
    if not 1 <= len(name) <= 64:
        raise ApiError("OPEN000010", "areaName must have 1 to 64 characters.")
    world = sim.world
    with sim.lock:
        if parent_id != "-1" and parent_id not in world.area_by_id:
            raise ApiError("OPEN000031")
        if any(area["name"] == name for area in world.children(parent_id)):
            raise ApiError("OPEN000510")
        area = world.add_area(name, parent_id)
    return {"areaID": area["id"]}


def _include_sub(sim: Sim, body: Any, path: str, required: bool,
                 types: type | tuple[type, ...] = str) -> bool:
    """includeSubArea: "1" includes sub-areas; "0" (and the table's "-1"... as 0/1) not."""
    value = (sim.require if required else sim.optional)(body, path, types)
    if value is None:
        return False
    if str(value) not in ("0", "1", "-1"):
        raise ApiError("OPEN000010", f"{path} must be 0 or 1.")
    # The table of areas/get says -1 = all child areas, the examples use 1: both include them.
    return str(value) in ("1", "-1")


@route("POST", f"{RESOURCE}/areas/get")
def areas_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """parentAreaID empty or "-1": every area; otherwise its children (includeSubArea 1:
    all its descendants). includeSubArea is a String in the table and 1 in the example."""
    index, size = sim.paging(body)
    parent_id = sim.optional(body, "filter.parentAreaID", str, "", max_len=32)
    include_sub = _include_sub(sim, body, "filter.includeSubArea", False, (str, int))
    world = sim.world
    with sim.lock:
        if parent_id in ("", "-1"):
            rows = list(world.areas)
        elif parent_id not in world.area_by_id:
            raise ApiError("OPEN000031")
        elif include_sub:
            inside = world.subtree_ids(parent_id) - {parent_id}
            rows = [area for area in world.areas if area["id"] in inside]
        else:
            rows = world.children(parent_id)
        page = [world.brief_area(area) for area in Sim.page(rows, index, size)]
    return {"totalCount": len(rows), "pageIndex": index, "pageSize": size, "area": page}


@route("POST", f"{RESOURCE}/areadetail/get")
def area_detail(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """Unknown ids come back as items with errorCode VMS021101 (the guide's example);
    without areaID every area is returned."""
    ids = _string_list(sim, body, "areaID", required=False)
    world = sim.world
    with sim.lock:
        if not ids:
            return {"area": [world.brief_area(area) for area in world.areas]}
        items = []
        for area_id in ids:
            area = world.area_by_id.get(area_id)
            items.append(world.brief_area(area) if area else {
                "id": area_id, "message": f"Area is not exist([id={area_id}]){{VMS021101}}",
                "errorCode": "VMS021101"})
    return {"area": items}


RESOURCE_KINDS = ("camera", "alarmInput", "alarmOutput")


@route("POST", f"{RESOURCE}/areas/resources/add")
def area_resources_add(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """Put device channels into an area (moving them from their old one). The table says
    data.resource, the example data.areaID + data.devChannel[]: we answer the example."""
    area_id = sim.require(body, "areaID", str, max_len=32)
    entries = sim.require(body, "devChannel", list)
    if not entries:
        raise ApiError("OPEN000010", "devChannel must not be empty.")
    for entry in entries:
        if not isinstance(entry, dict):
            raise ApiError("OPEN000008", "devChannel items must be objects.")
        for key, longest in (("resourceName", 64), ("resourceType", 64), ("channelID", 32)):
            sim.require(entry, key, str, max_len=longest)
        if entry["resourceType"] not in RESOURCE_KINDS:
            raise ApiError("OPEN000010", f"resourceType must be one of {RESOURCE_KINDS}.")
    world = sim.world
    results = []
    with sim.lock:
        if area_id not in world.area_by_id:
            raise ApiError("OPEN000031")
        for entry in entries:
            channel = world.channel_by_id.get(entry["channelID"])
            result = {"id": "", "name": entry["resourceName"], "channelID": entry["channelID"],
                      "resourceType": entry["resourceType"], "errorCode": "0"}
            if channel is None or channel["channelId"] != entry["channelID"] or (
                    channel["kind"] != entry["resourceType"]):
                result["errorCode"] = "OPEN000503" if entry["resourceType"] == "camera" \
                    else "VMS000003"
            elif channel["areaId"] == area_id:
                result["errorCode"] = "OPEN000511"
                result["id"] = channel["id"]
            else:
                channel["areaId"] = area_id
                channel["name"] = entry["resourceName"][:64]
                result["id"] = channel["id"]
            results.append(result)
    return {"areaID": area_id, "devChannel": results}


@route("POST", f"{RESOURCE}/areas/resources/delete")
def area_resources_delete(sim: Sim, body: Any, request: Any) -> None:
    """Take resources (by resource id) out of their area; all or none."""
    ids = _string_list(sim, body, "ids")
    world = sim.world
    with sim.lock:
        channels = [world.channel_by_id.get(resource_id) for resource_id in ids]
        missing = [rid for rid, channel in zip(ids, channels, strict=True)
                   if channel is None or channel["id"] != rid]
        if missing:
            raise ApiError("VMS000003", "No resource found or resource does not exist: "
                           + ", ".join(missing[:5]))
        for channel in channels:
            if channel is not None:
                channel["areaId"] = ""
    return None


# --- cameras, alarm inputs/outputs, doors -------------------------------------------------
def _list_channels(sim: Sim, body: Any, kind: str, list_key: str,
                   include_required: bool) -> dict[str, Any]:
    """The shared shape of areas/cameras|alarminputs|alarmoutputs|doors/get: required filter
    with areaID (empty or "-1": all), includeSubArea, deviceID, deviceSerialNo; a device filter
    makes includeSubArea irrelevant. Only resources in an area are listed: chapter 4.1 calls
    cameras "logical resource[s] added to areas", and a channel that was never imported into
    an area (or was taken out with areas/resources/delete) is no such resource."""
    index, size = sim.paging(body)
    sim.require(body, "filter", dict)
    area_id = sim.optional(body, "filter.areaID", str, "", max_len=32)
    include_sub = _include_sub(sim, body, "filter.includeSubArea", include_required)
    device_id = sim.optional(body, "filter.deviceID", str, "", max_len=32)
    serial = sim.optional(body, "filter.deviceSerialNo", str, "", max_len=32).strip()
    wanted_ids = set(_string_list(sim, body, "filter.cameraID", required=False)) \
        if kind == "camera" else set()
    world = sim.world
    with sim.lock:
        if device_id or serial:
            device = world.device_by_id.get(device_id) if device_id else None
            if serial:
                by_serial = world.device_by_serial(serial)
                device = by_serial if not device_id or device is by_serial else None
            candidates = world.device_channels(device) if device else []
            candidates = [item for item in candidates if item["kind"] == kind]
            areas: set[str] | None = None if area_id in ("", "-1") else {area_id}
        else:
            candidates = world.channels(kind)
            if area_id in ("", "-1"):
                areas = None
            elif area_id not in world.area_by_id:
                raise ApiError("OPEN000031")
            else:
                areas = world.subtree_ids(area_id) if include_sub else {area_id}
        rows = [item for item in candidates if item["areaId"]
                and (areas is None or item["areaId"] in areas)
                and (not wanted_ids or item["id"] in wanted_ids)]
        page = [world.resource_info(item) for item in Sim.page(rows, index, size)]
    return {"totalCount": len(rows), "pageIndex": index, "pageSize": size, list_key: page}


@route("POST", f"{RESOURCE}/areas/cameras/get")
def cameras_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    return _list_channels(sim, body, "camera", "camera", include_required=False)


@route("POST", f"{RESOURCE}/areas/alarminputs/get")
def alarm_inputs_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """The table's key alarmInput (the guide's example copied alarmOutput)."""
    return _list_channels(sim, body, "alarmInput", "alarmInput", include_required=True)


@route("POST", f"{RESOURCE}/areas/alarmoutputs/get")
def alarm_outputs_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    return _list_channels(sim, body, "alarmOutput", "alarmOutput", include_required=True)


@route("POST", f"{RESOURCE}/areas/doors/get")
def doors_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    return _list_channels(sim, body, "door", "door", include_required=True)


MAX_STATUS_IDS = 8


@route("POST", f"{RESOURCE}/areas/alarminputs/status/get")
def alarm_input_status(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """The table names the field alarmIntputID (sic); the example's alarmInputID is not
    read (a client sending only that spelling gets OPEN000010)."""
    return alarm_input_states(sim, body, "alarmIntputID")


def alarm_input_states(sim: Sim, body: Any, field: str) -> dict[str, Any]:
    """AlarmInputInfo of up to 8 ids given in `field` (also for
    proxy/v1/areas/alarminputs/status/get). Unknown ids are left out; status 0 unknown
    (offline device), 1 activated, 2 not activated."""
    ids = _string_list(sim, body, field, limit=MAX_STATUS_IDS)
    world = sim.world
    items = []
    with sim.lock:
        for input_id in ids:
            channel = world.channel_by_id.get(input_id)
            if channel is None or channel["kind"] != "alarmInput" or channel["id"] != input_id:
                continue
            status = channel["status"] if world.channel_online(channel) else 0
            items.append({"id": input_id, "status": status, "errorCode": "0"})
    return {"alarmInput": items}


def _alarm_output(sim: Sim, output_id: str) -> dict[str, Any] | None:
    channel = sim.world.channel_by_id.get(output_id)
    if channel is None or channel["kind"] != "alarmOutput" or channel["id"] != output_id:
        return None
    return channel


@route("POST", f"{RESOURCE}/areas/alarmoutputs/control")
def alarm_outputs_control(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """operation 0 off / 1 on; the table says -1 for on, the example 1: both switch it on.
    Per output: VMS000003 unknown output, EVZ20007 device offline (state unchanged)."""
    operations = sim.require(body, "alarmOutputOperation", list)
    if not operations:
        raise ApiError("OPEN000010", "alarmOutputOperation must not be empty.")
    for entry in operations:
        sim.require(entry, "alarmOutputID", str, max_len=32)
        if sim.require(entry, "operation", int) not in (0, 1, -1):
            raise ApiError("OPEN000010", "operation must be 0 (off) or 1 (on).")
    results = []
    with sim.lock:
        for entry in operations:
            channel = _alarm_output(sim, entry["alarmOutputID"])
            code = "0"
            if channel is None:
                code = "VMS000003"
            elif not sim.world.channel_online(channel):
                code = "EVZ20007"
            else:
                channel["status"] = 0 if entry["operation"] == 0 else 1
            results.append({"alarmOutputID": entry["alarmOutputID"],
                            "alarmOutputState": channel["status"] if channel else 0,
                            "errorCode": code})
    return {"alarmOutputOperation": results}


@route("POST", f"{RESOURCE}/areas/alarmoutputs/status/get")
def alarm_outputs_status(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """status 0 off / 1 on; unknown ids answer errorCode VMS000003 in their item."""
    ids = _string_list(sim, body, "alarmOutputID")
    items = []
    with sim.lock:
        for output_id in ids:
            channel = _alarm_output(sim, output_id)
            items.append({"id": output_id, "status": channel["status"] if channel else 0,
                          "errorCode": "0" if channel else "VMS000003"})
    return {"alarmOutput": items}


@route("POST", f"{RESOURCE}/timezone/get")
def timezone_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    return {"timeZone": sim.world.time_zones, "systemTimeZoneID": SYSTEM_TIME_ZONE_ID}
