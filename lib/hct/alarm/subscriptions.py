"""Webhook push configuration (V2.15.0) and event subscriptions (guide 5.3.1 and 5.4.1).

Webhook: `webhook/v1/config/query|save|delete` (one configuration per account). `save`
checks everything before the request: an https callback URL of at most 256 characters
(plain http only to a loopback host, and only while the pack itself talks to a loopback
simulator), a signing secret of 8-32 letters and digits, retries -1..5, a delay >= 0 ms.
The signing secret is registered with `hct.redact` and never echoed.

Subscriptions: `alarm/v1/mq/subscribe` (subscribeType, subscribeMode, eventType as an
Integer[] of A.1.4 codes) and `rawmsg/v1/mq/subscribe` (subscribeType, msgType as a
String[] of A.1.6 codes). The guide has no API that tells what is subscribed, so every
successful (un)subscribe is remembered in a 0600 file under the cache directory, one per
account (`subscriptions-<digest>.json`), and `query` reports that memory and says so. The
poller renews a lapsed subscription from it (`renew_subscription`).
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import os
import re
import time

from hct import cli, config, store, urls
from hct.alarm import event_types
from hct.errors import EXIT_NETWORK, HCTError, InvalidArgument
from hct.redact import register_secret

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

WEBHOOK_QUERY = "/api/hccgw/webhook/v1/config/query"
WEBHOOK_SAVE = "/api/hccgw/webhook/v1/config/save"
WEBHOOK_DELETE = "/api/hccgw/webhook/v1/config/delete"
ALARM_SUBSCRIBE = "/api/hccgw/alarm/v1/mq/subscribe"
MESSAGE_SUBSCRIBE = "/api/hccgw/rawmsg/v1/mq/subscribe"
SUBSCRIBE_PATHS = {event_types.ALARM: ALARM_SUBSCRIBE, event_types.MESSAGE: MESSAGE_SUBSCRIBE}

ENV_SIGN_SECRET = "HIK_SIGN_SECRET"
MAX_URL_LENGTH = 256
RETRIES_MIN, RETRIES_MAX = -1, 5
LAPSE_SECONDS = 2 * 86400
_SECRET = re.compile(r"[A-Za-z0-9]{8,32}\Z")
PUSH_WARNING = (
    "Push mode: once a webhook is configured, the polling APIs (alarm_poller.py, "
    "alarm/v1/mq/messages and rawmsg/v1/mq/messages) may stop receiving, and switching back "
    "to polling needs the vendor's support. The callback must answer GET (handshake) and "
    "POST with 2xx within 5 seconds.")
MEMORY_SOURCE = (
    "local memory: what this pack last sent from this machine for this account (the "
    "platform has no API to read subscriptions back). A subscription lapses when nothing is "
    "pulled for 2 days (guide 4.2/4.4), and other tools may have changed it.")


# ---- webhook configuration -------------------------------------------------------------

def sign_secret(text: str) -> str:
    """argparse type: 8-32 letters and digits (registered as a secret at once)."""
    register_secret(text)
    if not _SECRET.match(text):
        raise argparse.ArgumentTypeError(
            "the signing secret must be 8-32 letters and digits (value not shown)")
    return text


def checked_callback_url(url: str) -> str:
    """The callback URL the platform will call: https, at most 256 characters; plain http
    only to a loopback host and only when the pack talks to a loopback simulator (a real
    platform cannot reach this machine's loopback, and it requires https)."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise InvalidArgument(f"--url has {len(url)} characters; the platform allows at most "
                              f"{MAX_URL_LENGTH}.")
    try:
        address = urls.http_url(url)
    except urls.UrlRefused as refused:
        raise InvalidArgument(f"--url: {refused}.") from None
    if "#" in url:
        raise InvalidArgument("--url must not have a #fragment.")
    if address.scheme == "http" and not urls.parse(config.base_url()).loopback:
        raise InvalidArgument("--url: http:// is accepted only for a loopback callback while "
                              f"{config.ENV_BASE_URL} is a loopback simulator; the platform "
                              "needs an https:// URL it can reach.")
    return url


def webhook_body(url: str, secret: str | None, retries: int | None,
                 delay: int | None) -> dict[str, Any]:
    """The save body with the V2.15 field names: callbackUrl, retryTimes, retryDelay (ms),
    signSecret (omitted: the platform signs with the account's secretKey)."""
    body: dict[str, Any] = {"callbackUrl": checked_callback_url(url)}
    if retries is not None:
        body["retryTimes"] = retries
    if delay is not None:
        body["retryDelay"] = delay
    if secret:
        body["signSecret"] = secret
    return body


def signing_secret(account: str | None, given: str | None = None) -> str | None:
    """The signSecret of `account`'s webhook (None: the default account), as
    webhook_manager.py saves it and webhook_server.py checks it: `given` (--secret), else
    the account's `signSecret` / `signSecretEnv` in the accounts file, else HIK_SIGN_SECRET;
    None when none is set (the platform then signs with the account's secretKey)."""
    from hct import accounts

    if given:
        return given
    if account:
        value = accounts.sign_secret(account)
        if value:
            return _checked_secret(value, f"the signing secret of account {account!r}")
    value = os.environ.get(ENV_SIGN_SECRET, "").strip()
    return _checked_secret(value, ENV_SIGN_SECRET) if value else None


def receiving_secret(account: str | None, given: str | None = None) -> str:
    """The secret a receiver checks `account`'s pushes with: `signing_secret`, else the
    account's secretKey (what the platform signs with when no signSecret was saved)."""
    from hct import accounts

    secret = signing_secret(account, given)
    if secret:
        return secret
    if account:
        return accounts.load(account).credentials.secret_key
    return config.load_credentials().secret_key


def _checked_secret(value: str, where: str) -> str:
    try:
        return sign_secret(value)
    except argparse.ArgumentTypeError as error:
        raise InvalidArgument(f"{where}: {error}") from None


def callback_url(args: argparse.Namespace) -> str:
    """--url as given, or --public-url (the receiver's address of its --path) followed by
    `/<account>` for a named account: the path webhook_server.py serves that account at."""
    from hct import accounts

    if args.url:
        return args.url
    account = accounts.selected_name()
    base = args.public_url.strip().rstrip("/")
    return f"{base}/{account}" if account else base


def _public(config_data: Any) -> dict[str, Any]:
    """The platform's webhook config without anything secret, plus `configured`."""
    data = dict(config_data) if isinstance(config_data, dict) else {}
    hidden = [key for key in data if "secret" in key.lower()]
    for key in hidden:
        register_secret(str(data.pop(key) or ""))
    data["configured"] = bool(data.get("callbackUrl"))
    return data


def query_webhook(client: Any) -> cli.Result:
    data = _public(client.post(WEBHOOK_QUERY))
    if not data["configured"]:
        return cli.Result("No webhook is configured (alarms and messages are pulled).", data)
    return cli.Result(f"Webhook configured: {data['callbackUrl']}.", data)


def save_webhook(client: Any, args: argparse.Namespace) -> cli.Result:
    """config/save after every check (the platform then sends its GET handshake)."""
    from hct import accounts

    secret = signing_secret(accounts.selected_name(), args.secret)
    body = webhook_body(callback_url(args), secret, args.retries, args.delay)
    cli.progress(f"Warning: {PUSH_WARNING}")
    client.post(WEBHOOK_SAVE, body)
    data: dict[str, Any] = {key: body[key] for key in ("callbackUrl", "retryTimes",
                                                       "retryDelay") if key in body}
    data["signSecret"] = ("set (not shown)" if secret else
                          "not set: the platform signs pushes with the account's secretKey")
    if accounts.selected_name():
        data["account"] = accounts.selected_name()
    data["warning"] = PUSH_WARNING
    data["next"] = ("Subscribe with event_manager.py subscribe --kind alarm|message; pushes "
                    "then go to the callback URL.")
    return cli.Result(f"Webhook saved: the platform will push to {body['callbackUrl']}.", data)


def delete_webhook(client: Any, args: argparse.Namespace) -> cli.Result:
    if not args.yes:
        result = cli.dry_run("would delete the account's webhook configuration "
                             "(pushes stop).", {"path": WEBHOOK_DELETE})
        result.data["current"] = _public(client.post(WEBHOOK_QUERY))
        return result
    client.post(WEBHOOK_DELETE)
    return cli.Result("Webhook configuration deleted; the platform no longer pushes.",
                      {"deleted": True})


# ---- subscriptions ---------------------------------------------------------------------

def subscribe_body(kind: str, subscribe: bool, codes: list[str]) -> dict[str, Any]:
    """The request body of an (un)subscribe, typed as the guide's tables say."""
    if kind == event_types.ALARM:
        # subscribeMode is required with a cancel too; 0 = all alarm types.
        body: dict[str, Any] = {"subscribeType": 1 if subscribe else 0,
                                "subscribeMode": 1 if codes else 0}
        if codes:
            body["eventType"] = [int(code) for code in codes]  # Integer[] (A.1.4 codes)
        return body
    # msgType is marked Req.; its description says an empty list means every type.
    return {"subscribeType": 1 if subscribe else 0, "msgType": list(codes)}


def memory_path() -> str:
    """The subscription memory of the configured account (digest of appKey and base URL)."""
    credentials = config.load_credentials()
    digest = hashlib.sha256(f"{credentials.app_key}\0{config.base_url()}".encode()
                            ).hexdigest()[:40]
    return os.path.join(config.cache_dir(), f"subscriptions-{digest}.json")


def _next_state(subscribe: bool, codes: list[str]) -> dict[str, Any]:
    """What the pack believes is subscribed after this request. The guide does not say
    whether a subscribe with types replaces or adds to earlier types; we assume it replaces
    (each call states the whole wish). A cancel (subscribeType 0) cancels the subscription."""
    if subscribe:
        return {"subscribed": True, "allTypes": not codes, "types": list(codes)}
    return {"subscribed": False, "allTypes": False, "types": []}


UNCERTAIN = {"subscribed": None, "allTypes": None, "types": None,
             "note": "unknown: the request was sent but no answer came back (it may or may not "
                     "have reached the platform); run the same command again"}


def remember(kind: str, action: str, body: dict[str, Any], codes: list[str], *,
             uncertain: bool = False) -> dict[str, Any]:
    path = memory_path()
    with store.file_lock(path + ".lock"):
        memory = store.read_json(path)
        if not isinstance(memory, dict):
            memory = {}
        entry = {"action": action, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                 "path": SUBSCRIBE_PATHS[kind], "request": body,
                 "state": dict(UNCERTAIN) if uncertain else _next_state(
                     action == "subscribe", codes)}
        memory[kind] = entry
        store.write_json_atomic(path, memory)
    return entry


def _send(client: Any, kind: str, action: str, body: dict[str, Any],
          codes: list[str]) -> dict[str, Any]:
    """Send an (un)subscribe and remember its outcome; the remembered entry."""
    try:
        client.post(SUBSCRIBE_PATHS[kind], body)
    except HCTError as error:
        if error.exit_code == EXIT_NETWORK:  # it may have landed: forget what we believed
            remember(kind, action, body, codes, uncertain=True)
        raise
    return remember(kind, action, body, codes)


def change_subscription(client: Any, kind: str, action: str,
                        types: list[str] | None) -> cli.Result:
    """subscribe (every type, or `types`) or unsubscribe (the whole subscription: the guide
    defines subscribeType 0 only as "cancel subscription")."""
    codes = event_types.resolve(kind, types)
    if action == "unsubscribe" and codes:
        raise InvalidArgument("unsubscribe cancels the whole subscription (the guide's "
                              "subscribeType 0); to keep some types, subscribe again with "
                              "just those --types.")
    body = subscribe_body(kind, action == "subscribe", codes)
    path = memory_path()  # fails (exit 3) before the request when credentials are missing
    entry = _send(client, kind, action, body, codes)
    named = [{"code": code, "name": event_types.name_of(kind, code)} for code in codes]
    scope = f"{len(codes)} {kind} type(s)" if codes else f"every {kind} type"
    verb = "Subscribed to" if action == "subscribe" else "Cancelled the subscription of"
    data = {"kind": kind, "action": action, "request": body, "types": named,
            "state": entry["state"], "rememberedIn": path}
    return cli.Result(f"{verb} {scope}.", data, rows=named or None)


def _remembered(kind: str) -> dict[str, Any] | None:
    """What this pack last did to the subscription of `kind` for this account, or None."""
    memory = store.read_json(memory_path())
    entry = memory.get(kind) if isinstance(memory, dict) else None
    return entry if isinstance(entry, dict) else None


def _codes_of(kind: str, body: dict[str, Any]) -> list[str]:
    values = body.get("eventType" if kind == event_types.ALARM else "msgType") or []
    return [str(value) for value in values]


def renewal(kind: str, codes: list[str] | None) -> tuple[dict[str, Any], str] | None:
    """The subscribe body that renews a lapsed subscription of `kind`, and where it comes
    from: the poller's own `--types` ("types"), else the last subscribe this pack sent from
    this machine ("memory"), else every type ("default"). None when the last action here
    was an unsubscribe: somebody cancelled it on purpose."""
    if codes:
        return subscribe_body(kind, True, codes), "types"
    entry = _remembered(kind)
    if entry and entry.get("action") == "unsubscribe":
        return None
    request = entry.get("request") if entry else None
    if isinstance(request, dict) and entry.get("action") == "subscribe":
        return subscribe_body(kind, True, _codes_of(kind, request)), "memory"
    return subscribe_body(kind, True, []), "default"


def renew_subscription(client: Any, kind: str, codes: list[str] | None) -> dict[str, Any] | None:
    """Subscribe again after OPEN000016 (see `renewal`) and remember it; the request and its
    origin, or None when the subscription was cancelled here (nothing is sent)."""
    chosen = renewal(kind, codes)
    if chosen is None:
        return None
    body, origin = chosen
    _send(client, kind, "subscribe", body, _codes_of(kind, body))
    return {"request": body, "from": origin}


def query_subscriptions(kind: str | None) -> cli.Result:
    path = memory_path()
    memory = store.read_json(path)
    memory = memory if isinstance(memory, dict) else {}
    kinds = [kind] if kind else list(event_types.KINDS)
    found: dict[str, Any] = {}
    rows = []
    for name in kinds:
        entry = memory.get(name)
        if isinstance(entry, dict):
            state = entry.get("state") or {}
            types = state.get("types") or []
            entry = {**entry, "typeNames": {code: event_types.name_of(name, code)
                                            for code in types},
                     "olderThanLapse": _older_than_lapse(entry.get("at"))}
        found[name] = entry
        rows.append({"kind": name, "lastAction": (entry or {}).get("action", "unknown"),
                     "at": (entry or {}).get("at"),
                     "state": _describe_state((entry or {}).get("state"))})
    known = [name for name in kinds if found[name]]
    message = ("Remembered subscriptions: " + "; ".join(
        f"{row['kind']}: {row['state']}" for row in rows) + ".") if known else (
        "This pack has not (un)subscribed anything for this account from this machine; "
        "the platform cannot be asked.")
    return cli.Result(message, {"source": MEMORY_SOURCE, "file": path, **found}, rows=rows)


def _older_than_lapse(at: Any) -> bool | None:
    """Whether the entry is older than the 2 days after which an unpulled subscription is
    cancelled (guide 4.2/4.4): then it may have lapsed unless something kept pulling."""
    try:
        moment = calendar.timegm(time.strptime(str(at), "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return None
    return time.time() - moment > LAPSE_SECONDS


def _describe_state(state: dict[str, Any] | None) -> str:
    if not state:
        return "unknown"
    if state.get("subscribed") is None:
        return "unknown"
    if not state["subscribed"]:
        return "not subscribed"
    if state.get("allTypes"):
        return "all types"
    return f"{len(state.get('types') or [])} type(s)"
