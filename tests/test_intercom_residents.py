"""Residents: add with looked-up rooms, update that keeps rooms, delete with --yes."""

from hctsim import routes_intercom

SCRIPTS = "modules/Hik-Connect_Team_Intercom/scripts"
VALIDITY = ("--start", "2024-01-01T00:00:00+01:00", "--end", "2030-12-31T23:59:59+01:00")


def _rooms(sim):
    return list(routes_intercom._store(sim.sim)["rooms"].values())


def _resident_with_two_rooms(sim):
    store = routes_intercom._store(sim.sim)
    return next(p for p in store["residents"].values() if len(p["rooms"]) == 2)


def test_add_resident_sends_room_dtos_and_typed_person_fields(sim, run):
    room = _rooms(sim)[5]
    result = run(f"{SCRIPTS}/add_resident.py", "--first-name", "Eva", "--last-name", "Novak",
                 "--email", "eva@example.com", "--gender", "female", "--language", "pl",
                 "--room", f"{room['roomId']}:householder", "--al-id", "al1,al2", *VALIDITY)
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/vims/v1/person/add")[0]["body"]
    assert body["personBaseInfo"] == {
        "firstName": "Eva", "lastName": "Novak", "gender": 0, "email": "eva@example.com",
        "startDate": "2024-01-01T00:00:00+01:00", "endDate": "2030-12-31T23:59:59+01:00"}
    assert body["roomList"] == [{"roomId": room["roomId"], "buildId": room["buildId"],
                                 "areaId": body["roomList"][0]["areaId"], "accountType": 1,
                                 "roomName": room["roomName"], "roomNum": room["roomNum"],
                                 "buildName": body["roomList"][0]["buildName"],
                                 "areaName": body["roomList"][0]["areaName"]}]
    assert isinstance(body["roomList"][0]["areaId"], str)
    assert body["alIds"] == ["al1", "al2"] and body["language"] == "pl"
    person_id = result.json["data"]["personId"]
    assert routes_intercom._store(sim.sim)["residents"][person_id]["rooms"] == {
        room["roomId"]: 1}


def test_add_resident_with_unknown_room_is_refused_without_adding(sim, run):
    result = run(f"{SCRIPTS}/add_resident.py", "--first-name", "Eva", "--last-name", "Novak",
                 "--email", "eva@example.com", "--room", "nosuchroom")
    assert result.code == 2 and "nosuchroom" in result.json["message"]
    assert sim.requests("/api/hccgw/vims/v1/person/add") == []


def test_update_keeps_the_rooms_the_resident_already_has(sim, run):
    person = _resident_with_two_rooms(sim)
    kept = set(person["rooms"])
    new_room = next(r for r in _rooms(sim) if r["roomId"] not in kept)
    result = run(f"{SCRIPTS}/update_resident.py", "--id", person["personId"],
                 "--gender", "male", "--phone", "+441234", "--room", new_room["roomId"],
                 *VALIDITY)
    assert result.code == 0, result.stdout
    sent = sim.requests("/api/hccgw/vims/v1/person/update")[0]["body"]
    assert {room["roomId"] for room in sent["roomList"]} == kept | {new_room["roomId"]}
    assert sent["personBaseInfo"]["id"] == person["personId"]
    assert sent["personBaseInfo"]["firstName"] == person["firstName"]  # read, not lost
    assert sent["personBaseInfo"]["gender"] == 1 and "personCode" not in sent["personBaseInfo"]
    assert set(person["rooms"]) == kept | {new_room["roomId"]}  # the simulator's resident


def test_replace_rooms_sends_only_the_given_rooms(sim, run):
    person = _resident_with_two_rooms(sim)
    other = next(r for r in _rooms(sim) if r["roomId"] not in person["rooms"])
    result = run(f"{SCRIPTS}/update_resident.py", "--id", person["personId"], "--gender",
                 "unknown", "--replace-rooms", "--room", f"{other['roomId']}:householder",
                 *VALIDITY)
    assert result.code == 0, result.stdout
    assert person["rooms"] == {other["roomId"]: 1}


def test_update_without_validity_is_refused_before_any_request(sim, run):
    result = run(f"{SCRIPTS}/update_resident.py", "--id", "abc", "--room", "r1")
    assert result.code == 2 and "--gender" in result.json["message"]
    assert sim.requests("/api/hccgw/vims/*") == []


def test_delete_residents_needs_yes(sim, run):
    person = _resident_with_two_rooms(sim)
    dry = run(f"{SCRIPTS}/delete_residents.py", "--id", person["personId"])
    assert dry.code == 0 and dry.json["data"] == {
        "dryRun": True, "wouldSend": {"deleteList": [person["personId"]]}}
    assert sim.requests("/api/hccgw/vims/v1/person/delete") == []
    done = run(f"{SCRIPTS}/delete_residents.py", "--id", person["personId"], "--yes")
    assert done.code == 0 and done.json["data"]["deleted"] == [person["personId"]]
    assert sim.requests("/api/hccgw/vims/v1/person/delete")[0]["body"] == {
        "deleteList": [person["personId"]]}
    assert person["personId"] not in routes_intercom._store(sim.sim)["residents"]


def test_remove_room_drops_only_that_room_and_changes_a_kept_rooms_type(sim, run):
    person = _resident_with_two_rooms(sim)
    first, second = list(person["rooms"])
    result = run(f"{SCRIPTS}/update_resident.py", "--id", person["personId"], "--gender",
                 "female", "--remove-room", first, "--room", f"{second}:householder",
                 *VALIDITY)
    assert result.code == 0, result.stdout
    sent = sim.requests("/api/hccgw/vims/v1/person/update")[0]["body"]["roomList"]
    assert [(room["roomId"], room["accountType"]) for room in sent] == [(second, 1)]
    assert person["rooms"] == {second: 1}


def test_a_full_room_comes_back_as_a_failed_item(sim, run):
    room = _rooms(sim)[11]
    residents = routes_intercom._store(sim.sim)["residents"]
    for number in range(routes_intercom.ROOM_CAPACITY):
        residents[f"filler{number}"] = {**next(iter(residents.values())),
                                        "personId": f"filler{number}", "rooms": {room["roomId"]: 0}}
    result = run(f"{SCRIPTS}/add_resident.py", "--first-name", "Max", "--last-name", "Full",
                 "--email", "max@example.com", "--room", room["roomId"])
    assert result.code == 1 and result.json["errorCode"] == "VMS038005"
    [failed] = result.json["data"]["failed"]
    assert failed["roomName"] == room["roomName"] and failed["roomNum"] == room["roomNum"]
