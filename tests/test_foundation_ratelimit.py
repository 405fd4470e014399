"""The shared rate limiter: fair, immune to clock steps, one budget per account per machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, environment_for, run_script, sim_secrets
from hct import config, store
from hct.errors import LockTimeout
from hct.ratelimit import SharedRateLimiter

HCT_API = str(ROOT / "scripts/hct_api.py")
PROPERTIES = "/api/hccgw/platform/v1/systemproperties"


def busiest_window(times: list[float], window: float = 1.0) -> int:
    """The most arrivals within any `window` seconds."""
    ordered = sorted(times)
    most, start = 0, 0
    for end, arrival in enumerate(ordered):
        while arrival - ordered[start] >= window:
            start += 1
        most = max(most, end - start + 1)
    return most


def record_arrivals(server: Any) -> list[float]:
    """The platform-side arrival (time.monotonic()) of every request the simulator admitted."""
    arrivals: list[float] = []
    admit = server.sim.admit

    def recording(account: str | None, arrival: float | None = None) -> bool:
        admitted = admit(account, arrival)
        if admitted and account is not None:
            arrivals.append(arrival if arrival is not None else time.monotonic())
        return admitted

    server.sim.admit = recording
    return arrivals


def limited_env(server: Any, tmp_path: Path, cache: str = "cache") -> dict[str, str]:
    env = environment_for(server, tmp_path)
    env["HIK_CONNECT_TEAM_CACHE_DIR"] = str(tmp_path / cache)
    env["HIK_CONNECT_TEAM_RUNTIME_DIR"] = str(tmp_path / "run")
    return env


CALLS = """
import sys
sys.path.insert(0, {lib!r})
from token_manager import HCTOpenClient
client = HCTOpenClient()
for _ in range({count}):
    client.get({path!r})
"""


def start_caller(env: dict[str, str], count: int) -> subprocess.Popen:
    """A process that sends `count` requests through the shared client as fast as allowed."""
    code = CALLS.format(lib=str(ROOT / "lib"), count=count, path=PROPERTIES)
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_a_hundred_scripts_at_once_all_succeed_within_the_limit(sim, tmp_path):
    arrivals = record_arrivals(sim)
    env = limited_env(sim, tmp_path)

    processes = [subprocess.Popen([sys.executable, HCT_API, "GET", PROPERTIES], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(100)]
    outputs = [process.communicate(timeout=300) for process in processes]

    failed = [(process.returncode, out[:300]) for process, (out, _) in
              zip(processes, outputs, strict=True) if process.returncode != 0]
    assert failed == []
    statuses = [entry["status"] for entry in sim.requests(PROPERTIES)]
    assert sim.sim.stats()["rateLimited"] == 0, (statuses, sorted(arrivals))
    assert len(statuses) == 100
    assert busiest_window(arrivals) <= 5
    for secret in sim_secrets(sim):
        assert all(secret not in out + err for out, err in outputs)


def test_two_cache_directories_share_one_budget(sim, tmp_path):
    arrivals = record_arrivals(sim)
    first = start_caller(limited_env(sim, tmp_path, "cache-a"), 12)
    second = start_caller(limited_env(sim, tmp_path, "cache-b"), 12)

    results = [process.communicate(timeout=120) for process in (first, second)]

    assert [first.returncode, second.returncode] == [0, 0], results
    assert sim.sim.stats()["rateLimited"] == 0
    assert busiest_window(arrivals) <= 5
    assert len(list((tmp_path / "run").glob("rate-*.state"))) == 1


def test_accounts_of_two_platforms_do_not_share_a_budget(sim_factory, tmp_path):
    """Two simulators hand out the same demo appKey: they are still two platforms."""
    first_server, second_server = sim_factory(), sim_factory()
    assert first_server.app_key == second_server.app_key

    started = time.monotonic()
    callers = [start_caller(limited_env(server, tmp_path, f"cache-{index}"), 9)
               for index, server in enumerate((first_server, second_server))]
    for caller in callers:
        caller.communicate(timeout=120)

    assert [caller.returncode for caller in callers] == [0, 0]
    assert len(list((tmp_path / "run").glob("rate-*.state"))) == 2
    # 10 sends each (token + 9) fit two windows per platform; sharing would need four
    assert time.monotonic() - started < 30


def test_send_times_from_a_clock_that_was_ahead_do_not_stall(sim, tmp_path):
    env = limited_env(sim, tmp_path)
    assert run_script(HCT_API, "GET", PROPERTIES, env=env).code == 0
    (state,) = (tmp_path / "run").glob("rate-*.state")
    ahead = time.monotonic() + 3600  # written while the clock was an hour ahead
    state.write_text(json.dumps({"reserved": [ahead] * 5, "sent": [ahead] * 5,
                                 "quiet": ahead}))

    started = time.monotonic()
    result = run_script(HCT_API, "GET", PROPERTIES, env=env, timeout=60)

    assert result.code == 0
    assert time.monotonic() - started < 30


def test_wall_clock_times_in_an_old_state_are_ignored(sim, tmp_path):
    env = limited_env(sim, tmp_path)
    assert run_script(HCT_API, "GET", PROPERTIES, env=env).code == 0
    (state,) = (tmp_path / "run").glob("rate-*.state")
    state.write_text(json.dumps([time.time() + 3600] * 5))  # the former format: wall clock

    result = run_script(HCT_API, "GET", PROPERTIES, env=env, timeout=60)

    assert result.code == 0


def test_a_waiting_process_does_not_hold_the_lock(tmp_path):
    limiter = SharedRateLimiter(str(tmp_path), "acct", per_window=2, window=1.5)
    limiter.acquire()
    limiter.acquire()
    waiter = threading.Thread(target=limiter.acquire)  # must wait about 1.5 s for its slot
    waiter.start()
    time.sleep(0.2)

    with store.file_lock(str(tmp_path / "rate-acct.state"), timeout=0.3):
        held_while_waiting = waiter.is_alive()
    waiter.join()

    assert held_while_waiting


def test_slots_are_served_in_the_order_they_were_asked_for(tmp_path):
    limiter = SharedRateLimiter(str(tmp_path), "acct", per_window=2, window=0.3)
    order: list[int] = []

    def ask(number: int) -> None:
        limiter.acquire()
        order.append(number)

    threads = []
    for number in range(8):
        threads.append(threading.Thread(target=ask, args=(number,)))
        threads[-1].start()
        time.sleep(0.02)  # each asks after the one before it
    for thread in threads:
        thread.join()

    assert order == list(range(8))


def test_a_rate_limit_answer_quiets_every_process(tmp_path):
    first = SharedRateLimiter(str(tmp_path), "acct")
    second = SharedRateLimiter(str(tmp_path), "acct")
    first.push_back(0.5)

    started = time.monotonic()
    second.acquire()
    assert time.monotonic() - started >= 0.45


def test_a_lock_that_cannot_be_had_is_a_network_class_error(tmp_path):
    path = str(tmp_path / "held.lock")
    with store.file_lock(path), pytest.raises(LockTimeout) as raised, \
            store.file_lock(path, timeout=0.2):
        pass

    assert raised.value.exit_code == 4 and raised.value.error_code == "LOCK_TIMEOUT"


def test_the_runtime_directory_is_per_user_and_machine_wide(monkeypatch):
    monkeypatch.delenv(config.ENV_RUNTIME_DIR, raising=False)
    monkeypatch.setenv(config.ENV_CACHE_DIR, "/somewhere/else")

    path = config.runtime_dir()

    assert path == f"/tmp/hik-connect-team-{os.getuid()}"
    assert os.stat(path).st_mode & 0o777 == 0o700
