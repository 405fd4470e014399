"""Shared fixtures: a fresh simulator per test and a runner that calls scripts as agents do.

Every script run is also checked for leaked secrets: no output of the suite may contain the
simulator's appKey, secretKey or any HCT access token it issued.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "lib")]

import hctsim


@dataclass
class ScriptRun:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        """stdout parsed as the one JSON document it must be (None when it is not)."""
        try:
            return json.loads(self.stdout)
        except ValueError:
            return None


def clean_environment(home: Path) -> dict[str, str]:
    """The caller's environment without any HCT setting, with a private HOME."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("HIK_", "OPENCLAW_", "FEISHU_", "DINGTALK_"))}
    home.mkdir(parents=True, exist_ok=True)
    env["HOME"] = str(home)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_script(script: str | Path, *args: str, env: dict[str, str], timeout: float = 60,
               input: str | None = None, secrets: Callable[[], list[str]] = list) -> ScriptRun:
    path = Path(script)
    if not path.is_absolute():
        path = ROOT / path
    completed = subprocess.run([sys.executable, str(path), *args], env=env, input=input,
                               capture_output=True, text=True, timeout=timeout, cwd=env["HOME"])
    result = ScriptRun(completed.returncode, completed.stdout, completed.stderr)
    for secret in secrets():
        assert secret not in result.stdout, f"a secret leaked to stdout of {path.name}"
        assert secret not in result.stderr, f"a secret leaked to stderr of {path.name}"
    return result


def device_of(server: Any, kind: str, *, online: bool = False) -> dict[str, Any]:
    """The first device of a kind (nvr, ipc, acs...) in the simulator's demo world; with
    `online`, the first online one (the demo world keeps some devices offline)."""
    return next(device for device in server.sim.world.devices
                if device["kind"] == kind and (device["onlineStatus"] == 1 or not online))


def wait_for(condition: Callable[[], Any], timeout: float = 20.0,
             interval: float = 0.1) -> bool:
    """Poll `condition` until it holds (True) or `timeout` seconds pass (False)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


@pytest.fixture
def sim() -> Iterator[Any]:
    server = hctsim.start(host="127.0.0.1", port=0)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sim_factory() -> Iterator[Callable[..., Any]]:
    """Start simulators with options (e.g. devices=10000); all are stopped after the test."""
    started: list[Any] = []

    def start(**options: Any) -> Any:
        server = hctsim.start(host="127.0.0.1", port=0, **options)
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            server.stop()


def sim_secrets(server: Any) -> list[str]:
    """What no output may contain: the credentials and every HCT access token. The stream
    appTokens are left out: handing one to the player is the job of the video scripts."""
    stream_tokens = server.sim.store("system.streamTokens", dict)
    return [server.app_key, server.secret_key,
            *(token for token in server.sim.issued_tokens() if token not in stream_tokens)]


def environment_for(server: Any, tmp_path: Path) -> dict[str, str]:
    env = clean_environment(tmp_path / "home")
    env.update({
        "HIK_CONNECT_TEAM_OPENAPI_APP_KEY": server.app_key,
        "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": server.secret_key,
        "HIK_CONNECT_TEAM_OPENAPI_BASE_URL": server.base_url,
        "HIK_CONNECT_TEAM_CACHE_DIR": str(tmp_path / "cache"),
    })
    return env


@pytest.fixture
def script_env(sim: Any, tmp_path: Path) -> dict[str, str]:
    """The environment a script gets in `run`: the simulator's credentials, a private cache."""
    return environment_for(sim, tmp_path)


@pytest.fixture
def client(sim: Any, script_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """An in-process client with the environment a script would get (for library tests,
    e.g. of hct.names; the names resolved so far are forgotten)."""
    for key, value in script_env.items():
        monkeypatch.setenv(key, value)
    from hct import names

    monkeypatch.setattr(names, "_resolved", [])
    from token_manager import HCTOpenClient

    return HCTOpenClient()


@pytest.fixture
def run(sim: Any, script_env: dict[str, str]) -> Callable[..., ScriptRun]:
    """run(script, *args, env=None, timeout=60, input=None): the script as a subprocess.
    `env` entries are added to (or, with value None, removed from) the default environment."""

    def runner(script: str | Path, *args: str, env: dict[str, str | None] | None = None,
               timeout: float = 60, input: str | None = None) -> ScriptRun:
        merged = dict(script_env)
        for key, value in (env or {}).items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return run_script(script, *args, env=merged, timeout=timeout, input=input,
                          secrets=lambda: sim_secrets(sim))

    return runner


@pytest.fixture
def unused_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
