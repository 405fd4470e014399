"""The simulator core: tokens, the rate limit, paging checks, fault injection, admin API."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from hctsim.core import load_routes

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "/api/hccgw/platform/v1/token/get"
DEVICES = "/api/hccgw/resource/v1/devices/get"


def token_of(server: Any) -> str:
    answer = requests.post(server.base_url + TOKEN, json={
        "appKey": server.app_key, "secretKey": server.secret_key}, timeout=5).json()
    return answer["data"]["accessToken"]


def call(server: Any, path: str, body: Any, token: str | None) -> requests.Response:
    headers = {"Token": token} if token else {}
    return requests.post(server.base_url + path, json=body, headers=headers, timeout=5)


def test_every_route_module_loads() -> None:
    assert load_routes() == {}


def test_token_answer_has_the_guides_shape(sim: Any) -> None:
    before = time.time()
    answer = requests.post(sim.base_url + TOKEN, json={
        "appKey": sim.app_key, "secretKey": sim.secret_key}, timeout=5).json()
    assert answer["errorCode"] == "0"
    data = answer["data"]
    assert data["accessToken"].startswith("hcc.")
    assert isinstance(data["expireTime"], int)
    assert before + 7 * 86400 - 5 <= data["expireTime"] <= time.time() + 7 * 86400 + 1
    assert data["areaDomain"] == sim.base_url
    assert len(data["userId"]) == 32


@pytest.mark.parametrize("body, code", [
    ({"appKey": "nobody", "secretKey": "x"}, "OPEN000001"),
    ({"appKey": None, "secretKey": "x"}, "OPEN000010"),
])
def test_token_rejects_unknown_app_keys(sim: Any, body: dict, code: str) -> None:
    answer = requests.post(sim.base_url + TOKEN, json=body, timeout=5)
    assert answer.status_code == 200
    assert answer.json()["errorCode"] == code


def test_token_rejects_a_wrong_secret(sim: Any) -> None:
    answer = requests.post(sim.base_url + TOKEN, json={
        "appKey": sim.app_key, "secretKey": "wrong"}, timeout=5).json()
    assert answer == {"errorCode": "OPEN000002", "message": "Incorrect SK."}


def test_calls_need_a_valid_token(sim: Any) -> None:
    page = {"pageIndex": 1, "pageSize": 1}
    assert call(sim, DEVICES, page, None).json()["errorCode"] == "OPEN000007"
    assert call(sim, DEVICES, page, "hcc.forged").json()["errorCode"] == "OPEN000006"
    token = token_of(sim)
    assert call(sim, DEVICES, page, token).json()["errorCode"] == "0"
    assert requests.post(sim.base_url + "/__sim__/expire-tokens", json={},
                         timeout=5).json() == {"ok": True, "expired": 1}
    assert call(sim, DEVICES, page, token).json()["errorCode"] == "OPEN000006"
    fresh = token_of(sim)
    assert fresh != token
    assert call(sim, DEVICES, page, fresh).json()["errorCode"] == "0"


def test_tokens_expire_after_seven_days(sim: Any) -> None:
    token = token_of(sim)
    sim.sim.advance(7 * 86400 - 60)
    assert call(sim, DEVICES, {"pageIndex": 1, "pageSize": 1}, token).json()["errorCode"] == "0"
    sim.sim.advance(61)
    assert call(sim, DEVICES, {"pageIndex": 1, "pageSize": 1},
                token).json()["errorCode"] == "OPEN000006"


def test_the_sixth_request_within_a_second_is_rate_limited(sim: Any) -> None:
    token = token_of(sim)  # token/get counts for the account too
    answers = [call(sim, DEVICES, {"pageIndex": 1, "pageSize": 1}, token) for _ in range(5)]
    statuses = [answer.status_code for answer in answers]
    assert statuses == [200, 200, 200, 200, 429]
    assert answers[-1].headers["Retry-After"] == "1"
    assert answers[-1].json()["errorCode"] == "RATE_LIMITED"
    assert sim.sim.stats()["rateLimited"] == 1
    time.sleep(1.0)
    assert call(sim, DEVICES, {"pageIndex": 1, "pageSize": 1}, token).status_code == 200
    # rejected requests are logged with their status but never reached the handler
    assert [entry["status"] for entry in sim.requests(DEVICES)][-2:] == [429, 200]


def test_accounts_have_their_own_rate_limit(sim: Any) -> None:
    sim.sim.add_account("second-app-key", "second-secret")
    other = requests.post(sim.base_url + TOKEN, json={
        "appKey": "second-app-key", "secretKey": "second-secret"}, timeout=5).json()
    token = token_of(sim)
    page = {"pageIndex": 1, "pageSize": 1}
    assert [call(sim, DEVICES, page, token).status_code for _ in range(5)][-1] == 429
    assert call(sim, DEVICES, page, other["data"]["accessToken"]).status_code == 200


def test_rate_limit_can_be_disabled(sim_factory: Any) -> None:
    server = sim_factory(rate_limit=False)
    token = token_of(server)
    statuses = {call(server, DEVICES, {"pageIndex": 1, "pageSize": 1}, token).status_code
                for _ in range(8)}
    assert statuses == {200}


@pytest.mark.parametrize("page, code", [
    ({"pageIndex": 1, "pageSize": 501}, "OPEN000025"),
    ({"pageIndex": 1, "pageSize": 0}, "OPEN000025"),
    ({"pageIndex": 1, "pageSize": "10"}, "OPEN000008"),
    ({"pageIndex": 1}, "OPEN000010"),
    ({"pageIndex": 0, "pageSize": 10}, "OPEN000010"),
])
def test_paging_limits_use_the_guides_codes(sim_factory: Any, page: dict, code: str) -> None:
    server = sim_factory(rate_limit=False)
    assert call(server, DEVICES, page, token_of(server)).json()["errorCode"] == code


def test_ten_thousand_devices_build_fast() -> None:
    from hctsim.world import World

    started = time.process_time()  # CPU time: other tests running in parallel don't count
    world = World(devices=10000)
    assert time.process_time() - started < 1.5
    assert len(world.devices) == 10000 and len({d["serialNo"] for d in world.devices}) == 10000


def test_ten_thousand_devices_page_correctly(sim_factory: Any) -> None:
    server = sim_factory(devices=10000, rate_limit=False)
    token = token_of(server)
    seen: list[str] = []
    for index in range(1, 21):
        data = call(server, DEVICES, {"pageIndex": index, "pageSize": 500},
                    token).json()["data"]
        assert data["totalCount"] == 10000 and data["pageIndex"] == index
        seen += [device["id"] for device in data["device"]]
    assert len(seen) == len(set(seen)) == 10000
    assert call(server, DEVICES, {"pageIndex": 21, "pageSize": 500},
                token).json()["data"]["device"] == []


def test_worlds_are_deterministic_per_seed() -> None:
    from hctsim.world import World

    first, again, other = World(seed=3), World(seed=3), World(seed=4)
    assert [d["serialNo"] for d in first.devices] == [d["serialNo"] for d in again.devices]
    assert [d["serialNo"] for d in first.devices] != [d["serialNo"] for d in other.devices]
    assert all(len(device["verifyCode"]) == 6 and device["verifyCode"].isupper()
               for device in first.devices)


def test_injected_failures_hit_only_matching_calls(sim_factory: Any) -> None:
    server = sim_factory(rate_limit=False)
    token = token_of(server)
    admin = server.base_url + "/__sim__/"
    requests.post(admin + "fail", json={"count": 2, "code": "OPEN000018", "path": DEVICES},
                  timeout=5)
    page = {"pageIndex": 1, "pageSize": 1}
    assert call(server, "/api/hccgw/resource/v1/areas/get", page,
                token).json()["errorCode"] == "0"
    assert [call(server, DEVICES, page, token).json()["errorCode"] for _ in range(3)] == [
        "OPEN000018", "OPEN000018", "0"]
    requests.post(admin + "fail", json={"count": 1, "status": 503}, timeout=5)
    assert call(server, DEVICES, page, token).status_code == 503
    assert requests.get(admin + "stats", timeout=5).json()["faultsFired"] == 3
    refused = requests.post(admin + "fail", json={"count": 1, "code": 18}, timeout=5)
    assert refused.status_code == 400 and "code" in refused.json()["error"]
    assert requests.get(admin + "stats", timeout=5).json()["faults"] == []


def test_latency_and_dropped_connections(sim_factory: Any) -> None:
    server = sim_factory(rate_limit=False)
    token = token_of(server)
    admin = server.base_url + "/__sim__/"
    page = {"pageIndex": 1, "pageSize": 1}
    requests.post(admin + "latency", json={"seconds": 0.3, "count": 1}, timeout=5)
    started = time.monotonic()
    assert call(server, DEVICES, page, token).status_code == 200
    assert time.monotonic() - started >= 0.3
    requests.post(admin + "close-connections", json={"count": 1}, timeout=5)
    with pytest.raises(requests.ConnectionError):
        call(server, DEVICES, page, token)
    assert call(server, DEVICES, page, token).status_code == 200


def test_request_log_hides_the_token_and_skips_admin_calls(sim: Any) -> None:
    token = token_of(sim)
    call(sim, DEVICES, {"pageIndex": 1, "pageSize": 7}, token)
    requests.get(sim.base_url + "/__sim__/stats", timeout=5)
    logged = requests.get(sim.base_url + "/__sim__/requests", params={"path": DEVICES},
                          timeout=5).json()["requests"]
    assert len(logged) == 1
    assert logged[0]["body"] == {"pageIndex": 1, "pageSize": 7}
    assert logged[0]["headers"]["Token"] == "<present>"
    assert token not in str(sim.requests())
    assert [entry["path"] for entry in sim.requests()] == [TOKEN, DEVICES]
    assert sim.requests(TOKEN)[0]["body"] == {"appKey": sim.app_key, "secretKey": "<present>"}
    requests.post(sim.base_url + "/__sim__/requests/clear", json={}, timeout=5)
    assert sim.requests() == []


def test_device_offline_admin_switch(sim: Any) -> None:
    device = sim.sim.world.devices[0]
    answer = requests.post(sim.base_url + "/__sim__/device/offline",
                           json={"serial": device["serialNo"]}, timeout=5).json()
    assert answer == {"serial": device["serialNo"], "onlineStatus": 0}
    assert device["offlineSince"] is not None
    assert requests.post(sim.base_url + "/__sim__/device/online", json={"serial": "NOPE"},
                         timeout=5).status_code == 400


def test_unknown_paths_and_bad_json(sim: Any) -> None:
    token = token_of(sim)
    assert call(sim, "/api/hccgw/nothing/here", {}, token).status_code == 404
    answer = requests.post(sim.base_url + DEVICES, data=b"{not json", timeout=5,
                           headers={"Token": token, "Content-Type": "application/json"})
    assert answer.json()["errorCode"] == "OPEN000008"


def test_post_bodies_must_be_json(sim: Any) -> None:
    answer = requests.post(sim.base_url + TOKEN, data={"appKey": sim.app_key}, timeout=5)
    assert answer.status_code == 415
    assert answer.json()["errorCode"] == "UNSUPPORTED_MEDIA_TYPE"


def test_token_answer_options(sim_factory: Any) -> None:
    server = sim_factory(area_domain="https://evil.example.com", token_expire_ms=True)
    data = requests.post(server.base_url + TOKEN, timeout=5, json={
        "appKey": server.app_key, "secretKey": server.secret_key}).json()["data"]
    assert data["areaDomain"] == "https://evil.example.com"
    assert data["expireTime"] > time.time() * 1000


def test_cli_prints_its_address_and_credentials(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "hct_sim.py"),
                                "--port", "0", "--devices", "3"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("HCT simulator listening on http://127.0.0.1:")
        exports = dict(process.stdout.readline().strip()[len("export "):].split("=", 1)
                       for _ in range(3))
        base_url = exports["HIK_CONNECT_TEAM_OPENAPI_BASE_URL"]
        answer = requests.post(base_url + TOKEN, timeout=5, json={
            "appKey": exports["HIK_CONNECT_TEAM_OPENAPI_APP_KEY"],
            "secretKey": exports["HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY"]}).json()
        assert answer["errorCode"] == "0"
    finally:
        process.terminate()
        assert process.wait(timeout=5) == 0


def test_cli_refuses_remote_hosts_without_the_flag() -> None:
    completed = subprocess.run([sys.executable, str(ROOT / "scripts" / "hct_sim.py"),
                                "--host", "0.0.0.0"], capture_output=True, text=True, timeout=10)
    assert completed.returncode == 2
    assert "--allow-remote" in completed.stderr
