"""Total Time Card sized for an agent (issue 9 §1, §5, §6) and its CSV made safe (issue 12
point 14): brief rows, files with only a summary on stdout, the one time syntax echoed as
data.window, and platform data that cannot start a spreadsheet formula or leak a Python repr."""

from __future__ import annotations

import csv
import os

import pytest

from hctsim import routes_attendance

SCRIPT = "modules/Hik-Connect_Team_Attendance/scripts/total_time_card.py"
PATH = "/api/hccgw/attendance/v1/report/totaltimecard/list"
JANUARY = ("--begin", "2024-01-01", "--end", "2024-01-31")


def test_the_csv_of_a_month_leaves_only_the_summary_on_stdout(sim, run, tmp_path):
    target = tmp_path / "january.csv"
    full = run(SCRIPT, *JANUARY, "--all")

    result = run(SCRIPT, *JANUARY, "--all", "--csv", str(target))

    assert result.code == 0, result.stdout
    assert len(result.stdout) < 1500 < len(full.stdout)
    assert result.json["data"]["files"][0]["count"] == 12 * 23
    with open(target, encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 12 * 23


def test_rows_are_brief_unless_asked_for_every_column(sim, run):
    brief = run(SCRIPT, *JANUARY, "--page-size", "3")
    full = run(SCRIPT, *JANUARY, "--page-size", "3", "--detail", "full")
    picked = run(SCRIPT, *JANUARY, "--page-size", "3", "--fields", "fullName,date")

    row = brief.json["data"]["reportDataList"][0]
    assert {"fullName", "personCode", "date", "clockInTime", "attendanceStatusText",
            "workDuration"} <= set(row)
    assert "clockInDevice" not in row and "clockInDevice" in full.json["data"][
        "reportDataList"][0]
    assert set(picked.json["data"]["reportDataList"][0]) == {"fullName", "date"}


def test_times_take_the_one_syntax_and_the_window_is_echoed(sim, run):
    result = run(SCRIPT, "--begin", "2024-01-08 08:30", "--end", "2024-01-09",
                 env={"HIK_CONNECT_TEAM_TIMEZONE": "Asia/Shanghai"})

    assert result.code == 0, result.stdout
    body = sim.requests(PATH)[0]["body"]
    assert body["beginTime"] == "2024-01-08T08:30:00+08:00"
    assert body["endTime"] == "2024-01-09T23:59:59+08:00"
    assert result.json["data"]["window"] == {"start": body["beginTime"],
                                             "end": body["endTime"]}


@pytest.fixture
def hostile_rows(monkeypatch):
    """Report rows as a hostile or careless platform might send them: an extra key that is a
    formula, nested values, and values that start a formula after a tab, a line break or a
    space."""
    plain_row = routes_attendance._row

    def row(*args, **kwargs):
        data = plain_row(*args, **kwargs)
        data['=HYPERLINK("http://evil.example","x")'] = "extra"
        data["shift"] = {"name": "Night", "breaks": [15, 30]}
        data["fullName"] = "\t=1+1"
        data["clockInDevice"] = " =SUM(A1:A9)"
        data["clockInArea"] = "\r=cmd"
        data["clockOutArea"] = "\n@risk"
        return data

    monkeypatch.setattr(routes_attendance, "_row", row)


def test_hostile_platform_data_never_starts_a_formula_in_the_csv(sim, run, tmp_path,
                                                                 hostile_rows):
    target = tmp_path / "report.csv"

    result = run(SCRIPT, "--begin", "2024-01-08", "--end", "2024-01-08", "--detail", "full",
                 "--csv", str(target))

    assert result.code == 0, result.stdout
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in header
    assert not any(cell[:1] in "=+-@\t\r\n" for cell in header)
    assert first["fullName"] == "'\t=1+1"
    assert first["clockInDevice"] == "' =SUM(A1:A9)"
    assert first["clockInArea"] == "'\r=cmd" and first["clockOutArea"] == "'\n@risk"
    # objects become dotted columns, lists JSON: never a Python repr
    assert first["shift.name"] == "Night" and first["shift.breaks"] == "[15,30]"
    for line in rows[1:]:
        assert not any(cell.lstrip(" ")[:1] in ("=", "+", "@", "\t", "\r", "\n")
                       for cell in line if not cell.startswith("'"))


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644)])
def test_the_csv_gets_the_mode_the_umask_allows(sim, run, tmp_path, umask, mode):
    target = tmp_path / "report.csv"
    previous = os.umask(umask)
    try:
        result = run(SCRIPT, "--begin", "2024-01-08", "--end", "2024-01-08", "--csv",
                     str(target))
    finally:
        os.umask(previous)

    assert result.code == 0, result.stdout
    assert target.stat().st_mode & 0o777 == mode


def test_an_unwritable_csv_target_is_refused_before_any_request(sim, run, tmp_path):
    result = run(SCRIPT, *JANUARY, "--csv", str(tmp_path / "missing" / "report.csv"))

    assert result.code == 2 and sim.requests() == []
