"""While the platform keeps failing, `alarm_poller.py --once` gives up after a bounded number
of rounds with exit 4; the long-running poller keeps retrying and says so on stderr
(issue 12 point 6)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from conftest import ROOT
from hctsim.routes_mq import raise_events

POLLER = "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"
MESSAGES = "/api/hccgw/alarm/v1/mq/messages"


def subscribe(sim) -> None:
    assert sim.api("/api/hccgw/alarm/v1/mq/subscribe",
                   {"subscribeType": 1, "subscribeMode": 0})["errorCode"] == "0"


def test_once_gives_up_with_exit_4_while_the_platform_keeps_failing(sim, run, tmp_path):
    subscribe(sim)
    sim.sim.fail_next(10_000, code="OPEN000018", path=MESSAGES)  # a server error, for good
    started = time.monotonic()

    result = run(POLLER, "--once", "--journal", str(tmp_path / "j.sqlite3"), timeout=120)

    assert result.code == 4, result.stdout + result.stderr
    assert result.json["errorCode"] == "OPEN000018"
    assert "Gave up after 5 failed rounds" in result.json["message"]
    assert result.json["data"]["poll"]["errors"] == 5
    assert time.monotonic() - started < 100
    assert result.stderr.count("failed round(s) in a row") == 5


def test_the_long_running_poller_keeps_retrying_and_then_delivers(sim, script_env, tmp_path):
    subscribe(sim)
    sim.sim.fail_next(3, code="OPEN000018", path=MESSAGES)
    guids = raise_events(sim.sim, "alarm", 2)["ids"]
    out = tmp_path / "alarms.jsonl"
    poller = subprocess.Popen(
        [sys.executable, str(ROOT / POLLER), "--journal", str(tmp_path / "j.sqlite3"),
         "--sink", f"jsonl:{out}"],
        env=script_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
                out.exists() and len(out.read_text().splitlines()) == 2):
            time.sleep(0.2)
    finally:
        poller.send_signal(signal.SIGTERM)
        stdout, stderr = poller.communicate(timeout=30)
    assert poller.returncode == 0, stderr
    assert sorted(json.loads(line)["guid"] for line in out.read_text().splitlines()) == \
        sorted(guids)
    assert "3 failed round(s) in a row" in stderr  # its state, on stderr
    assert json.loads(stdout)["data"]["poll"]["errors"] == 3
