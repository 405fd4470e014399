"""find.py (issue 9 §3): one search over areas, devices, cameras, doors, alarm inputs and
outputs by name or serial No., ranked, each hit with the command to run next; from the name
index, so a second search within minutes sends nothing."""

from __future__ import annotations

import shlex

from conftest import device_of

FIND = "modules/Hik-Connect_Team_Resource/scripts/find.py"
CAPTURE_PATH = "/api/hccgw/resource/v1/device/capturePic"
CONTROL_PATH = "/api/hccgw/acs/v1/remote/control"


def rename(sim, kind, index, name):
    channel = sim.sim.world.channels(kind)[index]
    channel["name"] = name
    return channel


def run_next(run, command):
    """Run a hit's `next` command as it is written (python3 ABSOLUTE_PATH ARGS...)."""
    words = shlex.split(command)
    assert words[0] == "python3"
    return run(words[1], *words[2:])


def test_a_named_camera_is_found_first_and_its_snapshot_command_works(sim, run):
    camera = rename(sim, "camera", 0, "Front Entrance")
    rename(sim, "camera", 1, "Front Entrance Left")
    device = sim.sim.world.device_by_id[camera["deviceId"]]
    sim.sim.set_device_online(device["serialNo"], True)

    found = run(FIND, "front entrance")

    assert found.code == 0, found.stdout
    hits = found.json["data"]["hits"]
    assert [hit["name"] for hit in hits[:2]] == ["Front Entrance", "Front Entrance Left"]
    first = hits[0]
    assert first["type"] == "camera" and first["id"] == camera["id"]
    assert first["deviceSerial"] == device["serialNo"] and first["channelNo"] == 1
    assert first["matched"] == "name" and first["online"] is True
    assert first["area"] == sim.sim.world.area_by_id[camera["areaId"]]["name"]
    shot = run_next(run, first["next"]["snapshot"])
    assert shot.code == 0, shot.stdout
    assert sim.requests(CAPTURE_PATH)[0]["body"]["deviceSerial"] == device["serialNo"]


def test_a_door_hit_gives_the_command_that_opens_it(sim, run):
    door = rename(sim, "door", 0, "Main Gate")
    sim.sim.set_device_online(sim.sim.world.device_by_id[door["deviceId"]]["serialNo"], True)

    hit = run(FIND, "main gate", "--type", "door").json["data"]["hits"][0]
    opened = run_next(run, hit["next"]["open"])

    assert hit["id"] == door["id"] and hit["type"] == "door"
    assert opened.code == 0, opened.stdout
    assert sim.requests(CONTROL_PATH)[0]["body"]["remoteControl"]["elementlist"] == [door["id"]]


def test_a_serial_finds_the_device_first_then_its_channels(sim, run):
    nvr = device_of(sim, "nvr")

    result = run(FIND, nvr["serialNo"].lower(), "--limit", "50")

    hits = result.json["data"]["hits"]
    assert hits[0] == {**hits[0], "type": "device", "name": nvr["name"],
                       "serialNo": nvr["serialNo"], "matched": "serial"}
    assert "device_channels.py" in hits[0]["next"]["cameras"]
    channels = len(nvr["cameras"]) + len(nvr["alarmInputs"]) + len(nvr["alarmOutputs"])
    assert result.json["data"]["matches"] == 1 + channels
    assert {hit["deviceSerial"] for hit in hits[1:]} == {nvr["serialNo"]}


def test_a_second_search_within_minutes_sends_nothing(sim, run):
    run(FIND, "camera 01")
    sent = len(sim.requests())

    again = run(FIND, "door 02")

    assert again.code == 0 and again.json["data"]["matches"] > 0
    assert len(sim.requests()) == sent


def test_a_name_the_index_does_not_know_is_looked_up_afresh_once(sim, run):
    run(FIND, "lobby")
    sent = len(sim.requests())
    rename(sim, "alarmOutput", 0, "Warehouse Strobe")

    found = run(FIND, "warehouse strobe")
    missing = run(FIND, "no such thing")

    assert found.json["data"]["hits"][0]["type"] == "alarmOutput"
    assert "trigger" in found.json["data"]["hits"][0]["next"]
    assert len(sim.requests()) > sent
    assert missing.code == 0 and missing.json["data"] == {"query": "no such thing",
                                                          "matches": 0, "hits": []}


def test_type_reads_only_those_kinds(sim, run):
    result = run(FIND, "lobby", "--type", "area")

    assert result.json["data"]["hits"][0]["type"] == "area"
    assert {entry["path"] for entry in sim.requests("/api/hccgw/resource/*")} == {
        "/api/hccgw/resource/v1/areas/get"}


def test_many_matches_answer_a_few_hits_and_how_many_there_were(sim, run):
    result = run(FIND, "camera", "--limit", "3")

    data = result.json["data"]
    assert len(data["hits"]) == 3 and data["matches"] > 3
    assert "first 3 shown" in result.json["message"]
    assert len(result.stdout.encode()) < 2048


def test_bad_arguments_are_refused_before_any_request(sim, run):
    assert run(FIND, "x", "--type", "camera,vehicle").code == 2
    assert run(FIND, "x", "--limit", "0").code == 2
    assert run(FIND).code == 2
    assert sim.requests() == []
