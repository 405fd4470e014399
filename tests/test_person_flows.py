"""The guide's typical flows 4.10 (add person) and 4.11 (apply access level), as the
Person SKILL.md recipes run them; 4.12 is in test_person_credentials.py."""

from __future__ import annotations

PERSON = "modules/Hik-Connect_Team_Person/scripts/"
ACS = "modules/Hik-Connect_Team_ACS/scripts/"


def ok(result):
    assert result.code == 0, result.stdout + result.stderr[-500:]
    return result.json["data"]


def test_flow_4_10_department_person_then_credentials(sim, run, tmp_path):
    from PIL import Image

    groups = ok(run(PERSON + "list_departments.py", "--all-levels"))["personGroupList"]
    group_id = next(g["groupId"] for g in groups if g["groupName"] == "Employees")
    person_id = ok(run(PERSON + "add_person.py", "--group-id", group_id, "--person-code",
                       "E1", "--first-name", "Ana"))["personId"]
    Image.new("RGB", (200, 260), (190, 160, 140)).save(tmp_path / "ana.png")
    ok(run(PERSON + "set_person_photo.py", "--person-id", person_id,
           "--photo", str(tmp_path / "ana.png")))
    ok(run(PERSON + "set_person_pin.py", "--person-id", person_id, "--pin", "4821"))

    person = ok(run(PERSON + "get_person.py", person_id))
    assert person["personInfo"]["groupId"] == group_id
    assert person["personInfo"]["headPicUrl"] and person["pinCode"] == "4821"


def test_flow_4_11_access_level_for_a_listed_person(sim, run):
    employees = "378117915440051199"
    ok(run(PERSON + "add_person.py", "--group-id", employees, "--person-code", "E1",
           "--first-name", "Ana"))
    level_id = ok(run(ACS + "access_levels.py", "--all"))["accessLevelList"][0]["id"]
    found = ok(run(PERSON + "list_persons.py", "--name", "Ana"))["personList"]
    person_id = found[0]["personInfo"]["personId"]

    ok(run(ACS + "person_access_level.py", "add", "--person-id", person_id,
           "--access-level-id", level_id))
    ok(run(ACS + "person_access_detail.py", "--person-id", person_id))
    assert person_id in sim.sim.store("access_level_persons", dict)[level_id]


def test_quick_add_links_known_access_levels_and_reports_unknown_ones(sim, run):
    from hctsim.routes_acs import access_levels

    level_id = next(iter(access_levels(sim.sim)))
    args = ["--group-id", "378117915440051199", "--first-name", "Ana"]
    added = run(PERSON + "quick_add_person.py", "--person-code", "Q1", *args,
                "--access-level-id", level_id)
    person_id = ok(added)["personId"]
    assert sim.requests("/api/hccgw/person/v1/persons/quick/add")[0]["body"][
        "aceessLevelList"] == [level_id]  # the guide's spelling
    assert person_id in sim.sim.store("access_level_persons", dict)[level_id]

    unknown = run(PERSON + "quick_add_person.py", "--person-code", "Q2", *args,
                  "--access-level-id", "999999999999999999")
    assert unknown.code == 1 and unknown.json["errorCode"] == "VMS040016"
    assert unknown.json["data"]["failed"][0]["part"] == "accessLevelFailed"
