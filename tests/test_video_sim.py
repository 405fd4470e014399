"""The simulator's video endpoints keep the guide's rules (types, limits, error codes)."""

from __future__ import annotations

import pytest

VIDEO = "/api/hccgw/video/v1"


def camera(sim, *, encrypted: bool = False):
    with sim.sim.lock:
        device = next(item for item in sim.sim.world.devices
                      if item["category"] == "encodingDevice" and item["onlineStatus"]
                      and item["cameras"][0]["enabled"])
        device["streamEncrypt"] = encrypted
    return device, device["cameras"][0]


def address(sim, device, channel, **fields):
    body = {"resourceId": channel["id"], "deviceSerial": device["serialNo"], "type": "1",
            **fields}
    return sim.api(f"{VIDEO}/live/address/get", body)


@pytest.mark.parametrize("fields, code", [
    ({"protocol": 2, "type": "2", "startTime": "2024-11-28 14:00:00",
      "stopTime": "2024-11-28 15:00:00"}, "OPEN000010"),   # no playback over HLS
    ({"protocol": "1"}, "OPEN000008"),                       # protocol is an Integer
    ({"expireTime": 10}, "OPEN000010"),                      # 30 s .. 720 days
    ({"type": "2"}, "OPEN000010"),                           # playback needs both times
    ({"type": "3", "startTime": "2024-11-28 15:00:00",
      "stopTime": "2024-11-28 14:00:00"}, "OPEN000010"),
    ({"protocol": 3, "code": "ABCDEF"}, "OPEN000010"),       # no encryption with RTMP
])
def test_live_address_rules(sim, fields, code):
    device, channel = camera(sim)

    assert address(sim, device, channel, **fields)["errorCode"] == code


def test_hls_of_an_encrypted_device_is_evz60019_and_ezopen_works(sim):
    device, channel = camera(sim, encrypted=True)

    assert address(sim, device, channel, protocol=2)["errorCode"] == "EVZ60019"
    answer = address(sim, device, channel, protocol=1, quality=2)  # the example's number
    assert answer["data"]["url"] == f"ezopen://open.ezviz.com/{device['serialNo']}/1.live"


def test_camera_of_another_device_is_refused(sim):
    device, channel = camera(sim)
    other = next(item for item in sim.sim.world.devices
                 if item is not device and item["category"] == "encodingDevice")

    answer = sim.api(f"{VIDEO}/live/address/get", {
        "resourceId": channel["id"], "deviceSerial": other["serialNo"], "type": "1"})

    assert answer["errorCode"] == "OPEN000503"


def test_record_search_also_reads_the_tables_top_level_fields(sim):
    _, channel = camera(sim)

    answer = sim.api(f"{VIDEO}/record/element/search", {
        "pageIndex": 1, "pageSize": 10, "cameraId": channel["id"], "filter": {},
        "timeType": 1, "targetType": 0, "beginTime": "2024-11-28T04:00:00+08:00",
        "endTime": "2024-11-28T04:30:00+08:00"})

    assert answer["data"]["recordList"] == [{"beginTime": "2024-11-28T04:00:00+08:00",
                                             "endTime": "2024-11-28T04:30:00+08:00",
                                             "targetType": 0}]


def test_record_settings_accepts_the_examples_cameraId(sim):
    _, channel = camera(sim)

    answer = sim.api(f"{VIDEO}/recordsettings/get", {"cameraId": [channel["id"]]})

    assert answer["data"]["recordSetting"][0]["cameraID"] == channel["id"]


def test_isapi_proxypass_needs_a_supported_content_type(sim):
    device, _ = camera(sim)

    answer = sim.api(f"{VIDEO}/isapi/proxypass", {
        "method": "GET", "url": "/ISAPI/System/deviceInfo", "id": device["id"],
        "contentType": "text/plain"})

    assert answer["errorCode"] == "OPEN000010"
