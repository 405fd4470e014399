"""Intercom scripts sized for an agent (issue 9 §1, §2, §5, §6, §9): brief records and files
for buildings, rooms, residents and passes; --name on each list; residents by name
(--resident); a visitor pass for the resident a name or a room points at; the one time
syntax with data.window."""

from __future__ import annotations

import csv

import pytest

from hctsim import routes_intercom

SCRIPTS = "modules/Hik-Connect_Team_Intercom/scripts/"
VIMS = "/api/hccgw/vims/v1"
PARIS = {"HIK_CONNECT_TEAM_TIMEZONE": "Europe/Paris"}
VALIDITY = ("--start", "2030-05-01 08:00", "--end", "2030-05-01")
PASS = ("--open-count", "2", *VALIDITY, "--al-id", "4c1f0a")


def store(sim) -> dict:
    """The simulator's intercom: Block A/B and Tower C rooms 101-202; residents Ana Lopez
    (householder of Block A 101, member of Block B 101), Li Wei, Maria Rossi, John Smith,
    Fatima Khan (householder of Block B 101), Lukas Muller, Yuki Tanaka, Olga Ivanova."""
    return routes_intercom._store(sim.sim)


def resident(sim, first: str) -> dict:
    return next(person for person in store(sim)["residents"].values()
                if person["firstName"] == first)


def room(sim, name: str) -> dict:
    return next(entry for entry in store(sim)["rooms"].values() if entry["roomName"] == name)


# ---- lists ------------------------------------------------------------------------------

def test_buildings_by_every_word_in_brief_records(sim, run):
    result = run(SCRIPTS + "list_buildings.py", "--name", "a block")

    assert result.code == 0, result.stdout
    buildings = result.json["data"]["buildList"]
    assert [building["buildName"] for building in buildings] == ["Block A"]
    assert set(buildings[0]) <= {"buildId", "buildName", "areaId", "areaName", "totalRoom",
                                 "totalPerson"}
    criteria = sim.requests(f"{VIMS}/build/search")[0]["body"]["searchCriteria"]
    assert criteria["filterName"] == "block"


def test_rooms_by_name(sim, run):
    result = run(SCRIPTS + "list_rooms.py", "--name", "101 block A")

    assert result.code == 0, result.stdout
    assert [entry["roomName"] for entry in result.json["data"]["roomList"]] == ["Block A 101"]
    assert result.json["data"]["roomList"][0]["mainAccount"] == "Ana Lopez"


def test_residents_are_brief_with_their_rooms_as_labels(sim, run):
    brief = run(SCRIPTS + "search_residents.py", "--name", "lopez ana")
    full = run(SCRIPTS + "search_residents.py", "--name", "lopez ana", "--detail", "full")

    [ana] = brief.json["data"]["personList"]
    assert set(ana) <= {"personId", "firstName", "lastName", "isExpired", "rooms"}
    assert ana["rooms"] == ["Block A 101 (householder)", "Block B 101"]
    assert full.json["data"]["personList"][0]["roomList"]
    assert len(brief.stdout) < len(full.stdout)


def test_passes_are_listed_without_their_password_and_go_to_a_csv(sim, run, tmp_path):
    target = tmp_path / "passes.csv"

    listed = run(SCRIPTS + "list_temp_passes.py", "--name", "visit plumber")
    saved = run(SCRIPTS + "list_temp_passes.py", "--all", "--csv", str(target))

    [plumber] = listed.json["data"]["tempAuthList"]
    assert plumber["name"] == "Plumber visit" and "password" not in plumber
    assert "tempAuthList" not in saved.json["data"]
    with open(target, encoding="utf-8-sig", newline="") as handle:
        assert {row["name"] for row in csv.DictReader(handle)} == {"Plumber visit",
                                                                   "Parcel courier"}


# ---- residents by name ------------------------------------------------------------------

def test_a_resident_is_updated_by_name(sim, run):
    olga = resident(sim, "Olga")

    result = run(SCRIPTS + "update_resident.py", "--resident", "olga ivanova", "--gender",
                 "female", "--start", "2024-01-01", "--end", "2031-12-31", env=PARIS)

    assert result.code == 0, result.stdout
    body = sim.requests(f"{VIMS}/person/update")[0]["body"]
    assert body["personBaseInfo"]["id"] == olga["personId"]
    assert body["personBaseInfo"]["endDate"] == "2031-12-31T23:59:59+01:00"
    assert result.json["data"]["window"] == {"start": "2024-01-01T00:00:00+01:00",
                                             "end": "2031-12-31T23:59:59+01:00"}


def test_residents_are_unlinked_by_name(sim, run):
    olga = resident(sim, "Olga")

    result = run(SCRIPTS + "delete_residents.py", "--resident", "Ivanova", "--yes")

    assert result.code == 0, result.stdout
    assert sim.requests(f"{VIMS}/person/delete")[0]["body"] == {"deleteList": [olga["personId"]]}


def test_namesake_residents_change_nothing(sim, run):
    namesake = dict(resident(sim, "Li"), personId="f" * 32)
    store(sim)["residents"][namesake["personId"]] = namesake

    update = run(SCRIPTS + "update_resident.py", "--resident", "Li Wei", "--gender", "male",
                 "--start", "2024-01-01", "--end", "2031-12-31")
    delete = run(SCRIPTS + "delete_residents.py", "--resident", "Li Wei", "--yes")

    assert [update.code, delete.code] == [2, 2]
    assert update.json["errorCode"] == delete.json["errorCode"] == "AMBIGUOUS_NAME"
    assert {candidate["pick"] for candidate in update.json["data"]["candidates"]} == {
        f"--id {namesake['personId']}", f"--id {resident(sim, 'Li')['personId']}"}
    assert sim.requests(f"{VIMS}/person/update") == sim.requests(f"{VIMS}/person/delete") == []


# ---- visitor passes (§9) ----------------------------------------------------------------

def test_a_pass_for_a_resident_by_name_is_named_after_them(sim, run):
    result = run(SCRIPTS + "add_temp_pass.py", "--resident", "wei li", *PASS, env=PARIS)

    assert result.code == 0, result.stdout
    body = sim.requests(f"{VIMS}/tempauth/add")[0]["body"]
    assert body["name"] == "Visitor of Li Wei" and body["alIds"] == ["4c1f0a"]
    assert body["startTime"] == "2030-05-01T08:00:00+02:00"
    assert body["endTime"] == "2030-05-01T23:59:59+02:00"
    data = result.json["data"]
    assert data["resident"]["personId"] == resident(sim, "Li")["personId"]
    assert data["window"] == {"start": body["startTime"], "end": body["endTime"]}
    assert "visitor of Li Wei" in result.json["message"]


def test_a_pass_for_a_room_goes_to_its_householder(sim, run):
    result = run(SCRIPTS + "add_temp_pass.py", "--room", "block b 101", "--name", "Nurse",
                 *PASS)

    assert result.code == 0, result.stdout
    assert sim.requests(f"{VIMS}/tempauth/add")[0]["body"]["name"] == "Nurse"
    assert result.json["data"]["resident"]["firstName"] == "Fatima"  # Ana is only a member


def test_a_room_with_residents_but_no_householder_asks_which_one(sim, run):
    tower = room(sim, "Tower C 101")
    for first in ("Maria", "John"):
        resident(sim, first)["rooms"][tower["roomId"]] = 0

    result = run(SCRIPTS + "add_temp_pass.py", "--room", "Tower C 101", *PASS)

    assert result.code == 2 and result.json["errorCode"] == "AMBIGUOUS_NAME"
    picks = {candidate["pick"] for candidate in result.json["data"]["candidates"]}
    assert picks == {f"--resident-id {resident(sim, first)['personId']}"
                     for first in ("Maria", "John")}
    assert sim.requests(f"{VIMS}/tempauth/add") == []


@pytest.mark.parametrize(("flag", "value", "code"), [
    ("--room", "Tower C 202", "INVALID_ARGUMENT"),     # nobody lives there
    ("--room", "Tower D 101", "UNKNOWN_NAME"),
    ("--resident", "Nobody Atall", "UNKNOWN_NAME")])
def test_a_visit_to_nobody_creates_no_pass(sim, run, flag, value, code):
    result = run(SCRIPTS + "add_temp_pass.py", flag, value, *PASS)

    assert result.code == 2 and result.json["errorCode"] == code, result.stdout
    assert sim.requests(f"{VIMS}/tempauth/add") == []


def test_a_pass_needs_a_name_or_a_resident_before_anything_is_sent(sim, run):
    result = run(SCRIPTS + "add_temp_pass.py", *PASS)

    assert result.code == 2 and sim.requests() == []
