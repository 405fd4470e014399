"""Where journaled alarms go, and the delivery loop that takes them there from the journal.

A sink SPEC (CONTRACT.md): `jsonl:PATH`, `stdout`, `webhook:URL`, `openclaw:URL` (or just
`openclaw`: the local gateway of ~/.openclaw/openclaw.json), `feishu:URL`, `dingtalk:URL`,
`wecom:URL`, `slack:URL`, and the brokers of `sinks_broker.py`: `mqtt:mqtt://HOST:PORT`
(or mqtts://) and `redis:redis://HOST:PORT/DB?stream=NAME`. Secrets come from the
environment only:
`OPENCLAW_HOOKS_TOKEN` (else `hooks.token` of ~/.openclaw/openclaw.json),
`OPENCLAW_HOOKS_CHANNEL` + `OPENCLAW_HOOKS_TO`, `FEISHU_BOT_SECRET`, `DINGTALK_BOT_SECRET`.
Chat webhook URLs carry their own key, so a sink is named in the journal and in output by
its kind, host and a digest of the URL, never by the URL itself.

Each sink keeps its service's rate limit (Slack 1/s, DingTalk and WeCom 20/min, Feishu 5/s
and 100/min), and an HTTP send has an overall deadline (`SEND_DEADLINE_SECONDS`): a server
that trickles its answer a byte at a time is cut off, not waited for. How entries get from
the journal to the sinks is `delivery.py`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field

from hct import urls
from hct.errors import InvalidArgument
from hct.redact import register_secret, register_url_secrets, url_keys

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

    from hct.urls import Address

ENV_OPENCLAW_TOKEN = "OPENCLAW_HOOKS_TOKEN"
ENV_OPENCLAW_CHANNEL = "OPENCLAW_HOOKS_CHANNEL"
ENV_OPENCLAW_TO = "OPENCLAW_HOOKS_TO"
ENV_FEISHU_SECRET = "FEISHU_BOT_SECRET"
ENV_DINGTALK_SECRET = "DINGTALK_BOT_SECRET"
# Where `--sink KIND` alone takes the sink's URL (the URLs hold the keys: not in argv).
URL_VARIABLES = {"dingtalk": "DINGTALK_BOT_URL", "feishu": "FEISHU_BOT_URL",
                 "wecom": "WECOM_BOT_URL", "slack": "SLACK_WEBHOOK_URL",
                 "webhook": "ALARM_WEBHOOK_URL"}
KEYED_URLS = ("dingtalk", "feishu", "wecom", "slack")  # their URLs always carry the key
OPENCLAW_CONFIG = "~/.openclaw/openclaw.json"
SINK_KINDS = ("jsonl", "stdout", "webhook", "openclaw", "feishu", "dingtalk", "wecom", "slack",
              "mqtt", "redis")
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
SEND_DEADLINE_SECONDS = 15.0  # a whole send: connect, request, answer
OPENCLAW_MAX_BODY = 256 * 1024
FEISHU_MAX_BODY = 20 * 1024


class SinkError(Exception):
    """A failed send: `retry_after` (seconds, from the service) and `permanent` (no retry);
    `delivered`: the journal keys of a batch that did arrive before it failed."""

    def __init__(self, message: str, *, retry_after: float | None = None,
                 permanent: bool = False, delivered: frozenset[str] = frozenset()) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent
        self.delivered = delivered


class RateWindow:
    """At most `count` sends in any `seconds` (several windows may apply to one sink)."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count = count
        self.seconds = seconds
        self._sent: deque[float] = deque()

    def wait(self, now: float) -> float:
        while self._sent and now - self._sent[0] >= self.seconds:
            self._sent.popleft()
        if len(self._sent) < self.count:
            return 0.0
        return self._sent[0] + self.seconds - now

    def note(self, now: float) -> None:
        self._sent.append(now)


# --- signing recipes (chat-sinks.md) -------------------------------------------------------
def feishu_sign(secret: str, timestamp: str) -> str:
    """Feishu/Lark: HMAC-SHA256 keyed with `timestamp + "\\n" + secret` over an empty
    message, base64."""
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def dingtalk_sign(secret: str, timestamp_ms: str) -> str:
    """DingTalk: HMAC-SHA256 keyed with the secret over `timestamp + "\\n" + secret`, base64,
    URL-encoded (what goes into the `sign` query parameter)."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return urllib.parse.quote_plus(base64.b64encode(digest.digest()).decode())


# --- sinks ---------------------------------------------------------------------------------
@dataclass
class Sink:
    """One destination. `id` names it in the journal (no secret in it). A `batched` sink
    takes a whole claim at once (`send_many`), others one record at a time (`send`)."""

    kind: str
    id: str
    windows: list[RateWindow] = field(default_factory=list)
    paused_until: float = 0.0
    batched = False

    def send(self, record: dict[str, Any]) -> None:
        raise NotImplementedError

    def send_many(self, records: list[dict[str, Any]]) -> None:
        """Send every record; SinkError names in `delivered` those that arrived anyway."""
        raise NotImplementedError

    def already_has(self, key: str) -> bool | None:
        """Whether an earlier, unconfirmed attempt arrived (None: this sink cannot tell)."""
        return None

    def rate_wait(self, now: float) -> float:
        return max([window.wait(now) for window in self.windows] + [0.0])

    def note_sent(self, now: float) -> None:
        for window in self.windows:
            window.note(now)


def sink_document(record: dict[str, Any]) -> str:
    """The JSON of jsonl/stdout lines, MQTT payloads and Redis stream entries: the journal
    record plus its human text."""
    from hct.alarm.texts import format_record

    document = {**record, "text": format_record(record)}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def sink_line(record: dict[str, Any]) -> str:
    return sink_document(record) + "\n"


class JsonlSink(Sink):
    batched = True

    def __init__(self, path: str) -> None:
        self.path = os.path.abspath(os.path.expanduser(path))
        super().__init__("jsonl", f"jsonl:{self.path}")
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        self._lock = threading.Lock()

    def send(self, record: dict[str, Any]) -> None:
        self.send_many([record])

    def send_many(self, records: list[dict[str, Any]]) -> None:
        """All lines in one O_APPEND write and one fsync. A line torn by a crash mid-write
        is closed with a newline first, so that it never glues onto the next entry (readers
        skip a line that does not parse; its entry is written again)."""
        data = "".join(sink_line(record) for record in records).encode("utf-8")
        with self._lock:
            try:
                descriptor = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    size = os.fstat(descriptor).st_size
                    if size and os.pread(descriptor, 1, size - 1) != b"\n":
                        data = b"\n" + data
                    os.write(descriptor, data)
                    os.fsync(descriptor)
                finally:
                    os.close(descriptor)
            except OSError as error:
                raise SinkError(f"cannot write {self.path}: {error.strerror}") from None

    def already_has(self, key: str) -> bool | None:
        return key in self.already_has_many([key])

    def already_has_many(self, keys: list[str]) -> set[str]:
        """The keys among `keys` whose line is in the file (one pass over it). A line cut by
        a crash mid-write does not parse and does not count."""
        wanted, found = set(keys), set()
        try:
            with open(self.path, "rb") as handle:
                for line in handle:
                    if b'"journalKey"' not in line:
                        continue
                    try:
                        key = json.loads(line).get("journalKey")
                    except ValueError:
                        continue
                    if key in wanted:
                        found.add(key)
        except OSError:
            pass
        return found


class StdoutSink(Sink):
    batched = True

    def __init__(self) -> None:
        super().__init__("stdout", "stdout")
        self._lock = threading.Lock()

    def send(self, record: dict[str, Any]) -> None:
        self.send_many([record])

    def send_many(self, records: list[dict[str, Any]]) -> None:
        from hct.redact import redact

        with self._lock:
            sys.stdout.write(redact("".join(sink_line(record) for record in records)))
            sys.stdout.flush()


class HttpSink(Sink):
    """A JSON POST to a URL; subclasses shape the body and read the service's answer."""

    default_windows: tuple[tuple[int, float], ...] = ()

    def __init__(self, kind: str, address: Address) -> None:
        self.url = address.text
        digest = hashlib.sha256(self.url.encode()).hexdigest()[:10]
        super().__init__(kind, f"{kind}:{address.host}#{digest}",
                         [RateWindow(count, seconds) for count, seconds in self.default_windows])
        self._session = None
        self._lock = threading.Lock()

    def body(self, record: dict[str, Any]) -> dict[str, Any]:
        return {**record, "text": _text(record)}

    def target(self) -> str:
        return self.url

    def headers(self, record: dict[str, Any]) -> dict[str, str]:
        return {"Idempotency-Key": record["journalKey"]}

    def check_answer(self, status: int, document: Any) -> None:
        """Raise SinkError when a 2xx answer still says the message was refused."""

    def send(self, record: dict[str, Any]) -> None:
        import requests

        payload = json.dumps(self.body(record), ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", **self.headers(record)}
        from hct import transport

        seconds = SEND_DEADLINE_SECONDS
        with self._lock:
            if self._session is None:
                self._session = transport.session()
            # The timeouts bound each connect and each read; the deadline bounds the whole
            # send, answer included (a byte every few seconds satisfies every read timeout).
            try:
                with transport.deadline(seconds) as watch:
                    response = self._session.post(self.target(), data=payload, headers=headers,
                                                  timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                                                  allow_redirects=False)
            except requests.RequestException as error:
                if not watch.expired:
                    raise SinkError(f"{self.kind} unreachable: {type(error).__name__}") from None
            if watch.expired:  # what was parsed of a cut answer ("HTTP/1.1 200 O") is none
                raise SinkError(f"{self.kind} did not answer within {seconds:g} s")
        status = response.status_code
        try:
            document = response.json()
        except ValueError:
            document = response.text[:200]
        if status == 429:
            raise SinkError(f"{self.kind} rate limited (HTTP 429)",
                            retry_after=_retry_after(response, document))
        if status >= 500 or status == 408:
            raise SinkError(f"{self.kind} answered HTTP {status}")
        if not 200 <= status < 300:
            raise SinkError(f"{self.kind} refused the message (HTTP {status})", permanent=True)
        self.check_answer(status, document)


def _retry_after(response: Any, document: Any) -> float:
    header = response.headers.get("Retry-After")
    if header:
        try:
            return min(3600.0, max(0.5, float(header)))
        except ValueError:
            pass
    if isinstance(document, dict):  # Telegram style: parameters.retry_after
        retry = (document.get("parameters") or {}).get("retry_after")
        if isinstance(retry, (int, float)):
            return float(retry)
    return 60.0


def _text(record: dict[str, Any], limit: int = 4000) -> str:
    from hct.alarm.texts import format_record

    text = format_record(record)
    return text if len(text) <= limit else text[:limit - 1] + "…"


class WebhookSink(HttpSink):
    pass


class OpenClawSink(HttpSink):
    def __init__(self, address: Address, token: str, channel: str, to: str) -> None:
        super().__init__("openclaw", address)
        self._token = token
        self._channel = channel
        self._to = to

    def body(self, record: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {"message": _text(record, OPENCLAW_MAX_BODY // 2),
                                "name": "Hik-Connect alarm",
                                "idempotencyKey": record["journalKey"], "wakeMode": "now"}
        if self._channel and self._to:
            body.update(channel=self._channel, to=self._to, deliver=True)
        return body

    def headers(self, record: dict[str, Any]) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}",
                "Idempotency-Key": record["journalKey"]}

    def check_answer(self, status: int, document: Any) -> None:
        if isinstance(document, dict) and document.get("ok") is False:
            raise SinkError("openclaw did not admit the message", permanent=True)


class FeishuSink(HttpSink):
    default_windows = ((5, 1.0), (100, 60.0))

    def __init__(self, address: Address, secret: str) -> None:
        super().__init__("feishu", address)
        self._secret = secret

    def body(self, record: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {"msg_type": "text",
                                "content": {"text": _text(record, FEISHU_MAX_BODY // 4)}}
        if self._secret:
            stamp = str(int(time.time()))
            body.update(timestamp=stamp, sign=feishu_sign(self._secret, stamp))
        return body

    def headers(self, record: dict[str, Any]) -> dict[str, str]:
        return {}

    def check_answer(self, status: int, document: Any) -> None:
        code = document.get("code", document.get("StatusCode", 0)) \
            if isinstance(document, dict) else 0
        if code in (0, None):
            return
        if code == 11232:
            raise SinkError("feishu throttled the bot (11232)", retry_after=60.0)
        if code == 19021:
            raise SinkError("feishu rejected the signature (19021): check FEISHU_BOT_SECRET "
                            "and the clock")
        raise SinkError(f"feishu refused the message (code {code})", permanent=True)


class DingTalkSink(HttpSink):
    default_windows = ((20, 60.0),)

    def __init__(self, address: Address, secret: str) -> None:
        super().__init__("dingtalk", address)
        self._secret = secret

    def target(self) -> str:
        if not self._secret:
            return self.url
        stamp = str(int(time.time() * 1000))
        joiner = "&" if urllib.parse.urlsplit(self.url).query else "?"
        return (f"{self.url}{joiner}timestamp={stamp}"
                f"&sign={dingtalk_sign(self._secret, stamp)}")

    def body(self, record: dict[str, Any]) -> dict[str, Any]:
        return {"msgtype": "text", "text": {"content": _text(record)}}

    def headers(self, record: dict[str, Any]) -> dict[str, str]:
        return {}

    def check_answer(self, status: int, document: Any) -> None:
        _errcode_answer("dingtalk", document, throttled=(130101,))


class WeComSink(HttpSink):
    default_windows = ((20, 60.0),)

    def __init__(self, address: Address) -> None:
        super().__init__("wecom", address)

    def body(self, record: dict[str, Any]) -> dict[str, Any]:
        return {"msgtype": "text", "text": {"content": _text(record, 2000)}}

    def headers(self, record: dict[str, Any]) -> dict[str, str]:
        return {}

    def check_answer(self, status: int, document: Any) -> None:
        _errcode_answer("wecom", document, throttled=(45009,))


def _errcode_answer(kind: str, document: Any, throttled: tuple[int, ...]) -> None:
    code = document.get("errcode", 0) if isinstance(document, dict) else 0
    if code in (0, None):
        return
    if code in throttled:
        raise SinkError(f"{kind} throttled the robot ({code})", retry_after=60.0)
    raise SinkError(f"{kind} refused the message (errcode {code})", permanent=True)


class SlackSink(HttpSink):
    default_windows = ((1, 1.0),)

    def __init__(self, address: Address) -> None:
        super().__init__("slack", address)

    def body(self, record: dict[str, Any]) -> dict[str, Any]:
        return {"text": _text(record)}

    def headers(self, record: dict[str, Any]) -> dict[str, str]:
        return {}


# --- parsing SPECs -----------------------------------------------------------------------------
def _checked_url(kind: str, url: str, *, https_only: bool) -> Address:
    """The one check of a sink URL, read as the HTTP client sends it (hct.urls), and
    registered as a secret at once (it may carry the sink's key)."""
    register_url_secrets(url)
    try:
        return urls.http_url(url) if https_only else urls.parse(url)
    except urls.UrlRefused as error:
        raise InvalidArgument(f"sink {kind}: {error} (the URL is not shown: it may hold a "
                              "key)") from None


def _sink_url(kind: str, target: str) -> Address:
    """The URL of a sink: from the SPEC, or, for `--sink KIND` alone, from the kind's
    variable (URL_VARIABLES), so that no key needs to be on a command line. A key given on
    the command line still works, with a warning."""
    variable = URL_VARIABLES[kind]
    https_only = kind != "webhook"
    if not target:
        target = os.environ.get(variable, "").strip()
        if not target:
            raise InvalidArgument(f"sink {kind} needs its URL: set {variable} (or give "
                                  f"{kind}:URL, which other users of this machine can see)")
        return _checked_url(kind, target, https_only=https_only)
    address = _checked_url(kind, target, https_only=https_only)
    if kind in KEYED_URLS or url_keys(target):
        from hct import cli

        cli.progress(f"Warning: the {kind} sink's URL holds its key, and command lines are "
                     f"visible to other users of this machine: put the URL in {variable} and "
                     f"give --sink {kind}.")
    return address


def _read_openclaw(path: str) -> tuple[str, dict[str, Any]]:
    """("ok" | "missing" | "broken", document) of ~/.openclaw/openclaw.json; never raises."""
    try:
        with open(os.path.expanduser(path), encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        return "missing", {}
    except (OSError, ValueError):
        return "broken", {}
    return ("ok", document) if isinstance(document, dict) else ("broken", {})


def openclaw_settings(path: str = OPENCLAW_CONFIG) -> dict[str, Any]:
    """What ~/.openclaw/openclaw.json says about the hooks: port, token, enabled; {} for a
    missing or broken file (never an exception)."""
    _, document = _read_openclaw(path)
    gateway = document.get("gateway") if isinstance(document.get("gateway"), dict) else {}
    hooks = document.get("hooks") if isinstance(document.get("hooks"), dict) else {}
    return {"port": gateway.get("port"), "token": hooks.get("token"),
            "enabled": hooks.get("enabled")}


def openclaw_check(path: str = OPENCLAW_CONFIG) -> dict[str, Any]:
    """pre_check.py: is the OpenClaw hooks endpoint usable as a sink? Lists what is missing
    (the token itself is never shown)."""
    status, _ = _read_openclaw(path)
    settings = openclaw_settings(path)
    env_token = os.environ.get(ENV_OPENCLAW_TOKEN, "").strip()
    register_secret(env_token)
    register_secret(str(settings.get("token") or ""))
    port = settings.get("port")
    port_ok = isinstance(port, int) and not isinstance(port, bool) and 0 < port < 65536
    missing = []
    if status != "ok":
        missing.append(f"{path} ({status})")
    if not port_ok:
        missing.append("gateway.port")
    if settings.get("enabled") is not True:
        missing.append("hooks.enabled: true")
    if not (env_token or settings.get("token")):
        missing.append(f"hooks.token (or {ENV_OPENCLAW_TOKEN})")
    channel = os.environ.get(ENV_OPENCLAW_CHANNEL, "").strip()
    to = os.environ.get(ENV_OPENCLAW_TO, "").strip()
    if bool(channel) != bool(to):
        missing.append(ENV_OPENCLAW_TO if channel else ENV_OPENCLAW_CHANNEL)
    return {"file": os.path.expanduser(path), "fileStatus": status,
            "gatewayPort": port if port_ok else None, "hooksEnabled": settings.get("enabled"),
            "token": "environment" if env_token else ("file" if settings.get("token")
                                                      else "missing"),
            "hooksUrl": f"http://127.0.0.1:{port}/hooks/agent" if port_ok else None,
            "channel": channel or None, "to": to or None,
            "missing": missing, "ready": not missing}


def _openclaw_sink(target: str) -> OpenClawSink:
    """openclaw[:URL]. The hooks token of OpenClaw's own config goes only to that gateway's
    loopback port; any other URL takes https (http only to loopback) and a token given on
    purpose in OPENCLAW_HOOKS_TOKEN."""
    settings = openclaw_settings()
    gateway_port = settings.get("port")
    if not target:
        if not gateway_port:
            raise InvalidArgument("sink openclaw: give openclaw:URL or set gateway.port in "
                                  f"{OPENCLAW_CONFIG}")
        target = f"http://127.0.0.1:{gateway_port}/hooks/agent"
    address = _checked_url("openclaw", target, https_only=False)
    local = address.loopback and isinstance(gateway_port, int) and address.port == gateway_port
    if not local:
        _checked_url("openclaw", target, https_only=True)
    token = os.environ.get(ENV_OPENCLAW_TOKEN, "").strip() or (
        str(settings.get("token") or "") if local else "")
    if not token:
        raise InvalidArgument(
            f"sink openclaw needs {ENV_OPENCLAW_TOKEN} (or hooks.token in {OPENCLAW_CONFIG})"
            if local else f"sink openclaw: a URL other than the local gateway "
            f"(http://127.0.0.1:<gateway.port>) needs {ENV_OPENCLAW_TOKEN}; the token in "
            f"{OPENCLAW_CONFIG} is sent only to the local gateway")
    register_secret(token)
    channel = os.environ.get(ENV_OPENCLAW_CHANNEL, "").strip()
    to = os.environ.get(ENV_OPENCLAW_TO, "").strip()
    if bool(channel) != bool(to) or channel == "last":
        raise InvalidArgument(f"set both {ENV_OPENCLAW_CHANNEL} and {ENV_OPENCLAW_TO} "
                              "(channel 'last' is not accepted by /hooks/agent), or neither")
    return OpenClawSink(address, token, channel, to)


def _signing_secret(variable: str) -> str:
    secret = os.environ.get(variable, "").strip()
    register_secret(secret)
    return secret


def parse_sink(spec: str, mqtt_topic: str | None = None) -> Sink:
    """A Sink from its SPEC; InvalidArgument (exit 2) for a bad one or a missing secret.
    `mqtt_topic`: the topic template of mqtt sinks (--mqtt-topic)."""
    kind, _, target = spec.partition(":")
    kind, target = kind.strip().lower(), target.strip()
    if kind not in SINK_KINDS:
        raise InvalidArgument(f"unknown sink {kind!r}; use one of {', '.join(SINK_KINDS)}")
    if kind in ("mqtt", "redis"):
        from hct.alarm import sinks_broker

        if kind == "mqtt":
            return sinks_broker.mqtt_sink(target, mqtt_topic)
        return sinks_broker.redis_sink(target)
    if kind == "stdout":
        return StdoutSink()
    if kind == "jsonl":
        if not target:
            raise InvalidArgument("sink jsonl needs a path: jsonl:PATH")
        return JsonlSink(target)
    if kind == "openclaw":
        return _openclaw_sink(target)
    address = _sink_url(kind, target)
    if kind == "webhook":
        return WebhookSink("webhook", address)
    if kind == "feishu":
        return FeishuSink(address, _signing_secret(ENV_FEISHU_SECRET))
    if kind == "dingtalk":
        return DingTalkSink(address, _signing_secret(ENV_DINGTALK_SECRET))
    if kind == "wecom":
        return WeComSink(address)
    return SlackSink(address)


def parse_sinks(specs: list[str] | None, mqtt_topic: str | None = None) -> list[Sink]:
    if mqtt_topic is not None and not any(
            spec.strip().lower().startswith("mqtt:") for spec in specs or []):
        raise InvalidArgument("--mqtt-topic is for mqtt sinks: give --sink mqtt:mqtt://HOST:PORT")
    sinks = [parse_sink(spec, mqtt_topic) for spec in specs or []]
    ids = [sink.id for sink in sinks]
    if len(set(ids)) != len(ids):
        raise InvalidArgument("the same sink is given twice")
    return sinks
