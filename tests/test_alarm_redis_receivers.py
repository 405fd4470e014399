"""Several webhook receivers on one Redis journal (issue 11 points 3 and 6), against a real
redis-server: batch ids, guids and burned handshake ids are shared; a receiver killed with
SIGKILL in the middle of its deliveries leaves them to the other one; journal.py reads and
updates the same journal."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis
import requests
from test_webhook_push_path import SECRET, free_port, start_receiver, stop

from conftest import wait_for
from hct.alarm import signature
from hct.alarm.sinks import parse_sink

pytest_plugins = ["servers"]  # redis_server, redis_journal_url, broker

JOURNAL = "modules/Hik-Connect_Team_Alarm/scripts/journal.py"
PATH = "/hikvision/webhook"


def alarm(guid: str) -> dict:
    return {"guid": guid, "msgType": "1", "alarmState": "1", "type": "alarm",
            "eventSource": {"eventType": "10002", "sourceID": "cam1", "sourceName": "Gate"}}


def post(port: int, batch_id: str, items: list) -> int:
    headers = {"Content-Type": "application/json", **signature.signed_headers(SECRET, batch_id)}
    return requests.post(f"http://127.0.0.1:{port}{PATH}", headers=headers, timeout=10,
                         data=json.dumps({"batchId": batch_id, "list": items})).status_code


def lines(path) -> Counter:
    if not path.exists():
        return Counter()
    return Counter(json.loads(line)["guid"] for line in path.read_text().splitlines())


def test_receivers_on_one_redis_journal_journal_each_batch_and_guid_once(
        script_env, redis_journal_url, tmp_path, run):
    out = tmp_path / "alarms.jsonl"
    first, second = free_port(), free_port()
    receivers = [start_receiver(script_env, port, "--journal", redis_journal_url, "--sink",
                                f"jsonl:{out}") for port in (first, second)]
    try:
        assert post(first, "batch-1", [alarm("g1"), alarm("g2")]) == 200
        assert post(second, "batch-1", [alarm("forged")]) == 200  # a replay: nothing new
        assert post(second, "batch-2", [alarm("g2"), alarm("g3")]) == 200  # g2 again
        stamp = signature.now_ms()
        handshake = requests.get(f"http://127.0.0.1:{first}{PATH}", timeout=10, headers={
            signature.HEADER_BATCH_ID: "verify-1", signature.HEADER_TIMESTAMP: stamp})
        assert handshake.status_code == 200
        assert post(second, "verify-1", [alarm("x")]) == 401  # burned on the other one
        assert wait_for(lambda: sum(lines(out).values()) >= 3)
        time.sleep(0.5)  # room for a wrong second delivery
        listed = run(JOURNAL, "--journal", redis_journal_url, "list")
        stats = run(JOURNAL, "--journal", redis_journal_url, "stats")
    finally:
        for receiver in receivers:
            assert stop(receiver)[0] == 0

    assert lines(out) == Counter({"g1": 1, "g2": 1, "g3": 1})
    assert listed.code == 0, listed.stdout + listed.stderr
    assert sorted(entry["guid"] for entry in listed.json["data"]["entries"]) == ["g1", "g2", "g3"]
    assert stats.json["data"]["counts"]["deliveries"]["delivered"] == 3
    assert stats.json["data"]["counts"]["batches"] == 2


class SlowHook:
    """An HTTP endpoint that takes `delay` seconds to answer each alarm and notes its guid."""

    def __init__(self, delay: float) -> None:
        self.guids: list[str] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                time.sleep(delay)
                hook.guids.append(body["guid"])
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def held_by(redis_journal_url: str, sink_id: str, pid: int) -> int:
    """How many deliveries of `sink_id` the worker of process `pid` holds (XPENDING)."""
    base, _, prefix = redis_journal_url.partition("?prefix=")
    client = redis.Redis.from_url(base, decode_responses=True)
    consumers = client.xinfo_consumers(f"{prefix}q:{sink_id}", "workers")
    return sum(consumer["pending"] for consumer in consumers
               if consumer["name"].endswith(f":{pid}"))


def test_a_receiver_killed_mid_delivery_leaves_its_claims_to_the_other(
        script_env, redis_journal_url):
    hook = SlowHook(delay=0.2)
    spec = f"webhook:{hook.url}"
    sink_id = parse_sink(spec).id
    doomed_port, survivor_port = free_port(), free_port()
    doomed = start_receiver(script_env, doomed_port, "--journal", redis_journal_url, "--sink",
                            spec)
    survivor = None
    guids = [f"g{number}" for number in range(60)]
    try:
        for number in range(0, 60, 10):
            assert post(doomed_port, f"batch-{number}", [alarm(guid) for guid in
                                                         guids[number:number + 10]]) == 200
        # The doomed receiver's worker holds claims (its pending list in the consumer
        # group) while it sends them one by one; the survivor, started now, takes them
        # over once the dead one's heartbeat is gone.
        assert wait_for(lambda: held_by(redis_journal_url, sink_id, doomed.pid) and hook.guids)
        survivor = start_receiver(script_env, survivor_port, "--journal", redis_journal_url,
                                  "--sink", spec)
        held = held_by(redis_journal_url, sink_id, doomed.pid)
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait()
        assert wait_for(lambda: set(guids) <= set(hook.guids), 60)
        time.sleep(0.5)
    finally:
        for receiver in (doomed, survivor):
            if receiver is not None and receiver.poll() is None:
                stop(receiver)
        hook.stop()

    counts = Counter(hook.guids)
    assert held > 0
    assert set(counts) == set(guids)  # nothing lost
    twice = [guid for guid, count in counts.items() if count > 1]
    assert len(twice) <= 1, twice  # at most the one being sent at the kill


def test_journal_only_receivers_leave_the_sending_to_delivery_workers(
        script_env, redis_journal_url, tmp_path, run):
    out = tmp_path / "alarms.jsonl"
    port = free_port()
    receiver = start_receiver(script_env, port, "--journal", redis_journal_url, "--sink",
                              f"jsonl:{out}", "--journal-only")
    try:
        assert post(port, "batch-1", [alarm(f"g{number}") for number in range(20)]) == 200
        time.sleep(1.5)  # a receiver that delivered would have written the file by now
        assert not out.exists()
        waiting = run(JOURNAL, "--journal", redis_journal_url, "stats")
        worker = run(JOURNAL, "--journal", redis_journal_url, "deliver", "--sink",
                     f"jsonl:{out}", "--once")
    finally:
        code, stdout, _ = stop(receiver)

    assert waiting.json["data"]["counts"]["deliveries"]["pending"] == 20
    assert worker.code == 0, worker.stdout + worker.stderr
    assert worker.json["data"]["delivery"] == {"delivered": 20, "retried": 0, "failed": 0,
                                               "pending": 0}
    assert lines(out) == Counter({f"g{number}": 1 for number in range(20)})
    assert code == 0 and json.loads(stdout)["data"]["delivery"]["delivered"] == 0
