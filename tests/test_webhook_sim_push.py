"""The simulator's webhook: it validates the configuration, checks the callback with the GET
handshake, signs every push and retries per retryTimes/retryDelay."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hct.alarm import signature
from hctsim.routes_mq import raise_events

SAVE = "/api/hccgw/webhook/v1/config/save"
SECRET = "Secret2026abc"



@pytest.fixture
def fast_sim(sim_factory):
    """A simulator without the 5 requests/s limit: these tests call its APIs directly."""
    return sim_factory(rate_limit=False)

class Callback:
    """A loopback callback that answers the handshake and then POSTs with scripted statuses."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.posts: list[dict] = []
        callback = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stamp = self.headers["X-Hook-Timestamp"]
                self.send_response(200)
                self.send_header("X-Hook-Signature",
                                 signature.sign(SECRET, stamp, self.headers["X-Hook-Batch-Id"]))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                callback.posts.append({"headers": dict(self.headers), "body": body,
                                       "time": time.time()})
                self.send_response(callback.statuses.pop(0) if callback.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def callback_factory():
    started = []

    def start(statuses=()):
        started.append(Callback(statuses))
        return started[-1]

    yield start
    for callback in started:
        callback.server.shutdown()
        callback.server.server_close()


def test_the_configuration_is_validated(fast_sim, callback_factory):
    url = callback_factory().url
    cases = [({"callbackUrl": "http://example.com/hook"}, "CCF000001"),  # https only
             ({"callbackUrl": url, "retryTimes": 7}, "OPEN000010"),
             ({"callbackUrl": url, "retryTimes": "3"}, "OPEN000008"),
             ({"callbackUrl": url, "signSecret": "short"}, "OPEN000010"),
             ({"callbackUrl": url, "signSecret": "NotTheSecret1"}, "CCF000001")]  # bad answer
    for body, code in cases:
        assert fast_sim.api(SAVE, body)["errorCode"] == code, body


def test_failed_pushes_are_retried_with_fresh_signatures(fast_sim, callback_factory):
    callback = callback_factory([503, 500])
    assert fast_sim.api(SAVE, {"callbackUrl": callback.url, "retryTimes": 3, "retryDelay": 100,
                          "signSecret": SECRET})["errorCode"] == "0"
    fast_sim.api("/api/hccgw/alarm/v1/mq/subscribe", {"subscribeType": 1, "subscribeMode": 0})
    guids = raise_events(fast_sim.sim, "alarm", 2)["ids"]

    deadline = time.monotonic() + 10
    while len(callback.posts) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)

    assert len(callback.posts) == 3
    batch_ids = {post["body"]["batchId"] for post in callback.posts}
    assert len(batch_ids) == 1  # the same batch, retried
    for post in callback.posts:
        headers = post["headers"]
        assert headers["X-Hook-Batch-Id"] == post["body"]["batchId"]
        assert signature.verify(SECRET, headers["X-Hook-Timestamp"], headers["X-Hook-Batch-Id"],
                                headers["X-Hook-Signature"])
        assert [item["guid"] for item in post["body"]["list"]] == guids
        assert {item["type"] for item in post["body"]["list"]} == {"alarm"}
    assert callback.posts[2]["time"] - callback.posts[1]["time"] >= 0.09  # retryDelay


def test_pushes_are_dropped_after_the_retries(fast_sim, callback_factory):
    callback = callback_factory([500] * 10)
    fast_sim.api(SAVE, {"callbackUrl": callback.url, "retryTimes": 1, "retryDelay": 50,
                   "signSecret": SECRET})
    fast_sim.api("/api/hccgw/alarm/v1/mq/subscribe", {"subscribeType": 1, "subscribeMode": 0})
    raise_events(fast_sim.sim, "alarm", 1)
    time.sleep(1.0)
    assert len(callback.posts) == 2  # the push and one retry
