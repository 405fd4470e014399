"""Sink secrets go only where they belong: the OpenClaw hooks token of OpenClaw's own config
only to the local gateway (issue 12 point 10), and no key or signing secret ever needs to be
on a command line (issue 9 point 8)."""

from __future__ import annotations

import json

import pytest

from hct.alarm.sinks import parse_sink
from hct.errors import InvalidArgument

POLLER = "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"
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


# --- no secret needs to be on a command line (issue 9 point 8) --------------------------------
UUID_KEY = "bb006be7-3e4f-4697-8acf-83cfa916259f"
KEYED = {"dingtalk": ("DINGTALK_BOT_URL", "/robot/send?access_token=" + "7f3a9c" * 10 + "0b1d"),
         "feishu": ("FEISHU_BOT_URL", "/open-apis/bot/v2/hook/" + UUID_KEY),
         "wecom": ("WECOM_BOT_URL", "/cgi-bin/webhook/send?key=" + UUID_KEY),
         "slack": ("SLACK_WEBHOOK_URL", "/services/T0000/B0000/aPAfB9yPL0dcFlaf9er7lqNA"),
         "webhook": ("ALARM_WEBHOOK_URL", "/alarms?token=Zq81bN4xTr7vLp2WmK9s")}


@pytest.fixture
def no_sink_variables(monkeypatch):
    for variable, _ in KEYED.values():
        monkeypatch.delenv(variable, raising=False)


@pytest.mark.parametrize("kind", sorted(KEYED))
def test_a_sink_takes_its_url_from_its_variable(kind, monkeypatch, capsys, no_sink_variables):
    variable, path = KEYED[kind]
    url = "https://hooks.example.com" + path
    monkeypatch.setenv(variable, url)

    sink = parse_sink(kind)

    assert sink.url == url
    assert sink.id == parse_sink(f"{kind}:{url}").id  # the same sink either way
    warnings = capsys.readouterr().err
    assert warnings.count("Warning:") == 1 and variable in warnings  # only for the flag


@pytest.mark.parametrize("kind", sorted(KEYED))
def test_without_the_variable_the_error_names_it(kind, no_sink_variables):
    with pytest.raises(InvalidArgument, match=KEYED[kind][0]):
        parse_sink(kind)


def test_a_webhook_url_without_a_key_gives_no_warning(capsys):
    parse_sink("webhook:https://alarms.example.com/hikvision/alarm")
    assert capsys.readouterr().err == ""


def test_the_poller_delivers_to_a_sink_named_only_by_its_kind(sim, run, tmp_path):
    from test_sinks_delivery import FakeBot

    from hctsim.routes_mq import raise_events

    bot = FakeBot()
    try:
        sim.api("/api/hccgw/alarm/v1/mq/subscribe", {"subscribeType": 1, "subscribeMode": 0})
        raise_events(sim.sim, "alarm", 2)
        key_url = f"{bot.url}/services/T0000/B0000/aPAfB9yPL0dcFlaf9er7lqNA"

        result = run(POLLER, "--once", "--journal", str(tmp_path / "j.sqlite3"),
                     "--sink", "slack", env={"SLACK_WEBHOOK_URL": key_url})

        assert result.code == 0, result.stdout + result.stderr
        assert result.json["data"]["delivery"]["delivered"] == 2, result.stdout + result.stderr
        assert len(bot.received) == 2
        assert "Warning" not in result.stderr
        assert "aPAfB9yPL0dcFlaf9er7lqNA" not in result.stdout + result.stderr
    finally:
        bot.stop()
