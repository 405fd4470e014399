"""An overall deadline on every HTTP exchange (issue 12 point 16): a server that trickles
bytes cannot keep a script past HIK_CONNECT_TEAM_TIMEOUT (plus the connect time), and a
download stopped by SIGTERM leaves no `.part` file behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from foundation_servers import TOKEN_PATH, PlatformStub, stub_environment, token_answer, trickle

from conftest import ROOT, clean_environment, run_script
from hct import download
from hct.errors import NetworkError

HCT_API = "scripts/hct_api.py"
DOWNLOAD_PICTURE = ROOT / "modules/Hik-Connect_Team_Capture/scripts/download_picture.py"
PROPERTIES = "/api/hccgw/platform/v1/systemproperties"
SLOW = 0.3  # seconds between two bytes of a trickled answer


def api_env(tmp_path: Path, stub: PlatformStub) -> dict[str, str]:
    env = clean_environment(tmp_path / "home")
    env.update({"HIK_CONNECT_TEAM_CACHE_DIR": str(tmp_path / "cache"),
                "HIK_CONNECT_TEAM_RUNTIME_DIR": str(tmp_path / "run"),
                "HIK_CONNECT_TEAM_TIMEOUT": "2"})
    return stub_environment(env, stub)


@pytest.mark.parametrize("slow_path", [TOKEN_PATH, PROPERTIES])
def test_a_trickled_answer_ends_at_the_deadline(tmp_path, slow_path):
    answer = token_answer() if slow_path == TOKEN_PATH else {"errorCode": "0", "data": {}}
    body = json.dumps({**answer, "padding": "x" * 200}).encode()
    with PlatformStub({slow_path: trickle(body, SLOW)}) as stub:
        started = time.monotonic()
        result = run_script(HCT_API, "GET", PROPERTIES, env=api_env(tmp_path, stub),
                            timeout=120)
        elapsed = time.monotonic() - started

    # each byte comes well within the 2 s read timeout; the whole answer would take 60 s
    assert len(body) * SLOW > 60
    assert result.code == 4, result.stdout
    assert result.json["errorCode"] == "TIMEOUT"
    assert elapsed < 5 + 2 + 10  # connect + read time, and a margin for a loaded machine
    assert stub.paths().count(slow_path) == 1  # not sent again


def test_a_trickled_download_ends_at_its_deadline_and_leaves_nothing(tmp_path):
    picture = bytes(4096)
    with PlatformStub({"/pic.jpg": trickle(picture, SLOW)}) as stub:
        target = tmp_path / "pic.jpg"
        started = time.monotonic()
        with pytest.raises(NetworkError) as raised:
            download.download(stub.base_url + "/pic.jpg", str(target), timeout=2)
        elapsed = time.monotonic() - started

    assert raised.value.error_code == "TIMEOUT"
    assert elapsed < 5 + 2 + 10
    assert list(tmp_path.iterdir()) == []  # neither the picture nor a .part file


def test_a_download_arriving_at_a_useful_rate_is_not_cut(tmp_path):
    picture = bytes(200 * 1024)

    def steady(handler):  # 200 KiB in about 3 s: 64 KiB/s, above the minimum rate
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(picture)))
        handler.end_headers()
        for start in range(0, len(picture), 16 * 1024):
            handler.wfile.write(picture[start:start + 16 * 1024])
            handler.wfile.flush()
            time.sleep(0.25)

    with PlatformStub({"/big.bin": steady}) as stub:
        data = download.fetch_bytes(stub.base_url + "/big.bin", timeout=1)

    assert len(data) == len(picture)


def test_sigterm_during_a_download_removes_the_part_file(tmp_path):
    with PlatformStub({"/pic.jpg": trickle(bytes(4096), SLOW)}) as stub:
        env = clean_environment(tmp_path / "home")
        out = tmp_path / "out"
        out.mkdir()
        process = subprocess.Popen(
            [sys.executable, str(DOWNLOAD_PICTURE), "--url", stub.base_url + "/pic.jpg",
             "--output", str(out / "pic.jpg")], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while not list(out.glob("*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(out.glob("*.part")), "the download never started"
        time.sleep(0.5)  # a few bytes in
        os.kill(process.pid, signal.SIGTERM)
        stdout, _ = process.communicate(timeout=30)

    assert list(out.iterdir()) == []
    assert json.loads(stdout)["errorCode"] == "INTERRUPTED"
    assert process.returncode == 130
