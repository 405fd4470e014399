"""Redaction keeps keys out of the output without corrupting it: the words of a sink URL
(`alarm`, `webhook`, `agent`) are not secrets, the keys in it are (issue 12 point 4)."""

from __future__ import annotations

import json
import secrets

from hct import redact
from hct.alarm.sinks import parse_sink
from hctsim.routes_mq import raise_events

POLLER = "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"


def test_sink_urls_ending_in_ordinary_words_leave_the_output_intact(sim, run, tmp_path,
                                                                    unused_port):
    sim.api("/api/hccgw/alarm/v1/mq/subscribe", {"subscribeType": 1, "subscribeMode": 0})
    guids = raise_events(sim.sim, "alarm", 2)["ids"]
    dead = f"http://127.0.0.1:{unused_port}"  # nobody listens: the entries stay pending there

    result = run(POLLER, "--once", "--journal", str(tmp_path / "j.sqlite3"),
                 "--sink", "stdout", "--sink", f"webhook:{dead}/alarm",
                 "--sink", f"webhook:{dead}/hooks/webhook?kind=agent&source=poll")

    assert result.code == 0, result.stderr
    assert "***" not in result.stdout
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(line["guid"] for line in lines) == sorted(guids)
    assert {(line["kind"], line["source"]) for line in lines} == {("alarm", "poll")}
    assert '"webhook:127.0.0.1#' in result.stderr  # the counts name sinks by host and digest


def test_keys_inside_sink_urls_are_secrets_and_so_is_the_whole_url():
    token = secrets.token_hex(32)  # DingTalk access_token: 64 hex digits
    slack_key = "aPAfB9yPL0dcFlaf9er7lqNA"
    ding_url = f"https://oapi.dingtalk.com/robot/send?access_token={token}"
    slack_url = f"https://hooks.slack.com/services/T0000/B0000/{slack_key}"
    parse_sink(f"dingtalk:{ding_url}")
    parse_sink(f"slack:{slack_url}")

    assert redact.redact(f"sent to {ding_url}") == "sent to ***"
    text = redact.redact(f"token {token}, key {slack_key}, robot send services alarm")
    assert text == "token ***, key ***, robot send services alarm"


def test_what_looks_like_a_secret():
    for value in (secrets.token_hex(16), "bb006be7-3e4f-4697-8acf-83cfa916259f",
                  "aPAfB9yPL0dcFlaf9er7lqNA"):
        assert redact.looks_secret(value), value
    for value in ("alarm", "webhook", "hikvision-alarm-webhook", "hikvisionAlarmWebhook",
                  "notifications_channel_main", "hikvision-alarm-webhook-2024", "T00000000"):
        assert not redact.looks_secret(value), value
