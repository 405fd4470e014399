"""Person scripts sized for an agent (issue 9): brief records and files for the lists, names
instead of ids (--name, --person, --department), and the pack's one time syntax for the
validity and the QR code's client time."""

from __future__ import annotations

import csv

import pytest

SCRIPTS = "modules/Hik-Connect_Team_Person/scripts/"
BASE = "/api/hccgw/person/v1"
EMPLOYEES = "378117915440051199"  # demo departments of the simulator
CONTRACTORS = "378117915440051198"
PARIS = {"HIK_CONNECT_TEAM_TIMEZONE": "Europe/Paris"}


def enrol(run, code: str, first: str, last: str, group: str = EMPLOYEES) -> str:
    result = run(SCRIPTS + "add_person.py", "--group-id", group, "--person-code", code,
                 "--first-name", first, "--last-name", last)
    assert result.code == 0, result.stdout
    return result.json["data"]["personId"]


@pytest.fixture
def staff(run):
    """Ana Silva twice (one in each department) and Bruno Costa."""
    return {"ana": enrol(run, "E1", "Ana", "Silva"),
            "ana contractor": enrol(run, "C1", "Ana", "Silva", CONTRACTORS),
            "bruno": enrol(run, "E2", "Bruno", "Costa")}


# ---- lists ------------------------------------------------------------------------------

def test_list_persons_answers_brief_records_unless_asked_for_everything(sim, run, staff):
    brief = run(SCRIPTS + "list_persons.py", "--all")
    full = run(SCRIPTS + "list_persons.py", "--all", "--detail", "full")

    record = brief.json["data"]["personList"][0]
    assert set(record) == {"personInfo"}
    assert set(record["personInfo"]) == {"personId", "personCode", "firstName", "lastName",
                                         "groupId"}
    assert "cardList" in full.json["data"]["personList"][0]
    assert len(brief.stdout) < len(full.stdout)


def test_list_persons_by_name_asks_the_platform_then_keeps_every_word(sim, run, staff):
    result = run(SCRIPTS + "list_persons.py", "--name", "silva ANA")

    assert result.code == 0, result.stdout
    found = {item["personInfo"]["personId"] for item in result.json["data"]["personList"]}
    assert found == {staff["ana"], staff["ana contractor"]}
    assert sim.requests(f"{BASE}/persons/list")[0]["body"]["filter"] == {"name": "silva"}
    assert "matching 'silva ANA'" in result.json["message"]


def test_list_persons_to_csv_leaves_only_the_summary_on_stdout(sim, run, staff, tmp_path):
    target = tmp_path / "persons.csv"

    result = run(SCRIPTS + "list_persons.py", "--all", "--csv", str(target))

    assert result.code == 0, result.stdout
    assert "personList" not in result.json["data"]
    summary = result.json["data"]["files"][0]
    assert summary["count"] == 3 and "personInfo.personCode" in summary["columns"]
    with open(target, encoding="utf-8-sig", newline="") as handle:
        assert {row["personInfo.personCode"] for row in csv.DictReader(handle)} == {
            "E1", "C1", "E2"}


def test_list_departments_by_every_word_in_brief_records(sim, run):
    run(SCRIPTS + "add_department.py", "--name", "Finance and Legal")
    run(SCRIPTS + "add_department.py", "--name", "Finance")

    result = run(SCRIPTS + "list_departments.py", "--all-levels", "--name", "legal finance")

    assert result.code == 0, result.stdout
    groups = result.json["data"]["personGroupList"]
    assert [group["groupName"] for group in groups] == ["Finance and Legal"]
    assert set(groups[0]) <= {"groupId", "groupName", "parentId", "groupFullPath"}
    assert sim.requests(f"{BASE}/groups/search")[0]["body"]["groupName"] == "finance"


# ---- one person by name -----------------------------------------------------------------

def test_a_pin_is_set_on_the_one_person_a_name_names(sim, run, staff):
    result = run(SCRIPTS + "set_person_pin.py", "--person", "bruno", "--pin", "4821")

    assert result.code == 0, result.stdout
    assert sim.requests(f"{BASE}/persons/updatepincode")[0]["body"]["personId"] == staff["bruno"]
    assert result.json["data"]["resolved"][0]["name"] == "Bruno Costa"


ACTIONS = [
    ("get_person.py", (), "/persons/get"),
    ("update_person.py", ("--phone", "5550100"), "/persons/update"),
    ("delete_person.py", ("--yes",), "/persons/delete"),
    ("set_person_pin.py", ("--pin", "4821"), "/persons/updatepincode"),
    ("update_cards.py", ("--card-no", "892"), "/persons/updatecards"),
    ("update_fingerprints.py", ("--finger", "left thumb=9003A0"), "/persons/updatefingers"),
    ("person_qrcode.py", (), "/persons/qrcode"),
]


@pytest.mark.parametrize(("script", "extra", "action"), ACTIONS,
                         ids=[script for script, _, _ in ACTIONS])
def test_namesakes_stop_every_person_script_before_it_acts(sim, run, staff, script, extra,
                                                          action):
    result = run(SCRIPTS + script, "--person", "Ana Silva", *extra)

    assert result.code == 2, result.stdout
    assert result.json["errorCode"] == "AMBIGUOUS_NAME"
    picks = {candidate["pick"] for candidate in result.json["data"]["candidates"]}
    assert picks == {f"--person-id {staff['ana']}", f"--person-id {staff['ana contractor']}"}
    assert sim.requests(BASE + action) == []
    if script != "get_person.py":
        assert sim.requests(f"{BASE}/persons/get") == []


@pytest.mark.parametrize(("script", "extra", "action"), ACTIONS,
                         ids=[script for script, _, _ in ACTIONS])
def test_an_unknown_person_stops_every_person_script_before_it_acts(sim, run, staff, script,
                                                                   extra, action):
    result = run(SCRIPTS + script, "--person", "Brunno Costa", *extra)

    assert result.code == 2 and result.json["errorCode"] == "UNKNOWN_NAME"
    assert result.json["data"]["closest"][0]["name"] == "Bruno Costa"
    assert sim.requests(BASE + action) == []


def test_a_photo_goes_to_the_named_person_and_a_bad_photo_sends_nothing(sim, run, staff,
                                                                       tmp_path):
    from PIL import Image

    Image.new("RGB", (200, 260), (190, 160, 140)).save(tmp_path / "bruno.png")
    (tmp_path / "not-a-picture.png").write_text("hello")

    good = run(SCRIPTS + "set_person_photo.py", "--person", "Bruno Costa",
               "--photo", str(tmp_path / "bruno.png"))
    sim.sim.log.clear()
    bad = run(SCRIPTS + "set_person_photo.py", "--person", "Bruno Costa",
              "--photo", str(tmp_path / "not-a-picture.png"))

    assert good.code == 0, good.stdout
    assert sim.sim.store("persons", dict)[staff["bruno"]]["photo"]
    assert bad.code == 2 and sim.requests() == []


def test_delete_person_takes_names_beside_ids(sim, run, staff):
    result = run(SCRIPTS + "delete_person.py", "--person", "bruno costa",
                 "--person-id", staff["ana"], "--yes")

    assert result.code == 0, result.stdout
    body = sim.requests(f"{BASE}/persons/delete")[0]["body"]
    assert set(body["personId"].split(",")) == {staff["ana"], staff["bruno"]}


def test_a_person_is_added_to_a_department_given_by_name(sim, run):
    result = run(SCRIPTS + "add_person.py", "--department", "contractors", "--person-code",
                 "C9", "--first-name", "Cy")

    assert result.code == 0, result.stdout
    assert sim.requests(f"{BASE}/persons/add")[0]["body"]["groupId"] == CONTRACTORS


def test_a_bad_person_is_refused_before_the_department_is_looked_up(sim, run):
    result = run(SCRIPTS + "add_person.py", "--department", "contractors", "--person-code",
                 "C9", "--first-name", "Cy", "--start", "2026-02-01", "--end", "2026-01-01")

    assert result.code == 2 and sim.requests() == []


# ---- times ------------------------------------------------------------------------------

def test_validity_takes_the_one_time_syntax_and_is_echoed_as_the_window(sim, run):
    result = run(SCRIPTS + "add_person.py", "--group-id", EMPLOYEES, "--person-code", "E7",
                 "--first-name", "Di", "--start", "2026-07-01 08:00", "--end", "2026-12-31",
                 env=PARIS)

    assert result.code == 0, result.stdout
    body = sim.requests(f"{BASE}/persons/add")[0]["body"]
    assert body["startDate"] == "2026-07-01T08:00:00+02:00"
    assert body["endDate"] == "2026-12-31T23:59:59+01:00"  # a date alone: the end of that day
    assert result.json["data"]["window"] == {"start": body["startDate"],
                                             "end": body["endDate"]}


def test_an_update_of_the_validity_echoes_the_window_it_sent(sim, run, staff):
    result = run(SCRIPTS + "update_person.py", "--person", "bruno", "--end", "2027-06-30",
                 env=PARIS)

    assert result.code == 0, result.stdout
    body = sim.requests(f"{BASE}/persons/update")[0]["body"]
    assert body["endDate"] == "2027-06-30T23:59:59+02:00"
    assert result.json["data"]["window"]["end"] == body["endDate"]


def test_the_qr_codes_client_time_is_sent_with_its_offset(sim, run, staff):
    result = run(SCRIPTS + "person_qrcode.py", "--person", "bruno",
                 "--client-local-time", "2026-12-01 09:30", env=PARIS)

    assert result.code == 0, result.stdout
    body = sim.requests(f"{BASE}/persons/qrcode")[0]["body"]
    assert body == {"personId": staff["bruno"], "clientLocalTime": "2026-12-01T09:30:00+01:00"}
