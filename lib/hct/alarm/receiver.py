"""Push mode (webhook V2.15): the receiver of the platform's signed pushes.

`create_app(receiver)` is a plain WSGI app (served by waitress, `serving.py`). Its routes:
one `<path>` per account it serves (`--path` for one account; `--path/<name>` for each of
`--accounts`, with that account's signing secret; every push is journaled with its account),
and `/health`:
- `GET <path>`: the verification handshake, answered (200 + `X-Hook-Signature`) at any time
  for a timestamp within 60 s (else 403). Its batch id is burned first, in the journal: a
  push carrying a batch id that a GET was signed for is refused (401) and never journaled,
  also after a restart, so that the handshake cannot sign forged pushes.
- `POST <path>`: a push. The signature (`sha256=` + HMAC-SHA256 of `timestamp.batchId`,
  compared in constant time), a timestamp within 60 s, the header batch id equal to the
  body's, a body of at most 1 MiB and a JSON object with a `list` are required (401 for the
  signature or the time, 400 for the body, 413 for the size, from the headers when the
  server is `serving.create`'s; no detail in the answer). The
  batch is journaled BEFORE the 2xx answer; a batchId seen before is answered 200 and
  journals nothing (the signature does not cover the body, so a replay may carry another).
  Delivery to the sinks happens afterwards, from the journal, in a background thread.
- `GET /health`: `{"status": "ok"}`. With `health_details` (`--health-details`), a client on
  this machine (loopback, not forwarded by a proxy) also gets the journal counts, pending
  deliveries, sink ids and request counters (no secrets, but file paths and hosts).

An `X-Hook-Timestamp` that is not ASCII digits ("²³" passes str.isdigit) is 400, GET or POST.
"""

from __future__ import annotations

import threading
import time

from hct.alarm import signature
from hct.errors import EXIT_CREDENTIALS, HCTError

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

MAX_BODY_BYTES = 1024 * 1024
MAX_BATCH_ID = 256
DEFAULT_PATH = "/hikvision/webhook"
FORWARDING_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP")


class AddressUnavailable(HCTError):
    """The listening address cannot be had (another program has the port): setup, exit 3."""

    error_code = "ADDRESS_IN_USE"
    exit_code = EXIT_CREDENTIALS  # 3: setup
    default_hint = ("Stop the program that listens there, or give another --port (0 picks a "
                    "free one) or --host.")


class Route:
    """One callback path: the account whose pushes arrive there and their signing secret."""

    __slots__ = ("accepted", "account", "entries", "secret")

    def __init__(self, account: str | None, secret: str) -> None:
        self.account = account
        self.secret = secret
        self.accepted = 0
        self.entries = 0


class Receiver:
    """The state behind the app: the routes (path -> account and secret), journal, sinks,
    counters."""

    def __init__(self, secret: str | None, journal: Any, sinks: list[Any], *,
                 path: str = DEFAULT_PATH, account: str | None = None,
                 accounts: dict[str, str] | None = None, max_body: int = MAX_BODY_BYTES,
                 health_details: bool = False, deliver: bool = True, log: Any = None) -> None:
        """`secret` signs the pushes to `path`, journaled as `account`'s (None: the default
        account); with `accounts` ({name: secret}) each account is served at
        `path/<name>` instead. `deliver=False`: deliveries are journaled for the sinks and
        left to other processes (journal.py deliver)."""
        from hct.alarm.delivery import Deliverer
        from hct.redact import register_secret

        if accounts:
            self.routes = {f"{path.rstrip('/')}/{name}": Route(name, account_secret)
                           for name, account_secret in accounts.items()}
        else:
            self.routes = {path: Route(account, secret or "")}
        for route in self.routes.values():
            register_secret(route.secret)
        self.journal = journal
        self.sink_ids = [sink.id for sink in sinks]
        self.path = path
        self.max_body = max_body
        self.health_details = health_details
        self.deliver = deliver
        self.deliverer = Deliverer(journal, sinks if deliver else [], log=log)
        self._lock = threading.Lock()
        self.counts = {"accepted": 0, "entries": 0, "duplicates": 0, "replayed": 0,
                       "rejected": 0, "handshakes": 0, "handshakesRefused": 0}

    def count(self, name: str, amount: int = 1) -> None:
        with self._lock:
            self.counts[name] += amount

    @staticmethod
    def malformed(headers: Any) -> bool:
        """A timestamp header that is there but is no number of ASCII digits."""
        stamp = headers.get(signature.HEADER_TIMESTAMP)
        return stamp is not None and signature.timestamp_seconds(stamp) is None

    def authentic(self, route: Route, headers: Any) -> str | None:
        """The batch id of a request correctly signed for this route, fresh, else None (a
        batch id a handshake signed is refused by `accept`, in its journal write)."""
        batch_id = headers.get(signature.HEADER_BATCH_ID, "")
        stamp = headers.get(signature.HEADER_TIMESTAMP, "")
        received = headers.get(signature.HEADER_SIGNATURE, "")
        if not batch_id or len(batch_id) > MAX_BATCH_ID or not signature.is_fresh(stamp):
            return None
        if not signature.verify(route.secret, stamp, batch_id, received):
            return None
        return batch_id

    def handshake(self, route: Route, headers: Any) -> str | None:
        """The signature to answer a verification GET with, or None (refused)."""
        batch_id = headers.get(signature.HEADER_BATCH_ID, "")
        stamp = headers.get(signature.HEADER_TIMESTAMP, "")
        if not batch_id or len(batch_id) > MAX_BATCH_ID or not signature.is_fresh(stamp):
            return None
        self.journal.burn_handshake(batch_id)  # durable before the signature leaves
        return signature.sign(route.secret, stamp, batch_id)

    def accept(self, route: Route, batch_id: str, body: bytes) -> tuple[int, dict[str, Any]]:
        """Journal a verified push as its route's account's; (HTTP status, answer)."""
        import json

        try:
            document = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return 400, {"ok": False}
        if not isinstance(document, dict) or document.get("batchId") != batch_id:
            return 400, {"ok": False}
        items = document.get("list")
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            return 400, {"ok": False}
        self.journal.maybe_prune()
        result = self.journal.record_batch(batch_id, items, source="push", sinks=self.sink_ids,
                                           replay_is_final=True, unless_burned=True,
                                           account=route.account)
        if result.burned:
            return 401, {"ok": False}
        if result.replay:
            self.count("replayed")
            return 200, {"ok": True}
        with self._lock:
            self.counts["accepted"] += 1
            self.counts["entries"] += result.new
            self.counts["duplicates"] += result.duplicates
            route.accepted += 1
            route.entries += result.new
        if result.new:
            self.deliverer.wake()
        return 200, {"ok": True}

    def by_account(self) -> dict[str, Any] | None:
        """Pushes and new entries per account (several accounts only)."""
        if len(self.routes) == 1 and next(iter(self.routes.values())).account is None:
            return None
        with self._lock:
            return {route.account or "default": {"path": path, "accepted": route.accepted,
                                                 "entries": route.entries}
                    for path, route in self.routes.items()}

    def health(self) -> dict[str, Any]:
        with self._lock:
            counts = dict(self.counts)
        answer = {"status": "ok", "journal": self.journal.counts(),
                  "pending": self.journal.pending_count(self.sink_ids), "sinks": self.sink_ids,
                  "requests": counts}
        accounts = self.by_account()
        if accounts:
            answer["accounts"] = accounts
        return answer


class EnvironHeaders:
    """The request headers of a WSGI environ, read by name in any case (`get`)."""

    __slots__ = ("environ",)

    def __init__(self, environ: dict[str, Any]) -> None:
        self.environ = environ

    def get(self, name: str, default: Any = None) -> Any:
        return self.environ.get("HTTP_" + name.upper().replace("-", "_"), default)

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None


def create_app(receiver: Receiver) -> Any:
    """The WSGI app of a receiver (served by waitress, see run_server): the handshake (GET)
    and the push (POST) on each route's path, and GET /health. Plain WSGI: a push costs the
    receiver its signature check and one journal write, not a framework's request cycle."""
    import json
    from http import HTTPStatus

    from hct.alarm.journal import JournalError

    def answer(start_response: Any, status: int, document: Any = None,
               extra: tuple[tuple[str, str], ...] = ()) -> list[bytes]:
        body = b"" if document is None else json.dumps(document).encode()
        headers = [("Content-Length", str(len(body))), *extra]
        if document is not None:
            headers.append(("Content-Type", "application/json"))
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [body]

    def refuse(start_response: Any, status: int) -> list[bytes]:
        receiver.count("rejected")
        return answer(start_response, status, {"ok": False})

    def handshake(route: Route, headers: EnvironHeaders, start_response: Any) -> list[bytes]:
        signed = receiver.handshake(route, headers)
        if signed is None:
            receiver.count("handshakesRefused")
            return answer(start_response, 403, {"ok": False})
        receiver.count("handshakes")
        return answer(start_response, 200, extra=((signature.HEADER_SIGNATURE, signed),))

    def push(route: Route, environ: dict[str, Any], headers: EnvironHeaders,
             start_response: Any) -> list[bytes]:
        length = environ.get("CONTENT_LENGTH")
        if length and (not length.isdigit() or int(length) > receiver.max_body):
            return refuse(start_response, 413)
        batch_id = receiver.authentic(route, headers)
        if batch_id is None:
            return refuse(start_response, 401)
        body = environ["wsgi.input"].read(int(length) if length else receiver.max_body + 1)
        if len(body) > receiver.max_body:
            return refuse(start_response, 413)
        try:
            status, document = receiver.accept(route, batch_id, body)
        except JournalError:
            return answer(start_response, 503, {"ok": False})  # not journaled: retried
        if status != 200:
            return refuse(start_response, status)
        return answer(start_response, status, document)

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path, method = environ.get("PATH_INFO") or "/", environ.get("REQUEST_METHOD")
        headers = EnvironHeaders(environ)
        if path == "/health":
            if method != "GET":
                return answer(start_response, 405, {"ok": False})
            if receiver.health_details and _from_this_machine(environ, headers):
                return answer(start_response, 200, receiver.health())
            return answer(start_response, 200, {"status": "ok"})
        route = receiver.routes.get(path)
        if route is None:
            return answer(start_response, 404, {"ok": False})
        if receiver.malformed(headers):
            return refuse(start_response, 400)
        if method == "GET":
            return handshake(route, headers, start_response)
        if method == "POST":
            return push(route, environ, headers, start_response)
        return answer(start_response, 405, {"ok": False})

    return app


def _from_this_machine(environ: dict[str, Any], headers: EnvironHeaders) -> bool:
    """A loopback client that no proxy forwarded (a proxy on this host is loopback too)."""
    import ipaddress

    try:
        loopback = ipaddress.ip_address(environ.get("REMOTE_ADDR") or "").is_loopback
    except ValueError:
        return False
    return loopback and not any(name in headers for name in FORWARDING_HEADERS)


def run_server(args: Any) -> Any:
    """webhook_server.py: validate, serve until SIGTERM/SIGINT, then the counts."""
    import signal

    from hct import cli
    from hct.alarm.journal import open_journal
    from hct.alarm.poller import finish
    from hct.alarm.sinks import parse_sinks
    from hct.errors import InvalidArgument

    if not args.path.startswith("/") or args.path == "/health":
        raise InvalidArgument("--path must start with / (and is not /health)")
    secret, account, secrets = _signing_secrets(args)
    sinks = parse_sinks(args.sink, args.mqtt_topic)
    check_journal_only(args, sinks)
    if args.print_systemd_unit:
        import sys

        from hct.alarm.service import unit_result

        return unit_result(sys.argv, list(secrets) if secrets else [account] if account else [])
    journal = open_journal(args.journal)
    receiver = Receiver(secret, journal, sinks, path=args.path, account=account,
                        accounts=secrets, health_details=args.health_details,
                        deliver=not args.journal_only, log=cli.progress)
    app = create_app(receiver)

    import logging

    from waitress.wasyncore import ExitNow

    from hct.alarm import serving

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth" is not news
    try:
        server = serving.create(app, host=args.host, port=args.port,
                                max_body=receiver.max_body, read_timeout=args.read_timeout)
    except OSError as error:
        raise AddressUnavailable(f"Cannot listen on {args.host}:{args.port}: "
                                 f"{error.strerror or error}.") from None

    class Stop(ExitNow):
        """Raised by the signal handler. waitress's event loop swallows any exception raised
        while it dispatches a socket event (a bare `except:`), except ExitNow and its kind:
        a plain Exception here was sometimes lost and the server never stopped."""

    def stop(signum: int, frame: Any) -> None:
        raise Stop

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    receiver.deliverer.start()
    host = f"[{args.host}]" if ":" in args.host else args.host
    served = ", ".join(f"http://{host}:{server.effective_port}{path}" for path in receiver.routes)
    cli.progress(f"webhook receiver listening on {served} (journal {journal.location})")
    started = time.time()
    try:
        server.run()
    except Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        server.close()  # no new connections
        server.task_dispatcher.shutdown(cancel_pending=False, timeout=10)  # in-flight writes
        receiver.deliverer.stop()
    data = {"listening": f"http://{host}:{server.effective_port}{args.path}",
            "paths": list(receiver.routes), "accounts": receiver.by_account(),
            "journal": journal.location, "uptimeSeconds": round(time.time() - started, 1),
            "requests": receiver.counts,
            "delivery": {**receiver.deliverer.counts,
                         "pending": journal.pending_count(receiver.sink_ids)},
            "sinks": receiver.sink_ids}
    message = (f"Stopped: {receiver.counts['accepted']} pushes accepted "
               f"({receiver.counts['entries']} new entries), {receiver.counts['rejected']} "
               f"rejected; delivered {receiver.deliverer.counts['delivered']}.")
    return finish(cli.Result(message, data), sinks if receiver.deliver else [])


def _signing_secrets(args: Any) -> tuple[str | None, str | None, dict[str, str] | None]:
    """(secret, account) of the one account served at --path, or the {name: secret} of
    --accounts / --all-accounts, each served at --path/<name>. Secrets: --secret (one
    account only), else the account's signSecret(Env), else HIK_SIGN_SECRET, else its
    secretKey (see subscriptions.receiving_secret)."""
    from hct import accounts, cli
    from hct.alarm.subscriptions import receiving_secret
    from hct.errors import InvalidArgument

    names = accounts.names() if args.all_accounts else cli.split_repeated(args.accounts)
    if args.all_accounts and not names:
        raise InvalidArgument(f"--all-accounts: the accounts file {accounts.path()} has no "
                              "accounts")
    if not names:
        account = accounts.selected_name()
        return _long_enough(receiving_secret(account, args.secret)), account, None
    if args.secret or args.account:
        raise InvalidArgument("--secret and --account are for one account; with --accounts "
                              "each account's secret is its signSecret or signSecretEnv in "
                              "the accounts file, else HIK_SIGN_SECRET, else its secretKey")
    names = list(dict.fromkeys(names))
    return None, None, {name: _long_enough(receiving_secret(name)) for name in names}


def _long_enough(secret: str) -> str:
    from hct.errors import InvalidArgument

    if len(secret) < 8:
        raise InvalidArgument("the signing secret must have at least 8 characters")
    return secret


def check_journal_only(args: Any, sinks: list[Any]) -> None:
    """--journal-only journals deliveries for the sinks and sends none: it needs sinks."""
    from hct.errors import InvalidArgument

    if args.journal_only and not sinks:
        raise InvalidArgument("--journal-only journals deliveries for the --sink given (sent "
                              "by journal.py deliver): give at least one --sink")
