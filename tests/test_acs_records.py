"""search_card_records.py: any time range, split into the one-day windows the guide allows
when the platform answers OPEN000027 (the simulator's guide profile), merged in order; pages
of the merged list; typed criteria. Long windows and the 50-page ceiling of the live
platform: test_acs_card_windows.py."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

RECORDS = "modules/Hik-Connect_Team_ACS/scripts/search_card_records.py"
RECORDS_PATH = "/api/hccgw/acs/v1/event/certificaterecords/search"
BEGIN, END = "2025-03-01T06:00:00+02:00", "2025-03-04T09:30:00+02:00"


def windows(sim) -> list[tuple[datetime, datetime]]:
    spans = []
    for entry in sim.requests(RECORDS_PATH):
        criteria = entry["body"]["searchCriteria"]
        spans.append((datetime.fromisoformat(criteria["beginTime"]),
                      datetime.fromisoformat(criteria["endTime"])))
    return sorted(set(spans))


def test_a_long_range_is_split_into_days_and_merged(sim, run) -> None:
    result = run(RECORDS, "--begin", BEGIN, "--end", END, "--all")

    assert result.code == 0, result.stdout
    whole = (datetime.fromisoformat(BEGIN), datetime.fromisoformat(END))
    first = sim.requests(RECORDS_PATH)[0]["body"]["searchCriteria"]
    assert (first["beginTime"], first["endTime"]) == tuple(t.isoformat() for t in whole)
    spans = [span for span in windows(sim) if span != whole]  # the whole range: OPEN000027
    assert spans[0][0] == datetime.fromisoformat(BEGIN)
    assert spans[-1][1] == datetime.fromisoformat(END)
    assert all(end - begin <= timedelta(days=1) for begin, end in spans)
    assert all(later[0] - earlier[1] == timedelta(seconds=1)  # no gap, no overlap
               for earlier, later in pairwise(spans))
    assert len(spans) == 4
    data = result.json["data"]
    records = data["recordList"]
    assert data["total"] == data["count"] == len(records) > 0
    assert data["total"] == sum(window["totalNum"] for window in data["windows"])
    assert len({record["recordGuid"] for record in records}) == len(records)
    times = [datetime.fromisoformat(record["occurTime"]) for record in records]
    assert times == sorted(times)
    assert datetime.fromisoformat(BEGIN) <= times[0] and times[-1] <= datetime.fromisoformat(END)
    for entry in sim.requests(RECORDS_PATH):
        body = entry["body"]
        assert type(body["pageIndex"]) is int and body["pageSize"] == 200
        assert type(body["searchCriteria"]["type"]) is int


def test_a_page_of_the_merged_list_crosses_windows(sim, run) -> None:
    every = run(RECORDS, "--begin", BEGIN, "--end", END, "--all").json["data"]["recordList"]
    first_window_total = run(RECORDS, "--begin", BEGIN, "--page-size", "1").json["data"]["total"]
    size = 7
    page = first_window_total // size + 1  # the page where window 1 ends and window 2 starts

    result = run(RECORDS, "--begin", BEGIN, "--end", END, "--page", str(page),
                 "--page-size", str(size))

    assert result.code == 0, result.stdout
    got = [record["recordGuid"] for record in result.json["data"]["recordList"]]
    assert got == [record["recordGuid"] for record in every[(page - 1) * size:page * size]]
    assert result.json["data"]["total"] == len(every)


def test_filters_are_typed_as_the_guide_types_them(sim, run) -> None:
    result = run(RECORDS, "--begin", "2025-03-01T00:00:00Z", "--end", "2025-03-01T12:00:00Z",
                 "--event-types", "80001", "--event-types", "80093", "--auth-result", "success",
                 "--person-name", "Chen", "--time-type", "device")

    assert result.code == 0, result.stdout
    criteria = sim.requests(RECORDS_PATH)[0]["body"]["searchCriteria"]
    assert criteria == {"type": 1, "swipeAuthResult": 1, "searchType": 0,
                        "eventTypes": "80001,80093", "personCondition": {"personName": "Chen"},
                        "beginTime": "2025-03-01T00:00:00+00:00",
                        "endTime": "2025-03-01T12:00:00+00:00"}
    for record in result.json["data"]["recordList"]:
        assert record["eventType"] in (80001, 80093) and record["swipeAuthResult"] == 1
        assert record["personInfo"]["baseInfo"]["firstName"] == "Chen"


def test_the_simulator_enforces_the_one_day_limit(sim) -> None:
    too_long = sim.api(RECORDS_PATH, {"searchCriteria": {
        "beginTime": "2025-03-01T00:00:00Z", "endTime": "2025-03-02T00:00:01Z"}})
    backwards = sim.api(RECORDS_PATH, {"searchCriteria": {
        "beginTime": "2025-03-02T00:00:00Z", "endTime": "2025-03-01T00:00:00Z"}})

    assert too_long["errorCode"] == "OPEN000027"
    assert backwards["errorCode"] == "OPEN000030"


def test_bad_times_are_refused_before_any_request(sim, run) -> None:
    not_a_time = run(RECORDS, "--begin", "1 March 2025")
    backwards = run(RECORDS, "--begin", END, "--end", BEGIN)
    both = run(RECORDS, "--person-id", "1", "--person-name", "x")

    assert [not_a_time.code, backwards.code, both.code] == [2, 2, 2]
    assert "2026-12-01 10:00" in not_a_time.json["message"]  # it shows the accepted forms
    assert sim.requests() == []


def test_a_time_without_offset_is_in_the_configured_zone(sim, run) -> None:
    result = run(RECORDS, "--begin", "2025-03-01 08:00", "--end", "2025-03-01T09:30",
                 env={"HIK_CONNECT_TEAM_TIMEZONE": "Asia/Shanghai"})

    assert result.code == 0, result.stdout
    criteria = sim.requests(RECORDS_PATH)[0]["body"]["searchCriteria"]
    assert criteria["beginTime"].startswith("2025-03-01T08:00:00+08:00")
    assert criteria["endTime"].startswith("2025-03-01T09:30:00+08:00")
