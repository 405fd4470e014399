"""Simulator 5.1 system APIs and 5.11 maintenance APIs."""

from __future__ import annotations

import time
from typing import Any

import pytest

PLATFORM = "/api/hccgw/platform/v1"
OFFLINE = "/api/hccgw/maintain/v1/offline/info/list"
DETAIL = "/api/hccgw/maintenance/v1/list/device/detail"


@pytest.fixture
def server(sim_factory: Any) -> Any:
    return sim_factory(rate_limit=False, devices=40, seed=2)


def test_system_properties_and_service_package(server: Any) -> None:
    guid = server.api(PLATFORM + "/systemproperties", method="GET")["data"]["systemGUID"]
    assert len(guid) == 32
    assert server.api(PLATFORM + "/systemproperties", method="GET")["data"]["systemGUID"] == guid
    package = server.api(PLATFORM + "/servicepackage", method="GET")["data"]
    overview = package["packageOverview"]["servicePackageOverview"][0]
    assert overview["usingAmount"] == str(len(server.sim.world.channels("camera")))
    assert package["packageDetails"]["servicePackage"][0]["serviceType"] == "serviceVideo"


def test_stream_token_is_a_secret_with_millisecond_expiry(server: Any) -> None:
    data = server.api(PLATFORM + "/streamtoken/get", method="GET")["data"]
    assert set(data) == {"appKey", "appToken", "streamAreaDomain", "expireTime"}
    assert isinstance(data["expireTime"], str)
    assert int(data["expireTime"]) > (time.time() + 6 * 86400) * 1000
    assert data["appToken"] in server.sim.issued_tokens()
    assert server.api(PLATFORM + "/streamtoken/get")["errorCode"] == "METHOD_NOT_ALLOWED"


def test_users_are_paged(server: Any) -> None:
    first = server.api(PLATFORM + "/users/get", {"pageIndex": 1, "pageSize": 2})["data"]
    assert first["totalCount"] == len(server.sim.world.users) and len(first["user"]) == 2
    assert server.api(PLATFORM + "/users/get", {"pageIndex": 1, "pageSize": 501})[
        "errorCode"] == "OPEN000025"


def offline_body(**extra: Any) -> dict[str, Any]:
    now_ms = int(time.time() * 1000)
    return {"startTime": now_ms - 86_400_000, "endTime": now_ms, "pageSize": 100, "page": 1,
            "queryType": 0, **extra}


def test_offline_list_counts_outages(server: Any) -> None:
    world = server.sim.world
    before = server.api(OFFLINE, offline_body(orderBy=1))["data"]
    offline = [device for device in world.devices if device["offlineCount"]]
    assert before["total"] == len(offline)
    counts = [row["offlineCount"] for row in before["rows"]]
    assert counts == sorted(counts, reverse=True)
    online = next(device for device in world.devices if not device["offlineCount"])
    server.sim.set_device_online(online["serialNo"], False)
    rows = server.api(OFFLINE, offline_body())["data"]["rows"]
    row = next(row for row in rows if row["deviceSerial"] == online["serialNo"])
    assert row["offlineCount"] == 1 and row["resourceType"] in (2001, 2002)
    assert server.api(OFFLINE, offline_body(pageSize=101))["errorCode"] == "OPEN000025"
    assert server.api(OFFLINE, offline_body(startTime="yesterday"))["errorCode"] == "OPEN000008"


def test_offline_list_of_logical_resources(server: Any) -> None:
    rows = server.api(OFFLINE, offline_body(queryType=1))["data"]["rows"]
    assert rows and {row["resourceType"] for row in rows} <= {1001, 1002}


def test_device_detail_list_filters_exceptions(server: Any) -> None:
    world = server.sim.world
    encoders = [device for device in world.devices if device["category"] == "encodingDevice"]
    site = {"areaId": world.root["id"], "includeSubArea": "1"}
    everything = server.api(DETAIL, {"page": 1, "pageSize": 100, "deviceCategory": 2001,
                                     **site})["data"]
    assert everything["totalNum"] == len(encoders) and everything["hasNext"] is False
    device = everything["devices"][0]
    assert {"baseStatus", "diskStatus", "deviceRecordStatus", "area", "hddStausList"} <= set(
        device)
    offline = server.api(DETAIL, {"page": 1, "pageSize": 100, "deviceCategory": 2001,
                                  "exceptions": [1], **site})["data"]
    assert offline["totalNum"] == sum(1 for d in encoders if not d["onlineStatus"])
    assert all(item["baseStatus"]["status"] == 0 for item in offline["devices"])
    paged = server.api(DETAIL, {"page": 1, "pageSize": 3, "deviceCategory": 2001,
                                **site})["data"]
    assert paged["totalPage"] == -(-len(encoders) // 3) and paged["hasNext"] is True
    assert server.api(DETAIL, {"page": 1})["errorCode"] == "OPEN000010"
