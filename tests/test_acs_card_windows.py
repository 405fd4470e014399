"""search_card_records.py against the live platform's ways (the simulator's field profile):
a long range is asked for in one window, and a window whose records run past the last page
the platform serves (page 50 on the live platform) is searched in halves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import environment_for, run_script, sim_secrets

RECORDS = "modules/Hik-Connect_Team_ACS/scripts/search_card_records.py"
RECORDS_PATH = "/api/hccgw/acs/v1/event/certificaterecords/search"
MONTH = ("--begin", "2026-10-01T00:00:00Z", "--end", "2026-10-31T00:00:00Z")


def search(server: Any, tmp_path: Path, *args: str) -> Any:
    result = run_script(RECORDS, *args, env=environment_for(server, tmp_path / server.profile),
                        secrets=lambda: sim_secrets(server))
    assert result.code == 0, result.stdout
    return result.json["data"]


def asked(server: Any) -> list[tuple[str, str, int]]:
    return [(entry["body"]["searchCriteria"]["beginTime"],
             entry["body"]["searchCriteria"]["endTime"], entry["body"]["pageIndex"])
            for entry in server.requests(RECORDS_PATH)]


def every_record(sim_factory: Any, tmp_path: Path) -> list[str]:
    """The month's records as the guide's one-day windows give them."""
    guide = sim_factory(rate_limit=False)
    data = search(guide, tmp_path, *MONTH, "--all")
    assert len(data["windows"]) == 31  # 30 days and the closing second
    return [record["recordGuid"] for record in data["recordList"]]


def test_a_month_is_one_window_when_the_platform_takes_it(sim_factory: Any,
                                                          tmp_path: Path) -> None:
    expected = every_record(sim_factory, tmp_path)
    field = sim_factory(profile="field", rate_limit=False)

    data = search(field, tmp_path, *MONTH, "--all")

    assert [record["recordGuid"] for record in data["recordList"]] == expected
    assert data["total"] == data["count"] == len(expected) > 400
    assert {(begin, end) for begin, end, _ in asked(field)} == {
        ("2026-10-01T00:00:00+00:00", "2026-10-31T00:00:00+00:00")}
    assert [index for _, _, index in asked(field)] == list(range(1, -(-len(expected) // 200) + 1))


def test_a_window_past_the_last_page_is_searched_in_halves(sim_factory: Any,
                                                           tmp_path: Path) -> None:
    expected = every_record(sim_factory, tmp_path)
    field = sim_factory(profile="field", rate_limit=False,
                        behaviour={"record_page_ceiling": 2})  # the list stops at page 2
    assert len(expected) > 2 * 200

    data = search(field, tmp_path, *MONTH, "--all")

    assert [record["recordGuid"] for record in data["recordList"]] == expected
    assert data["total"] == data["count"] == len(expected)
    assert any(window["split"] for window in data["windows"])
    assert max(index for _, _, index in asked(field)) == 3  # page 3 came back empty once


def test_a_page_beyond_the_50th_is_read_from_a_smaller_window(sim_factory: Any,
                                                             tmp_path: Path) -> None:
    expected = every_record(sim_factory, tmp_path)
    field = sim_factory(profile="field", rate_limit=False)
    page, size = 55, 10
    assert len(expected) >= page * size

    data = search(field, tmp_path, *MONTH, "--page", str(page), "--page-size", str(size))

    assert [record["recordGuid"] for record in data["recordList"]] == \
        expected[(page - 1) * size:page * size]
    assert data["total"] == len(expected)
    assert any(window["split"] for window in data["windows"])
    assert max(index for _, _, index in asked(field)) <= 50  # never past the platform's last
