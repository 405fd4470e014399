"""Fixtures with real servers for the alarm tests: `redis_server` (one redis-server for the
module; each test takes its own key prefix through `redis_journal_url`) and `broker` (a
mosquitto per test, which the test may stop and start again). Without the programs the
tests are skipped, unless HCT_REQUIRE_SERVERS=1 (.ci/run sets it after installing them),
where their absence is a failure. A test module that uses them says
`pytest_plugins = ["servers"]`."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import alarm_servers
import pytest


def _need_servers() -> None:
    if alarm_servers.available():
        return
    message = "redis-server and mosquitto are needed (apt-get install -y redis-server mosquitto)"
    if os.environ.get("HCT_REQUIRE_SERVERS") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def redis_server() -> Iterator[alarm_servers.RedisServer]:
    _need_servers()
    with alarm_servers.RedisServer() as server:
        yield server


@pytest.fixture
def redis_journal_url(redis_server: alarm_servers.RedisServer) -> str:
    """A journal of its own on the module's Redis (a fresh key prefix)."""
    return f"{redis_server.url}?prefix=t{uuid.uuid4().hex[:12]}:"


@pytest.fixture
def broker() -> Iterator[alarm_servers.MosquittoServer]:
    _need_servers()
    with alarm_servers.MosquittoServer(persistent=True) as server:
        yield server
