"""The whole push path: the simulator saves the webhook (GET handshake), pushes signed
batches, and the receiver journals them and delivers them to a jsonl sink."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from conftest import wait_for
from hctsim.routes_mq import raise_events

ROOT = Path(__file__).resolve().parents[1]
SERVER = str(ROOT / "modules/Hik-Connect_Team_Alarm/scripts/webhook_server.py")
SAVE = "/api/hccgw/webhook/v1/config/save"
SECRET = "Secret2026abc"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_receiver(env: dict, port: int, *args: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, SERVER, "--port", str(port), *args],
                               env={**env, "HIK_SIGN_SECRET": SECRET}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/health", timeout=1)
            return process
        except requests.ConnectionError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError("the receiver did not start: " + process.communicate()[1])


def stop(process: subprocess.Popen) -> tuple[int, str, str]:
    process.send_signal(signal.SIGTERM)
    try:
        out, err = process.communicate(timeout=40)  # shutdown waits for in-flight work
    finally:
        process.kill()
    return process.returncode, out, err


def test_pushes_from_the_platform_reach_the_sink_once(sim, script_env, tmp_path):
    port = free_port()
    out = tmp_path / "alarms.jsonl"
    receiver = start_receiver(script_env, port, "--journal", str(tmp_path / "j.sqlite3"),
                              "--sink", f"jsonl:{out}", "--health-details")
    try:
        saved = sim.api(SAVE, {"callbackUrl": f"http://127.0.0.1:{port}/hikvision/webhook",
                               "retryTimes": 3, "retryDelay": 200, "signSecret": SECRET})
        assert saved["errorCode"] == "0"
        sim.api("/api/hccgw/alarm/v1/mq/subscribe", {"subscribeType": 1, "subscribeMode": 0})
        guids = raise_events(sim.sim, "alarm", 120)["ids"]  # two pushes (100 + 20)
        assert wait_for(lambda: out.exists() and len(out.read_text().splitlines()) == 120)

        def health() -> dict:
            return requests.get(f"http://127.0.0.1:{port}/health", timeout=5).json()

        # The lines are written before the journal records them as delivered.
        assert wait_for(lambda: health()["pending"] == 0)
        assert health()["journal"]["entries"] == 120
    finally:
        code, stdout, stderr = stop(receiver)
    assert code == 0, stderr
    assert f"listening on http://127.0.0.1:{port}/hikvision/webhook" in stderr
    envelope = json.loads(stdout)
    assert envelope["data"]["requests"]["accepted"] == 2
    assert envelope["data"]["requests"]["handshakes"] == 1
    delivered = [json.loads(line)["guid"] for line in out.read_text().splitlines()]
    assert sorted(delivered) == sorted(guids)
    assert SECRET not in stdout + stderr


def test_saving_fails_with_ccf000001_when_the_receiver_has_another_secret(sim, script_env,
                                                                          tmp_path):
    port = free_port()
    receiver = start_receiver(script_env, port, "--journal", str(tmp_path / "j.sqlite3"))
    try:
        saved = sim.api(SAVE, {"callbackUrl": f"http://127.0.0.1:{port}/hikvision/webhook",
                               "signSecret": "AnotherSecret2026"})
    finally:
        stop(receiver)
    assert saved["errorCode"] == "CCF000001"
    assert sim.api("/api/hccgw/webhook/v1/config/query")["data"] == {}
