"""The rate limit counts arrivals as the server saw them, not when a handler thread ran."""

from __future__ import annotations

import threading
import time
from typing import Any

import requests

from hctsim.core import Sim

TOKEN = "/api/hccgw/platform/v1/token/get"
USERS = "/api/hccgw/platform/v1/users/get"


def test_window_is_checked_around_a_late_arrival() -> None:
    sim = Sim(devices=0)
    for arrival in (10.0, 10.2, 10.4, 10.6, 10.8):
        assert sim.admit("acct", arrival)
    assert not sim.admit("acct", 10.9)        # six within 1.0 s
    assert not sim.admit("acct", 9.85)        # reached the limiter late, arrived earlier
    assert sim.admit("acct", 9.7)             # 9.7 .. 10.8 spans more than a second
    assert not sim.admit("acct", 10.95)       # 10.0 .. 10.95 would hold six
    assert sim.admit("acct", 11.0)            # (10.0, 11.0] holds five with it
    assert not sim.admit("acct", 11.1)
    assert sim.admit("acct", 11.21)
    assert sim.stats()["rateLimited"] == 4
    assert sim.admit("other", 10.9)           # every account has its own window


def test_old_arrivals_are_forgotten() -> None:
    sim = Sim(devices=0)
    for step in range(50):
        assert sim.admit("acct", step * 0.25)
    assert len(sim._windows["acct"]) <= 21


def _token(server: Any) -> str:
    return requests.post(server.base_url + TOKEN, timeout=10, json={
        "appKey": server.app_key, "secretKey": server.secret_key}).json()["data"]["accessToken"]


def test_a_handler_scheduled_late_does_not_squeeze_the_window(sim_factory: Any) -> None:
    server = sim_factory(rate_limit_per_second=1)
    token = _token(server)
    time.sleep(1.05)
    sim = server.sim
    original = sim.admit
    delayed = threading.Event()

    def late_admit(account: str | None, arrival: float | None = None) -> bool:
        if not delayed.is_set():  # the first request's handler thread runs 0.8 s late
            delayed.set()
            time.sleep(0.8)
        return original(account, arrival)

    sim.admit = late_admit  # type: ignore[method-assign]
    answers: list[int] = []

    def call() -> None:
        answers.append(requests.post(server.base_url + USERS, timeout=10, headers={
            "Token": token}, json={"pageIndex": 1, "pageSize": 1}).status_code)

    first = threading.Thread(target=call)
    first.start()
    time.sleep(1.4)
    call()  # sent 1.4 s after the first, handled only 0.6 s after the first was admitted
    first.join()
    assert answers == [200, 200] and sim.stats()["rateLimited"] == 0


def test_requests_on_a_kept_alive_connection_are_stamped_when_read(sim_factory: Any) -> None:
    server = sim_factory(rate_limit_per_second=2)
    token = _token(server)
    time.sleep(1.05)
    arrivals: list[float | None] = []
    original = server.sim.admit

    def record(account: str | None, arrival: float | None = None) -> bool:
        arrivals.append(arrival)
        return original(account, arrival)

    server.sim.admit = record  # type: ignore[method-assign]
    spans = []
    with requests.Session() as session:
        for _ in range(3):
            before = time.monotonic()
            session.post(server.base_url + USERS, timeout=10, headers={"Token": token},
                         json={"pageIndex": 1, "pageSize": 1})
            spans.append((before, time.monotonic()))
            time.sleep(0.2)
    assert len(arrivals) == 3 and all(arrival is not None for arrival in arrivals)
    for (before, after), arrival in zip(spans, arrivals, strict=True):
        assert before - 0.01 <= arrival <= after  # stamped while its request was under way
    third_squeezed = arrivals[2] - arrivals[0] < 1.0  # type: ignore[operator]
    assert server.sim.stats()["rateLimited"] == (1 if third_squeezed else 0)
