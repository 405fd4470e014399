"""Drivers, driver groups and face applications, with the guide's types (gender 0/1/2)."""

import base64

from picture_files import small_jpeg

from hctsim import routes_vehicle

SCRIPTS = "modules/Hik-Connect_Team_Vehicle/scripts"
JPEG = small_jpeg()


def _store(sim):
    return routes_vehicle._store(sim.sim)


def test_list_drivers_sends_integer_filters(sim, run):
    result = run(f"{SCRIPTS}/list_drivers.py", "--status", "not-applied", "--linked", "yes",
                 "--search", "zhang", "--page-size", "50", "--detail", "full")
    assert result.code == 0, result.stdout
    assert sim.requests("/api/hccgw/vehicle/v1/driver/batchquery")[0]["body"] == {
        "distributionStatus": 0, "fuzzySearch": "zhang", "relatedVehicle": 2,
        "pageIndex": 1, "pageSize": 50}
    [driver] = result.json["data"]["drivers"]
    assert driver["driverName"] == "San Zhang" and driver["relatedVehicles"]


def test_add_driver_uses_driver_genders_and_base64_photo(sim, run, tmp_path):
    photo = tmp_path / "face.jpg"
    photo.write_bytes(JPEG)
    group = next(iter(_store(sim)["groups"]))
    vehicle = next(iter(_store(sim)["vehicles"]))
    result = run(f"{SCRIPTS}/add_driver.py", "--first-name", "Mia", "--code", "D900",
                 "--gender", "female", "--group-id", group, "--photo", str(photo),
                 "--vehicle-id", vehicle, "--license-no", "B1", "--license-valid",
                 "2030-12-31")  # a date alone: the end of that day
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/vehicle/v1/driver/add")[0]["body"]
    assert body["gender"] == 2 and body["groupId"] == group
    assert body["relateVehicleIds"] == [vehicle]
    assert base64.b64decode(body["photoData"]) == JPEG
    assert body["driverLicenseInfo"] == {"licenseNo": "B1", "validTime": "2030-12-31T23:59:59"}
    assert {body[k] for k in ("phone", "email", "description")} == {""}
    assert "photoData" not in result.json["data"]  # no Base64 blob in the output
    assert result.json["data"]["driverId"] in _store(sim)["drivers"]


def test_add_driver_without_a_name_is_refused_before_any_request(sim, run, tmp_path):
    photo = tmp_path / "face.jpg"
    photo.write_bytes(JPEG)
    result = run(f"{SCRIPTS}/add_driver.py", "--code", "D1", "--gender", "male",
                 "--group-id", "g1", "--photo", str(photo))
    assert result.code == 2
    assert sim.requests() == []


def test_update_driver_keeps_the_fields_not_given(sim, run):
    driver = next(iter(_store(sim)["drivers"].values()))
    before = dict(driver)
    result = run(f"{SCRIPTS}/update_driver.py", "--id", driver["driverId"], "--first-name",
                 "Sanny", "--last-name", before["lastName"])
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/vehicle/v1/driver/update")[0]["body"]
    assert body["driverCode"] == before["driverCode"] and body["gender"] == before["gender"]
    assert body["groupId"] == before["groupId"] and "photoData" not in body
    assert body["relateVehicleIds"] == before["vehicleIds"]
    assert driver["firstName"] == "Sanny" and driver["phone"] == before["phone"]


def test_delete_drivers_dry_run_then_yes(sim, run):
    driver_id = next(iter(_store(sim)["drivers"]))
    dry = run(f"{SCRIPTS}/delete_drivers.py", "--id", driver_id)
    assert dry.json["data"]["wouldSend"] == {"driverIdList": [driver_id]}
    assert sim.requests("/api/hccgw/vehicle/v1/driver/batchdel") == []
    done = run(f"{SCRIPTS}/delete_drivers.py", "--id", driver_id, "--yes")
    assert done.code == 0 and driver_id not in _store(sim)["drivers"]


def test_driver_groups_list_add_update_delete(sim, run):
    area = sim.sim.world.areas[2]["id"]
    listed = run(f"{SCRIPTS}/list_driver_groups.py")
    assert listed.code == 0 and listed.json["data"]["count"] == 2
    assert sim.requests("/api/hccgw/vehicle/v1/driverGroup/batchquery")[0]["body"] == {}
    added = run(f"{SCRIPTS}/add_driver_group.py", "--name", "Weekend", "--area-id", area)
    assert added.code == 0, added.stdout
    group_id = added.json["data"]["id"]
    assert sim.requests("/api/hccgw/vehicle/v1/driverGroup/add")[0]["body"] == {
        "driverGroupName": "Weekend", "relatedAreaId": area}
    renamed = run(f"{SCRIPTS}/update_driver_group.py", "--id", group_id, "--name", "Sunday")
    assert renamed.code == 0, renamed.stdout
    assert sim.requests("/api/hccgw/vehicle/v1/driverGroup/update")[0]["body"] == {
        "id": group_id, "driverGroupName": "Sunday", "relatedAreaId": area}
    duplicate = run(f"{SCRIPTS}/add_driver_group.py", "--name", "Sunday", "--area-id", area)
    assert duplicate.code == 1 and duplicate.json["errorCode"] == "OPEN010004"
    assert duplicate.json["hint"] == "Check the parameters."
    gone = run(f"{SCRIPTS}/delete_driver_groups.py", "--id", group_id, "--yes")
    assert gone.code == 0 and group_id not in _store(sim)["groups"]
    assert sim.requests("/api/hccgw/vehicle/v1/driverGroup/batchdel")[0]["body"] == {
        "driverGroupIdList": [group_id]}


def test_face_application_reports_success_and_failures(sim, run):
    with_photo, _, without_photo = list(_store(sim)["drivers"])
    applied = run(f"{SCRIPTS}/apply_driver_faces.py", "--driver-id", with_photo)
    assert applied.code == 0, applied.stdout
    guid = applied.json["data"]["guid"]
    assert sim.requests("/api/hccgw/vehicle/v1/driverFace/distribution")[0]["body"] == {
        "driverIds": [with_photo]}
    status = run(f"{SCRIPTS}/driver_face_status.py", "--guid", guid)
    assert status.code == 0 and status.json["data"]["successCount"] == 1
    assert sim.requests("/api/hccgw/vehicle/v1/driverFace/status/query")[0]["body"] == {
        "guid": guid}
    failing = run(f"{SCRIPTS}/apply_driver_faces.py", "--driver-id", without_photo, "--wait")
    assert failing.code == 1 and failing.json["errorCode"] == "OPEN010007"
    assert failing.json["data"]["failed"][0]["driverId"] == without_photo
