"""Names beside the last id flags (issue 9 §2): every script that acts on or reads one area,
device, door, department, building, driver, driver group or access level takes its name too.
One match goes on: the resolved id reaches the platform and `data.resolved` says what was
resolved. Several or none: exit 2 and the action's path is never called. An id and the
name of the same thing together: exit 2 before any request."""

from __future__ import annotations

from typing import Any

import pytest
from picture_files import small_jpeg

from conftest import environment_for, run_script, sim_secrets
from hctsim import routes_intercom
from hctsim.routes_acs import access_levels
from hctsim.routes_alarm_admin import state
from hctsim.routes_person import groups

ACS = "modules/Hik-Connect_Team_ACS/scripts/"
PERSON = "modules/Hik-Connect_Team_Person/scripts/"
RESOURCE = "modules/Hik-Connect_Team_Resource/scripts/"
VEHICLE = "modules/Hik-Connect_Team_Vehicle/scripts/"
INTERCOM = "modules/Hik-Connect_Team_Intercom/scripts/"
VIDEO = "modules/Hik-Connect_Team_Video/scripts/"
ATTENDANCE = "modules/Hik-Connect_Team_Attendance/scripts/"
ALARM = "modules/Hik-Connect_Team_Alarm/scripts/"

LEVEL_LIST = "/api/hccgw/acspm/v1/accesslevel/list"
LEVELS_ADD = "/api/hccgw/acspm/v1/accesslevel/person/add"
GROUPS = "/api/hccgw/person/v1/groups/"
PERSON_ADD = "/api/hccgw/person/v1/persons/add"
QUICK_ADD = "/api/hccgw/person/v1/persons/quick/add"
CARD_COLLECT = "/api/hccgw/person/v1/persons/cardcollect"
FINGER_COLLECT = "/api/hccgw/person/v1/persons/fingercollect"
CARDS_UPDATE = "/api/hccgw/person/v1/persons/updatecards"
TIMECARD = "/api/hccgw/attendance/v1/report/totaltimecard/list"
DEVICES_ADD = "/api/hccgw/resource/v1/devices/add"
VEHICLES_ADD = "/api/hccgw/resource/v1/areas/vehicles/add"
VEHICLES_GET = "/api/hccgw/resource/v1/areas/vehicles/get"
VEHICLE_UPDATE = "/api/hccgw/resource/v1/areas/vehicles/*/update"
ACC_STATUS = "/api/hccgw/resource/v1/accstatus/search"
DRIVER = "/api/hccgw/vehicle/v1/driver/"
DRIVER_GROUP = "/api/hccgw/vehicle/v1/driverGroup/"
FACE_APPLY = "/api/hccgw/vehicle/v1/driverFace/distribution"
VIMS = "/api/hccgw/vims/v1/"
INTERCOM_ISAPI = "/api/hccgw/proxy/v1/isapi/proxypass"
VIDEO_ISAPI = "/api/hccgw/video/v1/isapi/proxypass"
WAKEUP = "/api/hccgw/video/v1/video/device/wakeup"
RULES_UPDATE = "/api/hccgw/alarm/v1/alarmrules/update"
LINKAGE_ADD = "/api/hccgw/alarm/v1/alarmlinkage/add"
WINDOW = ("--start", "2030-05-01T08:00:00+02:00", "--end", "2030-05-01T18:00:00+02:00")


def area_id(sim: Any, name: str) -> str:
    return next(area["id"] for area in sim.sim.world.areas if area["name"] == name)


def device_named(sim: Any, name: str) -> dict[str, Any]:
    return next(device for device in sim.sim.world.devices if device["name"] == name)


def department_ids(sim: Any) -> dict[str, str]:
    return {group["groupName"]: group["groupId"] for group in groups(sim.sim).values()}


def only_body(sim: Any, path: str) -> dict[str, Any]:
    """The body of the one request the platform took at `path` (the simulator's rate limit
    may have turned a first try away with HTTP 429: the client then sends it again)."""
    (request,) = [entry for entry in sim.requests(path) if entry["status"] != 429]
    return request["body"]


def resolved(result: Any) -> dict[str, str]:
    """flag -> resolved id of the run's data.resolved."""
    return {entry["flag"]: entry["id"] for entry in result.json["data"]["resolved"]}


@pytest.fixture
def fleet(sim_factory: Any, tmp_path: Any) -> Any:
    """A simulator whose world has the fleet (on-board devices, door stations), and a
    runner for it."""
    server = sim_factory(devices=20)

    def runner(script: str, *args: str) -> Any:
        return run_script(script, *args, env=environment_for(server, tmp_path),
                          secrets=lambda: sim_secrets(server))

    server.run = runner
    return server


# ---- ACS: access levels by door and area, levels by name ---------------------------------

def test_access_levels_of_a_named_door_and_a_named_area(sim, run):
    door = sim.sim.world.channels("door")[0]
    door["name"] = "Main Entrance"
    lobby = area_id(sim, "Lobby")

    result = run(ACS + "access_levels.py", "--door", "main entrance", "--area", "lobby")

    assert result.code == 0, result.stdout
    criteria = sim.requests(LEVEL_LIST)[-1]["body"]["accessLevelSearchRequest"]["searchCriteria"]
    assert criteria["associateResInfoList"] == [{"resId": door["id"]}]
    assert criteria["aresIdList"] == [lobby]
    assert resolved(result) == {"--door": door["id"], "--area": lobby}


@pytest.mark.parametrize("flag, query, code", [("--door", "door", "AMBIGUOUS_NAME"),
                                               ("--area", "lobbyx", "UNKNOWN_NAME")])
def test_access_levels_of_a_door_or_area_nobody_can_tell_lists_nothing(sim, run, flag, query,
                                                                       code):
    result = run(ACS + "access_levels.py", flag, query)

    assert result.code == 2 and result.json["errorCode"] == code
    assert sim.requests(LEVEL_LIST) == []


def test_a_level_given_by_name_is_assigned_by_its_id(sim, run):
    person_id = enrol(sim, "E1", "Ana", "Silva")

    result = run(ACS + "person_access_level.py", "add", "--person-id", person_id,
                 "--access-level", "all doors")

    assert result.code == 0, result.stdout
    assert only_body(sim, LEVELS_ADD)["personList"][0]["accessLevelIdList"] == [
        "400000000000000001"]
    assert resolved(result) == {"--access-level": "400000000000000001"}


def test_an_ambiguous_level_assigns_nothing(sim, run):
    person_id = enrol(sim, "E1", "Ana", "Silva")

    result = run(ACS + "person_access_level.py", "add", "--person-id", person_id,
                 "--access-level", "doors")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert {candidate["pick"].split()[0] for candidate in result.json["data"]["candidates"]} == {
        "--access-level-id"}
    assert sim.requests(LEVELS_ADD) == []


# ---- Person: departments, their areas and parents; collecting devices --------------------

def enrol(sim: Any, code: str, first: str, last: str) -> str:
    answer = sim.api(PERSON_ADD, {"groupId": department_ids(sim)["Employees"],
                                  "personCode": code, "firstName": first, "lastName": last,
                                  "gender": 1, "startDate": "2025-01-01T00:00:00+00:00",
                                  "endDate": "2030-01-01T00:00:00+00:00"})
    assert answer["errorCode"] == "0", answer
    return answer["data"]["personId"]


def test_a_department_is_added_with_an_area_given_by_name(sim, run):
    result = run(PERSON + "add_department.py", "--name", "Security", "--area", "LOBBY")

    assert result.code == 0, result.stdout
    assert only_body(sim, GROUPS + "add") == {"groupName": "Security",
                                              "areaId": area_id(sim, "Lobby")}


def test_an_area_id_and_an_area_name_together_send_nothing(sim, run):
    result = run(PERSON + "add_department.py", "--name", "Security",
                 "--area-id", area_id(sim, "Lobby"), "--area", "Lobby")

    assert result.code == 2
    assert sim.requests() == []


def test_a_department_moved_by_names(sim, run):
    ids = department_ids(sim)

    result = run(PERSON + "update_department.py", "--department", "contractors",
                 "--parent", "employees", "--area", "parking")

    assert result.code == 0, result.stdout
    assert only_body(sim, GROUPS + "update") == {
        "groupId": ids["Contractors"], "parentId": ids["Employees"],
        "areaId": area_id(sim, "Parking")}
    assert resolved(result) == {"--department": ids["Contractors"],
                                "--parent": ids["Employees"], "--area": area_id(sim, "Parking")}


def test_a_department_deleted_by_name(sim, run):
    contractors = department_ids(sim)["Contractors"]

    dry = run(PERSON + "delete_department.py", "--department", "contractors")
    done = run(PERSON + "delete_department.py", "--department", "contractors", "--yes")

    assert dry.code == 0 and dry.json["data"]["wouldSend"] == {"groupId": contractors}
    assert done.code == 0, done.stdout
    assert only_body(sim, GROUPS + "delete") == {"groupId": contractors}


def test_an_ambiguous_department_is_not_deleted(sim, run):
    for name in ("Night shift A", "Night shift B"):
        assert sim.api(GROUPS + "add", {"groupName": name})["errorCode"] == "0"

    result = run(PERSON + "delete_department.py", "--department", "night shift", "--yes")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert sim.requests(GROUPS + "delete") == []


def test_departments_below_a_parent_named(sim, run):
    result = run(PERSON + "list_departments.py", "--parent", "all persons")

    assert result.code == 0, result.stdout
    assert sim.requests(GROUPS + "search")[-1]["body"]["parentGroupId"] == \
        department_ids(sim)["All Persons"]
    assert {"Employees", "Contractors"} <= {
        group["groupName"] for group in result.json["data"]["personGroupList"]}


def test_new_persons_of_an_import_go_to_the_department_named(sim, run, tmp_path):
    sheet = tmp_path / "staff.csv"
    sheet.write_text("personCode,firstName\nC1,Cy\n", encoding="utf-8")

    result = run(PERSON + "import_persons.py", "--csv", str(sheet), "--department", "contractors")

    assert result.code == 0, result.stdout
    body = only_body(sim, QUICK_ADD)
    assert body["personInfo"]["groupId"] == department_ids(sim)["Contractors"]


def test_quick_add_with_a_level_by_name(sim, run):
    result = run(PERSON + "quick_add_person.py", "--department", "employees", "--person-code",
                 "E9", "--first-name", "Di", "--access-level", "lobby doors")

    assert result.code == 0, result.stdout
    lobby_doors = next(level_id for level_id, level in access_levels(sim.sim).items()
                       if level["name"] == "Lobby Doors")
    assert only_body(sim, QUICK_ADD)["aceessLevelList"] == [lobby_doors]


def test_a_card_is_read_on_a_device_named(sim, run):
    reader = device_named(sim, "Door Controller 001")

    result = run(PERSON + "collect_card.py", "--device", "door controller 001")

    assert result.code == 0, result.stdout
    assert only_body(sim, CARD_COLLECT) == {"deviceSerial": reader["serialNo"]}
    assert result.json["data"]["resolved"][0]["pick"] == f"--serial {reader['serialNo']}"


def test_a_fingerprint_on_an_ambiguous_device_is_not_asked_for(sim, run):
    result = run(PERSON + "collect_fingerprint.py", "--device", "door controller")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert sim.requests(FINGER_COLLECT) == []


def test_a_card_collected_on_a_device_named_is_stored(sim, run):
    person_id = enrol(sim, "E1", "Ana", "Silva")
    reader = device_named(sim, "Door Controller 001")

    result = run(PERSON + "update_cards.py", "--person-id", person_id,
                 "--collect-from-device", "door controller 001")

    assert result.code == 0, result.stdout
    assert only_body(sim, CARD_COLLECT) == {"deviceSerial": reader["serialNo"]}
    assert only_body(sim, CARDS_UPDATE)["cardList"] == [
        {"cardNo": result.json["data"]["collectedCardNo"]}]
    assert result.json["data"]["resolved"][0]["pick"] == f"--collect-from {reader['serialNo']}"


def test_a_serial_and_a_collecting_device_name_together_send_nothing(sim, run):
    result = run(PERSON + "update_cards.py", "--person-id", "1", "--collect-from", "G67776528",
                 "--collect-from-device", "door controller 001")

    assert result.code == 2
    assert sim.requests() == []


def test_time_cards_of_a_department_named(sim, run):
    result = run(ATTENDANCE + "total_time_card.py", "--begin", "2024-01-01", "--end",
                 "2024-01-02", "--department", "employees")

    assert result.code == 0, result.stdout
    assert sim.requests(TIMECARD)[0]["body"]["personGroupIds"] == [
        department_ids(sim)["Employees"]]


# ---- Resource: a new device's area and vehicle -------------------------------------------

def test_a_new_device_goes_into_the_area_named(sim, run):
    serial, device = next((serial, device) for serial, device in
                          sim.sim.world.field_devices.items()
                          if device["kind"] == "ipc" and not device["otherAccount"])

    result = run(RESOURCE + "add_device.py", "--category", "encodingDevice", "--serial", serial,
                 "--verify-code", device["verifyCode"], "--name", "Gate", "--import-to-area",
                 "--area", "warehouse")

    assert result.code == 0, result.stdout
    assert only_body(sim, DEVICES_ADD)["importToArea"] == {"enable": 1,
                                                           "areaID": area_id(sim, "Warehouse")}


def test_a_new_on_board_device_for_an_unknown_vehicle_is_not_added(sim, run):
    result = run(RESOURCE + "add_device.py", "--category", "mobileDevice", "--serial",
                 "M83465233", "--verify-code", "VDJPIK", "--name", "Van", "--vehicle", "no such")

    assert result.code == 2 and result.json["errorCode"] == "UNKNOWN_NAME"
    assert sim.requests(DEVICES_ADD) == []


# ---- Vehicle: areas, on-board devices, drivers and driver groups -------------------------

def test_vehicles_of_an_area_named(sim, run):
    result = run(VEHICLE + "list_vehicles.py", "--area", "parking", "--include-sub-areas")

    assert result.code == 0, result.stdout
    assert sim.requests(VEHICLES_GET)[-1]["body"]["filter"] == {
        "areaID": area_id(sim, "Parking"), "includeSubArea": "1"}


def test_a_vehicle_added_by_area_and_device_names(fleet):
    dvr = device_named(fleet, "Mobile DVR 04")  # the fleet's one device without a vehicle

    result = fleet.run(VEHICLE + "add_vehicle.py", "--area", "parking", "--plate", "AB123CD",
                       "--type", "truck", "--device", "mobile dvr 04")

    assert result.code == 0, result.stdout
    body = only_body(fleet, VEHICLES_ADD)
    assert (body["areaId"], body["deviceSerial"]) == (area_id(fleet, "Parking"), dvr["serialNo"])
    assert resolved(result)["--device"] == dvr["id"]


def test_a_vehicle_given_an_ambiguous_device_is_not_changed(fleet):
    result = fleet.run(VEHICLE + "update_vehicle.py", "--vehicle", "yard 7",
                       "--device", "mobile dvr")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert all(candidate["pick"].startswith("--device-serial M")
               for candidate in result.json["data"]["candidates"])
    assert fleet.requests(VEHICLE_UPDATE) == []


def test_a_vehicle_linked_to_a_device_named(fleet):
    dvr = device_named(fleet, "Mobile DVR 04")

    result = fleet.run(VEHICLE + "update_vehicle.py", "--vehicle", "yard 7",
                       "--device", "mobile dvr 04")

    assert result.code == 0, result.stdout
    assert only_body(fleet, VEHICLE_UPDATE)["deviceSerial"] == dvr["serialNo"]


def test_acc_status_of_on_board_devices_named(fleet):
    serials = [device_named(fleet, f"Mobile DVR 0{number}")["serialNo"] for number in (1, 2)]

    result = fleet.run(VEHICLE + "acc_status.py", "--device", "mobile dvr 01",
                       "--device", "Mobile DVR 02")

    assert result.code == 0, result.stdout
    assert only_body(fleet, ACC_STATUS) == {"deviceSerials": ",".join(serials)}


def test_acc_status_of_an_unknown_device_asks_nothing(fleet):
    result = fleet.run(VEHICLE + "acc_status.py", "--device", "mobile dvr 09")

    assert result.code == 2 and result.json["errorCode"] == "UNKNOWN_NAME"
    assert fleet.requests(ACC_STATUS) == []


def test_a_driver_group_added_and_moved_by_names(sim, run):
    added = run(VEHICLE + "add_driver_group.py", "--name", "Weekend", "--area", "perimeter")
    moved = run(VEHICLE + "update_driver_group.py", "--driver-group", "weekend",
                "--area", "lobby")

    assert added.code == 0 and moved.code == 0, added.stdout + moved.stdout
    assert only_body(sim, DRIVER_GROUP + "add") == {
        "driverGroupName": "Weekend", "relatedAreaId": area_id(sim, "Perimeter")}
    assert only_body(sim, DRIVER_GROUP + "update") == {
        "id": added.json["data"]["id"], "driverGroupName": "Weekend",
        "relatedAreaId": area_id(sim, "Lobby")}


def test_a_driver_group_without_an_area_is_refused_before_any_request(sim, run):
    result = run(VEHICLE + "add_driver_group.py", "--name", "Weekend")

    assert result.code == 2 and "--area" in result.json["message"]
    assert sim.requests() == []


def test_drivers_of_a_group_named(sim, run):
    result = run(VEHICLE + "list_drivers.py", "--driver-group", "night shift")

    assert result.code == 0, result.stdout
    group = resolved(result)["--driver-group"]
    assert sim.requests(DRIVER + "batchquery")[-1]["body"]["groupId"] == group
    assert {driver["driverGroupName"] for driver in result.json["data"]["drivers"]} == {
        "Night shift"}


def test_a_driver_added_to_a_group_and_vehicle_named(sim, run, tmp_path):
    photo = tmp_path / "face.jpg"
    photo.write_bytes(small_jpeg())

    result = run(VEHICLE + "add_driver.py", "--first-name", "Di", "--code", "D009",
                 "--gender", "female", "--driver-group", "day shift", "--photo", str(photo),
                 "--vehicle", "kx21 abc")

    assert result.code == 0, result.stdout
    body = only_body(sim, DRIVER + "add")
    ids = resolved(result)
    assert (body["groupId"], body["relateVehicleIds"]) == (ids["--driver-group"],
                                                            [ids["--vehicle"]])


def test_a_driver_updated_and_applied_by_name(sim, run):
    updated = run(VEHICLE + "update_driver.py", "--driver", "san zhang", "--first-name", "San",
                  "--last-name", "Zhang", "--phone", "+44 1")
    applied = run(VEHICLE + "apply_driver_faces.py", "--driver", "san zhang",
                  "--driver", "ana lopez")

    assert updated.code == 0 and applied.code == 0, updated.stdout + applied.stdout
    san = resolved(updated)["--driver"]
    assert only_body(sim, DRIVER + "update")["driverId"] == san
    assert only_body(sim, FACE_APPLY)["driverIds"][0] == san
    assert len(only_body(sim, FACE_APPLY)["driverIds"]) == 2


@pytest.mark.parametrize("script, name, path, pick", [
    ("delete_drivers.py --yes", "--driver a", DRIVER + "batchdel", "--id"),  # San, Ana
    ("delete_driver_groups.py --yes", "--driver-group shift", DRIVER_GROUP + "batchdel", "--id"),
    ("apply_driver_faces.py", "--driver a", FACE_APPLY, "--driver-id")])
def test_drivers_and_groups_nobody_can_tell_are_left_alone(sim, run, script, name, path, pick):
    script, *options = script.split()
    flag, query = name.split()

    ambiguous = run(VEHICLE + script, *options, flag, query)
    unknown = run(VEHICLE + script, *options, flag, "nobody at all")

    assert ambiguous.json["errorCode"] == "AMBIGUOUS_NAME" and ambiguous.code == 2
    assert unknown.json["errorCode"] == "UNKNOWN_NAME" and unknown.code == 2
    assert {candidate["pick"].split()[0]
            for candidate in ambiguous.json["data"]["candidates"]} == {pick}
    assert sim.requests(path) == []


def test_a_driver_group_deleted_by_name(sim, run):
    result = run(VEHICLE + "delete_driver_groups.py", "--driver-group", "night shift", "--yes")

    assert result.code == 0, result.stdout
    assert only_body(sim, DRIVER_GROUP + "batchdel") == {
        "driverGroupIdList": [resolved(result)["--driver-group"]]}


# ---- Intercom: areas, buildings, departments, access levels, devices ---------------------

def test_buildings_of_an_area_named(sim, run):
    result = run(INTERCOM + "list_buildings.py", "--area", "lobby")

    assert result.code == 0, result.stdout
    criteria = sim.requests(VIMS + "build/search")[-1]["body"]["searchCriteria"]
    assert (criteria["areaId"], criteria["isContainSubArea"]) == (area_id(sim, "Lobby"), 0)
    assert {building["buildName"] for building in result.json["data"]["buildList"]} == {
        "Block A", "Block B"}


@pytest.mark.parametrize("script, list_path", [("list_rooms.py", "room/search"),
                                               ("search_residents.py", "person/search")])
def test_rooms_and_residents_of_a_building_named(sim, run, script, list_path):
    block_a = next(building for building in routes_intercom._store(sim.sim)["buildings"].values()
                   if building["buildName"] == "Block A")

    result = run(INTERCOM + script, "--building", "block a")

    assert result.code == 0, result.stdout
    assert sim.requests(VIMS + list_path)[-1]["body"]["searchCriteria"]["buildId"] == \
        block_a["buildId"]


def test_rooms_of_an_ambiguous_building_are_not_searched(sim, run):
    result = run(INTERCOM + "list_rooms.py", "--building", "block")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert sim.requests(VIMS + "room/search") == []


def test_a_resident_added_with_department_and_level_names(sim, run):
    room = next(iter(routes_intercom._store(sim.sim)["rooms"].values()))

    result = run(INTERCOM + "add_resident.py", "--first-name", "Eva", "--last-name", "Novak",
                 "--email", "eva@example.com", "--room", room["roomId"], "--department",
                 "employees", "--access-level", "all doors", *WINDOW)

    assert result.code == 0, result.stdout
    body = only_body(sim, VIMS + "person/add")
    assert body["personBaseInfo"]["groupId"] == department_ids(sim)["Employees"]
    assert body["alIds"] == ["400000000000000001"]


def test_a_visitor_pass_with_a_level_by_name(sim, run):
    result = run(INTERCOM + "add_temp_pass.py", "--name", "Plumber", "--open-count", "2",
                 *WINDOW, "--access-level", "all doors")

    assert result.code == 0, result.stdout
    assert only_body(sim, VIMS + "tempauth/add")["alIds"] == ["400000000000000001"]
    assert result.json["data"]["resolved"][0]["pick"] == "--al-id 400000000000000001"


def test_a_visitor_pass_with_an_unknown_level_is_not_made(sim, run):
    result = run(INTERCOM + "add_temp_pass.py", "--name", "Plumber", "--open-count", "2",
                 *WINDOW, "--access-level", "roof doors")

    assert result.code == 2 and result.json["errorCode"] == "UNKNOWN_NAME"
    assert sim.requests(VIMS + "tempauth/*") == []


def test_an_intercom_isapi_request_to_a_device_named(fleet):
    station = device_named(fleet, "Door Station 01")

    result = fleet.run(INTERCOM + "isapi_passthrough.py", "--device", "door station 01",
                       "--url", "/ISAPI/System/deviceInfo")

    assert result.code == 0, result.stdout
    assert only_body(fleet, INTERCOM_ISAPI)["id"] == station["id"]


# ---- Video: a device to wake up or to ask by ISAPI ---------------------------------------

def test_a_device_named_is_woken_up(sim, run):
    camera = device_named(sim, "IPC 006")

    result = run(VIDEO + "wakeup_device.py", "--device", "ipc 006")

    assert result.code == 0, result.stdout
    assert only_body(sim, WAKEUP) == {"deviceSerial": camera["serialNo"]}


def test_an_ambiguous_device_is_not_woken_up(sim, run):
    result = run(VIDEO + "wakeup_device.py", "--device", "ipc")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert sim.requests(WAKEUP) == []


def test_a_video_isapi_request_to_a_device_named(sim, run):
    nvr = device_named(sim, "NVR 003")

    result = run(VIDEO + "isapi_proxy.py", "--device", "nvr 003",
                 "--url", "/ISAPI/System/deviceInfo")

    assert result.code == 0, result.stdout
    assert only_body(sim, VIDEO_ISAPI)["id"] == nvr["id"]
    assert result.json["data"]["resolved"][0]["pick"] == f"--device-id {nvr['id']}"


@pytest.mark.parametrize("script, args", [
    (VIDEO + "isapi_proxy.py", ("--serial", "G30016174", "--device", "nvr 003", "--url", "/x")),
    (VIDEO + "wakeup_device.py", ("--serial", "G30016174", "--device", "nvr 003")),
    (INTERCOM + "isapi_passthrough.py", ("--device-id", "a1", "--device", "nvr", "--url", "/x")),
    (VEHICLE + "list_vehicles.py", ("--area-id", "a1", "--area", "lobby")),
    (INTERCOM + "list_rooms.py", ("--building-id", "b1", "--building", "block a")),
    (VEHICLE + "list_drivers.py", ("--group-id", "g1", "--driver-group", "night shift")),
    (PERSON + "delete_department.py", ("--group-id", "g1", "--department", "employees")),
])
def test_an_id_and_a_name_of_the_same_thing_send_nothing(sim, run, script, args):
    result = run(script, *args)

    assert result.code == 2, result.stdout
    assert sim.requests() == []


# ---- Alarm rules: priority, schedule and linked resources by name ------------------------

def test_a_rule_given_a_priority_and_a_schedule_by_name(sim, run):
    admin = state(sim.sim)
    rule = admin.rules[0]

    result = run(ALARM + "alarm_rules.py", "update", "--id", rule["id"], "--priority", "high",
                 "--schedule", "weekday template")

    assert result.code == 0, result.stdout
    sent = only_body(sim, RULES_UPDATE)["alarmRule"][0]
    assert sent["priority"] == {"id": admin.priorities[0]["id"]}
    assert sent["schedule"] == {"type": "1", "timeSchedule": {"id": admin.schedules[1]["id"]}}


def test_a_rule_given_an_ambiguous_schedule_is_not_changed(sim, run):
    result = run(ALARM + "alarm_rules.py", "update", "--id", state(sim.sim).rules[0]["id"],
                 "--schedule", "template")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert sim.requests(RULES_UPDATE) == []


def test_a_linkage_to_a_camera_and_an_output_named(sim, run):
    camera = sim.sim.world.channels("camera")[0]
    camera["name"] = "Lobby Entrance"
    siren = sim.sim.world.channels("alarmOutput")[0]
    siren["name"] = "Siren"

    result = run(ALARM + "alarm_linkage.py", "add", "--rule-id", state(sim.sim).rules[0]["id"],
                 "--capture-camera-name", "lobby entrance", "--alarm-output-name", "siren")

    assert result.code == 0, result.stdout
    items = only_body(sim, LINKAGE_ADD)["alarmLinkage"][0]["linkageItem"]
    assert items[0]["linkageConfig"]["linkCapturePicture"]["camera"] == [{"id": camera["id"]}]
    assert items[1]["linkageConfig"]["linkAlarmOutput"]["alarmOutput"] == [{"id": siren["id"]}]


def test_a_linkage_to_an_ambiguous_camera_is_not_added(sim, run):
    result = run(ALARM + "alarm_linkage.py", "add", "--rule-id", state(sim.sim).rules[0]["id"],
                 "--record-camera-name", "camera")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert {candidate["pick"].split()[0] for candidate in result.json["data"]["candidates"]} == {
        "--record-camera"}
    assert sim.requests(LINKAGE_ADD) == []


# ---- Intercom: a resident's rooms by name ------------------------------------------------

def test_a_resident_added_to_rooms_named(sim, run):
    rooms = {room["roomName"]: room for room in routes_intercom._store(sim.sim)["rooms"].values()}

    result = run(INTERCOM + "add_resident.py", "--first-name", "Eva", "--last-name", "Novak",
                 "--email", "eva@example.com", "--room-name", "block a 101:householder",
                 "--room-name", "Tower C 201", *WINDOW)

    assert result.code == 0, result.stdout
    sent = {room["roomId"]: room["accountType"]
            for room in only_body(sim, VIMS + "person/add")["roomList"]}
    assert sent == {rooms["Block A 101"]["roomId"]: 1, rooms["Tower C 201"]["roomId"]: 0}


def test_a_resident_is_not_moved_to_an_ambiguous_room(sim, run):
    result = run(INTERCOM + "update_resident.py", "--resident", "ana lopez", "--gender",
                 "female", *WINDOW, "--room-name", "101")

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    assert {candidate["pick"].split()[0] for candidate in result.json["data"]["candidates"]} == {
        "--room"}
    assert sim.requests(VIMS + "person/update") == []


# ---- Intercom: a temporary pass by name --------------------------------------------------

def test_a_pass_read_updated_and_deleted_by_name(sim, run):
    plumber = next(item for item in routes_intercom._store(sim.sim)["passes"].values()
                   if item["name"] == "Plumber visit")

    read = run(INTERCOM + "get_temp_pass.py", "--temp-pass", "plumber")
    updated = run(INTERCOM + "update_temp_pass.py", "--temp-pass", "plumber", "--open-count", "5")
    deleted = run(INTERCOM + "delete_temp_passes.py", "--temp-pass", "plumber visit", "--yes")

    assert (read.code, updated.code, deleted.code) == (0, 0, 0), read.stdout + updated.stdout
    assert only_body(sim, VIMS + "tempauth/update")["id"] == plumber["id"]
    assert only_body(sim, VIMS + "tempauth/delete") == {"deleteList": [plumber["id"]]}
    assert read.json["data"]["id"] == plumber["id"]


def test_a_pass_nobody_can_tell_is_not_deleted(sim, run):
    ambiguous = run(INTERCOM + "delete_temp_passes.py", "--temp-pass", "r", "--yes")
    unknown = run(INTERCOM + "delete_temp_passes.py", "--temp-pass", "window cleaner", "--yes")

    assert ambiguous.json["errorCode"] == "AMBIGUOUS_NAME" and ambiguous.code == 2
    assert unknown.json["errorCode"] == "UNKNOWN_NAME" and unknown.code == 2
    assert sim.requests(VIMS + "tempauth/delete") == []


def test_an_existing_person_named_becomes_a_resident(sim, run):
    person_id = enrol(sim, "E7", "Ana", "Silva")
    room = next(iter(routes_intercom._store(sim.sim)["rooms"].values()))

    result = run(INTERCOM + "add_resident.py", "--existing-person", "silva ana",
                 "--first-name", "Ana", "--last-name", "Silva", "--email", "ana@example.com",
                 "--room", room["roomId"], *WINDOW)

    assert result.code == 0, result.stdout
    base = only_body(sim, VIMS + "person/add")["personBaseInfo"]
    assert (base["id"], base["personCode"]) == (person_id, "E7")


def test_a_room_named_is_unlinked_from_a_resident(sim, run):
    store = routes_intercom._store(sim.sim)
    resident = next(person for person in store["residents"].values() if len(person["rooms"]) == 2)
    leaving, staying = (store["rooms"][room_id] for room_id in resident["rooms"])

    result = run(INTERCOM + "update_resident.py", "--id", resident["personId"], "--gender",
                 "female", *WINDOW, "--remove-room-name", leaving["roomName"])

    assert result.code == 0, result.stdout
    assert [room["roomId"] for room in only_body(sim, VIMS + "person/update")["roomList"]] == [
        staying["roomId"]]


def test_pass_through_alarm_input_states_by_name(sim, run):
    contact = sim.sim.world.channels("alarmInput")[0]
    contact["name"] = "Lobby door contact"

    result = run(INTERCOM + "alarm_input_status.py", "--alarm-input", "lobby door contact")

    assert result.code == 0, result.stdout
    assert only_body(sim, "/api/hccgw/proxy/v1/areas/alarminputs/status/get") == {
        "alarmIntputId": [contact["id"]], "alarmInputId": [contact["id"]]}
