"""Resource module, areas (guide 5.2.2): list, add, detail, add and remove resources."""

from __future__ import annotations

import pytest

from conftest import device_of, environment_for, run_script, sim_secrets
from hct.errors import hint_for

SCRIPTS = "modules/Hik-Connect_Team_Resource/scripts/"
BASE = "/api/hccgw/resource/v1"
AREAS_GET = f"{BASE}/areas/get"
AREAS_ADD = f"{BASE}/areas/add"
AREA_DETAIL = f"{BASE}/areadetail/get"
RESOURCES_ADD = f"{BASE}/areas/resources/add"
RESOURCES_DELETE = f"{BASE}/areas/resources/delete"
DEVICE_DETAIL = f"{BASE}/devicedetail/get"


# ---- list_areas --------------------------------------------------------------------------

def test_list_areas_every_area(sim, run):
    result = run(SCRIPTS + "list_areas.py")

    assert result.code == 0, result.stdout
    assert sim.requests(AREAS_GET)[0]["body"] == {"pageIndex": 1, "pageSize": 100}
    data = result.json["data"]
    assert data["total"] == len(sim.sim.world.areas) == data["count"]
    assert {"id", "name", "parentAreaID", "existSubArea", "areaPath"} <= set(data["area"][0])


def test_list_areas_children_of_a_parent(sim, run):
    world = sim.sim.world
    root = world.root["id"]

    result = run(SCRIPTS + "list_areas.py", "--parent-id", root, "--include-sub-areas")

    assert result.code == 0
    assert sim.requests(AREAS_GET)[0]["body"]["filter"] == {"parentAreaID": root,
                                                            "includeSubArea": "1"}
    assert {area["id"] for area in result.json["data"]["area"]} == {
        area["id"] for area in world.children(root)}


def test_list_areas_all_reads_every_page(sim_factory, tmp_path):
    server = sim_factory()
    world = server.sim.world
    for number in range(600):  # more areas than one page of 500
        world.add_area(f"Room {number}", world.root["id"])

    result = run_script(SCRIPTS + "list_areas.py", "--all",
                        env=environment_for(server, tmp_path),
                        secrets=lambda: sim_secrets(server))

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["pagesRead"] == [1, 2] and data["count"] == data["total"] == len(world.areas)
    assert [entry["body"]["pageSize"] for entry in server.requests(AREAS_GET)] == [500, 500]
    assert "page 2" in result.stderr


@pytest.mark.parametrize("args", [("--include-sub-areas",), ("--parent-id", "a/b"),
                                  ("--parent-id", "x" * 33), ("--page-size", "501")])
def test_list_areas_bad_input(sim, run, args):
    result = run(SCRIPTS + "list_areas.py", *args)

    assert result.code == 2 and sim.requests() == []


def test_list_areas_unknown_parent_gives_the_hint(sim, run):
    result = run(SCRIPTS + "list_areas.py", "--parent-id", "nosucharea")

    assert result.code == 1 and result.json["errorCode"] == "OPEN000031"
    assert result.json["hint"] == hint_for("OPEN000031")


# ---- add_area ----------------------------------------------------------------------------

def test_add_area_under_the_root_by_default(sim, run):
    result = run(SCRIPTS + "add_area.py", "--name", "Building A")

    assert result.code == 0, result.stdout
    assert sim.requests(AREAS_ADD)[0]["body"] == {"parentAreaID": "-1", "areaName": "Building A"}
    area_id = result.json["data"]["areaID"]
    assert sim.sim.world.area_by_id[area_id]["name"] == "Building A"


def test_add_area_duplicate_name_gives_the_hint(sim, run):
    world = sim.sim.world
    taken = world.children(world.root["id"])[0]["name"]

    result = run(SCRIPTS + "add_area.py", "--name", taken, "--parent-id", world.root["id"])

    assert result.code == 1 and result.json["errorCode"] == "OPEN000510"
    assert result.json["hint"] == hint_for("OPEN000510")


@pytest.mark.parametrize("args", [(), ("--name", "x" * 65), ("--name", "  ")])
def test_add_area_bad_input(sim, run, args):
    result = run(SCRIPTS + "add_area.py", *args)

    assert result.code == 2 and sim.requests() == []


# ---- area_detail -------------------------------------------------------------------------

def test_area_detail(sim, run):
    world = sim.sim.world
    ids = [area["id"] for area in world.areas[:2]]

    result = run(SCRIPTS + "area_detail.py", "--area-id", ids[0], "--area-id", ids[1])

    assert result.code == 0, result.stdout
    assert sim.requests(AREA_DETAIL)[0]["body"] == {"areaID": ids}
    assert [area["id"] for area in result.json["data"]["area"]] == ids
    assert "areaPath" in result.json["data"]["area"][1]


def test_area_detail_unknown_id_is_an_item_failure(sim, run):
    known = sim.sim.world.root["id"]

    result = run(SCRIPTS + "area_detail.py", "--area-id", f"{known},test")

    assert result.code == 1 and result.json["success"] is False
    assert result.json["errorCode"] == "VMS021101"
    failed = result.json["data"]["failed"]
    assert [item["id"] for item in failed] == ["test"]
    assert failed[0]["hint"] == hint_for("VMS021101")
    assert result.json["data"]["succeededCount"] == 1


# ---- add_area_resources ------------------------------------------------------------------

def test_add_area_resources_from_a_device(sim, run):
    world = sim.sim.world
    device = world.add_device("nvr", name="New NVR", area_id="", added=0, serial="J00000001")
    target = world.root["id"]

    result = run(SCRIPTS + "add_area_resources.py", "--area-id", target, "--from-device",
                 device["serialNo"], "--types", "camera")

    assert result.code == 0, result.stdout
    body = sim.requests(RESOURCES_ADD)[0]["body"]
    assert body == {"areaID": target, "devChannel": [
        {"resourceName": camera["name"], "resourceType": "camera",
         "channelID": camera["channelId"]} for camera in device["cameras"]]}
    added = result.json["data"]["devChannel"]
    assert [item["id"] for item in added] == [camera["id"] for camera in device["cameras"]]
    assert all(camera["areaId"] == target for camera in device["cameras"])


def test_add_area_resources_skips_channels_already_in_an_area(sim, run):
    nvr = device_of(sim, "nvr")  # demo devices: every channel is in an area

    result = run(SCRIPTS + "add_area_resources.py", "--area-id", sim.sim.world.root["id"],
                 "--from-device", nvr["serialNo"])

    assert result.code == 0
    assert result.json["data"]["devChannel"] == []
    assert sim.requests(RESOURCES_ADD) == []


def test_add_area_resources_one_channel_and_item_failure(sim, run):
    nvr = device_of(sim, "nvr")
    camera = nvr["cameras"][0]
    area = camera["areaId"]

    result = run(SCRIPTS + "add_area_resources.py", "--area-id", area,
                 "--channel", f"camera:{camera['channelId']}:Gate: east")

    assert result.code == 1
    assert sim.requests(RESOURCES_ADD)[0]["body"]["devChannel"] == [
        {"resourceName": "Gate: east", "resourceType": "camera",
         "channelID": camera["channelId"]}]
    assert result.json["errorCode"] == "OPEN000511"  # already in that area
    assert result.json["hint"] == hint_for("OPEN000511")
    assert result.json["data"]["failed"][0]["channelID"] == camera["channelId"]


@pytest.mark.parametrize("channel", ["camera:abc", "door:abc:Door", "camera::x",
                                     "camera:a/b:x", "camera:abc:" + "x" * 65])
def test_add_area_resources_bad_channel_spec(sim, run, channel):
    result = run(SCRIPTS + "add_area_resources.py", "--area-id", "abc", "--channel", channel)

    assert result.code == 2, result.stdout
    assert sim.requests() == []


def test_add_area_resources_needs_channels(sim, run):
    result = run(SCRIPTS + "add_area_resources.py", "--area-id", "abc")

    assert result.code == 2 and sim.requests() == []


# ---- delete_area_resources ---------------------------------------------------------------

def test_delete_area_resources_dry_run_sends_nothing(sim, run):
    camera = device_of(sim, "nvr")["cameras"][0]

    result = run(SCRIPTS + "delete_area_resources.py", "--id", camera["id"])

    assert result.code == 0
    assert result.json["data"] == {"dryRun": True, "wouldSend": {"ids": [camera["id"]]}}
    assert sim.requests() == []
    assert camera["areaId"]


def test_delete_area_resources_with_yes(sim, run):
    cameras = device_of(sim, "nvr")["cameras"][:2]

    result = run(SCRIPTS + "delete_area_resources.py", "--id", cameras[0]["id"], "--id",
                 cameras[1]["id"], "--yes")

    assert result.code == 0, result.stdout
    assert sim.requests(RESOURCES_DELETE)[0]["body"] == {"ids": [c["id"] for c in cameras]}
    assert all(camera["areaId"] == "" for camera in cameras)


def test_delete_area_resources_unknown_id(sim, run):
    result = run(SCRIPTS + "delete_area_resources.py", "--id", "nosuch", "--yes")

    assert result.code == 1 and result.json["errorCode"] == "VMS000003"
    assert result.json["hint"] == hint_for("VMS000003")
