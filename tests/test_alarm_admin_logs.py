"""alarm_logs.py: the one-day window, paging on moreData, typed filters; and the simulator's
own checks of the window (OPEN000026/27/30)."""

from datetime import datetime, timedelta, timezone

import pytest

from conftest import environment_for, run_script, sim_secrets
from hctsim.routes_alarm_admin import state

LOGS = "modules/Hik-Connect_Team_Alarm/scripts/alarm_logs.py"
ALARM_LOG = "/api/hccgw/alarm/v1/alarmlog"


@pytest.mark.parametrize("args", [
    ["--begin", "2026-01-01 00:00:00", "--end", "2026-01-02 00:00:01"],
    ["--begin", "2026-01-02 00:00:00", "--end", "2026-01-01 23:59:59"],
    ["--begin", "01/02/2026"],
    ["--types", "Msg330001"],
    ["--page-size", "501"],
])
def test_bad_windows_and_filters_are_refused_before_any_request(sim, run, args):
    result = run(LOGS, *args)
    assert result.code == 2, result.stdout
    assert sim.requests() == []


def test_a_page_of_logs_with_typed_filters(sim, run):
    area = sim.sim.world.areas[1]
    result = run(LOGS, "--area-id", area["id"], "--types", "Motion Detection,10100",
                 "--begin", "2026-01-01T00:00:00", "--page", "2", "--page-size", "5")
    assert result.code == 0, result.stdout
    assert sim.requests(ALARM_LOG)[0]["body"] == {
        "pageIndex": 2, "pageSize": 5, "areaID": area["id"], "eventTypeList": ["10002", "10100"],
        "timeRange": {"beginTime": "2026-01-01 00:00:00", "endTime": "2026-01-02 00:00:00"}}


def test_all_reads_every_page_until_moreData_is_0(sim_factory, tmp_path):
    server = sim_factory(devices=60)
    result = run_script(LOGS, "--all", "--detail", "full", env=environment_for(server, tmp_path),
                        secrets=lambda: sim_secrets(server))
    assert result.code == 0, result.stdout
    data = result.json["data"]
    pages = server.requests(ALARM_LOG)
    assert len(pages) == len(data["pagesRead"]) > 1
    assert [page["body"]["pageIndex"] for page in pages] == data["pagesRead"]
    assert data["moreData"] == 0 and data["total"] == data["count"] == len(data["alarmLogList"])
    assert len({entry["guid"] for entry in data["alarmLogList"]}) == data["count"]
    assert "page 2:" in result.stderr


def test_the_tables_spelling_alarmlogList_is_read_and_kept(sim, run):
    state(sim.sim).log_list_key = "alarmlogList"
    result = run(LOGS, "--all")
    assert result.code == 0
    assert result.json["data"]["count"] == len(result.json["data"]["alarmlogList"]) > 0


@pytest.mark.parametrize("time_range, code", [
    ({"beginTime": "2026-01-01 00:00:00", "endTime": "2026-01-02 00:00:01"}, "OPEN000027"),
    ({"beginTime": "2026-01-02 00:00:00", "endTime": "2026-01-01 00:00:00"}, "OPEN000030"),
    ({"beginTime": "2026-01-01T00:00:00Z", "endTime": "2026-01-01 10:00:00"}, "OPEN000026"),
])
def test_the_simulator_checks_the_window_as_the_guide_says(sim, time_range, code):
    answer = sim.api(ALARM_LOG, {"pageIndex": 1, "pageSize": 10, "timeRange": time_range})
    assert answer["errorCode"] == code


def test_the_simulators_logs_are_deterministic(sim_factory):
    first, second = sim_factory(seed=7), sim_factory(seed=7)
    day = datetime.fromtimestamp(first.sim.now() - 86400, timezone.utc)
    window = {"beginTime": day.strftime("%Y-%m-%d 00:00:00"),
              "endTime": day.strftime("%Y-%m-%d 23:59:59")}
    body = {"pageIndex": 1, "pageSize": 500, "timeRange": window}
    logs = [server.api(ALARM_LOG, body)["data"]["alarmLogList"] for server in (first, second)]
    assert logs[0] == logs[1] and len(logs[0]) > 10


def test_with_all_a_longer_window_is_searched_day_by_day(sim, run):
    end = datetime.fromtimestamp(sim.sim.now(), timezone.utc).replace(microsecond=0)
    begin = end - timedelta(days=2, hours=12)
    args = ["--begin", f"{begin:%Y-%m-%d %H:%M:%S}", "--end", f"{end:%Y-%m-%d %H:%M:%S}"]
    refused = run(LOGS, *args)
    assert refused.code == 2 and "--all" in refused.json["message"]
    assert sim.requests() == []

    result = run(LOGS, *args, "--all", "--fields", "guid,timeInfo.startTime")
    assert result.code == 0, result.stdout
    ranges = [entry["body"]["timeRange"] for entry in sim.requests(ALARM_LOG)]
    assert ranges == [
        {"beginTime": f"{begin:%Y-%m-%d %H:%M:%S}",
         "endTime": f"{begin + timedelta(seconds=86399):%Y-%m-%d %H:%M:%S}"},
        {"beginTime": f"{begin + timedelta(days=1):%Y-%m-%d %H:%M:%S}",
         "endTime": f"{begin + timedelta(days=1, seconds=86399):%Y-%m-%d %H:%M:%S}"},
        {"beginTime": f"{begin + timedelta(days=2):%Y-%m-%d %H:%M:%S}",
         "endTime": f"{end:%Y-%m-%d %H:%M:%S}"}]
    data = result.json["data"]
    assert [window["total"] for window in data["windows"]] and data["total"] == sum(
        window["total"] for window in data["windows"]) == data["count"]
    times = [entry["timeInfo"]["startTime"] for entry in data["alarmLogList"]]
    assert times == sorted(times) and len(set(entry["guid"] for entry in
                                              data["alarmLogList"])) == data["count"]
