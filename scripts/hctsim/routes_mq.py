"""Guide 5.3.1 (alarm queue), 5.4.1 (message queue) and the V2.15 webhook push.

Queues (one per kind, per simulator):
- `.../mq/subscribe` turns the subscription on or off. Alarms: `subscribeType` (Integer 0/1),
  `subscribeMode` (Integer 0 all types / 1 the `eventType` list, Integer[]). Messages:
  `subscribeType` and `msgType` (String[], Req.; empty = every type). Only events raised while
  subscribed (and matching the filter) are queued.
- A subscription lapses when its queue is not pulled for `LAPSE_SECONDS` of simulated time
  (the guide's 2 days; `sim.advance` moves the clock, `POST /__sim__/mq/lapse` sets the idle
  time or lapses a queue at once): its queue is dropped and every call answers OPEN000016
  until it is subscribed again, as on the platform.
- `.../mq/messages` answers `{"batchId", "remainingNumber", "alarmMsg"|"event"}`. A batch
  that is not completed is answered again, same batchId and items ("Without confirming, you
  will get the same data continuously"). `maxNumberPerTime` (alarms only): 100, 200, 300
  (default), 400 or 500, else OPEN000010; a String there is OPEN000008. Not subscribed:
  OPEN000016. An empty queue answers a fresh batchId (the field profile's switch
  `empty_batch_id`: "0"), remainingNumber 0 and no items.
- `.../mq/messages/complete` with the current batchId removes the batch; any other batchId
  is OPEN000012 (unknown or already completed).

Webhook push (`webhook/v1/config/save|query|delete`): `save` validates the body (callbackUrl
https, or http on a loopback host for tests; at most 256 characters; retryTimes -1..5;
retryDelay ms; signSecret 8-32 letters and digits), then performs the GET handshake against
the URL (X-Hook-Batch-Id, X-Hook-Timestamp; the answer must be 200 with the right
X-Hook-Signature), else CCF000001. While a webhook is saved, subscribed events are pushed
(signed POSTs from a background thread, items tagged `"type": "alarm"` or `"event"`) instead
of queued; a push that is not answered 2xx within 5 s is retried per retryTimes/retryDelay
(-1: for up to 2 hours), then dropped.

Admin (`/__sim__/`): `POST mq/raise` {"kind": "alarm"|"message", "count", "eventType",
"msgType", "withPicture"} raises events (returns their guids/uuids); `POST mq/lapse`
{"kind"} lapses that subscription now, {"idleSeconds": N} sets the idle time after which
subscriptions lapse; `GET mq/state` the queue sizes and subscriptions; `GET webhook/pushes`
every push attempt.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import queue
import re
import secrets
import threading
import time
from collections import deque
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from hctsim.core import AdminError, ApiError, Sim, admin_route, route

ALARM = "alarm"
MESSAGE = "message"
PATHS = {ALARM: "/api/hccgw/alarm/v1/mq", MESSAGE: "/api/hccgw/rawmsg/v1/mq"}
LIST_KEYS = {ALARM: "alarmMsg", MESSAGE: "event"}
BATCH_SIZES = (100, 200, 300, 400, 500)
DEFAULT_BATCH = 300
MAX_BATCH_ID = 256
PUSH_BATCH = 100
PUSH_TIMEOUT = 5.0
ALARM_FILE_SECONDS = 15 * 60
RETRY_FOREVER_SECONDS = 2 * 3600
LAPSE_SECONDS = 2 * 86400  # "not pulled for 2 days" (guide 4.2/4.4)
_SIGN_SECRET = re.compile(r"[A-Za-z0-9]{8,32}\Z")

# (eventType, main category, sub category, source kind): rows of the guide's A.1.4 / A.1.1.
ALARM_KINDS = (
    (10002, "alarmCategoryVideo", "alarmSubCategoryCamera", "camera"),      # Motion Detection
    (10001, "alarmCategoryVideo", "alarmSubCategoryCamera", "camera"),      # Video Tampering
    (10100, "alarmCategoryVideo", "alarmSubCategoryCamera", "camera"),      # Line Crossing
    (10103, "alarmCategoryVideo", "alarmSubCategoryCamera", "camera"),      # Intrusion
    (50000, "alarmCategoryAlarmDetection", "alarmSubCategoryAlarmInput", "alarmInput"),
    (10000, "alarmCategoryMaintenance", "alarmSubCategoryCamera", "camera"),  # Video Loss
)
MESSAGE_TYPES = ("Msg330001", "Msg330101", "Msg140001")


class Queue:
    def __init__(self) -> None:
        self.subscribed = False
        self.filter: set[Any] | None = None  # None: every type
        self.items: deque[dict[str, Any]] = deque()
        self.batch: tuple[str, list[dict[str, Any]]] | None = None  # delivered, not completed
        self.pulled_at = 0.0  # simulated time of the last pull (or of the subscribe)

    def cancel(self) -> None:
        self.subscribed = False
        self.filter = None
        self.items.clear()
        self.batch = None


class MqState:
    def __init__(self) -> None:
        self.queues = {ALARM: Queue(), MESSAGE: Queue()}
        self.webhook: dict[str, Any] | None = None
        self.pushes: list[dict[str, Any]] = []
        self.outbox: queue.Queue[tuple[str, list[dict[str, Any]]]] = queue.Queue()
        self.pusher: threading.Thread | None = None
        self.sequence = 0
        self.lapse_seconds: float = LAPSE_SECONDS
        self.lapses = 0

    def lapse_idle(self, now: float) -> None:
        """Cancel the subscriptions whose queue was not pulled for `lapse_seconds`."""
        for state in self.queues.values():
            if state.subscribed and now - state.pulled_at > self.lapse_seconds:
                state.cancel()
                self.lapses += 1


def _state(sim: Sim) -> MqState:
    return sim.store("mq", MqState)


def _new_batch_id() -> str:
    return secrets.token_hex(48)  # the guide's batchIds are 96 hex digits


# --- subscribe ---------------------------------------------------------------------------------
def _subscribe_type(sim: Sim, body: Any) -> int:
    value = sim.require(body, "subscribeType", int)
    if value not in (0, 1):
        raise ApiError("OPEN000010", "subscribeType must be 0 or 1.")
    return value


@route("POST", PATHS[ALARM] + "/subscribe")
def alarm_subscribe(sim: Sim, body: Any, request: Any) -> None:
    subscribe = _subscribe_type(sim, body)
    mode = sim.require(body, "subscribeMode", int)
    if mode not in (0, 1):
        raise ApiError("OPEN000010", "subscribeMode must be 0 or 1.")
    types = sim.optional(body, "eventType", list, default=[])
    if any(isinstance(code, bool) or not isinstance(code, int) for code in types):
        raise ApiError("OPEN000008", "eventType must be Integer[].")
    if subscribe and mode == 1 and not types:
        raise ApiError("OPEN000010", "subscribeMode 1 needs eventType.")
    _set_subscription(sim, ALARM, bool(subscribe), set(types) if mode == 1 else None)


@route("POST", PATHS[MESSAGE] + "/subscribe")
def message_subscribe(sim: Sim, body: Any, request: Any) -> None:
    subscribe = _subscribe_type(sim, body)
    types = sim.require(body, "msgType", list)  # Req. (an empty list: every type)
    if any(not isinstance(code, str) for code in types):
        raise ApiError("OPEN000008", "msgType must be String[].")
    _set_subscription(sim, MESSAGE, bool(subscribe), set(types) or None)


def _set_subscription(sim: Sim, kind: str, on: bool, types: set[Any] | None) -> None:
    with sim.lock:
        state = _state(sim).queues[kind]
        if not on:
            state.cancel()
            return
        state.subscribed = True
        state.filter = types
        state.pulled_at = sim.now()


# --- messages / complete -----------------------------------------------------------------------
def _messages(sim: Sim, kind: str, size: int) -> dict[str, Any]:
    with sim.lock:
        mq = _state(sim)
        mq.lapse_idle(sim.now())
        state = mq.queues[kind]
        if not state.subscribed:
            raise ApiError("OPEN000016")
        state.pulled_at = sim.now()
        if state.batch is None and state.items:
            taken = [state.items.popleft() for _ in range(min(size, len(state.items)))]
            state.batch = (_new_batch_id(), taken)
        if state.batch is None:
            empty_id = sim.behaviour.empty_batch_id or _new_batch_id()
            return {"batchId": empty_id, "remainingNumber": 0, LIST_KEYS[kind]: []}
        batch_id, items = state.batch
        return {"batchId": batch_id, "remainingNumber": len(state.items),
                LIST_KEYS[kind]: items}


@route("POST", PATHS[ALARM] + "/messages")
def alarm_messages(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    size = sim.optional(body, "maxNumberPerTime", int, default=DEFAULT_BATCH)
    if size not in BATCH_SIZES:
        raise ApiError("OPEN000010", "maxNumberPerTime must be 100, 200, 300, 400 or 500.")
    return _messages(sim, ALARM, size)


@route("POST", PATHS[MESSAGE] + "/messages")
def message_messages(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    return _messages(sim, MESSAGE, DEFAULT_BATCH)  # the guide gives this API no parameters


def _complete(sim: Sim, kind: str, body: Any) -> None:
    batch_id = sim.require(body, "batchId", str)
    if len(batch_id) > MAX_BATCH_ID:
        raise ApiError("OPEN000010", "batchId is at most 256 characters.")
    with sim.lock:
        state = _state(sim).queues[kind]
        if state.batch is None or state.batch[0] != batch_id:
            raise ApiError("OPEN000012")
        state.batch = None


@route("POST", PATHS[ALARM] + "/messages/complete")
def alarm_complete(sim: Sim, body: Any, request: Any) -> None:
    _complete(sim, ALARM, body)


@route("POST", PATHS[MESSAGE] + "/messages/complete")
def message_complete(sim: Sim, body: Any, request: Any) -> None:
    _complete(sim, MESSAGE, body)


# --- building events ---------------------------------------------------------------------------
def _iso_utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso_local(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _channels(sim: Sim, kind: str) -> list[dict[str, Any]]:
    return [channel for channel in sim.world.channels(kind)] or [
        {"id": sim.world.new_id(), "name": "Camera 01", "deviceId": "", "areaId": ""}]


def build_alarm(sim: Sim, number: int, event_type: int | None = None,
                with_picture: bool = False) -> dict[str, Any]:
    """One AlarmMsg (A.3.20) from a camera or alarm input of the demo world."""
    row = next((kind for kind in ALARM_KINDS if kind[0] == event_type), None) or \
        ALARM_KINDS[number % len(ALARM_KINDS)]
    code, main, sub, source_kind = row
    if event_type is not None:
        code = event_type
    channels = _channels(sim, source_kind)
    channel = channels[number % len(channels)]
    device = sim.world.device_by_id.get(channel.get("deviceId"), {})
    area = sim.world.area_by_id.get(channel.get("areaId") or device.get("areaId"), {})
    moment = datetime.fromtimestamp(sim.now(), timezone.utc).replace(microsecond=0)
    local = moment.astimezone(timezone(timedelta(hours=1)))  # the device's own zone
    alarm: dict[str, Any] = {
        "systemId": sim.store("system.guid", sim.world.new_id), "guid": sim.world.new_id(),
        "dataRetransmission": 1, "msgType": "1", "alarmState": "1", "pulseAlarm": "0",
        "alarmMainCategory": main, "alarmSubCategory": sub,
        "timeInfo": {"startTime": _iso_utc(moment), "startTimeLocal": _iso_local(local),
                     "endTime": _iso_utc(moment), "endTimeLocal": _iso_local(local)},
        "eventSource": {"eventType": str(code), "sourceID": channel["id"],
                        "sourceName": channel.get("name", ""), "sourceType": source_kind,
                        "areaID": area.get("id", ""), "areaName": area.get("name", ""),
                        "deviceInfo": {"devID": device.get("id", ""),
                                       "devName": device.get("name", ""),
                                       "devCategory": device.get("category", ""),
                                       "deviceSerial": device.get("serialNo", "")}},
        "alarmRule": {"id": str(1640597519769669632 + code), "name": f"Rule {code}",
                      "description": ""},
        "alarmPriority": {"id": "0545620a6ed24fdda0673188e334b561", "level": "1",
                          "levelName": "High", "color": "#F40B0B"},
        "markState": "0", "affirmedState": "0", "linkageTypes": [], "linkageConfig": {},
    }
    if with_picture and device:
        # A real picture on the simulator's storage host (routes_capture): a pre-signed URL
        # valid 15 minutes, as the guide says of AlarmFile.URL; encrypted like the device's.
        from hctsim.routes_capture import _publish

        url = _publish(sim, "alarm", device, channel, ALARM_FILE_SECONDS)
        alarm["fileInfo"] = {"fileContent": "1", "file": [{
            "type": "1", "URL": url, "saveState": "0", "generationMode": "1",
            "encrypted": "1" if device.get("streamEncrypt") else "0"}]}
    return alarm


def build_message(sim: Sim, number: int, msg_type: str | None = None) -> dict[str, Any]:
    """One Event(1) (A.3.91) with BasicInfo(1)."""
    code = msg_type or MESSAGE_TYPES[number % len(MESSAGE_TYPES)]
    channels = _channels(sim, "camera")
    channel = channels[number % len(channels)]
    device = sim.world.device_by_id.get(channel.get("deviceId"), {})
    area = sim.world.area_by_id.get(channel.get("areaId") or device.get("areaId"), {})
    moment = datetime.fromtimestamp(sim.now(), timezone.utc).replace(microsecond=0)
    return {"uuid": sim.world.new_id(), "update": False,
            "basicInfo": {"occurrenceTime": _iso_local(moment),
                          "systemId": sim.store("system.guid", sim.world.new_id),
                          "msgType": code,
                          "resource": {"id": channel["id"], "name": channel.get("name", ""),
                                       "areaName": area.get("name", "")},
                          "device": {"id": device.get("id", ""), "name": device.get("name", ""),
                                     "category": device.get("category", "")}},
            "picture": [], "video": [], "data": {}}


def _wanted(state: Queue, kind: str, item: dict[str, Any]) -> bool:
    if not state.subscribed:
        return False
    if state.filter is None:
        return True
    if kind == ALARM:
        return int(item["eventSource"]["eventType"]) in state.filter
    return item["basicInfo"]["msgType"] in state.filter


def raise_events(sim: Sim, kind: str, count: int, *, event_type: int | None = None,
                 msg_type: str | None = None, with_picture: bool = False) -> dict[str, Any]:
    """Raise `count` events: queued, or pushed when a webhook is saved; unsubscribed ones
    are dropped as on the platform."""
    mq = _state(sim)
    with sim.lock:
        built = []
        for _ in range(count):
            mq.sequence += 1
            built.append(build_alarm(sim, mq.sequence, event_type, with_picture)
                         if kind == ALARM else build_message(sim, mq.sequence, msg_type))
        if mq.webhook is None:
            mq.lapse_idle(sim.now())  # pushes keep a subscription alive; a queue must be pulled
        state = mq.queues[kind]
        wanted = [item for item in built if _wanted(state, kind, item)]
        pushing = mq.webhook is not None
        if not pushing:
            state.items.extend(wanted)
    if pushing and wanted:
        tag = "alarm" if kind == ALARM else "event"
        for start in range(0, len(wanted), PUSH_BATCH):
            chunk = [{**item, "type": tag} for item in wanted[start:start + PUSH_BATCH]]
            mq.outbox.put((secrets.token_hex(16), chunk))
        _ensure_pusher(sim, mq)
    key = "guid" if kind == ALARM else "uuid"
    return {"raised": count, "accepted": len(wanted), "mode": "push" if pushing else "queue",
            "ids": [item[key] for item in wanted]}


# --- webhook configuration ---------------------------------------------------------------------
def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def _sign(secret: str, timestamp: str, batch_id: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.{batch_id}".encode(), hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def _handshake(url: str, secret: str) -> bool:
    """The GET the platform sends when a webhook is saved; True when it was answered right."""
    import requests

    batch_id, stamp = secrets.token_hex(16), str(int(time.time() * 1000))
    try:
        answer = requests.get(url, headers={"X-Hook-Batch-Id": batch_id,
                                            "X-Hook-Timestamp": stamp},
                              timeout=PUSH_TIMEOUT, allow_redirects=False)
    except requests.RequestException:
        return False
    expected = _sign(secret, stamp, batch_id)
    return answer.status_code == 200 and hmac.compare_digest(
        answer.headers.get("X-Hook-Signature", ""), expected)


@route("POST", "/api/hccgw/webhook/v1/config/save")
def webhook_save(sim: Sim, body: Any, request: Any) -> None:
    url = sim.require(body, "callbackUrl", str)
    retry_times = sim.optional(body, "retryTimes", int, default=3)
    retry_delay = sim.optional(body, "retryDelay", int, default=1000)
    sign_secret = sim.optional(body, "signSecret", str, default="")
    parts = urlsplit(url)
    if len(url) > 256 or not parts.hostname or not (
            parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(parts.hostname))):
        raise ApiError("CCF000001", "callbackUrl must be an https URL of at most 256 characters.")
    if not -1 <= retry_times <= 5:
        raise ApiError("OPEN000010", "retryTimes must be from -1 to 5.")
    if retry_delay < 0:
        raise ApiError("OPEN000010", "retryDelay must be >= 0 milliseconds.")
    if sign_secret and not _SIGN_SECRET.match(sign_secret):
        raise ApiError("OPEN000010", "signSecret must be 8-32 letters and digits.")
    secret = sign_secret or sim.secret_key  # an empty signSecret: the account's secret key
    if not _handshake(url, secret):
        raise ApiError("CCF000001", "The callback URL did not pass the signature check.")
    with sim.lock:
        _state(sim).webhook = {"callbackUrl": url, "retryTimes": retry_times,
                               "retryDelay": retry_delay, "secret": secret}


@route("POST", "/api/hccgw/webhook/v1/config/query")
def webhook_query(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """The saved configuration (never the secret); `{}` when none is saved."""
    with sim.lock:
        config = _state(sim).webhook
    if config is None:
        return {}
    return {key: config[key] for key in ("callbackUrl", "retryTimes", "retryDelay")}


@route("POST", "/api/hccgw/webhook/v1/config/delete")
def webhook_delete(sim: Sim, body: Any, request: Any) -> None:
    with sim.lock:
        _state(sim).webhook = None


# --- pushing -----------------------------------------------------------------------------------
def _ensure_pusher(sim: Sim, mq: MqState) -> None:
    with sim.lock:
        if mq.pusher is not None and mq.pusher.is_alive():
            return
        mq.pusher = threading.Thread(target=_push_loop, args=(sim, mq), name="hct-sim-push",
                                     daemon=True)
        mq.pusher.start()


def _push_loop(sim: Sim, mq: MqState) -> None:
    """Send queued batches one after the other; the thread ends when the outbox is empty."""
    import requests

    session = requests.Session()
    while True:
        try:
            batch_id, items = mq.outbox.get(timeout=0.5)
        except queue.Empty:
            with sim.lock:
                if mq.outbox.empty():
                    mq.pusher = None
                    return
            continue
        _push_with_retries(sim, mq, session, batch_id, items)


def _push_with_retries(sim: Sim, mq: MqState, session: Any, batch_id: str,
                       items: list[dict[str, Any]]) -> None:
    import json

    import requests

    started = time.monotonic()
    attempt = 0
    body = json.dumps({"batchId": batch_id, "list": items}, ensure_ascii=False).encode()
    while True:
        with sim.lock:
            config = dict(mq.webhook) if mq.webhook else None
        if config is None:
            return  # the webhook was deleted: pushes stop
        attempt += 1
        stamp = str(int(time.time() * 1000))
        headers = {"Content-Type": "application/json", "X-Hook-Batch-Id": batch_id,
                   "X-Hook-Timestamp": stamp,
                   "X-Hook-Signature": _sign(config["secret"], stamp, batch_id)}
        record: dict[str, Any] = {"batchId": batch_id, "attempt": attempt, "count": len(items),
                                  "time": time.time(), "status": None, "error": None}
        try:
            answer = session.post(config["callbackUrl"], data=body, headers=headers,
                                  timeout=PUSH_TIMEOUT, allow_redirects=False)
            record["status"] = answer.status_code
            ok = 200 <= answer.status_code < 300
        except requests.RequestException as error:
            record["error"] = type(error).__name__
            ok = False
        with sim.lock:
            mq.pushes.append(record)
        if ok:
            return
        retries = config["retryTimes"]
        if retries >= 0 and attempt > retries:
            return  # dropped after the retries (the vendor keeps them a month)
        if retries < 0 and time.monotonic() - started > RETRY_FOREVER_SECONDS:
            return
        time.sleep(config["retryDelay"] / 1000.0)


# --- admin ---------------------------------------------------------------------------------------
@admin_route("POST", "mq/raise")
def admin_raise(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    kind = body.get("kind", ALARM)
    if kind not in (ALARM, MESSAGE):
        raise AdminError("kind must be alarm or message")
    count = body.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 100000:
        raise AdminError("count must be an integer from 1 to 100000")
    event_type = body.get("eventType")
    if event_type is not None and (isinstance(event_type, bool) or not isinstance(event_type,
                                                                                  int)):
        raise AdminError("eventType must be an integer")
    return raise_events(sim, kind, count, event_type=event_type,
                        msg_type=body.get("msgType"),
                        with_picture=bool(body.get("withPicture")))


@admin_route("POST", "mq/lapse")
def admin_lapse(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    """{"kind": "alarm"|"message"}: lapse that subscription now; {"idleSeconds": N}: the idle
    time after which subscriptions lapse (both may be given)."""
    kind = body.get("kind")
    idle = body.get("idleSeconds")
    if kind is not None and kind not in (ALARM, MESSAGE):
        raise AdminError("kind must be alarm or message")
    if idle is not None and (isinstance(idle, bool) or not isinstance(idle, (int, float))
                             or idle < 0):
        raise AdminError("idleSeconds must be a number >= 0")
    if kind is None and idle is None:
        raise AdminError("give kind, idleSeconds or both")
    with sim.lock:
        mq = _state(sim)
        if idle is not None:
            mq.lapse_seconds = float(idle)
        if kind is not None and mq.queues[kind].subscribed:
            mq.queues[kind].cancel()
            mq.lapses += 1
        return {"lapseSeconds": mq.lapse_seconds, "lapses": mq.lapses}


@admin_route("GET", "mq/state")
def admin_state(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    with sim.lock:
        mq = _state(sim)
        return {kind: {"subscribed": state.subscribed,
                       "filter": sorted(state.filter, key=str) if state.filter else None,
                       "queued": len(state.items),
                       "unconfirmed": len(state.batch[1]) if state.batch else 0}
                for kind, state in mq.queues.items()} | {
            "webhook": webhook_query(sim, {}, request) or None, "lapses": mq.lapses,
            "lapseSeconds": mq.lapse_seconds}


@admin_route("GET", "webhook/pushes")
def admin_pushes(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    with sim.lock:
        mq = _state(sim)
        return {"pushes": list(mq.pushes), "outbox": mq.outbox.qsize()}
