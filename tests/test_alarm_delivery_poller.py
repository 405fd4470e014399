"""The poller journals every batch before completing it, so that nothing is lost and nothing
is delivered twice, and it stops cleanly."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from hctsim.routes_mq import raise_events

ROOT = Path(__file__).resolve().parents[1]
POLLER = "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"
ALARMS = "/api/hccgw/alarm/v1/mq"


def subscribe(sim, kind: str = "alarm") -> None:
    if kind == "alarm":
        body, path = {"subscribeType": 1, "subscribeMode": 0}, ALARMS + "/subscribe"
    else:
        body, path = {"subscribeType": 1, "msgType": []}, "/api/hccgw/rawmsg/v1/mq/subscribe"
    assert sim.api(path, body)["errorCode"] == "0"


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_the_poller_journals_then_completes_and_delivers_each_alarm_once(sim, run, tmp_path):
    subscribe(sim)
    guids = raise_events(sim.sim, "alarm", 7, with_picture=True)["ids"]
    out = tmp_path / "alarms.jsonl"

    result = run(POLLER, "--once", "--batch-size", "100", "--journal",
                 str(tmp_path / "j.sqlite3"), "--sink", f"jsonl:{out}")

    assert result.code == 0, result.stdout + result.stderr
    assert result.json["data"]["poll"]["received"] == 7
    assert result.json["data"]["delivery"] == {"delivered": 7, "retried": 0, "failed": 0,
                                               "pending": 0}
    assert sorted(line["guid"] for line in lines(out)) == sorted(guids)
    assert "Snapshot: " in lines(out)[0]["text"]
    pulled, completed = sim.requests(ALARMS + "/messages"), sim.requests(ALARMS + "/messages/*")
    assert pulled[0]["body"] == {"maxNumberPerTime": 100}
    assert completed[0]["body"]["batchId"] and completed[0]["time"] > pulled[0]["time"]


def test_a_batch_whose_complete_failed_comes_back_and_is_not_delivered_twice(sim, run,
                                                                             tmp_path):
    subscribe(sim)
    raise_events(sim.sim, "alarm", 5)
    sim.sim.fail_next(1, status=500, path=ALARMS + "/messages/complete")
    out = tmp_path / "alarms.jsonl"

    result = run(POLLER, "--once", "--journal", str(tmp_path / "j.sqlite3"),
                 "--sink", f"jsonl:{out}")

    assert result.code == 0, result.stdout + result.stderr
    poll = result.json["data"]["poll"]
    assert (poll["received"], poll["new"], poll["duplicates"]) == (10, 5, 5)
    assert len(lines(out)) == 5
    assert len(sim.requests(ALARMS + "/messages")) >= 2


def test_messages_are_polled_from_the_raw_message_queue(sim, run, tmp_path):
    subscribe(sim, "message")
    raise_events(sim.sim, "message", 3)
    result = run(POLLER, "--kind", "message", "--once", "--journal",
                 str(tmp_path / "j.sqlite3"))
    assert result.code == 0
    assert result.json["data"]["poll"]["new"] == 3
    assert sim.requests("/api/hccgw/rawmsg/v1/mq/messages")[0]["body"] == {}


def test_bad_arguments_send_nothing(sim, run, tmp_path):
    for args in (["--batch-size", "250"], ["--kind", "message", "--batch-size", "100"],
                 ["--sink", "carrier-pigeon:x"], ["--interval", "-1"]):
        result = run(POLLER, "--once", "--journal", str(tmp_path / "j.sqlite3"), *args)
        assert result.code == 2, args
        assert result.json["errorCode"] == "INVALID_ARGUMENT"
    assert sim.requests() == []


def test_sigterm_stops_the_poller_with_its_counts(sim, script_env, tmp_path):
    subscribe(sim)
    raise_events(sim.sim, "alarm", 2)
    process = subprocess.Popen([sys.executable, POLLER, "--journal", str(tmp_path / "j.db")],
                               env=script_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=ROOT)
    try:
        deadline = time.monotonic() + 20
        while not sim.requests(ALARMS + "/messages/complete") and time.monotonic() < deadline:
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        stdout, _ = process.communicate(timeout=20)
    finally:
        process.kill()
    document = json.loads(stdout)
    assert process.returncode == 0
    assert document["data"]["stoppedBy"] == "signal"
    assert document["data"]["poll"]["new"] == 2


def test_a_stdout_sink_owns_stdout_and_the_counts_go_to_stderr(sim, run, tmp_path):
    subscribe(sim)
    guids = raise_events(sim.sim, "alarm", 3)["ids"]
    result = run(POLLER, "--once", "--journal", str(tmp_path / "j.sqlite3"), "--sink", "stdout")
    assert result.code == 0
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(line["guid"] for line in printed) == sorted(guids)  # no envelope among them
    assert json.loads(result.stderr.strip().splitlines()[-1])["data"]["poll"]["new"] == 3
