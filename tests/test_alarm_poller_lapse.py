"""A subscription lapses after two days without a pull and the queue answers OPEN000016: the
poller subscribes again with what it knows, logs and counts it, and keeps delivering
(issue 8 point 4)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import requests

from conftest import ROOT, wait_for
from hctsim.routes_mq import raise_events

POLLER = "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"
EVENTS = "modules/Hik-Connect_Team_Alarm/scripts/event_manager.py"
ALARM_SUBSCRIBE = "/api/hccgw/alarm/v1/mq/subscribe"
MESSAGE_SUBSCRIBE = "/api/hccgw/rawmsg/v1/mq/subscribe"


def delivered(path) -> list[str]:
    return [json.loads(line)["guid"] for line in path.read_text().splitlines()] \
        if path.exists() else []


def test_a_running_poller_renews_a_lapsed_subscription_and_keeps_delivering(
        sim, run, script_env, tmp_path):
    assert run(EVENTS, "subscribe", "--types", "Motion Detection").code == 0
    out = tmp_path / "alarms.jsonl"
    poller = subprocess.Popen(
        [sys.executable, str(ROOT / POLLER), "--interval", "0.1", "--journal",
         str(tmp_path / "j.sqlite3"), "--sink", f"jsonl:{out}"],
        env=script_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        before = raise_events(sim.sim, "alarm", 3, event_type=10002)["ids"]
        assert wait_for(lambda: len(delivered(out)) == 3)

        sim.sim.advance(3 * 86400)  # three days pass without a pull: the next one lapses
        assert wait_for(lambda: len(sim.requests(ALARM_SUBSCRIBE)) == 2)
        after = raise_events(sim.sim, "alarm", 2, event_type=10002)["ids"]
        assert wait_for(lambda: len(delivered(out)) == 5)
    finally:
        poller.send_signal(signal.SIGTERM)
        stdout, stderr = poller.communicate(timeout=30)
    assert poller.returncode == 0, stderr
    assert sorted(delivered(out)) == sorted(before + after)
    assert sim.requests(ALARM_SUBSCRIBE)[-1]["body"] == {
        "subscribeType": 1, "subscribeMode": 1, "eventType": [10002]}  # what was remembered
    assert json.loads(stdout)["data"]["poll"]["resubscribed"] == 1
    assert "subscription had lapsed (OPEN000016)" in stderr


def test_the_pollers_own_types_win_and_are_remembered(sim, run, tmp_path):
    assert run(EVENTS, "subscribe", "--types", "10002").code == 0
    requests.post(sim.base_url + "/__sim__/mq/lapse", json={"kind": "alarm"}, timeout=5)

    result = run(POLLER, "--once", "--types", "Line Crossing,10103", "--journal",
                 str(tmp_path / "j.sqlite3"))

    assert result.code == 0, result.stdout + result.stderr
    assert result.json["data"]["poll"]["resubscribed"] == 1
    assert sim.requests(ALARM_SUBSCRIBE)[-1]["body"] == {
        "subscribeType": 1, "subscribeMode": 1, "eventType": [10100, 10103]}
    memory = run(EVENTS, "query", "--kind", "alarm").json["data"]["alarm"]
    assert memory["state"]["types"] == ["10100", "10103"]


def test_with_nothing_remembered_every_type_is_subscribed(sim, run, tmp_path):
    result = run(POLLER, "--once", "--kind", "message", "--journal",
                 str(tmp_path / "j.sqlite3"))
    assert result.code == 0, result.stdout + result.stderr
    assert result.json["data"]["poll"]["resubscribed"] == 1
    assert sim.requests(MESSAGE_SUBSCRIBE)[0]["body"] == {"subscribeType": 1, "msgType": []}


def test_a_subscription_cancelled_here_is_not_renewed(sim, run, tmp_path):
    assert run(EVENTS, "unsubscribe", "--kind", "alarm").code == 0
    result = run(POLLER, "--once", "--journal", str(tmp_path / "j.sqlite3"))
    assert result.code == 1
    assert result.json["errorCode"] == "OPEN000016"
    assert "unsubscribe" in result.json["hint"]
    assert len(sim.requests(ALARM_SUBSCRIBE)) == 1  # only the cancel


def test_bad_types_are_refused_before_any_request(sim, run, tmp_path):
    result = run(POLLER, "--once", "--types", "Msg330001", "--journal",
                 str(tmp_path / "j.sqlite3"))
    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"
    assert sim.requests() == []
