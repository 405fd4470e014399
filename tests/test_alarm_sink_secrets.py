"""Sink secrets go only where they belong: the OpenClaw hooks token of OpenClaw's own config
only to the local gateway (issue 12 point 10)."""

from __future__ import annotations

import json

import pytest

from hct.alarm.sinks import parse_sink
from hct.errors import InvalidArgument

GATEWAY_PORT = 18789
CONFIG_TOKEN = "config-hooks-token-0123456789"


@pytest.fixture
def openclaw_home(tmp_path, monkeypatch):
    """A HOME whose ~/.openclaw/openclaw.json has a gateway port and a hooks token."""
    config = tmp_path / ".openclaw" / "openclaw.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"gateway": {"port": GATEWAY_PORT},
                                  "hooks": {"enabled": True, "token": CONFIG_TOKEN}}))
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("OPENCLAW_HOOKS_TOKEN", "OPENCLAW_HOOKS_CHANNEL", "OPENCLAW_HOOKS_TO"):
        monkeypatch.delenv(name, raising=False)
    return config


def authorization(sink) -> str:
    return sink.headers({"journalKey": "a:1"})["Authorization"]


@pytest.mark.parametrize("spec", ["openclaw", f"openclaw:http://127.0.0.1:{GATEWAY_PORT}/hooks/agent",
                                  f"openclaw:http://localhost:{GATEWAY_PORT}/hooks/agent"])
def test_the_config_token_goes_to_the_local_gateway(openclaw_home, spec):
    assert authorization(parse_sink(spec)) == f"Bearer {CONFIG_TOKEN}"


@pytest.mark.parametrize("url", ["https://agent.example.com/hooks/agent",
                                 "http://127.0.0.1:9999/hooks/agent"])  # not the gateway's port
def test_the_config_token_never_goes_anywhere_else(openclaw_home, url):
    with pytest.raises(InvalidArgument, match="OPENCLAW_HOOKS_TOKEN"):
        parse_sink(f"openclaw:{url}")


def test_elsewhere_an_explicit_token_over_https(openclaw_home, monkeypatch):
    monkeypatch.setenv("OPENCLAW_HOOKS_TOKEN", "explicit-token-9876543210")
    remote = parse_sink("openclaw:https://agent.example.com/hooks/agent")
    assert authorization(remote) == "Bearer explicit-token-9876543210"
    with pytest.raises(InvalidArgument, match="https"):
        parse_sink("openclaw:http://agent.example.com/hooks/agent")  # the token in clear text
