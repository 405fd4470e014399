"""A slow sink delays only itself (issue 12 point 3): each sink has its own worker, and each
send has an overall deadline, not only one per socket read."""

from __future__ import annotations

import json
import socket
import socketserver
import threading
import time

import pytest
from test_sinks_delivery import FakeBot, alarms

from conftest import wait_for
from hct.alarm import sinks
from hct.alarm.delivery import Deliverer
from hct.alarm.journal import open_journal
from hct.alarm.sinks import parse_sink
from hctsim.routes_mq import raise_events

POLLER = "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"


class Trickler:
    """A loopback HTTP server that reads each request, then answers one byte every second
    (a read timeout never fires: every read gets a byte in time)."""

    def __init__(self) -> None:
        self.requests = 0
        self.stopped = threading.Event()
        trickler = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.settimeout(5)
                data = b""
                while b"\r\n\r\n" not in data:
                    data += self.request.recv(65536)
                trickler.requests += 1
                answer = b"HTTP/1.1 200 OK\r\nX-Pad: " + b"a" * 1000
                for byte in answer:
                    if trickler.stopped.wait(1.0):
                        return
                    try:
                        self.request.sendall(bytes([byte]))
                    except OSError:
                        return

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.stopped.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def trickler():
    server = Trickler()
    yield server
    server.stop()


@pytest.fixture
def healthy():
    bot = FakeBot()
    yield bot
    bot.stop()


def test_a_trickling_sink_does_not_hold_up_a_healthy_one(tmp_path, trickler, healthy,
                                                         monkeypatch):
    monkeypatch.setattr(sinks, "SEND_DEADLINE_SECONDS", 3.0)
    slow, good = parse_sink(f"webhook:{trickler.url}"), parse_sink(f"webhook:{healthy.url}/ok")
    journal = open_journal(str(tmp_path / "j.sqlite3"))
    deliverer = Deliverer(journal, [slow, good])
    journal.record_batch("b1", alarms(1), source="poll", kind="alarm",
                         sinks=[slow.id, good.id])
    deliverer.start()
    try:
        assert wait_for(lambda: trickler.requests == 1, 10)  # the slow send is under way
        batch = [{**alarm, "guid": f"later-{n}"} for n, alarm in enumerate(alarms(3))]
        journal.record_batch("b2", batch, source="poll", kind="alarm", sinks=[slow.id, good.id])
        deliverer.wake()
        assert wait_for(lambda: len(healthy.received) == 4, 10)  # not held up

        # The slow send ends at its overall deadline: a failed attempt, retried later.
        assert wait_for(lambda: journal.entries(sink=slow.id, state="pending", limit=10)
                        and any(d["lastError"] for e in journal.entries(sink=slow.id)
                                for d in e["deliveries"] if d["sink"] == slow.id), 10)
    finally:
        started = time.monotonic()
        deliverer.stop()
        assert time.monotonic() - started < 10  # the stop is not held by the slow sink either
    errors = {d["lastError"] for e in journal.entries(sink=slow.id)
              for d in e["deliveries"] if d["sink"] == slow.id and d["lastError"]}
    assert errors == {"webhook did not answer within 3 s"}


def test_the_poller_delivers_to_a_healthy_sink_beside_a_trickling_one(sim, run, tmp_path,
                                                                      trickler):
    sim.api("/api/hccgw/alarm/v1/mq/subscribe", {"subscribeType": 1, "subscribeMode": 0})
    guids = raise_events(sim.sim, "alarm", 5)["ids"]
    out = tmp_path / "alarms.jsonl"

    result = run(POLLER, "--once", "--journal", str(tmp_path / "j.sqlite3"),
                 "--sink", f"webhook:{trickler.url}", "--sink", f"jsonl:{out}", timeout=90)

    assert result.code == 0, result.stdout + result.stderr
    assert sorted(json.loads(line)["guid"] for line in out.read_text().splitlines()) == \
        sorted(guids)
    delivery = result.json["data"]["delivery"]
    assert delivery["delivered"] == 5 and delivery["pending"] == 5  # the slow sink's wait


def test_an_unanswered_send_is_cut_at_its_deadline(monkeypatch, trickler):
    monkeypatch.setattr(sinks, "SEND_DEADLINE_SECONDS", 2.0)
    sink = parse_sink(f"webhook:{trickler.url}")
    record = {"journalKey": "a:1", "kind": "alarm", "guid": "1", "item": alarms(1)[0]}
    started = time.monotonic()
    with pytest.raises(sinks.SinkError, match="did not answer within 2 s"):
        sink.send(record)
    assert time.monotonic() - started < 5
    with socket.create_connection(("127.0.0.1", trickler.server.server_address[1])):
        pass  # the server is still there: the client gave up, not the server
