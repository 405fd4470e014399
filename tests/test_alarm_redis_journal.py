"""The journal interface keeps its promises on both backends (issue 11 point 3): the embedded
SQLite file and a real Redis server shared by several "processes" (journal objects). Redis
alone: a worker that died leaves its claims to the others through the consumer group."""

from __future__ import annotations

import time

import pytest
import redis

from hct.alarm.journal import open_journal

pytest_plugins = ["servers"]  # redis_server, redis_journal_url, broker

SINK, OTHER = "jsonl:/tmp/a.jsonl", "mqtt:127.0.0.1:1883#0123456789"


def alarm(guid: str, state: str = "1") -> dict:
    return {"guid": guid, "msgType": "1", "alarmState": state, "type": "alarm",
            "eventSource": {"eventType": "10002", "sourceID": "cam1"}}


@pytest.fixture(params=["sqlite", "redis"])
def spec(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "journal.sqlite3")
    return request.getfixturevalue("redis_journal_url")


def test_batches_and_guids_are_journaled_once_for_every_process(spec):
    first, second = open_journal(spec), open_journal(spec)

    recorded = first.record_batch("b1", [alarm("g1"), alarm("g2")], source="push",
                                  sinks=[SINK], replay_is_final=True)
    replayed = second.record_batch("b1", [alarm("forged")], source="push", sinks=[SINK],
                                   replay_is_final=True)
    polled = second.record_batch("b2", [alarm("g2"), alarm("g2", state="2")], source="poll",
                                 sinks=[SINK])

    assert (recorded.new, recorded.replay) == (2, False)
    assert (replayed.new, replayed.replay) == (0, True)
    assert (polled.new, polled.duplicates) == (1, 1)  # the end message of g2 is new
    assert first.counts()["entries"] == 3 and first.counts()["batches"] == 2
    assert [entry["guid"] for entry in first.entries(guid="g2")] == ["g2", "g2"]


def test_a_burned_handshake_id_is_refused_everywhere(spec):
    receiving, answering = open_journal(spec), open_journal(spec)
    answering.burn_handshake("verify-1")

    refused = receiving.record_batch("verify-1", [alarm("x")], source="push", sinks=[SINK],
                                     replay_is_final=True, unless_burned=True)

    assert receiving.is_burned("verify-1") and not receiving.is_burned("other")
    assert refused.burned and refused.new == 0
    assert receiving.counts()["entries"] == 0


def test_each_account_is_its_own_tenant(spec):
    journal = open_journal(spec)

    north = journal.record_batch("n1", [alarm("same")], source="push", sinks=[SINK],
                                 account="north")
    south = journal.record_batch("s1", [alarm("same")], source="push", sinks=[SINK],
                                 account="south")

    assert north.new == south.new == 1
    claimed = journal.claim([SINK], limit=10)
    assert sorted(claim.record["account"] for claim in claimed) == ["north", "south"]
    assert {claim.key.split("/")[0] for claim in claimed} == {"north", "south"}


def test_deliveries_go_pending_sending_delivered_or_failed(spec):
    journal = open_journal(spec)
    journal.record_batch("b1", [alarm(f"g{n}") for n in range(4)], source="poll",
                         sinks=[SINK, OTHER])

    claims = journal.claim([SINK], limit=10)
    assert len(claims) == 4 and not any(claim.uncertain for claim in claims)
    assert journal.claim([SINK], limit=10) == []  # all four are someone's now
    journal.delivered_many([claims[0].key, claims[1].key], SINK)
    state, due = journal.failed(claims[2].key, SINK, "HTTP 503")
    permanent, _ = journal.failed(claims[3].key, SINK, "HTTP 400", permanent=True)

    assert state == "pending" and due > time.time() and permanent == "failed"
    assert journal.counts()["deliveries"] == {"pending": 5, "sending": 0, "delivered": 2,
                                              "failed": 1}
    assert journal.pending_count([SINK]) == 1 and journal.pending_count([OTHER]) == 4
    assert journal.counts()["bySink"][OTHER] == {"pending": 4, "sending": 0, "delivered": 0,
                                                 "failed": 0}
    assert journal.next_due([SINK]) == pytest.approx(due, abs=0.01)
    assert journal.claim([SINK], limit=10) == []  # backing off
    assert [entry["guid"] for entry in journal.entries(state="failed")] == ["g3"]
    assert journal.entries(guid="g2")[0]["deliveries"][0]["lastError"] == "HTTP 503"

    assert journal.redeliver(failed=True) == 1
    assert journal.redeliver(["g0"], sinks=[SINK]) == 1
    again = journal.claim([SINK], limit=10)
    assert sorted(claim.record["guid"] for claim in again) == ["g0", "g3"]
    assert all(claim.attempts == 0 for claim in again)


def test_a_released_claim_comes_back_when_due(spec):
    journal = open_journal(spec)
    journal.record_batch("b1", [alarm("g1")], source="poll", sinks=[SINK])
    claim = journal.claim([SINK])[0]

    journal.release(claim.key, SINK, time.time() + 0.3)

    assert journal.claim([SINK]) == []
    time.sleep(0.4)
    assert [again.key for again in journal.claim([SINK])] == [claim.key]


def test_prune_keeps_what_is_not_delivered(spec):
    journal = open_journal(spec)
    journal.record_batch("b1", [alarm("done"), alarm("waiting")], source="poll", sinks=[SINK])
    journal.burn_handshake("verify-1")
    claims = {claim.record["guid"]: claim for claim in journal.claim([SINK])}
    journal.delivered(claims["done"].key, SINK)
    time.sleep(0.01)

    assert journal.prune(keep_days=0) == 1

    assert [entry["guid"] for entry in journal.entries()] == ["waiting"]
    assert journal.counts()["batches"] == 0 and not journal.is_burned("verify-1")
    assert journal.counts()["deliveries"]["delivered"] == 0


def test_redis_gives_a_dead_workers_claims_to_another_marked_uncertain(redis_journal_url):
    dead, alive = open_journal(redis_journal_url), open_journal(redis_journal_url)
    dead.worker, alive.worker = "host-a:1001", "host-b:2002"
    dead.record_batch("b1", [alarm("g1"), alarm("g2")], source="push", sinks=[SINK])
    held = dead.claim([SINK], limit=10)
    assert alive.claim([SINK], limit=10) == []  # held by a live worker (its heartbeat)

    # The worker dies: its heartbeat expires (here: stopped and removed), its claims stay
    # idle for a while.
    dead.close()
    redis.Redis.from_url(redis_journal_url.split("?")[0]).delete(
        dead.prefix + "worker:host-a:1001")
    time.sleep(1.1)
    taken = alive.claim([SINK], limit=10)

    assert sorted(claim.key for claim in taken) == sorted(claim.key for claim in held)
    assert all(claim.uncertain for claim in taken)
    alive.delivered_many([claim.key for claim in taken], SINK)
    assert alive.counts()["deliveries"]["delivered"] == 2 and alive.pending_count([SINK]) == 0


def test_an_unreachable_redis_journal_is_a_network_error(unused_port):
    from hct.errors import NetworkError

    with pytest.raises(NetworkError) as raised:
        open_journal(f"redis://127.0.0.1:{unused_port}/0")
    assert raised.value.error_code == "JOURNAL_UNREACHABLE"


def test_redis_ignores_a_failure_reported_by_a_worker_that_lost_the_claim(redis_journal_url):
    slow, other = open_journal(redis_journal_url), open_journal(redis_journal_url)
    slow.worker, other.worker = "host-a:1", "host-b:2"
    slow.record_batch("b1", [alarm("g1")], source="push", sinks=[SINK])
    claim = slow.claim([SINK])[0]
    slow.close()  # its worker dies: the heartbeat stops, and expires (here: removed)
    redis.Redis.from_url(redis_journal_url.split("?")[0]).delete(slow.prefix + "worker:host-a:1")
    time.sleep(1.1)
    taken = other.claim([SINK])
    assert [again.key for again in taken] == [claim.key] and taken[0].uncertain

    state, _ = slow.failed(claim.key, SINK, "HTTP 503")  # too late: it is the other's now
    slow.release(claim.key, SINK, time.time())

    assert state == "sending"
    assert other.pending_count([SINK]) == 1 and other.counts()["deliveries"]["sending"] == 1
    other.delivered(claim.key, SINK)
    assert other.counts()["deliveries"] == {"pending": 0, "sending": 0, "delivered": 1,
                                            "failed": 0}
    assert other.claim([SINK]) == []
