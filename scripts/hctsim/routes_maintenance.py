"""Guide 5.11 Maintenance: offline statistics and device health details.

The health values (disk, recording, HDDs) are derived from each device's id, so they are
stable for a seed without consuming the world's random stream.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from hctsim.core import ApiError, Sim, route

MAX_PAGE_SIZE = 100
NO_DEVICE_AREA = "-1"  # list/device/detail: areaId -1 is "no device included" (5.11.2)
# DeviceOfflineInfo.resourceType: devices and logical resources (A.3.73).
DEVICE_RESOURCE_TYPES = {"encodingDevice": 2001, "accessControllerDevice": 2002,
                         "alarmDevice": 2005, "videoIntercomDevice": 2008, "mobileDevice": 2021}
CHANNEL_RESOURCE_TYPES = {"camera": 1001, "door": 1002}
# deviceCategory of list/device/detail (BaseStatus.deviceCategory): 2001 encoding device,
# 2021 on-board device; 2002 (access control, as in A.3.73) is accepted too.
DETAIL_CATEGORIES = {2001: "encodingDevice", 2002: "accessControllerDevice",
                     2021: "mobileDevice"}
DEVICE_TYPES = {"encodingDevice": "Encoder", "accessControllerDevice": "AccessController",
                "alarmDevice": "AlarmHost", "videoIntercomDevice": "VideoIntercom",
                "mobileDevice": "MobileDevice"}


def _area_filter(sim: Sim, area_id: str, include_sub: bool) -> set[str] | None:
    """None: no area restriction ("" or "-1", the root)."""
    if area_id in ("", "-1"):
        return None
    if area_id not in sim.world.area_by_id:
        raise ApiError("OPEN000031")
    return sim.world.subtree_ids(area_id) if include_sub else {area_id}


@route("POST", "/api/hccgw/maintain/v1/offline/info/list")
def offline_info_list(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """Devices (queryType 0) or cameras/doors (1) that were offline within [startTime,
    endTime] (epoch milliseconds), from the world's offline history: offlineCount is the
    number of outages overlapping the period, offlineDuration their milliseconds inside it
    (up to now). pageSize 1..100; areaId (default: the root; "-1" every area) includes its
    sub-areas, so a device or channel in no area is only listed with "-1". The
    table types data.page as String[], the example (and we) answer an integer."""
    start = sim.require(body, "startTime", int)
    end = sim.require(body, "endTime", int)
    page, size = sim.paging(body, max_size=MAX_PAGE_SIZE, index="page", size="pageSize")
    query_type = sim.require(body, "queryType", int)
    order_by = sim.optional(body, "orderBy", int, 0)
    area_id = sim.optional(body, "areaId", str, "")
    if query_type not in (0, 1) or order_by not in (0, 1, 2) or start > end:
        raise ApiError("OPEN000010", "queryType must be 0/1, orderBy 0/1/2, startTime <= endTime.")
    world = sim.world
    now = sim.now()
    with sim.lock:
        # "Defaults to the root node": the root's tree, so resources in no area are left out.
        areas = _area_filter(sim, area_id or world.root["id"], True)
        rows = []
        for device in world.devices:
            outages = world.offline_within(device, start, end, now)
            if not outages[0]:
                continue
            if query_type == 0:
                if areas is None or device["areaId"] in areas:
                    rows.append(_offline_row(sim, device, device, outages))
                continue
            rows.extend(_offline_row(sim, channel, device, outages)
                        for channel in device["cameras"] + device["doors"]
                        if areas is None or channel["areaId"] in areas)
    keys = {0: lambda row: row["id"], 1: lambda row: -row["offlineCount"],
            2: lambda row: -row["offlineDuration"]}
    rows.sort(key=keys[order_by])
    return {"page": page, "pageSize": size, "total": len(rows),
            "rows": Sim.page(rows, page, size)}


def _offline_row(sim: Sim, resource: dict[str, Any], device: dict[str, Any],
                 outages: tuple[int, int]) -> dict[str, Any]:
    """DeviceOfflineInfo of a device or of one of its channels (which share its outages)."""
    area = sim.world.area_ref(resource["areaId"])
    resource_type = (DEVICE_RESOURCE_TYPES.get(device["category"], 0) if resource is device
                     else CHANNEL_RESOURCE_TYPES[resource["kind"]])
    return {"id": resource["id"], "name": resource["name"], "deviceSerial": device["serialNo"],
            "areaId": area["id"], "areaName": area["name"], "resourceType": resource_type,
            "offlineCount": outages[0], "offlineDuration": outages[1]}


def _health(device: dict[str, Any]) -> dict[str, int]:
    """Stable pseudo-random health figures of a device."""
    digest = hashlib.sha256(device["id"].encode("ascii")).digest()
    return {"disk": digest[0] % 20, "record": digest[1] % 10, "usage": digest[2] % 100,
            "disks": 1 + digest[3] % 4, "temperature": 30 + digest[4] % 20,
            "days": 30 + digest[5] * 4, "bandwidth": 2 + digest[6] % 50}


def device_status(sim: Sim, device: dict[str, Any], now: float) -> dict[str, Any]:
    """Device (A.3.66) of list/device/detail."""
    health = _health(device)
    has_disks = device["kind"] == "nvr"
    disk_status = (1 if health["disk"] > 1 else 3 + health["disk"]) if has_disks else 2
    abnormal = [camera["name"] for camera in device["cameras"]
                if not camera["enabled"]] or (
        [device["cameras"][0]["name"]] if health["record"] == 0 and device["cameras"] else [])
    record_status = -1 if not device["cameras"] else (1 if abnormal else 0)
    disks = health["disks"] if has_disks else 0
    capacity = disks * 4_000_000 if has_disks else -1
    now_ms = int(now * 1000)
    offline_since = device["offlineSince"]
    return {
        "baseStatus": {
            "id": device["id"], "deviceSerial": device["serialNo"],
            "deviceName": device["name"],
            "deviceType": DEVICE_TYPES.get(device["category"], "Encoder"),
            "status": device["onlineStatus"], "deviceVersion": device["version"],
            "updateTime": now_ms,
            "deviceCategory": next((code for code, name in DETAIL_CATEGORIES.items()
                                    if name == device["category"]), 2001),
            "mainCategory": 0, "subCategory": 0,
            "serialNo": f"{device['type']}{device['serialNo']}",
            "deviceSourceType": 3, "exceptionTime": now_ms if abnormal or disk_status > 2
            else 0,
            "offlineTime": int(offline_since * 1000) if offline_since is not None else 0,
            "expireTime": now_ms + 365 * 86_400_000,
            "upstreamBandwidth": health["bandwidth"], "lastUpstreamBWTime": now_ms,
            "permissions": []},
        "diskStatus": {"status": disk_status,
                       "usage": round(health["usage"] / 100, 2) if has_disks else -1,
                       "num": disks, "loopEnable": 1 if has_disks else 0,
                       "freeCapacity": capacity * (100 - health["usage"]) // 100
                       if has_disks else -1, "maxCapacity": capacity},
        "deviceRecordStatus": {"overallRecordStatus": record_status, "channelName": abnormal},
        "area": sim.world.area_ref(device["areaId"]),
        "awake": {"chargeValue": 0, "flowTotal": 0, "flowType": 1, "lastChargeTime": ""},
        "videoInfo": {"playBackNumber": len(device["cameras"])},
        "authRecord": {"supportLog": 1, "authStatus": 1, "endTime": now_ms + 365 * 86_400_000},
        "hddStausList": [{"temperature": health["temperature"], "hddNo": number,
                          "powerOnday": health["days"], "selfEvaluatingStatus": 0,
                          "selfEvaluatingExceptionTime": 0,
                          "allEvaluatingStatus": 0 if disk_status == 1 else 1,
                          "allEvaluatingExceptionTime": 0, "offlineDuration": 0}
                         for number in range(1, disks + 1)],
        "hddAttributeList": [{"hddNo": number, "status": 0 if disk_status == 1 else 1,
                              "statusExceptionTime": 0, "attributeId": str(number)}
                             for number in range(1, disks + 1)],
        "solarEnergyRecord": {"temperature": 0, "batteryPercentage": 0, "state": "",
                              "current": 0, "sleepStatus": 0},
    }


def _exceptions(device_state: dict[str, Any]) -> set[int]:
    """The exception kinds (1 offline, 2 disk, 3 recording) a device shows."""
    found = set()
    if device_state["baseStatus"]["status"] == 0:
        found.add(1)
    if device_state["diskStatus"]["status"] in (0, 3, 4):
        found.add(2)
    if device_state["deviceRecordStatus"]["overallRecordStatus"] == 1:
        found.add(3)
    return found


@route("POST", "/api/hccgw/maintenance/v1/list/device/detail")
def device_detail_list(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """page (default 1) / pageSize (default 10, 1..100), deviceCategory (required; 2001
    encoding device), areaId (the guide: "the default value is -1 (no device included)": an
    absent, empty or "-1" areaId answers no device), includeSubArea "0"/"1",
    exceptions [0 any, 1 offline, 2 disk, 3 recording] (empty: no filter), filterName
    (device name, serial, version or area name). The guide's response example is a copy of
    offline/info/list; we answer the table (page, pageSize, totalNum, totalPage, hasNext,
    devices)."""
    page, size = sim.paging(body, MAX_PAGE_SIZE, index="page", required=False,
                            default_size=10)
    category = sim.require(body, "deviceCategory", int)
    area_id = sim.optional(body, "areaId", str, "") or NO_DEVICE_AREA
    include_sub = sim.optional(body, "includeSubArea", str, "0")
    if include_sub not in ("0", "1"):
        raise ApiError("OPEN000010", "includeSubArea must be \"0\" or \"1\".")
    exceptions = sim.optional(body, "exceptions", list, [])
    if not all(isinstance(item, int) and item in (0, 1, 2, 3) for item in exceptions):
        raise ApiError("OPEN000010", "exceptions items must be 0, 1, 2 or 3.")
    wanted = {1, 2, 3} if 0 in exceptions else set(exceptions)
    name_filter = sim.optional(body, "filterName", str, "").lower()
    world = sim.world
    now = sim.now()
    with sim.lock:
        areas = set() if area_id == NO_DEVICE_AREA else _area_filter(sim, area_id,
                                                                      include_sub == "1")
        rows = []
        for device in world.devices:
            if device["category"] != DETAIL_CATEGORIES.get(category):
                continue
            if areas is not None and device["areaId"] not in areas:
                continue
            area_name = world.area_ref(device["areaId"])["name"].lower()
            if name_filter and not any(name_filter in text.lower() for text in (
                    device["name"], device["serialNo"], device["version"], area_name)):
                continue
            state = device_status(sim, device, now)
            if wanted and not wanted & _exceptions(state):
                continue
            rows.append(state)
    total_pages = math.ceil(len(rows) / size) if rows else 0
    return {"page": page, "pageSize": size, "totalNum": len(rows), "totalPage": total_pages,
            "hasNext": page < total_pages, "devices": Sim.page(rows, page, size)}
