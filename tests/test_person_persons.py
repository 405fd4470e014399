"""Persons (guide 5.8.5, 5.8.6, 5.8.13-5.8.17; flow 4.10) against the simulator."""

from __future__ import annotations

import base64

SCRIPTS = "modules/Hik-Connect_Team_Person/scripts/"
EMPLOYEES = "378117915440051199"  # a demo department of the simulator


def add(run, code="E1001", *extra):
    result = run(SCRIPTS + "add_person.py", "--group-id", EMPLOYEES, "--person-code", code,
                 "--first-name", "Ana", "--last-name", "Silva", *extra)
    assert result.code == 0, result.stdout
    return result.json["data"]["personId"]


def test_add_person_sends_the_guides_fields_and_types(sim, run):
    add(run, "E1001", "--gender", "female", "--email", "ana@example.com",
        "--start", "2025-01-01T00:00:00+08:00", "--end", "2030-01-01T00:00:00+08:00")
    body = sim.requests("/api/hccgw/person/v1/persons/add")[0]["body"]
    assert body == {"groupId": EMPLOYEES, "personCode": "E1001", "firstName": "Ana",
                    "lastName": "Silva", "gender": 0, "email": "ana@example.com",
                    "startDate": "2025-01-01T00:00:00+08:00",
                    "endDate": "2030-01-01T00:00:00+08:00"}


def test_a_second_person_with_the_same_code_gets_CCF038024(sim, run):
    add(run, "E1001")
    again = run(SCRIPTS + "add_person.py", "--group-id", EMPLOYEES, "--person-code", "E1001",
                "--first-name", "Bo")
    assert again.code == 1 and again.json["errorCode"] == "CCF038024"
    assert "personCode" in again.json["hint"]


def test_bad_input_exits_2_without_a_request(sim, run):
    for args in (["--person-code", "E-1", "--first-name", "A"],           # not letters/digits
                 ["--person-code", "E1", "--first-name", "A", "--gender", "x"],
                 ["--person-code", "E1", "--first-name", "A", "--end", "2040-01-01T00:00:00Z"]):
        result = run(SCRIPTS + "add_person.py", "--group-id", EMPLOYEES, *args)
        assert result.code == 2, args
        assert result.json["errorCode"] == "INVALID_ARGUMENT"
    assert sim.requests() == []


def test_update_reads_the_person_and_sends_every_required_field(sim, run):
    person_id = add(run, "E1001", "--start", "2025-01-01T00:00:00+00:00")
    result = run(SCRIPTS + "update_person.py", "--person-id", person_id, "--phone", "5550100")
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/person/v1/persons/update")[0]["body"]
    assert body["phone"] == "5550100" and body["personCode"] == "E1001"
    assert body["gender"] == 2 and body["startDate"] == "2025-01-01T00:00:00+00:00"
    assert sim.sim.store("persons", dict)[person_id]["phone"] == "5550100"


def test_get_list_and_search(sim, run):
    person_id = add(run, "E1001")
    add(run, "E1002", "--email", "bo@example.com")
    got = run(SCRIPTS + "get_person.py", person_id)
    assert got.code == 0 and got.json["data"]["personInfo"]["personCode"] == "E1001"
    assert sim.requests("/api/hccgw/person/v1/persons/get")[0]["body"] == {"personId": person_id}

    listed = run(SCRIPTS + "list_persons.py", "--all")
    assert listed.json["data"]["total"] == 2 and listed.json["data"]["count"] == 2
    assert sim.requests("/api/hccgw/person/v1/persons/list")[0]["body"] == {
        "pageIndex": 1, "pageSize": 100}

    found = run(SCRIPTS + "list_persons.py", "--email", "bo@")
    assert [p["personInfo"]["personCode"] for p in found.json["data"]["personList"]] == ["E1002"]
    assert sim.requests("/api/hccgw/person/v1/persons/list")[1]["body"]["filter"] == {
        "email": "bo@"}


def test_page_size_above_the_guides_100_is_refused(sim, run):
    result = run(SCRIPTS + "list_persons.py", "--page-size", "101")
    assert result.code == 2 and sim.requests() == []


def test_delete_without_yes_sends_nothing_and_with_yes_deletes_all_given(sim, run):
    first, second = add(run, "E1001"), add(run, "E1002")
    dry = run(SCRIPTS + "delete_person.py", "--person-id", f"{first},{second}")
    assert dry.code == 0 and dry.json["data"]["dryRun"] is True
    assert sim.requests("/api/hccgw/person/v1/persons/delete") == []

    done = run(SCRIPTS + "delete_person.py", "--person-id", first, "--person-id", second,
               "--yes")
    assert done.code == 0
    assert sim.requests("/api/hccgw/person/v1/persons/delete")[0]["body"] == {
        "personId": f"{first},{second}"}
    assert sim.sim.store("persons", dict) == {}

    missing = run(SCRIPTS + "get_person.py", "--person-id", first)
    assert missing.code == 1 and missing.json["errorCode"] == "CCF038023"


def test_quick_add_sends_person_pin_and_photo_in_one_request(sim, run, tmp_path):
    from PIL import Image

    photo = tmp_path / "face.png"
    Image.new("RGB", (300, 400), (200, 150, 120)).save(photo)
    result = run(SCRIPTS + "quick_add_person.py", "--group-id", EMPLOYEES, "--person-code",
                 "Q1", "--first-name", "Cy", "--photo", str(photo), "--pin", "4821")
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/person/v1/persons/quick/add")[0]["body"]
    assert body["personInfo"]["personCode"] == "Q1" and body["personInfo"]["gender"] == 2
    assert body["pinCode"] == "4821"
    assert base64.b64decode(body["photoData"])[:3] == b"\xff\xd8\xff"  # re-encoded as JPEG
    assert len(sim.requests()) == 2  # the token and the quick add
    assert "4821" not in result.stdout


def test_quick_add_reports_a_pin_that_failed_although_the_person_was_added(sim, run):
    add(run, "E1001")
    run(SCRIPTS + "set_person_pin.py", "--person-id",
        next(iter(sim.sim.store("persons", dict))), "--pin", "4821")
    result = run(SCRIPTS + "quick_add_person.py", "--group-id", EMPLOYEES, "--person-code",
                 "Q1", "--first-name", "Cy", "--pin", "4821")
    assert result.code == 1
    assert result.json["errorCode"] == "CCF038055"
    assert result.json["data"]["response"]["personId"]


def test_qrcode_sends_the_clients_local_time(sim, run):
    person_id = add(run, "E1001")
    result = run(SCRIPTS + "person_qrcode.py", "--person-id", person_id,
                 "--client-local-time", "2022-10-20T12:21:30+08:00")
    assert result.code == 0
    assert sim.requests("/api/hccgw/person/v1/persons/qrcode")[0]["body"] == {
        "personId": person_id, "clientLocalTime": "2022-10-20T12:21:30+08:00"}
    assert base64.b64decode(result.json["data"]["qrCodeData"]).startswith(b"HCTQR|")
