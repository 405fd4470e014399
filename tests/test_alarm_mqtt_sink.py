"""Alarms into the brokers people run (issue 11 points 4 and 6), read back by real clients:
a mosquitto subscriber (QoS 1) and a Redis Streams reader. A broker that is down keeps the
alarms waiting in the journal; when it comes back they arrive."""

from __future__ import annotations

import json
import threading
import time

import paho.mqtt.client as mqtt
import pytest
import redis
from test_foundation_accounts import write_accounts
from test_webhook_push_path import free_port, start_receiver, stop

from conftest import wait_for
from hctsim.routes_mq import raise_events

pytest_plugins = ["servers"]  # redis_server, redis_journal_url, broker

POLLER = "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"
JOURNAL = "modules/Hik-Connect_Team_Alarm/scripts/journal.py"
SUBSCRIBE = "/api/hccgw/alarm/v1/mq/subscribe"


class Subscriber:
    """A QoS 1 subscriber with a persistent session (clean_session False): what is
    published while it or the broker is away waits for it."""

    def __init__(self, port: int, topic: str = "#") -> None:
        self.messages: list[tuple[str, dict, int]] = []
        self._lock = threading.Lock()
        subscribed = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="test-reader",
                                  clean_session=False)
        self.client.reconnect_delay_set(0.1, 0.5)
        self.client.on_connect = lambda client, *rest: client.subscribe(topic, qos=1)
        self.client.on_subscribe = lambda *rest: subscribed.set()
        self.client.on_message = self._received
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        assert subscribed.wait(10), "the broker did not confirm the subscription"

    def _received(self, client: object, userdata: object, message: mqtt.MQTTMessage) -> None:
        with self._lock:
            self.messages.append((message.topic, json.loads(message.payload), message.qos))

    def guids(self) -> list[str]:
        with self._lock:
            return [payload["guid"] for _, payload, _ in self.messages]

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


def test_the_poller_publishes_each_alarm_with_qos_1_on_its_topic(sim, run, broker):
    sim.api(SUBSCRIBE, {"subscribeType": 1, "subscribeMode": 0})
    raised = raise_events(sim.sim, "alarm", 25)["ids"]
    reader = Subscriber(broker.port)
    try:
        result = run(POLLER, "--once", "--sink", f"mqtt:{broker.url}")
        assert result.code == 0, result.stdout + result.stderr
        assert wait_for(lambda: len(reader.guids()) >= 25)
    finally:
        reader.close()

    assert result.json["data"]["delivery"] == {"delivered": 25, "retried": 0, "failed": 0,
                                               "pending": 0}
    assert sorted(reader.guids()) == sorted(raised)
    topic, payload, qos = reader.messages[0]
    source = payload["item"]["eventSource"]
    assert topic == f"hikconnect/default/alarm/{source['eventType']}/{source['sourceID']}"
    assert qos == 1 and payload["account"] is None and payload["kind"] == "alarm"
    assert payload["text"].startswith("[Alarm]") and payload["journalKey"]


def test_the_topic_follows_the_template(sim, run, broker):
    sim.api(SUBSCRIBE, {"subscribeType": 1, "subscribeMode": 0})
    raised = raise_events(sim.sim, "alarm", 3, event_type=10002)["ids"]
    reader = Subscriber(broker.port)
    try:
        result = run(POLLER, "--once", "--sink", f"mqtt:{broker.url}", "--mqtt-topic",
                     "site/{kind}/{eventType}/{guid}")
        assert wait_for(lambda: len(reader.guids()) >= 3)
    finally:
        reader.close()

    assert result.code == 0, result.stderr
    assert sorted(topic for topic, _, _ in reader.messages) == sorted(
        f"site/alarm/10002/{guid}" for guid in raised)


def test_a_named_accounts_alarms_carry_its_name(sim, run, broker, tmp_path):
    accounts = write_accounts(tmp_path / "accounts.json", {"north": {
        "appKey": sim.app_key, "secretKey": sim.secret_key, "baseUrl": sim.base_url}})
    sim.api(SUBSCRIBE, {"subscribeType": 1, "subscribeMode": 0})
    raised = raise_events(sim.sim, "alarm", 4)["ids"]
    reader = Subscriber(broker.port)
    try:
        result = run(POLLER, "--account", "north", "--once", "--sink", f"mqtt:{broker.url}",
                     env={"HIK_CONNECT_TEAM_ACCOUNTS_FILE": str(accounts)})
        assert wait_for(lambda: len(reader.guids()) >= 4)
    finally:
        reader.close()

    assert result.code == 0, result.stdout + result.stderr
    assert result.json["data"]["account"] == "north"
    assert sorted(reader.guids()) == sorted(raised)
    assert {topic.split("/")[1] for topic, _, _ in reader.messages} == {"north"}
    assert {payload["account"] for _, payload, _ in reader.messages} == {"north"}
    assert all(payload["journalKey"].startswith("north/") for _, payload, _ in reader.messages)


@pytest.mark.parametrize("template", ["a/+/b", "hik/#", "{password}/x", "/lead", "a//b"])
def test_a_bad_topic_template_is_refused_before_anything(run, broker, template):
    result = run(POLLER, "--once", "--sink", f"mqtt:{broker.url}", "--mqtt-topic", template)

    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"


def test_a_broker_that_is_down_gets_the_alarms_when_it_comes_back(
        sim, script_env, redis_journal_url, broker, run):
    reader = Subscriber(broker.port)
    port = free_port()
    receiver = start_receiver(script_env, port, "--journal", redis_journal_url, "--sink",
                              f"mqtt:{broker.url}")
    try:
        broker.stop()
        saved = sim.api("/api/hccgw/webhook/v1/config/save", {
            "callbackUrl": f"http://127.0.0.1:{port}/hikvision/webhook", "retryTimes": 3,
            "retryDelay": 200, "signSecret": "Secret2026abc"})
        assert saved["errorCode"] == "0"
        sim.api(SUBSCRIBE, {"subscribeType": 1, "subscribeMode": 0})
        raised = raise_events(sim.sim, "alarm", 30)["ids"]

        def waiting() -> list[dict]:
            listed = run(JOURNAL, "--journal", redis_journal_url, "list", "--state", "pending")
            return listed.json["data"]["entries"] if listed.code == 0 else []

        assert wait_for(lambda: len(waiting()) == 30 and all(
            "unreachable" in (entry["deliveries"][0]["lastError"] or "")
            for entry in waiting()), 30)
        time.sleep(1.0)  # a few failed attempts more: nothing is dropped
        assert reader.guids() == []
        broker.start()
        assert wait_for(lambda: set(raised) <= set(reader.guids()), 60)
    finally:
        code, out, err = stop(receiver)
        reader.close()

    assert code == 0, err
    assert json.loads(out)["data"]["delivery"]["pending"] == 0


def test_the_redis_sink_adds_each_alarm_to_a_bounded_stream(sim, run, redis_server):
    sim.api(SUBSCRIBE, {"subscribeType": 1, "subscribeMode": 0})
    raised = raise_events(sim.sim, "alarm", 300)["ids"]

    result = run(POLLER, "--once", "--batch-size", "300", "--sink",
                 f"redis:{redis_server.url}?stream=hik-alarms&maxlen=100")

    assert result.code == 0, result.stdout + result.stderr
    assert result.json["data"]["delivery"]["delivered"] == 300
    reader = redis.Redis.from_url(redis_server.url, decode_responses=True)
    entries = reader.xrange("hik-alarms")
    assert 100 <= len(entries) < 300  # MAXLEN ~ 100 trims whole stream nodes
    assert [fields["guid"] for _, fields in entries] == raised[-len(entries):]
    first = entries[0][1]
    assert first["kind"] == "alarm" and first["eventType"] and first["journalKey"]
    assert json.loads(first["record"])["guid"] == first["guid"]


@pytest.mark.parametrize("spec", ["redis:redis://127.0.0.1:6379/0",
                                  "redis:redis://user:pw@127.0.0.1:6379/0?stream=a",
                                  "redis:redis://127.0.0.1:6379/0?stream=a&maxlen=0",
                                  "mqtt:mqtt://user:pw@127.0.0.1:1883",
                                  "mqtt:mqtt://127.0.0.1:1883/topic", "mqtt:http://127.0.0.1"])
def test_bad_broker_sinks_are_refused_before_anything(run, spec):
    result = run(POLLER, "--once", "--sink", spec)

    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"
    assert "pw" not in result.stdout
