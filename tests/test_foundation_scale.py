"""Many scripts at once share one token and one rate limit; --all reads every page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, environment_for

LIST_DEVICES = ROOT / "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
DEVICES_GET = "/api/hccgw/resource/v1/devices/get"


def busiest_second(times: list[float]) -> int:
    """The most requests that arrived within any 1-second window."""
    ordered = sorted(times)
    most, start = 0, 0
    for end, arrival in enumerate(ordered):
        while arrival - ordered[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


def test_ten_scripts_at_once_fetch_one_token_and_respect_the_limit(sim, tmp_path):
    env = environment_for(sim, tmp_path)
    processes = [subprocess.Popen([sys.executable, str(LIST_DEVICES), "--page-size", "2"],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(10)]
    outputs = [process.communicate(timeout=60) for process in processes]

    assert [process.returncode for process in processes] == [0] * 10, outputs
    stats = sim.sim.stats()
    assert stats["tokenFetches"] == 1
    assert stats["rateLimited"] == 0
    assert busiest_second([entry["time"] for entry in sim.requests()]) <= 5
    assert len(sim.requests(DEVICES_GET)) == 10


def test_all_pages_of_ten_thousand_devices(sim_factory, tmp_path):
    server = sim_factory(devices=10_000)
    env = environment_for(server, tmp_path)

    completed = subprocess.run([sys.executable, str(LIST_DEVICES), "--all", "--fields", "id"],
                               env=env, capture_output=True, text=True, timeout=120)

    assert completed.returncode == 0, completed.stdout[-500:]
    import json

    data = json.loads(completed.stdout)["data"]
    ids = [device["id"] for device in data["device"]]
    assert data["total"] == 10_000 and len(ids) == 10_000 and len(set(ids)) == 10_000
    assert data["pagesRead"] == list(range(1, 21))
    assert {entry["body"]["pageSize"] for entry in server.requests(DEVICES_GET)} == {500}
    assert "page 20: 10000 of 10000" in completed.stderr
    assert server.sim.stats()["rateLimited"] == 0
    assert Path(env["HIK_CONNECT_TEAM_CACHE_DIR"]).is_dir()
