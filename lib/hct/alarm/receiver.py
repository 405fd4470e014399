"""Push mode (webhook V2.15): the receiver of the platform's signed pushes.

`create_app(receiver)` is a Flask app with three routes:
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

import os
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


class Receiver:
    """The state behind the app: secret, journal, sinks, counters."""

    def __init__(self, secret: str, journal: Any, sinks: list[Any], *, path: str = DEFAULT_PATH,
                 max_body: int = MAX_BODY_BYTES, health_details: bool = False,
                 log: Any = None) -> None:
        from hct.alarm.delivery import Deliverer
        from hct.redact import register_secret

        register_secret(secret)
        self._secret = secret
        self.journal = journal
        self.sink_ids = [sink.id for sink in sinks]
        self.path = path
        self.max_body = max_body
        self.health_details = health_details
        self.deliverer = Deliverer(journal, sinks, log=log)
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

    def authentic(self, headers: Any) -> str | None:
        """The batch id of a correctly signed, fresh request, else None."""
        batch_id = headers.get(signature.HEADER_BATCH_ID, "")
        stamp = headers.get(signature.HEADER_TIMESTAMP, "")
        received = headers.get(signature.HEADER_SIGNATURE, "")
        if not batch_id or len(batch_id) > MAX_BATCH_ID or not signature.is_fresh(stamp):
            return None
        if not signature.verify(self._secret, stamp, batch_id, received):
            return None
        return None if self.journal.is_burned(batch_id) else batch_id

    def handshake(self, headers: Any) -> str | None:
        """The signature to answer a verification GET with, or None (refused)."""
        batch_id = headers.get(signature.HEADER_BATCH_ID, "")
        stamp = headers.get(signature.HEADER_TIMESTAMP, "")
        if not batch_id or len(batch_id) > MAX_BATCH_ID or not signature.is_fresh(stamp):
            return None
        self.journal.burn_handshake(batch_id)  # durable before the signature leaves
        return signature.sign(self._secret, stamp, batch_id)

    def accept(self, batch_id: str, body: bytes) -> tuple[int, dict[str, Any]]:
        """Journal a verified push; (HTTP status, answer)."""
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
                                           replay_is_final=True)
        if result.replay:
            self.count("replayed")
            return 200, {"ok": True}
        self.count("accepted")
        self.count("entries", result.new)
        self.count("duplicates", result.duplicates)
        if result.new:
            self.deliverer.wake()
        return 200, {"ok": True}

    def health(self) -> dict[str, Any]:
        with self._lock:
            counts = dict(self.counts)
        return {"status": "ok", "journal": self.journal.counts(),
                "pending": self.journal.pending_count(self.sink_ids), "sinks": self.sink_ids,
                "requests": counts}


def create_app(receiver: Receiver) -> Any:
    """The Flask app of a receiver (serve it with waitress; see run_server)."""
    from flask import Flask, Response, jsonify, request

    from hct.alarm.journal import JournalError

    app = Flask("hct-webhook-receiver")
    app.config["MAX_CONTENT_LENGTH"] = receiver.max_body

    def refuse(status: int) -> Any:
        receiver.count("rejected")
        return jsonify(ok=False), status

    @app.before_request
    def well_formed() -> Any:
        if request.path == receiver.path and receiver.malformed(request.headers):
            return refuse(400)
        return None

    @app.get(receiver.path)
    def handshake() -> Any:
        answer = receiver.handshake(request.headers)
        if answer is None:
            receiver.count("handshakesRefused")
            return jsonify(ok=False), 403
        receiver.count("handshakes")
        return Response("", 200, {signature.HEADER_SIGNATURE: answer})

    @app.post(receiver.path)
    def push() -> Any:
        length = request.content_length
        if length is not None and length > receiver.max_body:
            return refuse(413)
        batch_id = receiver.authentic(request.headers)
        if batch_id is None:
            return refuse(401)
        body = request.get_data(cache=False)
        try:
            status, answer = receiver.accept(batch_id, body)
        except JournalError:
            return jsonify(ok=False), 503  # not journaled: the platform retries
        if status != 200:
            return refuse(status)
        return jsonify(answer), status

    @app.get("/health")
    def health() -> Any:
        if receiver.health_details and _from_this_machine(request):
            return jsonify(receiver.health())
        return jsonify(status="ok")

    @app.errorhandler(413)
    def too_large(error: Any) -> Any:
        return refuse(413)

    return app


def _from_this_machine(request: Any) -> bool:
    """A loopback client that no proxy forwarded (a proxy on this host is loopback too)."""
    import ipaddress

    try:
        loopback = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False
    return loopback and not any(name in request.headers for name in FORWARDING_HEADERS)


def run_server(args: Any) -> Any:
    """webhook_server.py: validate, serve until SIGTERM/SIGINT, then the counts."""
    import signal

    from hct import cli
    from hct.alarm.journal import open_journal
    from hct.alarm.poller import finish
    from hct.alarm.sinks import parse_sinks
    from hct.errors import InvalidArgument

    secret = args.secret or os.environ.get("HIK_SIGN_SECRET", "").strip()
    if not secret:
        from hct.config import load_credentials

        # No signSecret saved: the platform signs with the account's secret key.
        secret = load_credentials().secret_key
    if len(secret) < 8:
        raise InvalidArgument("the signing secret must have at least 8 characters")
    if not args.path.startswith("/") or args.path == "/health":
        raise InvalidArgument("--path must start with / (and is not /health)")
    sinks = parse_sinks(args.sink)
    journal = open_journal(args.journal)
    receiver = Receiver(secret, journal, sinks, path=args.path,
                        health_details=args.health_details, log=cli.progress)
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
    cli.progress(f"webhook receiver listening on http://{host}:{server.effective_port}"
                 f"{args.path} (journal {journal.location})")
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
            "journal": journal.location, "uptimeSeconds": round(time.time() - started, 1),
            "requests": receiver.counts,
            "delivery": {**receiver.deliverer.counts,
                         "pending": journal.pending_count(receiver.sink_ids)},
            "sinks": receiver.sink_ids}
    message = (f"Stopped: {receiver.counts['accepted']} pushes accepted "
               f"({receiver.counts['entries']} new entries), {receiver.counts['rejected']} "
               f"rejected; delivered {receiver.deliverer.counts['delivered']}.")
    return finish(cli.Result(message, data), sinks)
