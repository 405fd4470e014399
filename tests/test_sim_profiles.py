"""The simulator's profiles: `guide` (the default) keeps to the guide's tables, `field` does
what the live platform was seen to do (hctsim.profiles)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "/api/hccgw/platform/v1/token/get"
DEVICES = "/api/hccgw/resource/v1/devices/get"
AREAS = "/api/hccgw/resource/v1/areas/get"
RECORDS = "/api/hccgw/acs/v1/event/certificaterecords/search"


def token_answer(server: Any) -> dict[str, Any]:
    return requests.post(server.base_url + TOKEN, timeout=5, json={
        "appKey": server.app_key, "secretKey": server.secret_key}).json()


def test_the_default_profile_is_the_guide(sim: Any) -> None:
    assert sim.profile == sim.sim.profile == "guide"
    shown = requests.get(sim.base_url + "/__sim__/behaviour", timeout=5).json()
    assert shown["profile"] == "guide"
    assert shown["behaviour"]["string_paging"] is False
    assert shown["behaviour"]["record_window_seconds"] == 86400


@pytest.mark.parametrize("path, body", [
    (DEVICES, {}),
    (AREAS, {}),
    (RECORDS, {}),
])
def test_string_paging_is_refused_by_the_guide_and_taken_by_the_field(
        sim_factory: Any, path: str, body: dict[str, Any]) -> None:
    guide, field = sim_factory(), sim_factory(profile="field")
    strings = {**body, "pageIndex": "1", "pageSize": "10"}
    assert guide.api(path, strings)["errorCode"] == "OPEN000008"
    answer = field.api(path, strings)
    assert answer["errorCode"] == "0", answer
    assert answer["data"]["pageIndex"] == 1 and answer["data"]["pageSize"] == 10
    assert field.api(path, {**body, "pageIndex": "one", "pageSize": "10"})["errorCode"] == \
        "OPEN000008"


def test_field_tokens_are_revoked_after_a_seeded_number_of_calls(sim_factory: Any) -> None:
    server = sim_factory(profile="field", behaviour={"token_uses": [2, 2]})
    token = token_answer(server)["data"]["accessToken"]
    codes = [requests.post(server.base_url + DEVICES, timeout=5, headers={"Token": token},
                           json={"pageIndex": 1, "pageSize": 1}).json()["errorCode"]
             for _ in range(4)]
    assert codes == ["0", "0", "OPEN000006", "OPEN000006"]
    assert server.sim.stats()["tokensRevoked"] == 1


def test_revocation_budgets_repeat_for_a_seed(sim_factory: Any) -> None:
    def budgets(seed: int) -> list[int]:
        server = sim_factory(profile="field", seed=seed)
        tokens = [token_answer(server)["data"]["accessToken"] for _ in range(5)]
        return [server.sim._token_calls[token][1] for token in tokens]

    first = budgets(3)
    assert first == budgets(3)
    assert all(20 <= budget <= 80 for budget in first) and len(set(first)) > 1
    guide = sim_factory()
    assert guide.sim._token_calls[token_answer(guide)["data"]["accessToken"]][1] == 0


def test_a_field_host_of_another_region_does_not_know_the_keys(sim_factory: Any) -> None:
    foreign = sim_factory(profile="field", region="us", account_region="eu")
    home = sim_factory(profile="field", region="eu", account_region="eu")
    guide = sim_factory(region="us", account_region="eu")
    assert foreign.app_key == home.app_key  # the same seed: the same account
    assert token_answer(foreign) == {"errorCode": "OPEN000001",
                                     "message": "AK_NOT_FOUND{OPEN000001}"}
    assert token_answer(home)["errorCode"] == "0"
    assert token_answer(guide)["errorCode"] == "0"  # the guide knows no regional keys


def test_card_record_windows_and_the_page_ceiling(sim_factory: Any) -> None:
    week = {"searchCriteria": {"beginTime": "2026-01-01T00:00:00Z",
                               "endTime": "2026-01-08T00:00:00Z"}}
    guide = sim_factory()
    field = sim_factory(profile="field", behaviour={"record_page_ceiling": 2})
    assert guide.api(RECORDS, {**week, "pageIndex": 1, "pageSize": 10})["errorCode"] == \
        "OPEN000027"
    second = field.api(RECORDS, {**week, "pageIndex": 2, "pageSize": 10})["data"]
    third = field.api(RECORDS, {**week, "pageIndex": 3, "pageSize": 10})["data"]
    assert second["totalNum"] == third["totalNum"] > 30
    assert len(second["recordList"]) == 10 and third["recordList"] == []


def test_switches_change_while_serving(sim: Any) -> None:
    url = sim.base_url + "/__sim__/behaviour"
    changed = requests.post(url, json={"string_paging": True, "token_uses": [5, 9]},
                            timeout=5).json()
    assert changed["behaviour"]["string_paging"] is True
    assert changed["behaviour"]["token_uses"] == [5, 9]
    assert sim.api(DEVICES, {"pageIndex": "1", "pageSize": "5"})["errorCode"] == "0"
    for wrong in ({"no_such_switch": True}, {"token_uses": [0, 3]},
                  {"access_level_page_base": 2}, {"string_paging": "yes"}):
        refused = requests.post(url, json=wrong, timeout=5)
        assert refused.status_code == 400 and refused.json()["error"]
    assert sim.sim.behaviour.token_uses == (5, 9)


def test_an_unknown_profile_is_refused() -> None:
    from hctsim.core import Sim

    with pytest.raises(ValueError, match="profile"):
        Sim(profile="live")


def test_cli_takes_the_profile(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "hct_sim.py"),
                                "--port", "0", "--devices", "3", "--profile", "field"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.rstrip().endswith("(profile field)")
        base_url = first.split()[4]
        shown = requests.get(base_url + "/__sim__/behaviour", timeout=5).json()
        assert shown["profile"] == "field" and shown["behaviour"]["string_paging"] is True
    finally:
        process.terminate()
        assert process.wait(timeout=5) == 0
