"""webhook_manager.py: validate before sending, never echo the secret, warn about push mode."""

import hashlib
import hmac
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import ROOT

WEBHOOK = "modules/Hik-Connect_Team_Alarm/scripts/webhook_manager.py"
SERVER = "modules/Hik-Connect_Team_Alarm/scripts/webhook_server.py"
SECRET = "Secret2026abc"


@pytest.fixture
def receiver():
    """A callback that answers the platform's GET handshake signed with SECRET."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            message = (self.headers["X-Hook-Timestamp"] + "." + self.headers["X-Hook-Batch-Id"])
            signature = hmac.new(SECRET.encode(), message.encode(), hashlib.sha256).hexdigest()
            self.send_response(200)
            self.send_header("X-Hook-Signature", "sha256=" + signature)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hikvision/webhook"
    server.shutdown()


@pytest.mark.parametrize("args", [
    ["--url", "http://example.com/hook"],
    ["--url", "ftp://example.com/hook"],
    ["--url", "https://example.com/" + "a" * 240],
    ["--url", "https://user:pw@example.com/hook"],
    ["--url", "https://evil.example\\@hooks.example.com/hook"],  # read two ways: refused
    ["--url", "https://example.com/hook#part"],
    ["--url", "https://example.com/hook", "--secret", "short1"],
    ["--url", "https://example.com/hook", "--secret", "has-symbols-123"],
    ["--url", "https://example.com/hook", "--retries", "6"],
    ["--url", "https://example.com/hook", "--retries", "-2"],
    ["--url", "https://example.com/hook", "--delay", "-1"],
])
def test_save_refuses_bad_input_before_any_request(sim, run, args):
    result = run(WEBHOOK, "save", *args)
    assert result.code == 2, result.stdout
    assert result.json["errorCode"] == "INVALID_ARGUMENT"
    assert "has-symbols-123" not in result.stdout + result.stderr
    assert sim.requests() == []


def test_plain_http_loopback_callback_only_with_a_loopback_simulator(run):
    result = run(WEBHOOK, "save", "--url", "http://127.0.0.1:9/hook",
                 env={"HIK_CONNECT_TEAM_OPENAPI_BASE_URL": "https://ieu.hikcentralconnect.com"})
    assert result.code == 2 and "loopback" in result.json["message"]


def test_save_query_delete(sim, run, receiver):
    saved = run(WEBHOOK, "save", "--url", receiver, "--retries", "3", "--delay", "1000",
                env={"HIK_SIGN_SECRET": SECRET})
    assert saved.code == 0, saved.stdout
    assert sim.requests("/api/hccgw/webhook/v1/config/save")[0]["body"] == {
        "callbackUrl": receiver, "retryTimes": 3, "retryDelay": 1000, "signSecret": SECRET}
    assert SECRET not in saved.stdout + saved.stderr
    assert "switching back" in saved.stderr and "switching back" in saved.json["data"]["warning"]

    query = run(WEBHOOK, "query")
    assert query.json["data"] == {"callbackUrl": receiver, "retryTimes": 3, "retryDelay": 1000,
                                  "configured": True}

    dry = run(WEBHOOK, "delete")
    assert dry.code == 0 and dry.json["data"]["dryRun"] is True
    assert dry.json["data"]["current"]["callbackUrl"] == receiver
    assert sim.requests("/api/hccgw/webhook/v1/config/delete") == []

    assert run(WEBHOOK, "delete", "--yes").code == 0
    assert run(WEBHOOK, "query").json["data"] == {"configured": False}


def test_a_callback_that_fails_the_handshake_is_the_platforms_error(sim, run, unused_port):
    result = run(WEBHOOK, "save", "--url", f"http://127.0.0.1:{unused_port}/hook",
                 "--secret", SECRET)
    assert result.code == 1 and result.json["errorCode"] == "CCF000001"
    assert SECRET not in result.stdout + result.stderr


def test_save_passes_the_handshake_of_a_running_webhook_server_at_any_time(
        sim, run, script_env, unused_port, tmp_path):
    journal = str(tmp_path / "journal.sqlite3")
    env = {**script_env, "HIK_SIGN_SECRET": SECRET}
    server = subprocess.Popen(
        [sys.executable, str(ROOT / SERVER), "--port", str(unused_port), "--journal", journal],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{unused_port}/hikvision/webhook"
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{unused_port}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        # No window to open first: the receiver answers whenever the platform asks.
        saved = run(WEBHOOK, "save", "--url", url, env={"HIK_SIGN_SECRET": SECRET})
        assert saved.code == 0, saved.stdout
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_without_a_secret_no_signSecret_is_sent(sim, run, unused_port):
    result = run(WEBHOOK, "save", "--url", f"http://127.0.0.1:{unused_port}/hook")
    assert result.code == 1  # nobody answers the handshake there
    body = sim.requests("/api/hccgw/webhook/v1/config/save")[0]["body"]
    assert body == {"callbackUrl": f"http://127.0.0.1:{unused_port}/hook"}
