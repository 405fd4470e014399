"""The alarm flows (the poller, a lapsed subscription, the webhook receiver) against both
simulator profiles: the guide's, and the live platform's (tokens revoked after 2 or 3 calls,
batchId "0" on an empty queue) (issue 8 point 15)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from test_sim_profile_flows import PROFILES, Profiled
from test_webhook_push_path import SECRET, free_port, start_receiver, stop

from conftest import wait_for
from hctsim.routes_mq import raise_events

POLLER = "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"
EVENTS = "modules/Hik-Connect_Team_Alarm/scripts/event_manager.py"
WEBHOOK = "modules/Hik-Connect_Team_Alarm/scripts/webhook_manager.py"
ALARMS = "/api/hccgw/alarm/v1/mq"


@pytest.fixture(params=sorted(PROFILES))
def alarm_sim(request: Any, sim_factory: Callable[..., Any], tmp_path: Path) -> Profiled:
    return Profiled(sim_factory(profile=request.param, **PROFILES[request.param],
                                rate_limit=False), tmp_path)


def guids_in(path: Path) -> list[str]:
    return [json.loads(line)["guid"] for line in path.read_text().splitlines()]


def test_the_poller_delivers_every_alarm_once(alarm_sim: Profiled, tmp_path: Path) -> None:
    assert alarm_sim.run(EVENTS, "subscribe", "--kind", "alarm").code == 0
    guids = raise_events(alarm_sim.server.sim, "alarm", 250)["ids"]
    out = tmp_path / "alarms.jsonl"

    result = alarm_sim.run(POLLER, "--once", "--batch-size", "100", "--journal",
                           str(tmp_path / "j.sqlite3"), "--sink", f"jsonl:{out}")

    assert result.code == 0, result.stdout + result.stderr
    assert sorted(guids_in(out)) == sorted(guids)
    completed = [entry["body"]["batchId"]
                 for entry in alarm_sim.server.requests(ALARMS + "/messages/complete")]
    # Three batches (a call refused for a revoked token is repeated); an empty pull is
    # never completed, whatever its batchId.
    assert len(set(completed)) == 3 and "0" not in completed
    assert result.json["data"]["poll"]["completed"] == 3
    if alarm_sim.server.profile == "field":
        assert alarm_sim.revoked() >= 1


def test_the_poller_renews_a_lapsed_subscription(alarm_sim: Profiled, tmp_path: Path) -> None:
    assert alarm_sim.run(EVENTS, "subscribe", "--types", "10002").code == 0
    requests.post(alarm_sim.server.base_url + "/__sim__/mq/lapse", json={"kind": "alarm"},
                  timeout=5)

    result = alarm_sim.run(POLLER, "--once", "--journal", str(tmp_path / "j.sqlite3"))

    assert result.code == 0, result.stdout + result.stderr
    assert result.json["data"]["poll"]["resubscribed"] == 1
    assert alarm_sim.server.requests(ALARMS + "/subscribe")[-1]["body"] == {
        "subscribeType": 1, "subscribeMode": 1, "eventType": [10002]}


def test_the_receiver_journals_and_delivers_pushes(alarm_sim: Profiled,
                                                   tmp_path: Path) -> None:
    port = free_port()
    out = tmp_path / "alarms.jsonl"
    receiver = start_receiver(alarm_sim.env, port, "--journal", str(tmp_path / "j.sqlite3"),
                              "--sink", f"jsonl:{out}")
    try:
        saved = alarm_sim.run(WEBHOOK, "save", "--url",
                              f"http://127.0.0.1:{port}/hikvision/webhook", "--secret", SECRET)
        assert saved.code == 0, saved.stdout
        assert alarm_sim.run(EVENTS, "subscribe", "--kind", "alarm").code == 0
        guids = raise_events(alarm_sim.server.sim, "alarm", 120)["ids"]
        assert wait_for(lambda: out.exists() and len(out.read_text().splitlines()) == 120)
    finally:
        code, stdout, stderr = stop(receiver)
    assert code == 0, stderr
    assert sorted(guids_in(out)) == sorted(guids)
    assert json.loads(stdout)["data"]["requests"]["handshakes"] == 1
