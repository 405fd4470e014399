"""import_persons.py: add or update persons from a CSV, skipping rows that fail."""

from __future__ import annotations

SCRIPT = "modules/Hik-Connect_Team_Person/scripts/import_persons.py"
EMPLOYEES = "378117915440051199"
HEADER = "personCode,firstName,lastName,gender,email,phone,photo,pinCode,cardNo,groupId\n"


def write_csv(tmp_path, rows):
    from PIL import Image

    Image.new("RGB", (240, 320), (180, 140, 120)).save(tmp_path / "ana.jpg")
    path = tmp_path / "staff.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


ROWS = ["E1,Ana,Silva,female,ana@example.com,,ana.jpg,4821,,",
        "E2,Bo,Lee,male,,5550102,,,892;893,",
        "E3,Cy,Kim,unknown,not-an-email,,,,,",
        "E4,Di,Ng,female,,,,,,999999"]


def test_import_adds_with_one_request_per_person_and_skips_failing_rows(sim, run, tmp_path):
    csv_path = write_csv(tmp_path, ROWS)
    result = run(SCRIPT, "--csv", str(csv_path), "--group-id", EMPLOYEES)

    assert result.code == 1  # two rows failed: not a success
    assert result.json["errorCode"] == "ITEMS_FAILED"
    assert "CCF038009" in result.json["message"]
    data = result.json["data"]
    by_row = {entry["row"]: entry for entry in data["results"]}
    assert by_row[2]["action"] == "added" and by_row[2]["requests"] == 1
    assert by_row[3]["action"] == "added" and by_row[3]["requests"] == 2  # + updatecards
    assert by_row[4]["action"] == "failed" and by_row[4]["errorCode"] == "INVALID_ARGUMENT"
    assert by_row[4]["requests"] == 0 and "email" in by_row[4]["message"]
    assert by_row[5]["errorCode"] == "CCF038009" and by_row[5]["hint"]
    assert data["requests"]["personsList"] == 1

    quick = sim.requests("/api/hccgw/person/v1/persons/quick/add")
    assert quick[0]["body"]["personInfo"]["gender"] == 0
    assert quick[0]["body"]["pinCode"] == "4821" and quick[0]["body"]["photoData"]
    assert quick[1]["body"]["personInfo"]["groupId"] == EMPLOYEES
    assert sim.requests("/api/hccgw/person/v1/persons/updatecards")[0]["body"]["cardList"] == [
        {"cardNo": "892"}, {"cardNo": "893"}]
    stored = {p["personCode"]: p for p in sim.sim.store("persons", dict).values()}
    assert sorted(stored) == ["E1", "E2"]
    assert stored["E1"]["photo"] is not None


def test_a_rerun_updates_only_what_changed_and_never_duplicates(sim, run, tmp_path):
    csv_path = write_csv(tmp_path, ROWS[:2])
    assert run(SCRIPT, "--csv", str(csv_path), "--group-id", EMPLOYEES).code == 0
    sim.sim.clear_requests()

    changed = ["E1,Ana,Silva,female,ana@example.com,,,4821,,",   # same as before, no photo
               "E2,Bo,Lee,male,,5550199,,,892;893,"]               # new phone number
    contractors = "378117915440051198"  # --group-id is for new persons: nobody moves
    result = run(SCRIPT, "--csv", str(write_csv(tmp_path, changed)), "--group-id", contractors)

    assert result.code == 0, result.stdout
    by_code = {entry["personCode"]: entry for entry in result.json["data"]["results"]}
    assert by_code["E1"]["action"] == "unchanged" and by_code["E1"]["requests"] == 0
    assert by_code["E2"]["action"] == "updated" and by_code["E2"]["changes"] == ["phone"]
    assert by_code["E2"]["requests"] == 1
    assert sim.requests("/api/hccgw/person/v1/persons/quick/add") == []
    update = sim.requests("/api/hccgw/person/v1/persons/update")[0]["body"]
    assert update["phone"] == "5550199" and update["personCode"] == "E2"
    assert update["gender"] == 1 and update["personId"] == by_code["E2"]["personId"]
    assert update["groupId"] == EMPLOYEES
    assert len(sim.sim.store("persons", dict)) == 2


def test_dry_run_reads_the_index_and_changes_nothing(sim, run, tmp_path):
    result = run(SCRIPT, "--csv", str(write_csv(tmp_path, ROWS[:2])), "--group-id", EMPLOYEES,
                 "--dry-run")
    assert result.code == 0
    assert [entry["action"] for entry in result.json["data"]["results"]] == [
        "would add", "would add"]
    assert [r["path"] for r in sim.requests()][1:] == ["/api/hccgw/person/v1/persons/list"]


def test_a_bad_header_is_exit_2_without_a_request(sim, run, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("personCode,fristName\nE1,Ana\n", encoding="utf-8")
    result = run(SCRIPT, "--csv", str(path))
    assert result.code == 2 and "fristName" in result.json["message"]
    assert run(SCRIPT, "--csv", str(tmp_path / "missing.csv")).code == 2
    assert sim.requests() == []


def test_only_failed_rows_are_listed_on_request(sim, run, tmp_path):
    result = run(SCRIPT, "--csv", str(write_csv(tmp_path, [ROWS[0], ROWS[2]])), "--dry-run",
                 "--group-id", EMPLOYEES, "--only-failed")
    assert result.code == 1
    data = result.json["data"]
    assert data["counts"] == {"would add": 1, "failed": 1}
    assert [entry["row"] for entry in data["results"]] == [3]
    assert "CSV" in data["results"][0]["hint"]


def test_dates_take_the_one_time_syntax_and_an_end_date_covers_its_day(sim, run, tmp_path):
    sheet = tmp_path / "staff.csv"
    sheet.write_text("personCode,firstName,startDate,endDate\nE9,Ana,2026-01-05 08:00,"
                     "2026-12-31\n", encoding="utf-8")

    result = run(SCRIPT, "--csv", str(sheet), "--group-id", EMPLOYEES,
                 env={"HIK_CONNECT_TEAM_TIMEZONE": "Europe/Paris"})

    assert result.code == 0, result.stdout
    info = sim.requests("/api/hccgw/person/v1/persons/quick/add")[0]["body"]["personInfo"]
    assert info["startDate"] == "2026-01-05T08:00:00+01:00"
    assert info["endDate"] == "2026-12-31T23:59:59+01:00"
