"""The browser player, end to end: get_video_url.py --html writes the page, video_player.py
serves it with the real ezuikit-js package, and headless Chromium (no network but loopback)
runs it. The page records what the EZUIKitPlayer object was created with and every script
error in <pre id="player-state">, which `--dump-dom` returns.

Outside CI the browser test skips when Chromium or npm is missing; with CI set it must run.
"""

from __future__ import annotations

import html
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from hct import player

SCRIPTS = "modules/Hik-Connect_Team_Video/scripts/"
# What a blocked network looks like to the page (Chromium resolves no host but 127.0.0.1).
NETWORK_ERRORS = re.compile(r"Failed to fetch|NetworkError|net::ERR_|Load failed|"
                            r"ERR_NAME_NOT_RESOLVED|network", re.IGNORECASE)


def require(condition: bool, reason: str) -> None:
    """Skip outside CI; in CI a missing tool is a failure."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: this test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    require(found is not None, "Chromium is not installed (apt-get install -y chromium)")
    return found


@pytest.fixture(scope="module")
def ezuikit() -> Path:
    """The real package, installed by scripts/install_player.py when it is not there yet."""
    if player.installed_version() != player.EZUIKIT_VERSION:
        require(shutil.which("npm") is not None, "npm is not installed")
        completed = subprocess.run([sys.executable, str(ROOT / "scripts/install_player.py")],
                                   capture_output=True, text=True, timeout=600)
        assert completed.returncode == 0, completed.stdout + completed.stderr
    return player.package_dir()


def camera(sim):
    return next(device for device in sim.sim.world.devices
                if device["category"] == "encodingDevice" and device["onlineStatus"]
                and device["cameras"][0]["enabled"])


def start_player(env: dict[str, str], *args: str) -> tuple[subprocess.Popen, dict]:
    """video_player.py in the background; returns it and its envelope (printed when ready)."""
    process = subprocess.Popen([sys.executable, str(ROOT / SCRIPTS / "video_player.py"), *args],
                               env=env, cwd=env["HOME"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    text = ""
    deadline = time.monotonic() + 30
    descriptor = process.stdout.fileno()
    with selectors.DefaultSelector() as selector:
        selector.register(descriptor, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=0.5):
                continue
            chunk = os.read(descriptor, 65536)  # unbuffered: the process keeps running
            if not chunk:
                break
            text += chunk.decode()
            try:
                return process, json.loads(text)
            except ValueError:
                continue
    process.kill()
    raise AssertionError(f"video_player.py printed no envelope: {text!r} "
                         f"{process.stderr.read()!r}")


def dump_dom(chromium: str, url: str, profile: Path) -> str:
    completed = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--virtual-time-budget=10000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


def player_state(dom: str) -> dict:
    found = re.search(r'<pre id="player-state">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[-2000:]
    return json.loads(html.unescape(found.group(1)))


def test_chromium_creates_the_player_with_the_address(sim, run, script_env, tmp_path,
                                                      chromium, ezuikit):
    device = camera(sim)
    page = tmp_path / "player.html"
    address = run(SCRIPTS + "get_video_url.py", "--serial", device["serialNo"], "--channel",
                  "1", "--playback", "local", "--start", "2024-11-28 08:00:00",
                  "--end", "2024-11-28 09:00:00", "--html", str(page))
    assert address.code == 0, address.stdout
    expected = address.json["data"]

    process, envelope = start_player(script_env, "--html", str(page), "--once",
                                     "--timeout", "90")
    try:
        assert envelope["success"] is True
        url = envelope["data"]["playerUrl"]
        assert re.match(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]{32}/\Z", url)
        dom = dump_dom(chromium, url, tmp_path / "profile")
        _, stderr = process.communicate(timeout=30)  # --once: it stops by itself
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr

    state = player_state(dom)
    assert state["created"] is True, state
    made = state["player"]  # read back from the EZUIKitPlayer object itself
    assert made["url"] == expected["url"]
    assert made["accessToken"] == expected["appToken"]
    assert made["env"] == {"domain": expected["streamAreaDomain"]}
    assert made["template"] == "pcRec"
    assert made["staticPath"] == url + "ezuikit_static/"
    assert made["deviceSerial"] == device["serialNo"]  # the player parsed our URL
    config = state["events"][0]["detail"]["config"]
    assert config["width"] == 1280 and config["height"] == 720 and config["id"] == "player"
    unexpected = [error for error in state["errors"]
                  if not NETWORK_ERRORS.search(json.dumps(error["detail"]))]
    assert unexpected == [], unexpected
    assert "player: created" in stderr
    # The player fetched its decoders from the staticPath it was given.
    assert re.search(r"/ezuikit_static/\S+\.js", stderr), stderr


def test_video_player_serves_the_package_with_wasm_type(sim, run, script_env, tmp_path,
                                                        ezuikit):
    device = camera(sim)
    process, envelope = start_player(script_env, "--serial", device["serialNo"],
                                     "--timeout", "60")
    try:
        data = envelope["data"]
        assert data["template"] == "pcLive" and data["url"].endswith(".hd.live")
        base = data["playerUrl"]
        with urllib.request.urlopen(base, timeout=10) as answer:
            page = answer.read().decode()
        assert "new EZUIKit.EZUIKitPlayer(options)" in page and data["url"] in page
        wasm = next(path for path in (ezuikit / "ezuikit_static").rglob("*.wasm"))
        relative = wasm.relative_to(ezuikit).as_posix()
        with urllib.request.urlopen(base + relative, timeout=10) as answer:
            assert answer.headers["Content-Type"] == "application/wasm"
            assert answer.read() == wasm.read_bytes()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "ezuikit_static/../../../package.json", timeout=10)
        assert refused.value.code == 404
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0 and stdout == ""  # one envelope, printed when ready
    assert "signal received" in stderr


def test_video_player_html_excludes_camera_flags(sim, run, tmp_path):
    result = run(SCRIPTS + "video_player.py", "--html", str(tmp_path / "p.html"),
                 "--serial", "J88106219")

    assert result.code == 2 and "--serial" in result.json["message"]
    assert sim.requests() == []


def test_install_player_is_idempotent(ezuikit):
    completed = subprocess.run([sys.executable, str(ROOT / "scripts/install_player.py")],
                               capture_output=True, text=True, timeout=120)

    document = json.loads(completed.stdout)
    assert completed.returncode == 0 and document["data"]["npmRan"] is False
    assert document["data"]["version"] == player.EZUIKIT_VERSION
    assert Path(document["data"]["umd"]) == ezuikit / "ezuikit.js"


def test_install_player_without_npm_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no npm anywhere

    with pytest.raises(player.HCTError) as failure:
        player.install_package(vendor=tmp_path / "vendor")

    assert failure.value.error_code == "NPM_MISSING"
    assert "npm" in failure.value.hint


def test_script_json_cannot_close_the_script():
    text = player.script_json({"a": "</script><!--\u2028&"})

    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!--\u2028&"}
