"""Answers of the simulator's 5.1, 5.2 and 5.11 APIs have the keys of the guide's examples
(where an example contradicts its table, the module docstrings say which one we follow)."""

from __future__ import annotations

import time
from typing import Any

import pytest

RES = "/api/hccgw/resource/v1"
PAGE = {"pageIndex": 1, "pageSize": 5}
ALL = {"areaID": "", "includeSubArea": "1"}
CHANNEL_ITEM = {"id", "name", "abilitySet", "online", "area", "device"}
NOW_MS = int(time.time() * 1000)

# (method, path, body(world) -> body, data keys, list key or None, keys of a list item)
CASES: list[tuple[str, str, Any, set[str], str | None, set[str]]] = [
    ("GET", "/api/hccgw/platform/v1/systemproperties", lambda w: None, {"systemGUID"}, None,
     set()),
    ("GET", "/api/hccgw/platform/v1/servicepackage", lambda w: None,
     {"packageOverview", "packageDetails"}, None, set()),
    ("GET", "/api/hccgw/platform/v1/streamtoken/get", lambda w: None,
     {"appKey", "appToken", "streamAreaDomain", "expireTime"}, None, set()),
    ("POST", "/api/hccgw/platform/v1/users/get", lambda w: PAGE,
     {"totalCount", "pageIndex", "pageSize", "user"}, "user", {"id", "name"}),
    ("POST", f"{RES}/devices/get", lambda w: PAGE,
     {"totalCount", "pageIndex", "pageSize", "device"}, "device",
     {"id", "name", "category", "type", "serialNo", "version", "timeZone", "onlineStatus",
      "addTime"}),
    ("POST", f"{RES}/devicedetail/get", lambda w: {"deviceSerialNo": w.devices[0]["serialNo"]},
     {"device"}, None, set()),
    ("POST", f"{RES}/areas/get", lambda w: {**PAGE, "filter": {"parentAreaID": "-1"}},
     {"totalCount", "pageIndex", "pageSize", "area"}, "area",
     {"id", "name", "parentAreaID", "existSubArea", "areaPath", "type"}),
    ("POST", f"{RES}/areadetail/get", lambda w: {"areaID": [w.areas[1]["id"]]}, {"area"},
     "area", {"id", "name", "parentAreaID", "existSubArea", "areaPath", "type"}),
    ("POST", f"{RES}/areas/cameras/get", lambda w: {**PAGE, "filter": ALL},
     {"totalCount", "pageIndex", "pageSize", "camera"}, "camera", CHANNEL_ITEM),
    ("POST", f"{RES}/areas/alarminputs/get", lambda w: {**PAGE, "filter": ALL},
     {"totalCount", "pageIndex", "pageSize", "alarmInput"}, "alarmInput", CHANNEL_ITEM),
    ("POST", f"{RES}/areas/alarmoutputs/get", lambda w: {**PAGE, "filter": ALL},
     {"totalCount", "pageIndex", "pageSize", "alarmOutput"}, "alarmOutput", CHANNEL_ITEM),
    ("POST", f"{RES}/areas/doors/get", lambda w: {**PAGE, "filter": ALL},
     {"totalCount", "pageIndex", "pageSize", "door"}, "door", CHANNEL_ITEM - {"abilitySet"}),
    ("POST", f"{RES}/areas/alarminputs/status/get",
     lambda w: {"alarmIntputID": [w.channels("alarmInput")[0]["id"]]}, {"alarmInput"},
     "alarmInput", {"id", "status", "errorCode"}),
    ("POST", f"{RES}/areas/alarmoutputs/status/get",
     lambda w: {"alarmOutputID": [w.channels("alarmOutput")[0]["id"]]}, {"alarmOutput"},
     "alarmOutput", {"id", "status", "errorCode"}),
    ("POST", f"{RES}/timezone/get", lambda w: None, {"timeZone", "systemTimeZoneID"},
     "timeZone", {"id", "standardName", "displayName", "bias", "dst"}),
    ("POST", "/api/hccgw/maintain/v1/offline/info/list",
     lambda w: {"startTime": NOW_MS - 86_400_000, "endTime": NOW_MS, "pageSize": 10, "page": 1,
                "queryType": 0}, {"page", "pageSize", "total", "rows"}, "rows",
     {"id", "name", "deviceSerial", "areaId", "areaName", "resourceType", "offlineCount",
      "offlineDuration"}),
    ("POST", "/api/hccgw/maintenance/v1/list/device/detail",
     lambda w: {"page": 1, "pageSize": 10, "deviceCategory": 2001, "areaId": w.root["id"],
                "includeSubArea": "1"},
     {"page", "pageSize", "totalNum", "totalPage", "hasNext", "devices"}, "devices",
     {"baseStatus", "diskStatus", "deviceRecordStatus", "area", "awake", "videoInfo",
      "authRecord", "hddStausList", "hddAttributeList", "solarEnergyRecord"}),
]


@pytest.fixture(scope="module")
def server() -> Any:
    import hctsim

    started = hctsim.start(devices=30, seed=1, rate_limit=False)
    yield started
    started.stop()


@pytest.mark.parametrize("method, path, body, keys, list_key, item_keys", CASES,
                         ids=[case[1].rsplit("/v1/", 1)[1] for case in CASES])
def test_answers_have_the_guides_keys(server: Any, method: str, path: str, body: Any,
                                      keys: set[str], list_key: str | None,
                                      item_keys: set[str]) -> None:
    answer = server.api(path, body(server.sim.world), method=method)
    assert answer["errorCode"] == "0" and "message" not in answer
    assert set(answer["data"]) == keys
    if list_key is not None:
        assert answer["data"][list_key], f"{path} listed nothing"
        assert set(answer["data"][list_key][0]) == item_keys


def test_device_detail_keys(server: Any) -> None:
    door_controller = next(d for d in server.sim.world.devices if d["doors"])
    device = server.api(f"{RES}/devicedetail/get", {
        "deviceSerialNo": door_controller["serialNo"]})["data"]["device"]
    assert set(device) == {"baseInfo", "cameraChannel", "alarmInputChannel",
                           "alarmOutputChannel", "doorChannel", "onlineStatus", "timeZoneID"}
    assert set(device["baseInfo"]) == {
        "id", "name", "category", "serialNo", "version", "type", "streamEncryptEnable",
        "availableCameraChannelNum", "availableAlarmInputChannelNum",
        "availableAlarmOutputChannelNum"}
    assert set(device["doorChannel"][0]) == {"id", "name", "no", "online", "area"}
