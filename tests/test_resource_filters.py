"""Filters agents need and answers sized for them (issue 9 §1, §4): devices offline or online
right now, cameras offline or with stream encryption on, and the bytes a record costs on a
site of 1,000 devices."""

from __future__ import annotations

import pytest

from conftest import environment_for, run_script, sim_secrets

SCRIPTS = "modules/Hik-Connect_Team_Resource/scripts/"
BASE = "/api/hccgw/resource/v1"
DEVICES_GET = f"{BASE}/devices/get"
CAMERAS_GET = f"{BASE}/areas/cameras/get"
DEVICE_DETAIL = f"{BASE}/devicedetail/get"


@pytest.fixture(scope="module")
def site():
    """A simulated site of 1,000 devices, shared by the measuring tests (they only read)."""
    import hctsim

    server = hctsim.start(host="127.0.0.1", port=0, devices=1000)
    try:
        yield server
    finally:
        server.stop()


def run_on(server, tmp_path, script, *args):
    return run_script(SCRIPTS + script, *args, env=environment_for(server, tmp_path),
                      secrets=lambda: sim_secrets(server))


# ---- devices offline / online ------------------------------------------------------------

def test_offline_devices_of_every_category_are_listed_in_one_run_under_8_kb(site, tmp_path):
    offline = {device["serialNo"]: device["name"] for device in site.sim.world.devices
               if device["onlineStatus"] == 0}
    assert len({device["category"] for device in site.sim.world.devices
                if device["onlineStatus"] == 0}) > 1

    result = run_on(site, tmp_path, "list_devices.py", "--offline")

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert {device["serialNo"]: device["name"] for device in data["device"]} == offline
    assert all(set(device) == {"name", "serialNo"} for device in data["device"])
    assert data["total"] == 1000 and data["count"] == len(offline)
    assert result.json["message"] == f"{len(offline)} of 1000 devices offline."
    assert len(result.stdout.encode()) < 8 * 1024


def test_online_devices_of_one_category_read_every_page(sim, run):
    world = sim.sim.world
    world.devices[0]["onlineStatus"] = 2  # unknown: neither online nor offline
    online = [device["serialNo"] for device in world.devices
              if device["category"] == "encodingDevice" and device["onlineStatus"] == 1]

    result = run(SCRIPTS + "list_devices.py", "--online", "--category", "encodingDevice",
                 "--page-size", "2")

    assert result.code == 0, result.stdout
    assert [device["serialNo"] for device in result.json["data"]["device"]] == online
    assert [entry["body"]["pageSize"] for entry in sim.requests(DEVICES_GET)] == [500]


def test_a_device_going_offline_shows_at_once(sim, run):
    device = next(device for device in sim.sim.world.devices if device["onlineStatus"] == 1)
    before = run(SCRIPTS + "list_devices.py", "--offline").json["data"]["device"]
    sim.sim.set_device_online(device["serialNo"], False)

    after = run(SCRIPTS + "list_devices.py", "--offline").json["data"]["device"]

    assert device["serialNo"] not in {entry["serialNo"] for entry in before}
    assert device["serialNo"] in {entry["serialNo"] for entry in after}


def test_offline_and_online_together_are_refused_before_any_request(sim, run):
    result = run(SCRIPTS + "list_devices.py", "--offline", "--online")

    assert result.code == 2
    assert sim.requests() == []


def test_a_search_for_offline_devices_searches_each_category(sim, run):
    nvr = next(device for device in sim.sim.world.devices if device["kind"] == "nvr")
    sim.sim.set_device_online(nvr["serialNo"], False)

    result = run(SCRIPTS + "list_devices.py", "--search", nvr["serialNo"], "--offline")

    assert result.code == 0, result.stdout
    assert result.json["data"]["device"] == [{"name": nvr["name"], "serialNo": nvr["serialNo"]}]
    assert len(sim.requests(DEVICES_GET)) == len(result.json["data"]["categoriesSearched"])


# ---- cameras offline / encrypted ---------------------------------------------------------

def test_offline_cameras_are_those_whose_device_or_channel_is_offline(sim, run):
    world = sim.sim.world
    expected = {camera["id"] for camera in world.channels("camera")
                if camera["areaId"] and not world.channel_online(camera)}
    assert expected

    result = run(SCRIPTS + "list_cameras.py", "--offline")

    assert result.code == 0, result.stdout
    assert {camera["id"] for camera in result.json["data"]["camera"]} == expected
    assert {camera["online"] for camera in result.json["data"]["camera"]} == {"0"}


def test_encrypted_cameras_ask_each_device_once_and_remember_it(sim, run):
    world = sim.sim.world
    encrypted = {camera["id"] for device in world.devices if device["streamEncrypt"]
                 for camera in device["cameras"] if camera["areaId"]}
    with_cameras = {device["serialNo"] for device in world.devices
                    if any(camera["areaId"] for camera in device["cameras"])}
    assert encrypted

    first = run(SCRIPTS + "list_cameras.py", "--encrypted")
    asked = len(sim.requests(DEVICE_DETAIL))
    second = run(SCRIPTS + "list_cameras.py", "--encrypted", "--offline")

    assert first.code == 0, first.stdout
    assert {camera["id"] for camera in first.json["data"]["camera"]} == encrypted
    assert {camera["streamEncryptEnable"] for camera in first.json["data"]["camera"]} == {"1"}
    assert asked == len(with_cameras)
    assert sorted(entry["body"]["deviceSerialNo"] for entry in sim.requests(DEVICE_DETAIL)) \
        == sorted(with_cameras)  # each device once, none again on the second run
    assert second.code == 0 and "offline with stream encryption on" in second.json["message"]


def test_encrypted_cameras_of_one_device_ask_only_that_device(sim, run):
    device = next(device for device in sim.sim.world.devices if device["streamEncrypt"])

    result = run(SCRIPTS + "list_cameras.py", "--encrypted", "--serial", device["serialNo"])

    assert result.code == 0, result.stdout
    assert [entry["body"] for entry in sim.requests(DEVICE_DETAIL)] == [
        {"deviceSerialNo": device["serialNo"]}]
    assert len(result.json["data"]["camera"]) == len(device["cameras"])


# ---- bytes per record --------------------------------------------------------------------

@pytest.mark.parametrize(("script", "list_key"), [
    ("list_devices.py", "device"), ("list_cameras.py", "camera"), ("list_doors.py", "door")])
def test_a_record_costs_at_most_300_bytes_of_piped_stdout(site, tmp_path, script, list_key):
    result = run_on(site, tmp_path, script, "--all")

    assert result.code == 0, result.stdout
    records = result.json["data"][list_key]
    assert len(records) == result.json["data"]["total"] > 500
    assert len(result.stdout.encode()) / len(records) <= 300
