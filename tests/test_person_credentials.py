"""Face picture, PIN, cards and fingerprints (guide 5.8.7-5.8.12; flow 4.12)."""

from __future__ import annotations

import base64
import io

import pytest

SCRIPTS = "modules/Hik-Connect_Team_Person/scripts/"
EMPLOYEES = "378117915440051199"


@pytest.fixture
def person_id(sim, run):
    result = run(SCRIPTS + "add_person.py", "--group-id", EMPLOYEES, "--person-code", "E1",
                 "--first-name", "Ana")
    assert result.code == 0, result.stdout
    return result.json["data"]["personId"]


def access_controller(sim, online=True):
    for device in sim.sim.world.devices:
        if device["category"] == "accessControllerDevice":
            sim.sim.set_device_online(device["serialNo"], online)
            return device["serialNo"]
    raise AssertionError("the demo world has no access controller")


def big_sideways_jpeg(path):
    """A 3000x2000 noisy JPEG (several MB) whose EXIF says: rotate 90 degrees to view."""
    from PIL import Image

    noise = Image.effect_noise((3000, 2000), 90)
    image = Image.merge("RGB", (noise, noise.rotate(180), noise.transpose(0)))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW
    image.save(path, format="JPEG", quality=98, exif=exif)
    return path


def test_a_large_sideways_photo_is_sent_upright_and_under_200_kb(sim, run, person_id, tmp_path):
    from PIL import Image

    photo = big_sideways_jpeg(tmp_path / "face.jpg")
    assert photo.stat().st_size > 1_000_000
    result = run(SCRIPTS + "set_person_photo.py", "--person-id", person_id, "--photo", str(photo))
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/person/v1/persons/photo")[0]["body"]
    assert set(body) == {"personId", "photoData"}
    raw = base64.b64decode(body["photoData"])
    assert len(raw) <= 200_000
    sent = Image.open(io.BytesIO(raw))
    assert sent.format == "JPEG" and sent.height > sent.width  # turned upright: portrait
    assert result.json["data"]["photo"]["rotatedByExif"] is True
    assert sim.sim.store("persons", dict)[person_id]["photo"]["compressed"] is False


def test_a_file_that_is_not_a_picture_is_exit_2_without_a_request(sim, run, tmp_path):
    text = tmp_path / "face.jpg"
    text.write_text("not a picture")
    result = run(SCRIPTS + "set_person_photo.py", "--person-id", "1", "--photo", str(text))
    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"
    missing = run(SCRIPTS + "set_person_photo.py", "--person-id", "1", "--photo", "nope.png")
    assert missing.code == 2
    assert sim.requests() == []


def test_pin_is_set_as_a_string_and_not_echoed(sim, run, person_id):
    result = run(SCRIPTS + "set_person_pin.py", "--person-id", person_id, "--pin", "3452")
    assert result.code == 0 and "3452" not in result.stdout
    assert sim.requests("/api/hccgw/person/v1/persons/updatepincode")[0]["body"] == {
        "personId": person_id, "pinCode": "3452"}
    short = run(SCRIPTS + "set_person_pin.py", "--person-id", person_id, "--pin", "12")
    assert short.code == 2
    assert len(sim.requests("/api/hccgw/person/v1/persons/updatepincode")) == 1


def test_card_collected_on_a_device_is_added_next_to_the_existing_card(sim, run, person_id):
    serial = access_controller(sim)
    first = run(SCRIPTS + "update_cards.py", "--person-id", person_id, "--card-no", "892")
    assert first.code == 0, first.stdout
    assert sim.requests("/api/hccgw/person/v1/persons/updatecards")[0]["body"] == {
        "personId": person_id, "cardList": [{"cardNo": "892"}]}

    second = run(SCRIPTS + "update_cards.py", "--person-id", person_id, "--collect-from", serial)
    assert second.code == 0, second.stdout
    assert sim.requests("/api/hccgw/person/v1/persons/cardcollect")[0]["body"] == {
        "deviceSerial": serial}
    sent = sim.requests("/api/hccgw/person/v1/persons/updatecards")[1]["body"]["cardList"]
    kept_id = sim.sim.store("persons", dict)[person_id]["cardList"][0]["id"]
    assert sent[0] == {"id": kept_id, "cardNo": "892"} and set(sent[1]) == {"cardNo"}
    assert len(sim.sim.store("persons", dict)[person_id]["cardList"]) == 2


def test_a_duplicate_card_is_a_failure_although_the_platform_says_0(sim, run, person_id):
    run(SCRIPTS + "update_cards.py", "--person-id", person_id, "--card-no", "892")
    other = run(SCRIPTS + "add_person.py", "--group-id", EMPLOYEES, "--person-code", "E2",
                "--first-name", "Bo").json["data"]["personId"]
    result = run(SCRIPTS + "update_cards.py", "--person-id", other, "--card-no", "892")
    assert result.code == 1
    assert result.json["errorCode"] == "CCF038034"
    assert result.json["data"]["failed"][0]["cardNo"] == "892"


def test_clearing_cards_needs_yes(sim, run, person_id):
    dry = run(SCRIPTS + "update_cards.py", "--person-id", person_id, "--clear")
    assert dry.code == 0 and dry.json["data"]["dryRun"] is True
    assert sim.requests("/api/hccgw/person/v1/persons/updatecards") == []
    done = run(SCRIPTS + "update_cards.py", "--person-id", person_id, "--clear", "--yes")
    assert done.code == 0
    assert sim.requests("/api/hccgw/person/v1/persons/updatecards")[0]["body"] == {
        "personId": person_id}


def test_fingerprint_collected_then_stored_flow_4_12(sim, run, person_id):
    serial = access_controller(sim)
    result = run(SCRIPTS + "update_fingerprints.py", "--person-id", person_id,
                 "--collect-from", serial, "--name", "right index")
    assert result.code == 0, result.stdout
    collected = sim.requests("/api/hccgw/person/v1/persons/fingercollect")
    assert collected[0]["body"] == {"deviceSerial": serial}
    body = sim.requests("/api/hccgw/person/v1/persons/updatefingers")[0]["body"]
    assert body["fingerList"][0]["name"] == "right index"
    stored = sim.sim.store("persons", dict)[person_id]["fingerList"]
    assert stored[0]["data"] == body["fingerList"][0]["data"]
    assert 1 <= result.json["data"]["fingerQuality"] <= 100


def test_collecting_on_an_offline_device_gives_the_guides_code(sim, run):
    serial = access_controller(sim, online=False)
    finger = run(SCRIPTS + "collect_fingerprint.py", "--serial", serial)
    assert finger.code == 1 and finger.json["errorCode"] == "CCF038085"
    card = run(SCRIPTS + "collect_card.py", "--serial", serial)
    assert card.code == 1 and card.json["errorCode"] == "CCF038084"
    unknown = run(SCRIPTS + "collect_card.py", "--serial", "Z99999999")
    assert unknown.json["errorCode"] == "CCF038065"


def test_fingerprint_data_must_be_hex_before_any_request(sim, run):
    result = run(SCRIPTS + "update_fingerprints.py", "--person-id", "1",
                 "--finger", "thumb=not-hex")
    assert result.code == 2 and sim.requests() == []


def test_removing_the_last_card_by_id_is_refused_in_favour_of_clear(sim, run, person_id):
    run(SCRIPTS + "update_cards.py", "--person-id", person_id, "--card-no", "892")
    card_id = sim.sim.store("persons", dict)[person_id]["cardList"][0]["id"]
    result = run(SCRIPTS + "update_cards.py", "--person-id", person_id, "--remove-id", card_id)
    assert result.code == 2 and "--clear" in result.json["message"]
    assert len(sim.requests("/api/hccgw/person/v1/persons/updatecards")) == 1
