"""Total Time Card: the guide's formats checked first, --all at 200 per page, --csv."""

import csv

SCRIPT = "modules/Hik-Connect_Team_Attendance/scripts/total_time_card.py"
PATH = "/api/hccgw/attendance/v1/report/totaltimecard/list"
JANUARY = ("--begin", "2024-01-01T00:00:00+08:00", "--end", "2024-01-31T23:59:59+08:00")


def test_one_page_with_the_guides_formats(sim, run):
    result = run(SCRIPT, *JANUARY, "--person-name", "alice", "--date-format", "yyyy-MM-dd",
                 "--time-format", "hh:mm tt", "--duration-format", "MM", "--page-size", "5",
                 "--detail", "full")
    assert result.code == 0, result.stdout
    assert sim.requests(PATH)[0]["body"] == {
        "beginTime": "2024-01-01T00:00:00+08:00", "endTime": "2024-01-31T23:59:59+08:00",
        "personName": "alice", "dateFormat": "yyyy-MM-dd", "timeFormat": "hh:mm tt",
        "durationFormat": "MM", "pageIndex": 1, "pageSize": 5}
    data = result.json["data"]
    assert data["count"] == 5 and data["moreData"] == 1 and data["total"] is None
    row = data["reportDataList"][0]
    assert row["fullName"] == "Alice Martin" and row["date"] == "2024-01-01"
    assert row["checkInTime"] == "09:00 AM" and row["breakDuration"] == "60"
    assert row["attendanceStatusText"]


def test_unknown_formats_are_refused_before_any_request(sim, run):
    for flag, value in (("--date-format", "yyyy/dd/MM"), ("--time-format", "HH.mm"),
                        ("--duration-format", "hours")):
        result = run(SCRIPT, *JANUARY, flag, value)
        assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT", value
    bad_time = run(SCRIPT, "--begin", "2024-13-01", "--end", "2024-01-02")
    assert bad_time.code == 2 and "2026-12-01" in bad_time.json["message"]  # the forms
    too_big = run(SCRIPT, *JANUARY, "--page-size", "201")
    assert too_big.code == 2
    assert sim.requests() == []


def test_all_reads_every_page_at_200_and_writes_the_csv(sim, run, tmp_path):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "january.csv"
    result = run(SCRIPT, *JANUARY, "--all", "--detail", "full", "--csv", str(target))
    assert result.code == 0, result.stdout
    bodies = [r["body"] for r in sim.requests(PATH)]
    assert [(b["pageIndex"], b["pageSize"]) for b in bodies] == [(1, 200), (2, 200)]
    data = result.json["data"]
    assert data["count"] == data["total"] == 12 * 23  # 12 people, 23 working days
    assert data["pagesRead"] == [1, 2] and data["moreData"] == 0
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 12 * 23
    assert list(rows[0])[:4] == ["firstName", "lastName", "fullName", "personCode"]
    assert rows[0]["date"] == "2024/01/01" and rows[0]["personCode"] == "E0001"
    assert rows[-1]["date"] == "2024/01/31"
    assert data["files"] == [{"path": str(target), "format": "csv", "count": 12 * 23,
                              "columns": list(rows[0])}]
    assert "reportDataList" not in data and len(result.stdout) < 2000
    assert [p.name for p in target.parent.iterdir()] == ["january.csv"]  # no temporary left


def test_plain_dates_cover_whole_days(sim, run):
    result = run(SCRIPT, "--begin", "2024-01-06", "--end", "2024-01-08", "--person-code",
                 "E0002")
    assert result.code == 0, result.stdout
    body = sim.requests(PATH)[0]["body"]
    assert body["beginTime"].startswith("2024-01-06T00:00:00")
    assert body["endTime"].startswith("2024-01-08T23:59:59")
    assert [r["date"] for r in result.json["data"]["reportDataList"]] == ["2024/01/08"]
