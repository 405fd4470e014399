"""The webhook receiver refuses everything a forger could send, journals real pushes before
answering, and never turns its handshake into a signing oracle."""

from __future__ import annotations

import json
import time

import pytest
from werkzeug.test import Client

from hct.alarm import signature
from hct.alarm.journal import open_journal
from hct.alarm.receiver import Receiver, create_app
from hct.alarm.sinks import parse_sink

SECRET = "Secret2026abc"
PATH = "/hikvision/webhook"


def alarm(guid: str) -> dict:
    return {"guid": guid, "msgType": "1", "alarmState": "1", "type": "alarm",
            "timeInfo": {"startTime": "2025-11-05T09:27:24Z"},
            "eventSource": {"eventType": "10000", "sourceName": "Camera 01"}}


@pytest.fixture
def receiver(tmp_path):
    journal = open_journal(str(tmp_path / "journal.sqlite3"))
    return Receiver(SECRET, journal, [], path=PATH)


@pytest.fixture
def client(receiver):
    return Client(create_app(receiver))


def push(client, batch_id: str, items: list, *, stamp: str | None = None,
         secret: str = SECRET, header_batch: str | None = None, body: bytes | None = None):
    headers = signature.signed_headers(secret, header_batch or batch_id, stamp)
    data = body if body is not None else json.dumps({"batchId": batch_id, "list": items})
    return client.post(PATH, data=data, headers={**headers,
                                                 "Content-Type": "application/json"})


def test_the_signature_is_hmac_sha256_of_timestamp_dot_batch_id():
    # Computed independently:
    # printf '1762334844000.10c317bd' | openssl dgst -sha256 -hmac Secret2026abc
    assert signature.sign("Secret2026abc", "1762334844000", "10c317bd") == (
        "sha256=4167de9840324bcf142aab40b03c6036f97003ae323d6be70efd940d652115a3")
    assert signature.verify("Secret2026abc", "1762334844000", "10c317bd",
                            signature.sign("Secret2026abc", "1762334844000", "10c317bd"))
    assert not signature.verify("Secret2026abc", "1762334844001", "10c317bd",
                                signature.sign("Secret2026abc", "1762334844000", "10c317bd"))


def test_timestamps_in_seconds_or_milliseconds_within_a_minute():
    now = time.time()
    assert signature.is_fresh(str(int(now * 1000)), now)
    assert signature.is_fresh(str(int(now)), now)
    assert not signature.is_fresh(str(int((now - 61) * 1000)), now)
    assert not signature.is_fresh(str(int((now + 61) * 1000)), now)
    assert not signature.is_fresh("12abc", now)


def test_a_signed_push_is_journaled_before_the_answer(client, receiver):
    answer = push(client, "batch-1", [alarm("g1"), alarm("g2")])
    assert answer.status_code == 200
    assert [entry["guid"] for entry in receiver.journal.entries()] == ["g2", "g1"]


@pytest.mark.parametrize("case", ["wrong secret", "stale", "future", "no signature"])
def test_forged_or_stale_pushes_are_refused_with_401(client, receiver, case):
    if case == "no signature":
        answer = client.post(PATH, data=json.dumps({"batchId": "b", "list": []}))
    else:
        stamp = {"stale": str(int((time.time() - 120) * 1000)),
                 "future": str(int((time.time() + 120) * 1000))}.get(case)
        answer = push(client, "b", [alarm("g1")], stamp=stamp,
                      secret="WrongSecret99" if case == "wrong secret" else SECRET)
    assert answer.status_code == 401
    assert answer.get_json() == {"ok": False}  # nothing that helps a forger
    assert receiver.journal.counts()["entries"] == 0


def test_a_signature_cannot_carry_another_batch(client, receiver):
    answer = push(client, "body-batch", [alarm("g1")], header_batch="signed-batch")
    assert answer.status_code == 400
    assert receiver.journal.counts()["entries"] == 0


def test_a_replayed_batch_id_is_answered_but_not_journaled_again(client, receiver):
    assert push(client, "batch-1", [alarm("g1")]).status_code == 200
    # A captured signature of batch-1 reused with another body: 200, and nothing new.
    assert push(client, "batch-1", [alarm("forged")]).status_code == 200
    assert [entry["guid"] for entry in receiver.journal.entries()] == ["g1"]
    assert receiver.counts["replayed"] == 1


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"batchId": "b"}',
                                  b'{"batchId": "b", "list": [1]}'])
def test_malformed_bodies_are_refused_with_400(client, body):
    assert push(client, "b", [], body=body).status_code == 400


def test_oversized_bodies_are_refused_with_413(client, receiver):
    big = [alarm(f"g{i}") | {"pad": "x" * 1000} for i in range(1100)]
    assert push(client, "big", big).status_code == 413
    assert receiver.journal.counts()["entries"] == 0


def handshake(client, batch_id: str, stamp: str | None = None):
    return client.get(PATH, headers={"X-Hook-Batch-Id": batch_id,
                                     "X-Hook-Timestamp": stamp or signature.now_ms()})


def test_the_handshake_is_answered_at_any_time_for_a_fresh_timestamp(client):
    stamp = signature.now_ms()
    answer = handshake(client, "verify-1", stamp)
    assert answer.status_code == 200
    assert answer.headers["X-Hook-Signature"] == signature.sign(SECRET, stamp, "verify-1")
    assert handshake(client, "verify-1").status_code == 200  # the platform may ask again
    for seconds in (-300, 300):  # fresh timestamps only, past or future
        stale = str(int((time.time() + seconds) * 1000))
        answer = handshake(client, "verify-2", stale)
        assert answer.status_code == 403 and "X-Hook-Signature" not in answer.headers


def forged_push(client, batch_id: str, stamp: str, signed: str):
    return client.post(PATH, data=json.dumps({"batchId": batch_id, "list": [alarm("x")]}),
                       headers={"X-Hook-Batch-Id": batch_id, "X-Hook-Timestamp": stamp,
                                "X-Hook-Signature": signed})


def test_a_batch_id_a_handshake_signed_is_burned_for_pushes(client, receiver, tmp_path):
    stamp = signature.now_ms()
    signed = handshake(client, "verify-1", stamp).headers["X-Hook-Signature"]
    assert forged_push(client, "verify-1", stamp, signed).status_code == 401
    # Even a push the secret signed anew: the id is burned.
    assert push(client, "verify-1", [alarm("y")]).status_code == 401
    assert receiver.journal.counts()["entries"] == 0

    # A restart forgets nothing: the burned ids live in the journal.
    restarted = Receiver(SECRET, open_journal(str(tmp_path / "journal.sqlite3")), [],
                         path=PATH)
    again = Client(create_app(restarted))
    assert forged_push(again, "verify-1", stamp, signed).status_code == 401
    assert restarted.journal.counts()["entries"] == 0


@pytest.mark.parametrize("stamp", ["²³", "１２３", "12a", "-5", "1" * 17])
def test_a_timestamp_that_is_not_ascii_digits_is_a_bad_request(client, receiver, stamp):
    batch = {"X-Hook-Batch-Id": "b", "X-Hook-Timestamp": stamp}
    answer = client.post(PATH, data=json.dumps({"batchId": "b", "list": []}),
                         headers={**batch, "X-Hook-Signature": "sha256=00"})
    assert answer.status_code == 400 and answer.get_json() == {"ok": False}
    assert client.get(PATH, headers=batch).status_code == 400
    assert not receiver.journal.is_burned("b")


def test_health_answers_only_liveness_by_default(client):
    push(client, "batch-1", [alarm("g1")])
    answer = client.get("/health")
    assert answer.status_code == 200 and answer.get_json() == {"status": "ok"}


def test_health_details_only_on_this_machine_and_with_the_flag(tmp_path):
    journal = open_journal(str(tmp_path / "journal.sqlite3"))
    sink = parse_sink(f"jsonl:{tmp_path / 'secret-place' / 'alarms.jsonl'}")
    client = Client(create_app(Receiver(SECRET, journal, [sink], path=PATH,
                                        health_details=True)))
    push(client, "batch-1", [alarm("g1")])

    local = client.get("/health", environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_json()
    assert local["journal"]["entries"] == 1 and local["sinks"] == [sink.id]
    assert SECRET not in json.dumps(local)
    remote = client.get("/health", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    proxied = client.get("/health", headers={"X-Forwarded-For": "203.0.113.7"})
    for answer in (remote, proxied):
        assert answer.get_json() == {"status": "ok"}
        assert "secret-place" not in answer.get_data(as_text=True)
