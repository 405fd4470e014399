"""Priorities, receiving schedules, the voltage setting and the generated EVENT_CODES.md."""

import subprocess
import sys

import pytest

from conftest import ROOT
from hct.alarm import event_types as alarm_types

SCRIPTS = "modules/Hik-Connect_Team_Alarm/scripts/"
VOLTAGE = "/api/hccgw/alarm/v1/voltagesetting/set"


def test_priorities_and_schedules_page_with_integers_and_keep_the_platforms_keys(sim, run):
    priorities = run(SCRIPTS + "alarm_priorities.py", "--all")
    schedules = run(SCRIPTS + "receiving_schedules.py", "--page-size", "2")
    assert sim.requests("/api/hccgw/alarm/v1/alarmpriorities/get")[0]["body"] == {
        "pageIndex": 1, "pageSize": 500}
    assert [p["level"] for p in priorities.json["data"]["alarmpriorities"]] == [1, 2, 3]
    assert priorities.json["data"]["total"] == 3  # the platform's String "3", read as a count
    assert len(schedules.json["data"]["receivingSchedule"]) == 2
    assert schedules.json["data"]["total"] == 3


@pytest.mark.parametrize("value, sent", [("25", 25), ("12.5", 12.5)])
def test_voltage_threshold_is_a_number(sim, run, value, sent):
    result = run(SCRIPTS + "voltage_setting.py", "--threshold", value)
    assert result.code == 0 and result.json["data"]["edited"] is True
    assert sim.requests(VOLTAGE)[0]["body"] == {"voltageThreshold": sent}


def test_voltage_threshold_outside_0_to_100_is_refused_before_any_request(sim, run):
    assert run(SCRIPTS + "voltage_setting.py", "--threshold", "101").code == 2
    assert run(SCRIPTS + "voltage_setting.py", "--threshold", "-1").code == 2
    assert sim.requests() == []


def test_event_codes_md_is_what_the_generator_writes():
    with open(ROOT / "modules/Hik-Connect_Team_Alarm/EVENT_CODES.md", encoding="utf-8") as f:
        assert f.read() == alarm_types.render_markdown()
    check = subprocess.run([sys.executable, str(ROOT / "scripts/gen_event_codes.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_the_tables_hold_every_row_of_the_guide():
    assert len(alarm_types.rows(alarm_types.ALARM)) == 181  # A.1.4, three codes listed twice
    assert len({row["code"] for row in alarm_types.rows(alarm_types.ALARM)}) == 178
    assert len(alarm_types.rows(alarm_types.MESSAGE)) == 97  # A.1.6
    assert len(alarm_types.categories()) == 12  # A.1.1
    assert alarm_types.name_of(alarm_types.ALARM, 50101) == "Device Offline"
