"""The player server and the stream token (issue 9 §8, issue 12 points 15, 17, 19):
video_player.py serves the page under an unguessable path that expires with the stream token,
beyond 127.0.0.1 only when asked (--host); it answers only requests that name it in their
Host header (DNS rebinding reaches nothing), takes reports from its own page only, and fills
its template in one pass. The player hands the appToken only to an https EZVIZ streaming
host. get_video_url.py --html into a place it cannot write fails before any request."""

from __future__ import annotations

import http.client
import os
import re
import signal
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from test_video_browser import (
    SCRIPTS,
    ezuikit,  # noqa: F401 (the real package, a fixture)
    start_player,
)

from hct import player

pytestmark = pytest.mark.usefixtures("ezuikit")  # the server serves the real package

GET_URL = SCRIPTS + "get_video_url.py"
PLAYER = SCRIPTS + "video_player.py"
LIVE_ADDRESS = "/api/hccgw/video/v1/live/address/get"
STREAM_TOKEN = "/api/hccgw/platform/v1/streamtoken/get"


def camera(sim: Any, name: str = "Front Entrance") -> dict[str, Any]:
    device = next(device for device in sim.sim.world.devices
                  if device["category"] == "encodingDevice" and device["onlineStatus"]
                  and not device["streamEncrypt"] and device["cameras"][0]["enabled"])
    device["cameras"][0]["name"] = name
    return device


def request(url: str, method: str = "GET", *, host: str | None = None,
            headers: dict[str, str] | None = None, body: bytes | None = None
            ) -> tuple[int, bytes]:
    """One HTTP exchange with an explicit Host header (as a rebound DNS name would send)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest(method, parts.path or "/", skip_host=True)
        connection.putheader("Host", host or parts.netloc)
        for key, value in (headers or {}).items():
            connection.putheader(key, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def stop(process: Any) -> str:
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    return stderr


@pytest.fixture
def served(sim, script_env):
    """video_player.py serving a named camera's live view on 127.0.0.1."""
    camera(sim)
    process, envelope = start_player(script_env, "--camera", "front entrance",
                                     "--timeout", "60")
    try:
        yield envelope
    finally:
        if process.poll() is None:
            stop(process)


def test_the_page_is_served_under_an_unguessable_path_only(served) -> None:
    url = served["data"]["playerUrl"]
    root = url[:url.index("/", len("http://"))] + "/"

    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]{32}/", url)
    assert served["data"]["resolved"][0]["name"] == "Front Entrance"
    assert request(url)[0] == 200
    assert request(root)[0] == 404
    assert request(root + "ezuikit.js")[0] == 404
    assert served["data"]["linkExpiresAt"] == served["data"]["expiresAt"]


def test_a_rebound_dns_name_reaches_neither_page_nor_token(served) -> None:
    url = served["data"]["playerUrl"]
    port = urlsplit(url).port

    status, body = request(url, host=f"attacker.example:{port}")
    wrong_port, _ = request(url, host=f"127.0.0.1:{port + 1}")
    by_name, _ = request(url, host=f"localhost:{port}")

    assert status == 421 and b"at." not in body and b"accessToken" not in body
    assert wrong_port == 421
    assert by_name == 200


def test_reports_from_another_origin_are_refused(served) -> None:
    url = served["data"]["playerUrl"]
    own = "http://" + urlsplit(url).netloc
    report = b'{"kind": "created"}'

    def post(**headers: str) -> int:
        return request(url + "__report", "POST", body=report,
                       headers={"Content-Type": "application/json", **headers})[0]

    assert post(Origin="http://attacker.example") == 403
    assert post(**{"Sec-Fetch-Site": "cross-site"}) == 403
    assert request(url + "__report", "POST", body=report,
                   headers={"Content-Type": "text/plain", "Origin": own})[0] == 403
    assert post(Origin=own, **{"Sec-Fetch-Site": "same-origin"}) == 204


def test_a_title_holding_a_slot_name_never_receives_the_settings(sim, run, tmp_path) -> None:
    device = camera(sim, name="__SETTINGS__ __REPORT__")
    page_path = tmp_path / "player.html"

    result = run(GET_URL, "--serial", device["serialNo"], "--html", str(page_path))

    assert result.code == 0, result.stdout
    page = page_path.read_text()
    token = result.json["data"]["appToken"]
    assert page.count(token) == 1  # only in the settings, never in the title or heading
    assert "<title>__SETTINGS__ __REPORT__</title>" in page
    assert 'request.open("POST", "__report", true)' in page


def test_the_link_stops_working_when_the_stream_token_expires() -> None:
    server = player.PlayerServer(player.package_dir())
    server.publish(player.render_page({"url": "ezopen://x/1.live", "accessToken": "at.t",
                                       "domain": "https://ieuopen.ezvizlife.com",
                                       "template": "pcLive"}), time.time() + 1.5)
    with server:
        fresh = request(server.url)[0]
        time.sleep(2)
        late, body = request(server.url)

    assert fresh == 200
    assert late == 410 and b"expired" in body


def test_the_server_ends_when_the_stream_token_expires(sim, script_env) -> None:
    camera(sim)
    sim.sim.advance(-7 * 24 * 3600 + 3)  # the token it gets expires 3 s from now

    process, envelope = start_player(script_env, "--camera", "front entrance",
                                     "--timeout", "60")
    _, stderr = process.communicate(timeout=30)

    assert envelope["success"] is True and process.returncode == 0
    assert "the stream token expired" in stderr


def test_host_serves_beyond_the_default_address_with_a_link_to_hand_over(sim,
                                                                          script_env) -> None:
    """127.0.0.2 stands for another address of this machine (tests never listen beyond
    loopback): what --host changes is the same for any address."""
    camera(sim)

    process, envelope = start_player(script_env, "--camera", "front entrance",
                                     "--host", "127.0.0.2", "--timeout", "60")
    try:
        data = envelope["data"]
        url = data["playerUrl"]
        assert re.fullmatch(r"http://127\.0\.0\.2:\d+/[A-Za-z0-9_-]{32}/", url)
        assert data["public"] is True and data["listening"] == "127.0.0.2"
        assert "hand this link to the user" in envelope["message"]
        assert data["linkExpiresAt"] in envelope["message"]
        assert request(url)[0] == 200
        assert request(url, host=f"attacker.example:{urlsplit(url).port}")[0] == 421
    finally:
        stop(process)


def test_a_page_that_does_not_say_when_it_expires_is_not_served_beyond_loopback(
        run, tmp_path) -> None:
    page = tmp_path / "old.html"
    page.write_text(player.render_page({"url": "ezopen://x/1.live", "accessToken": "at.t",
                                        "domain": "https://ieuopen.ezvizlife.com",
                                        "template": "pcLive"}))

    result = run(PLAYER, "--html", str(page), "--host", "127.0.0.2", "--timeout", "5")

    assert result.code == 2 and "expires" in result.json["message"]


def test_a_port_in_use_is_a_clear_error_before_any_request(sim, run, served) -> None:
    port = str(urlsplit(served["data"]["playerUrl"]).port)
    before = len(sim.requests())

    result = run(PLAYER, "--camera", "front entrance", "--port", port, "--timeout", "5")

    assert result.code == 4 and result.json["errorCode"] == "LISTEN_FAILED"
    assert len(sim.requests()) == before


@pytest.mark.parametrize("domain", [
    "https://attacker.example",
    "http://ieuopen.ezvizlife.com",
    "https://attacker.example\\@ieuopen.ezvizlife.com",
    "https://user@ieuopen.ezvizlife.com",
    "https://ieuopen.ezvizlife.com.attacker.example",
    "https://ieuopen.ezvizlife.com/path",
    "https://ieuopen.ezvizlife.com?next=https://attacker.example",
    "https://ieuopen.ezvizlife.com\r\nX: y",
])
def test_the_stream_token_goes_only_to_an_ezviz_streaming_host(sim, run, monkeypatch,
                                                                domain) -> None:
    from hctsim import routes_system

    device = camera(sim)
    monkeypatch.setattr(routes_system, "STREAM_AREA_DOMAIN", domain)

    result = run(GET_URL, "--serial", device["serialNo"])

    assert result.code == 3 and result.json["errorCode"] == "UNTRUSTED_HOST"
    assert "at." not in result.stdout  # no appToken handed out


def test_a_regional_streaming_host_is_accepted(sim, run, monkeypatch) -> None:
    from hctsim import routes_system

    device = camera(sim)
    monkeypatch.setattr(routes_system, "STREAM_AREA_DOMAIN", "https://isgpopen.ezvizlife.com/")

    result = run(GET_URL, "--serial", device["serialNo"])

    assert result.code == 0, result.stdout
    assert result.json["data"]["streamAreaDomain"] == "https://isgpopen.ezvizlife.com"


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder nobody may create files in: read-only for a normal user; as root (who may
    write anywhere the mode forbids) a kernel folder that takes no new files."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o500)
        return folder
    return Path("/proc/sys")


def test_html_into_an_unwritable_place_is_refused_before_any_request(sim, run,
                                                                     tmp_path) -> None:
    device = camera(sim)

    result = run(GET_URL, "--serial", device["serialNo"], "--html",
                 str(unwritable_folder(tmp_path) / "player.html"))

    assert result.code == 2 and "cannot be written" in result.json["message"]
    assert sim.requests() == []
