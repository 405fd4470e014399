"""Vehicles: list, add (one device per vehicle), update, the picture upload flow, ACC status."""

import requests
from picture_files import small_jpeg

from hctsim import routes_vehicle

SCRIPTS = "modules/Hik-Connect_Team_Vehicle/scripts"
JPEG = small_jpeg()


def _store(sim):
    return routes_vehicle._store(sim.sim)


def _free_device(sim):
    store = _store(sim)
    taken = {v["deviceSerial"] for v in store["vehicles"].values()}
    return next(serial for serial in store["onboard"] if serial not in taken)


def _linked_vehicle(sim):
    return next(v for v in _store(sim)["vehicles"].values() if v["deviceSerial"])


def test_list_vehicles_reads_every_area_with_string_include_flag(sim, run):
    result = run(f"{SCRIPTS}/list_vehicles.py", "--all", "--detail", "full")
    assert result.code == 0, result.stdout
    assert sim.requests("/api/hccgw/resource/v1/areas/vehicles/get")[0]["body"] == {
        "filter": {"areaID": "-1", "includeSubArea": "1"}, "pageIndex": 1, "pageSize": 500}
    vehicles = result.json["data"]["vehicle"]
    assert result.json["data"]["total"] == 4 and len(vehicles) == 4
    assert {v["vehicleInfo"]["vehicleType"] for v in vehicles} == {0, 1, 2, 3}
    assert any(v["device"]["devInfo"]["serialNo"].startswith("M") for v in vehicles)


def test_add_vehicle_links_a_free_on_board_device(sim, run):
    area = sim.sim.world.areas[1]["id"]
    serial = _free_device(sim)
    result = run(f"{SCRIPTS}/add_vehicle.py", "--area-id", area, "--plate", "NEW 001",
                 "--type", "truck", "--device-serial", serial, "--driver-first-name", "Eli")
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/resource/v1/areas/vehicles/add")[0]["body"]
    assert body == {"areaId": area, "licensePlateNo": "NEW 001", "vehicleType": 2,
                    "driverFirstName": "Eli", "deviceSerial": serial}
    added = _store(sim)["vehicles"][result.json["data"]["id"]]
    assert added["deviceSerial"] == serial


def test_a_device_already_linked_is_refused_and_nothing_is_added(sim, run):
    taken = _linked_vehicle(sim)
    result = run(f"{SCRIPTS}/add_vehicle.py", "--area-id", sim.sim.world.areas[1]["id"],
                 "--plate", "DUP 1", "--type", "car", "--device-serial", taken["deviceSerial"])
    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"
    assert taken["id"] in result.json["message"] and result.json["hint"]
    assert sim.requests("/api/hccgw/resource/v1/areas/vehicles/get")
    assert sim.requests("/api/hccgw/resource/v1/areas/vehicles/add") == []


def test_update_vehicle_keeps_what_is_not_given(sim, run):
    vehicle = _linked_vehicle(sim)
    before = dict(vehicle)
    result = run(f"{SCRIPTS}/update_vehicle.py", "--id", vehicle["id"], "--driver-phone", "+1")
    assert result.code == 0, result.stdout
    [sent] = sim.requests(f"/api/hccgw/resource/v1/areas/vehicles/{vehicle['id']}/update")
    assert sent["body"]["licensePlateNo"] == before["licensePlateNo"]
    assert sent["body"]["vehicleType"] == before["vehicleType"]
    assert sent["body"]["deviceSerial"] == before["deviceSerial"]
    assert vehicle["driverPhoneNo"] == "+1"
    assert vehicle["driverLastName"] == before["driverLastName"]


def test_upload_picture_puts_the_jpeg_without_token_and_sets_it(sim, run, tmp_path):
    picture = tmp_path / "van.jpg"
    picture.write_bytes(JPEG)
    vehicle = _linked_vehicle(sim)
    result = run(f"{SCRIPTS}/upload_vehicle_picture.py", "--image", str(picture),
                 "--vehicle-id", vehicle["id"])
    assert result.code == 0, result.stdout
    assert sim.requests("/api/hccgw/resource/v1/picture/uploadparam/get")[0]["body"] == {
        "format": "jpg"}
    key = result.json["data"]["pictureKey"]
    store = _store(sim)
    assert store["pictures"][key] == JPEG and store["uploadTokens"] == []
    assert vehicle["pictureKey"] == key
    listed = run(f"{SCRIPTS}/list_vehicles.py", "--id", vehicle["id"], "--detail", "full")
    url = listed.json["data"]["vehicle"][0]["vehicleInfo"]["pictureUrl"]
    assert requests.get(url, timeout=5).content == JPEG


def test_add_vehicle_with_picture_sends_the_uploaded_key(sim, run, tmp_path):
    picture = tmp_path / "car.jpg"
    picture.write_bytes(JPEG)
    result = run(f"{SCRIPTS}/add_vehicle.py", "--area-id", sim.sim.world.areas[1]["id"],
                 "--plate", "PIC 1", "--type", "car", "--picture", str(picture))
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/resource/v1/areas/vehicles/add")[0]["body"]
    assert body["pictureKey"] in _store(sim)["pictures"]


def test_a_picture_that_is_not_jpeg_is_refused_before_any_request(sim, run, tmp_path):
    picture = tmp_path / "car.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    result = run(f"{SCRIPTS}/upload_vehicle_picture.py", "--image", str(picture))
    assert result.code == 2 and "JPEG" in result.json["message"]
    assert sim.requests() == []


def test_an_expired_upload_url_is_refused_by_the_storage_host(sim):
    data = routes_vehicle.upload_param(sim.sim, {"format": "jpg"}, None)
    sim.sim.advance(16 * 60)
    assert requests.put(data["url"], data=JPEG, timeout=5).status_code == 403


def test_acc_status_sends_one_comma_string_and_names_the_states(sim, run):
    ids = list(_store(sim)["vehicles"])[:3]
    result = run(f"{SCRIPTS}/acc_status.py", "--vehicle-id", ids[0], "--vehicle-id",
                 f"{ids[1]},{ids[2]}")
    assert result.code == 0, result.stdout
    assert sim.requests("/api/hccgw/resource/v1/accstatus/search")[0]["body"] == {
        "vehicleIds": ",".join(ids)}
    states = result.json["data"]["accStatusInfos"]
    assert [s["accStatusText"] for s in states] == ["on", "off", "unknown"]
    both = run(f"{SCRIPTS}/acc_status.py", "--vehicle-id", ids[0], "--serial", "M12345678")
    assert both.code == 2


def test_unlinking_a_device_frees_it_for_a_new_vehicle(sim, run):
    taken = _linked_vehicle(sim)
    serial = taken["deviceSerial"]
    freed = run(f"{SCRIPTS}/update_vehicle.py", "--id", taken["id"], "--unlink-device")
    assert freed.code == 0, freed.stdout
    assert "deviceSerial" not in sim.requests(
        f"/api/hccgw/resource/v1/areas/vehicles/{taken['id']}/update")[0]["body"]
    added = run(f"{SCRIPTS}/add_vehicle.py", "--area-id", taken["areaId"], "--plate", "NEXT",
                "--type", "bus", "--device-serial", serial)
    assert added.code == 0, added.stdout
    assert _store(sim)["vehicles"][added.json["data"]["id"]]["deviceSerial"] == serial
