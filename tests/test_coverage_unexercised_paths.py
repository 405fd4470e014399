"""Endpoint/script pairs of the coverage map that no other test sent to the simulator
(found by running the suite with every script's requests logged, issue 5): the modify
operation of person access levels, a vehicle update that uploads a picture, and a CSV
re-import that sets an existing person's photo and PIN. Bodies are checked as the guide
types them."""

from __future__ import annotations

from picture_files import small_jpeg

from hctsim import routes_vehicle

ACS = "modules/Hik-Connect_Team_ACS/scripts/"
VEHICLE = "modules/Hik-Connect_Team_Vehicle/scripts/"
PERSON = "modules/Hik-Connect_Team_Person/scripts/"
CARDHOLDER = "379224379437087701"  # a demo cardholder of the simulator
LEVELS_PATH = "/api/hccgw/acspm/v1/accesslevel/person/"
JPEG = small_jpeg()  # a real JPEG: pictures are measured before they are sent


def test_modify_makes_the_given_levels_the_complete_list(sim, run) -> None:
    listed = run(ACS + "access_levels.py", "--all").json["data"]["accessLevelList"]
    ids = {level["name"]: level["id"] for level in listed}
    lobby, every = ids["Lobby Doors"], ids["All Doors"]
    assert run(ACS + "person_access_level.py", "add", "--person-id", CARDHOLDER,
               "--access-level-id", f"{lobby},{every}").code == 0

    result = run(ACS + "person_access_level.py", "modify", "--person-id", CARDHOLDER,
                 "--access-level-id", lobby)

    assert result.code == 0, result.stdout
    [sent] = sim.requests(LEVELS_PATH + "modify")
    # Table 5-65: personId String, accessLevelIdList String[], deleteAll boolean.
    assert sent["body"] == {"personList": [
        {"personId": CARDHOLDER, "accessLevelIdList": [lobby], "deleteAll": False}]}
    assert isinstance(lobby, str)
    data = result.json["data"]
    assert data["operation"] == "modify" and data["accessLevelFailed"] == []
    granted = sim.sim.store("access_level_persons", dict)
    assert CARDHOLDER in granted[lobby] and CARDHOLDER not in granted.get(every, [])


def test_modify_delete_all_without_yes_is_a_dry_run(sim, run) -> None:
    result = run(ACS + "person_access_level.py", "modify", "--person-id", CARDHOLDER,
                 "--delete-all")

    assert result.code == 0 and result.json["data"]["dryRun"] is True
    assert sim.requests(LEVELS_PATH + "*") == []


def test_update_vehicle_uploads_the_picture_and_sends_its_key(sim, run, tmp_path) -> None:
    store = routes_vehicle._store(sim.sim)
    vehicle = next(item for item in store["vehicles"].values() if item["deviceSerial"])
    picture = tmp_path / "van.jpg"
    picture.write_bytes(JPEG)

    result = run(VEHICLE + "update_vehicle.py", "--id", vehicle["id"], "--picture", str(picture))

    assert result.code == 0, result.stdout
    assert sim.requests("/api/hccgw/resource/v1/picture/uploadparam/get")[0]["body"] == {
        "format": "jpg"}
    [sent] = sim.requests(f"/api/hccgw/resource/v1/areas/vehicles/{vehicle['id']}/update")
    key = sent["body"]["pictureKey"]
    assert isinstance(key, str) and store["pictures"][key] == JPEG
    assert result.json["data"]["pictureKey"] == key and result.json["data"]["id"] == vehicle["id"]


def test_reimport_sets_an_existing_persons_photo_and_pin(sim, run, tmp_path) -> None:
    from PIL import Image

    Image.new("RGB", (240, 320), (180, 140, 120)).save(tmp_path / "ana.jpg")
    header = "personCode,firstName,lastName,gender,photo,pinCode,groupId\n"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(header + "E1,Ana,Silva,female,,4821,378117915440051199\n", encoding="utf-8")
    second.write_text(header + "E1,Ana,Silva,female,ana.jpg,5930,\n", encoding="utf-8")
    assert run(PERSON + "import_persons.py", "--csv", str(first)).code == 0

    result = run(PERSON + "import_persons.py", "--csv", str(second))

    assert result.code == 0, result.stdout
    [entry] = result.json["data"]["results"]
    assert entry["action"] == "updated" and entry["changes"] == ["photo", "pinCode"]
    person_id = entry["personId"]
    [photo] = sim.requests("/api/hccgw/person/v1/persons/photo")
    [pin] = sim.requests("/api/hccgw/person/v1/persons/updatepincode")
    # 5.8.7 and 5.8.12: personId String, photoData String (Base64), pinCode String.
    assert photo["body"]["personId"] == person_id and isinstance(person_id, str)
    assert isinstance(photo["body"]["photoData"], str) and photo["body"]["photoData"]
    assert pin["body"] == {"personId": person_id, "pinCode": "5930"}
    assert sim.requests("/api/hccgw/person/v1/persons/quick/add")[0]["body"]["pinCode"] == "4821"
