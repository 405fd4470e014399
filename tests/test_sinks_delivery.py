"""Sinks sign as the chat services require, and a sink that fails keeps its entries in the
journal until it recovers: nothing is lost, nothing is sent twice."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hct.alarm.delivery import Deliverer
from hct.alarm.journal import open_journal
from hct.alarm.sinks import dingtalk_sign, feishu_sign, parse_sink
from hct.errors import InvalidArgument


def test_feishu_signature_vector():
    assert feishu_sign("demo", "1599360473") == "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8="


def test_dingtalk_signature_vector_is_url_encoded():
    assert dingtalk_sign("this is secret", "1599360473000") == (
        "hXZTWifRGHclNuZSKxoXc%2F%2Fsh51SWfVfRIhcdeKs63I%3D")


class FakeBot:
    """A loopback chat bot: answers from a script of (status, body, headers), then 200."""

    def __init__(self, script=()):
        self.script = list(script)
        self.received: list[dict] = []
        bot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                bot.received.append({"path": self.path, "headers": dict(self.headers),
                                     "body": json.loads(body), "time": time.time()})
                status, answer, headers = (bot.script.pop(0) if bot.script
                                           else (200, {"ok": True, "errcode": 0, "code": 0}, {}))
                data = json.dumps(answer).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def bot_factory():
    bots = []

    def start(script=()):
        bots.append(FakeBot(script))
        return bots[-1]

    yield start
    for bot in bots:
        bot.stop()


def alarms(count: int) -> list[dict]:
    return [{"guid": f"guid-{n}", "msgType": "1", "alarmState": "1",
             "eventSource": {"eventType": "10002", "sourceName": f"Camera {n}",
                             "areaName": "Lobby", "deviceInfo": {"devName": "NVR 1"}},
             "timeInfo": {"startTime": "2025-11-05T09:27:24Z"},
             "alarmPriority": {"levelName": "High"},
             "fileInfo": {"file": [{"type": "1", "URL": f"https://files/{n}.jpg"}]}}
            for n in range(count)]


def deliver_until(deliverer: Deliverer, done, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done():
        deliverer.step()
        time.sleep(0.05)


def test_a_failing_webhook_keeps_entries_pending_until_it_recovers(tmp_path, bot_factory):
    bot = bot_factory([(500, {}, {}), (503, {}, {})])
    sink = parse_sink(f"webhook:{bot.url}/hook")
    journal = open_journal(str(tmp_path / "j.sqlite3"))
    journal.record_batch("b1", alarms(3), source="poll", kind="alarm", sinks=[sink.id])
    deliverer = Deliverer(journal, [sink])

    deliverer.step()
    assert journal.counts()["deliveries"]["pending"] == 3  # nothing lost, backing off
    assert sink.paused_until > time.time()  # the sink waits, it is not hammered
    journal.redeliver(["guid-0", "guid-1", "guid-2"])  # due now (what the backoff would do)
    sink.paused_until = 0
    deliver_until(deliverer, lambda: journal.counts()["deliveries"]["delivered"] == 3)

    assert journal.counts()["deliveries"]["delivered"] == 3
    delivered = [request["body"]["guid"] for request in bot.received[-3:]]
    assert sorted(delivered) == ["guid-0", "guid-1", "guid-2"]  # each exactly once after recovery
    assert bot.received[-1]["headers"]["Idempotency-Key"].startswith("a:guid-")


def test_a_429_is_waited_out_for_its_retry_after(tmp_path, bot_factory):
    bot = bot_factory([(429, {}, {"Retry-After": "1"})])
    sink = parse_sink(f"slack:{bot.url}/services/T0/B0/key")
    journal = open_journal(str(tmp_path / "j.sqlite3"))
    journal.record_batch("b1", alarms(1), source="poll", kind="alarm", sinks=[sink.id])
    deliverer = Deliverer(journal, [sink])
    deliver_until(deliverer, lambda: journal.counts()["deliveries"]["delivered"] == 1)
    first, second = bot.received[0]["time"], bot.received[1]["time"]
    assert second - first >= 0.9
    assert "Motion Detection (10002)" in bot.received[1]["body"]["text"]


def test_a_refused_message_is_failed_and_can_be_redelivered(tmp_path, bot_factory):
    bot = bot_factory([(200, {"errcode": 310000, "errmsg": "keywords not in content"}, {})])
    sink = parse_sink(f"dingtalk:{bot.url}/robot/send?access_token=abc123456")
    journal = open_journal(str(tmp_path / "j.sqlite3"))
    journal.record_batch("b1", alarms(1), source="poll", kind="alarm", sinks=[sink.id])
    deliverer = Deliverer(journal, [sink])
    deliverer.step()
    assert journal.entries(state="failed")[0]["deliveries"][0]["lastError"].startswith(
        "dingtalk refused")
    assert journal.redeliver(failed=True) == 1
    deliverer.step()
    assert journal.counts()["deliveries"]["delivered"] == 1


def test_chat_bodies_follow_each_service(tmp_path, bot_factory, monkeypatch):
    bot = bot_factory()
    monkeypatch.setenv("FEISHU_BOT_SECRET", "demo-secret")
    monkeypatch.setenv("DINGTALK_BOT_SECRET", "ding-secret")
    monkeypatch.setenv("OPENCLAW_HOOKS_TOKEN", "hooks-token-123")
    monkeypatch.setenv("OPENCLAW_HOOKS_CHANNEL", "telegram")
    monkeypatch.setenv("OPENCLAW_HOOKS_TO", "12345")
    sinks = [parse_sink(f"{kind}:{bot.url}/{kind}") for kind in
             ("feishu", "dingtalk", "wecom", "slack", "openclaw")]
    journal = open_journal(str(tmp_path / "j.sqlite3"))
    journal.record_batch("b1", alarms(1), source="poll", kind="alarm",
                         sinks=[sink.id for sink in sinks])
    deliverer = Deliverer(journal, sinks)
    deliver_until(deliverer, lambda: len(bot.received) == 5)
    by_path = {request["path"].split("?")[0]: request for request in bot.received}

    feishu = by_path["/feishu"]["body"]
    assert feishu["sign"] == feishu_sign("demo-secret", feishu["timestamp"])
    assert feishu["msg_type"] == "text" and "Snapshot: https://files/0.jpg" in \
        feishu["content"]["text"]
    ding = next(r for r in bot.received if r["path"].startswith("/dingtalk"))
    stamp = ding["path"].split("timestamp=")[1].split("&")[0]
    assert ding["path"].endswith("sign=" + dingtalk_sign("ding-secret", stamp))
    assert ding["body"]["msgtype"] == "text"
    assert by_path["/wecom"]["body"]["text"]["content"].startswith("[Alarm] Motion Detection")
    assert "Camera 0" in by_path["/slack"]["body"]["text"]
    hook = by_path["/openclaw"]
    assert hook["headers"]["Authorization"] == "Bearer hooks-token-123"
    assert hook["body"]["channel"] == "telegram" and hook["body"]["to"] == "12345"
    assert hook["body"]["idempotencyKey"].startswith("a:guid-0")


def test_a_torn_jsonl_line_never_swallows_the_next_entry(tmp_path):
    out = tmp_path / "alarms.jsonl"
    out.write_text('{"journalKey":"a:torn')  # a crash cut this line
    sink = parse_sink(f"jsonl:{out}")
    journal = open_journal(str(tmp_path / "j.sqlite3"))
    journal.record_batch("b1", alarms(1), source="poll", kind="alarm", sinks=[sink.id])
    Deliverer(journal, [sink]).step()
    torn, intact = out.read_text().splitlines()
    assert torn == "{\"journalKey\":\"a:torn"
    assert json.loads(intact)["guid"] == "guid-0"
    assert sink.already_has_many([json.loads(intact)["journalKey"], "a:torn"]) == {
        json.loads(intact)["journalKey"]}


def test_bad_sink_specs_are_refused(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENCLAW_HOOKS_TOKEN", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for spec in ("carrier-pigeon:x", "jsonl:", "slack:http://hooks.slack.com/x",
                 "webhook:ftp://x", "openclaw:http://127.0.0.1:1/hooks/agent",
                 "slack:https://evil.example\\@hooks.slack.com/services/x",  # urllib3's host
                 "webhook:https://user:pw@alarms.example.com/hook",
                 "feishu:https://open.feishu.cn/hook/a b"):
        with pytest.raises(InvalidArgument):
            parse_sink(spec)
