"""The tools around delivery: journal.py shows and re-delivers what the journal holds,
pre_check.py reports the OpenClaw hooks set-up, and the poller rides out token expiry and
network loss."""

from __future__ import annotations

import json

from hct.alarm.journal import Journal, open_journal
from hctsim.routes_mq import raise_events

JOURNAL = "modules/Hik-Connect_Team_Alarm/scripts/journal.py"
PRE_CHECK = "modules/Hik-Connect_Team_Alarm/scripts/pre_check.py"
POLLER = "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"


def journal_with_a_failed_delivery(path: str) -> Journal:
    journal = open_journal(path)
    alarms = [{"guid": "g-ok", "msgType": "1"}, {"guid": "g-bad", "msgType": "1"},
              {"guid": "g-bad", "msgType": "0"}]  # the same alarm's end message
    journal.record_batch("b1", alarms, source="poll", kind="alarm", sinks=["slack:x#1"])
    for claim in journal.claim(["slack:x#1"]):
        if claim.record["guid"] == "g-ok":
            journal.delivered(claim.key, claim.sink)
        else:
            journal.failed(claim.key, claim.sink, "slack refused the message (HTTP 404)",
                           permanent=True)
    return journal


def test_journal_lists_shows_and_redelivers(run, tmp_path):
    path = str(tmp_path / "j.sqlite3")
    journal_with_a_failed_delivery(path)

    failed = run(JOURNAL, "--journal", path, "list", "--state", "failed")
    assert failed.code == 0
    assert [entry["guid"] for entry in failed.json["data"]["entries"]] == ["g-bad", "g-bad"]
    assert failed.json["data"]["entries"][0]["deliveries"][0]["lastError"].endswith("(HTTP 404)")

    shown = run(JOURNAL, "--journal", path, "show", "g-bad")
    assert {entry["item"]["msgType"] for entry in shown.json["data"]["entries"]} == {"0", "1"}

    again = run(JOURNAL, "--journal", path, "redeliver", "--failed")
    assert again.json["data"]["redelivered"] == 2
    assert again.json["data"]["counts"]["deliveries"]["pending"] == 2

    assert run(JOURNAL, "--journal", path, "show", "nope").code == 2
    assert run(JOURNAL, "--journal", str(tmp_path / "none.db"), "list").code == 2


def test_journal_list_since_takes_the_one_time_syntax(run, tmp_path):
    path = str(tmp_path / "j.sqlite3")
    journal_with_a_failed_delivery(path)

    past = run(JOURNAL, "--journal", path, "list", "--since", "2020-01-01")
    future = run(JOURNAL, "--journal", path, "list", "--since", "2999-01-01 08:00+00:00")
    bad = run(JOURNAL, "--journal", path, "list", "--since", "yesterday")

    assert len(past.json["data"]["entries"]) == 3
    assert future.json["data"]["entries"] == []
    assert bad.code == 2 and "2026-12-01 10:00" in bad.json["message"]


def test_pre_check_reports_what_is_missing_without_crashing(run, tmp_path, script_env):
    config = tmp_path / "home" / ".openclaw" / "openclaw.json"
    config.parent.mkdir(parents=True, exist_ok=True)

    config.write_text("{broken")
    broken = run(PRE_CHECK)
    assert broken.code == 3 and broken.json["errorCode"] == "CONFIG_MISSING"
    assert broken.json["data"]["ready"] is False
    assert broken.json["data"]["fileStatus"] == "broken"

    config.write_text(json.dumps({"gateway": {"port": 18789},
                                  "hooks": {"enabled": True, "token": "hooks-secret-token"}}))
    ready = run(PRE_CHECK)
    assert ready.json["data"]["ready"] is True
    assert ready.json["data"]["hooksUrl"] == "http://127.0.0.1:18789/hooks/agent"
    assert "hooks-secret-token" not in ready.stdout + ready.stderr


def test_the_poller_survives_token_expiry_and_network_loss(sim, run, tmp_path):
    sim.api("/api/hccgw/alarm/v1/mq/subscribe", {"subscribeType": 1, "subscribeMode": 0})
    journal = str(tmp_path / "j.sqlite3")
    assert run(POLLER, "--once", "--journal", journal).code == 0  # the token is now cached
    raise_events(sim.sim, "alarm", 3)
    sim.sim.expire_tokens()
    sim.sim.close_next(4, path="/api/hccgw/alarm/v1/mq/messages")  # beyond the client's retries
    out = tmp_path / "alarms.jsonl"

    result = run(POLLER, "--once", "--journal", journal, "--sink", f"jsonl:{out}", timeout=90)

    assert result.code == 0, result.stdout + result.stderr
    assert result.json["data"]["poll"]["errors"] >= 1  # waited out, then carried on
    assert len(out.read_text().splitlines()) == 3
    assert sim.sim.stats()["tokenFetches"] == 3  # sim.api's, the first run's, the renewal


def test_old_delivered_entries_are_pruned_and_undelivered_ones_kept(tmp_path):
    journal = journal_with_a_failed_delivery(str(tmp_path / "j.sqlite3"))
    assert journal.prune(keep_days=1) == 0  # everything is recent
    assert journal.prune(keep_days=-1) == 1  # "older than tomorrow": only the delivered g-ok
    assert sorted(entry["guid"] for entry in journal.entries()) == ["g-bad", "g-bad"]
    assert journal.counts()["batches"] == 0
