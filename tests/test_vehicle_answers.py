"""Vehicle scripts sized for an agent (issue 9 §1, §2, §5): brief records and files for the
lists, --name on vehicles (name or plate), drivers and driver groups, and --vehicle NAME
instead of a vehicle id."""

from __future__ import annotations

import csv

import pytest

from hctsim import routes_vehicle

SCRIPTS = "modules/Hik-Connect_Team_Vehicle/scripts/"
VEHICLES_GET = "/api/hccgw/resource/v1/areas/vehicles/get"
DRIVERS = "/api/hccgw/vehicle/v1/driver/batchquery"


def vehicles(sim) -> dict[str, dict]:
    """The simulator's vehicles by plate: KX21 ABC, LD70 TRK, BUS 42, YARD 7."""
    return {vehicle["licensePlateNo"]: vehicle
            for vehicle in routes_vehicle._store(sim.sim)["vehicles"].values()}


def test_list_vehicles_answers_brief_records_with_the_device_serial(sim, run):
    result = run(SCRIPTS + "list_vehicles.py", "--all")

    assert result.code == 0, result.stdout
    listed = {vehicle["vehicleInfo"]["licensePlateNo"]: vehicle
              for vehicle in result.json["data"]["vehicle"]}
    truck = listed["LD70 TRK"]
    assert set(truck) <= {"id", "name", "online", "area", "vehicleInfo", "deviceSerial"}
    assert set(truck["vehicleInfo"]) == {"licensePlateNo", "vehicleType"}
    assert truck["deviceSerial"] == vehicles(sim)["LD70 TRK"]["deviceSerial"]
    assert len(result.stdout) / len(listed) < 300


def test_list_vehicles_by_plate_words_in_any_order(sim, run):
    result = run(SCRIPTS + "list_vehicles.py", "--name", "trk ld70")

    assert result.code == 0, result.stdout
    assert [vehicle["vehicleInfo"]["licensePlateNo"]
            for vehicle in result.json["data"]["vehicle"]] == ["LD70 TRK"]


def test_list_vehicles_to_csv(sim, run, tmp_path):
    target = tmp_path / "vehicles.csv"

    result = run(SCRIPTS + "list_vehicles.py", "--all", "--csv", str(target))

    assert "vehicle" not in result.json["data"] and len(result.stdout) < 1000
    with open(target, encoding="utf-8-sig", newline="") as handle:
        plates = {row["vehicleInfo.licensePlateNo"] for row in csv.DictReader(handle)}
    assert plates == set(vehicles(sim))


def test_list_drivers_by_name_uses_the_platforms_fuzzy_search_then_every_word(sim, run):
    result = run(SCRIPTS + "list_drivers.py", "--name", "zhang san")

    assert result.code == 0, result.stdout
    drivers = result.json["data"]["drivers"]
    assert [driver["driverName"] for driver in drivers] == ["San Zhang"]
    assert set(drivers[0]) <= {"driverId", "driverName", "driverCode", "driverGroupId",
                               "driverGroupName", "phone", "distributionStatus"}
    assert sim.requests(DRIVERS)[0]["body"]["fuzzySearch"] == "zhang"


def test_list_driver_groups_by_name_and_to_a_json_file(sim, run, tmp_path):
    target = tmp_path / "groups.json"

    named = run(SCRIPTS + "list_driver_groups.py", "--name", "NIGHT")
    saved = run(SCRIPTS + "list_driver_groups.py", "--output", str(target))

    assert [group["groupName"] for group in named.json["data"]["driverGroups"]] == [
        "Night shift"]
    assert saved.json["data"]["files"][0]["count"] == 2 and target.exists()


def test_acc_status_of_vehicles_named_by_plate(sim, run):
    result = run(SCRIPTS + "acc_status.py", "--vehicle", "KX21 ABC", "--vehicle", "bus 42")

    assert result.code == 0, result.stdout
    sent = sim.requests("/api/hccgw/resource/v1/accstatus/search")[0]["body"]
    assert set(sent["vehicleIds"].split(",")) == {vehicles(sim)["KX21 ABC"]["id"],
                                                  vehicles(sim)["BUS 42"]["id"]}
    assert {entry["name"] for entry in result.json["data"]["resolved"]} == {"KX21 ABC",
                                                                          "BUS 42"}


def test_update_vehicle_by_plate(sim, run):
    truck = vehicles(sim)["LD70 TRK"]

    result = run(SCRIPTS + "update_vehicle.py", "--vehicle", "ld70", "--driver-phone", "+1")

    assert result.code == 0, result.stdout
    assert sim.requests(f"/api/hccgw/resource/v1/areas/vehicles/{truck['id']}/update")
    assert truck["driverPhoneNo"] == "+1"


@pytest.mark.parametrize(("query", "code"), [("a", "AMBIGUOUS_NAME"), ("LD71", "UNKNOWN_NAME")])
def test_an_ambiguous_or_unknown_vehicle_changes_nothing(sim, run, tmp_path, query, code):
    from picture_files import small_jpeg

    picture = tmp_path / "van.jpg"
    picture.write_bytes(small_jpeg())

    update = run(SCRIPTS + "update_vehicle.py", "--vehicle", query, "--driver-phone", "+1")
    upload = run(SCRIPTS + "upload_vehicle_picture.py", "--image", str(picture),
                 "--vehicle", query)

    assert [update.code, upload.code] == [2, 2]
    assert update.json["errorCode"] == upload.json["errorCode"] == code
    if code == "AMBIGUOUS_NAME":
        assert update.json["data"]["candidates"][0]["pick"].startswith("--id ")
        assert upload.json["data"]["candidates"][0]["pick"].startswith("--vehicle-id ")
    sent = {entry["path"] for entry in sim.requests()}
    assert sent <= {VEHICLES_GET, "/api/hccgw/platform/v1/token/get"}  # reads only
