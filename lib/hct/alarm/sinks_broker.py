"""Sinks into the message systems people already run: MQTT brokers (paho-mqtt) and Redis
Streams (redis-py). Both take a whole claim at once (`batched`) and go through the same
per-sink worker, backoff and overall send deadline as every sink (`delivery.py`).

- `mqtt:mqtt://HOST:PORT` (or `mqtts://`): each record is published with QoS 1 and counts
  as delivered only once the broker's PUBACK came back. Topic: `--mqtt-topic` (default
  `hikconnect/{account}/{kind}/{eventType}/{source}`), payload: the record as JSON with its
  text. `MQTT_USERNAME`/`MQTT_PASSWORD`, and for mqtts:// `MQTT_CA_FILE` (default: the
  system's CAs), `MQTT_CERT_FILE` + `MQTT_KEY_FILE` (a client certificate).
- `redis:redis://HOST:PORT/DB?stream=NAME[&maxlen=N]` (or rediss://): XADD to the stream,
  trimmed to about N entries (MAXLEN ~, default 100,000), fields `guid`, `journalKey`,
  `account`, `kind`, `eventType` and `record` (the JSON); `REDIS_USERNAME`/
  `REDIS_PASSWORD`/`REDIS_CA_FILE`.

Delivery is at least once: a record whose acknowledgement did not come back is sent again,
so consumers deduplicate by `guid` (or `journalKey`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
import uuid

from hct.alarm.delivery_args import DEFAULT_MQTT_TOPIC
from hct.alarm.sinks import SEND_DEADLINE_SECONDS, Sink, SinkError, sink_document
from hct.errors import InvalidArgument
from hct.redact import register_secret

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

TOPIC_FIELDS = ("account", "kind", "eventType", "source", "sourceName", "guid")
ENV_MQTT_USERNAME = "MQTT_USERNAME"
ENV_MQTT_PASSWORD = "MQTT_PASSWORD"
ENV_MQTT_CA_FILE = "MQTT_CA_FILE"
ENV_MQTT_CERT_FILE = "MQTT_CERT_FILE"
ENV_MQTT_KEY_FILE = "MQTT_KEY_FILE"
MQTT_CONNECT_SECONDS = 5.0
MQTT_KEEPALIVE = 30
MQTT_INFLIGHT = 200  # QoS 1 messages awaiting PUBACK at once (a whole claim)
STREAM_MAXLEN = 100_000
STREAM_NAME_LIMIT = 256


# --- MQTT ----------------------------------------------------------------------------------
def checked_topic(template: str | None) -> str:
    """The --mqtt-topic template: {account}, {kind}, {eventType}, {source} (the source's
    ID), {sourceName}, {guid}; no MQTT wildcard, no empty level."""
    import string

    template = DEFAULT_MQTT_TOPIC if template is None else template.strip()
    problem = None
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        parts, problem = [], "unbalanced braces"
    for literal, name, spec, conversion in parts:
        if "+" in literal or "#" in literal:
            problem = "the MQTT wildcards + and # are not allowed in a topic"
        if name is not None and (name not in TOPIC_FIELDS or spec or conversion):
            fields = ", ".join("{" + field + "}" for field in TOPIC_FIELDS)
            problem = f"unknown field {{{name}}}; use {fields}"
    if not template or template.startswith("/") or "//" in template or \
            len(template.encode()) > 1024 or "\0" in template:
        problem = problem or "the topic must not be empty or have an empty level"
    if problem:
        raise InvalidArgument(f"--mqtt-topic: {problem}")
    return template


def _level(value: Any) -> str:
    """One topic level from platform data: no level separator, wildcard or NUL in it."""
    text = str(value or "").strip()
    for character in "/+#\0":
        text = text.replace(character, "_")
    return text[:200] or "unknown"


def topic_of(template: str, record: dict[str, Any]) -> str:
    item = record.get("item") if isinstance(record.get("item"), dict) else {}
    source = item.get("eventSource") if isinstance(item.get("eventSource"), dict) else {}
    basic = item.get("basicInfo") if isinstance(item.get("basicInfo"), dict) else {}
    resource = basic.get("resource") if isinstance(basic.get("resource"), dict) else {}
    values = {"account": record.get("account") or "default", "kind": record.get("kind"),
              "eventType": source.get("eventType") or basic.get("msgType"),
              "source": source.get("sourceID") or resource.get("id"),
              "sourceName": source.get("sourceName") or resource.get("name"),
              "guid": record.get("guid") or record.get("journalKey")}
    return template.format_map({name: _level(value) for name, value in values.items()})


class MqttSink(Sink):
    """QoS 1 publishes through one paho client (its network thread), connected on first
    use and made anew after any failure."""

    batched = True

    def __init__(self, scheme: str, host: str, port: int, template: str) -> None:
        digest = hashlib.sha256(f"{scheme}://{host}:{port}\0{template}".encode()).hexdigest()
        super().__init__("mqtt", f"mqtt:{host}:{port}#{digest[:10]}")
        self.scheme, self.host, self.port = scheme, host, port
        self.template = template
        self._client: Any = None
        self._connected = threading.Event()
        self._refused: str | None = None
        self._lock = threading.Lock()

    def send(self, record: dict[str, Any]) -> None:
        self.send_many([record])

    def send_many(self, records: list[dict[str, Any]]) -> None:
        """Publish all, then wait for every PUBACK within the send deadline; the records
        acknowledged by then are delivered, the others fail (and are sent again later)."""
        deadline = time.monotonic() + SEND_DEADLINE_SECONDS
        with self._lock:
            client = self._ready(deadline)
            published = []
            for record in records:
                info = client.publish(topic_of(self.template, record), sink_document(record),
                                      qos=1)
                published.append((record["journalKey"], info))
            arrived = {key for key, info in published if _acknowledged(info, deadline)}
            if len(arrived) < len(published):
                self._reset()
                raise SinkError(f"mqtt broker {self.host}:{self.port} acknowledged "
                                f"{len(arrived)} of {len(published)} messages within "
                                f"{SEND_DEADLINE_SECONDS:g} s", delivered=frozenset(arrived))

    def _ready(self, deadline: float) -> Any:
        """The connected client (CONNACK received), or SinkError."""
        if self._client is not None and self._connected.is_set():
            return self._client
        self._reset()
        import paho.mqtt.client as mqtt

        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2,
                             client_id=f"hct-{uuid.uuid4().hex[:16]}", clean_session=True,
                             protocol=mqtt.MQTTv311)
        username = os.environ.get(ENV_MQTT_USERNAME) or None
        password = os.environ.get(ENV_MQTT_PASSWORD) or None
        register_secret(password)
        if username or password:
            client.username_pw_set(username, password)
        if self.scheme == "mqtts":
            client.tls_set(ca_certs=os.environ.get(ENV_MQTT_CA_FILE) or None,
                           certfile=os.environ.get(ENV_MQTT_CERT_FILE) or None,
                           keyfile=os.environ.get(ENV_MQTT_KEY_FILE) or None)
        client.max_inflight_messages_set(MQTT_INFLIGHT)
        client.connect_timeout = MQTT_CONNECT_SECONDS
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        self._refused = None
        try:
            client.connect(self.host, self.port, keepalive=MQTT_KEEPALIVE)
        except (OSError, ValueError) as error:
            raise SinkError(f"mqtt broker {self.host}:{self.port} unreachable: "
                            f"{type(error).__name__}") from None
        client.loop_start()
        self._client = client
        wait = min(MQTT_CONNECT_SECONDS, max(0.0, deadline - time.monotonic()))
        if not self._connected.wait(wait):
            refused = self._refused
            self._reset()
            raise SinkError(f"mqtt broker {self.host}:{self.port} "
                            + (f"refused the connection ({refused})" if refused else
                               f"did not accept the connection within {wait:g} s"))
        return client

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any,
                    properties: Any) -> None:
        if getattr(reason, "is_failure", False):
            self._refused = str(reason)
        else:
            self._connected.set()

    def _on_disconnect(self, client: Any, userdata: Any, flags: Any, reason: Any,
                       properties: Any) -> None:
        self._connected.clear()

    def _reset(self) -> None:
        """Drop the client (its unacknowledged messages are the journal's to resend)."""
        client, self._client = self._client, None
        self._connected.clear()
        if client is not None:
            client.loop_stop()
            with contextlib.suppress(Exception):  # already gone
                client.disconnect()


def _acknowledged(info: Any, deadline: float) -> bool:
    """Whether the broker's PUBACK for this publish came back before `deadline`."""
    try:
        info.wait_for_publish(max(0.0, deadline - time.monotonic()))
        return info.is_published()
    except (RuntimeError, ValueError):  # never queued: the connection had gone
        return False


def mqtt_sink(target: str, template: str | None) -> MqttSink:
    """`mqtt:mqtt://HOST:PORT` or `mqtt:mqtts://HOST:PORT`; no user, password, path or
    query in the URL (the credentials come from MQTT_USERNAME / MQTT_PASSWORD)."""
    from hct import cli, urls

    if not target:
        raise InvalidArgument("sink mqtt needs its broker: mqtt:mqtt://HOST:PORT (or mqtts://)")
    try:
        address = urls.parse(target, schemes=("mqtt", "mqtts"))
    except urls.UrlRefused as error:
        raise InvalidArgument(f"sink mqtt: {error} (credentials come from "
                              f"{ENV_MQTT_USERNAME} and {ENV_MQTT_PASSWORD})") from None
    if address.path.strip("/") or address.query:
        raise InvalidArgument("sink mqtt: give mqtt://HOST:PORT only (the topic is "
                              "--mqtt-topic)")
    for variable in (ENV_MQTT_CA_FILE, ENV_MQTT_CERT_FILE, ENV_MQTT_KEY_FILE):
        path = os.environ.get(variable)
        if path and not os.path.isfile(path):
            raise InvalidArgument(f"{variable}: no file at {path}")
    if os.environ.get(ENV_MQTT_PASSWORD) and address.scheme == "mqtt" and not address.loopback:
        cli.progress(f"Warning: mqtt:// sends {ENV_MQTT_PASSWORD} unencrypted to "
                     f"{address.host}; use mqtts:// for a broker on another machine.")
    return MqttSink(address.scheme, address.host, address.port, checked_topic(template))


# --- Redis Streams --------------------------------------------------------------------------
class RedisStreamSink(Sink):
    """XADD of each record to one stream (MAXLEN ~ bound), a claim in one round trip."""

    batched = True

    def __init__(self, address: Any, stream: str, maxlen: int) -> None:
        super().__init__("redis", f"redis:{address.host}:{address.port}/{address.database}/"
                                  f"{stream}")
        self.address = address
        self.stream = stream
        self.maxlen = maxlen
        self._client: Any = None

    def send(self, record: dict[str, Any]) -> None:
        self.send_many([record])

    def send_many(self, records: list[dict[str, Any]]) -> None:
        if self._client is None:
            self._client = self.address.client()
        try:
            pipe = self._client.pipeline(transaction=False)
            for record in records:
                pipe.xadd(self.stream, _stream_fields(record), maxlen=self.maxlen,
                          approximate=True)
            pipe.execute()
        except Exception as error:  # redis.RedisError, socket and ssl errors
            raise SinkError(f"redis stream {self.stream} at {self.address.host}:"
                            f"{self.address.port}: {type(error).__name__}") from None


def _stream_fields(record: dict[str, Any]) -> dict[str, str]:
    item = record.get("item") if isinstance(record.get("item"), dict) else {}
    source = item.get("eventSource") if isinstance(item.get("eventSource"), dict) else {}
    basic = item.get("basicInfo") if isinstance(item.get("basicInfo"), dict) else {}
    return {"guid": record.get("guid") or "", "journalKey": record["journalKey"],
            "account": record.get("account") or "", "kind": record.get("kind") or "",
            "eventType": str(source.get("eventType") or basic.get("msgType") or ""),
            "record": sink_document(record)}


def redis_sink(target: str) -> RedisStreamSink:
    """`redis:redis://HOST:PORT/DB?stream=NAME[&maxlen=N]`."""
    from hct.alarm.journal_redis import RedisAddress

    if not target:
        raise InvalidArgument("sink redis needs its server and stream: "
                              "redis:redis://HOST:PORT/DB?stream=NAME")
    address = RedisAddress(target, "sink redis")
    stream = address.query.get("stream", "")
    if not stream or len(stream) > STREAM_NAME_LIMIT or any(c.isspace() for c in stream):
        raise InvalidArgument("sink redis needs ?stream=NAME (no spaces, at most "
                              f"{STREAM_NAME_LIMIT} characters)")
    unknown = set(address.query) - {"stream", "maxlen"}
    if unknown:
        raise InvalidArgument(f"sink redis: unknown parameter(s) {', '.join(sorted(unknown))}"
                              "; the URL takes stream= and maxlen=")
    maxlen_text = address.query.get("maxlen", str(STREAM_MAXLEN))
    if not maxlen_text.isdigit() or not 1 <= int(maxlen_text) <= 100_000_000:
        raise InvalidArgument("sink redis: maxlen= takes 1 to 100000000")
    return RedisStreamSink(address, stream, int(maxlen_text))
