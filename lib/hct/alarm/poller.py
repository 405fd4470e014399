"""Polling mode (guide 5.3.1 and 5.4.1): pull a batch, journal it, then complete it.

    messages -> journal (one transaction) -> messages/complete -> deliver from the journal

Nothing is acknowledged before it is journaled, so a crash at any point loses nothing: a
batch that was not completed comes back and its entries are deduplicated by the journal.
The guide asks for 500 ms between rounds, timed from the end of the complete call; while the
platform reports `remainingNumber > 0` the next batch is pulled at once (the shared
5 requests/second limiter paces it), so a backlog drains at the rate-limit floor.

A subscription lapses when its queue is not pulled for two days, and the queue then answers
OPEN000016: the poller subscribes again (`subscriptions.renew_subscription`: its own
`--types`, else the last subscription sent from this machine, else every type), logs and
counts it, and goes on. It stops on OPEN000016 only when the subscription was cancelled
here on purpose (`event_manager.py unsubscribe`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from hct.alarm.journal import JournalError
from hct.errors import NetworkError, PlatformError, RateLimited

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

PATHS = {
    "alarm": ("/api/hccgw/alarm/v1/mq/messages", "/api/hccgw/alarm/v1/mq/messages/complete",
              "alarmMsg"),
    "message": ("/api/hccgw/rawmsg/v1/mq/messages",
                "/api/hccgw/rawmsg/v1/mq/messages/complete", "event"),
}
BATCH_SIZES = (100, 200, 300, 400, 500)  # maxNumberPerTime: the guide's allowed values
UNKNOWN_BATCH = "OPEN000012"  # batchId does not exist (expired or already completed)
NOT_SUBSCRIBED = "OPEN000016"  # never subscribed, cancelled, or lapsed after 2 idle days
# Platform codes worth waiting out: server errors and "resources not available yet".
TRANSIENT = frozenset({"OPEN000000", "OPEN000011", "OPEN000018", "OPEN000019"})
BACKOFF_START = 1.0
BACKOFF_CAP = 60.0
ONCE_ROUNDS = 5  # --once gives up after this many failed rounds in a row (1+2+4+8 s of waits)


@dataclass
class PollCounts:
    batches: int = 0
    received: int = 0
    new: int = 0
    duplicates: int = 0
    completed: int = 0
    errors: int = 0
    resubscribed: int = 0
    remaining: int | None = None
    last_error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"batches": self.batches, "received": self.received, "new": self.new,
                "duplicates": self.duplicates, "completed": self.completed,
                "errors": self.errors, "resubscribed": self.resubscribed,
                "remainingNumber": self.remaining,
                "lastError": self.last_error}


class Poller:
    def __init__(self, client: Any, journal: Any, kind: str, *, batch_size: int | None,
                 interval: float, sink_ids: list[str], account: str | None = None,
                 wake: Callable[[], None] = lambda: None,
                 renew: Callable[[], dict[str, Any] | None] = lambda: None,
                 log: Callable[[str], None] = lambda message: None) -> None:
        self.client = client
        self.journal = journal
        self.kind = kind
        self.batch_size = batch_size
        self.interval = interval
        self.sink_ids = sink_ids
        self.account = account
        self.wake = wake
        self.renew = renew
        self.log = log
        self.stop = threading.Event()
        self.counts = PollCounts()

    def body(self) -> dict[str, Any]:
        # rawmsg/v1/mq/messages has no request parameters; only alarms take maxNumberPerTime.
        if self.kind == "alarm" and self.batch_size is not None:
            return {"maxNumberPerTime": self.batch_size}
        return {}

    def poll_once(self) -> int | None:
        """Pull, journal and complete one batch; returns remainingNumber (None if unknown)."""
        messages_path, complete_path, list_key = PATHS[self.kind]
        self.journal.maybe_prune()
        data = self.client.post(messages_path, self.body()) or {}
        items = data.get(list_key) or []
        batch_id = data.get("batchId")
        remaining = data.get("remainingNumber")
        if not items:
            return 0  # nothing to journal or complete: the queue is empty for now
        result = self.journal.record_batch(batch_id, items, source="poll", kind=self.kind,
                                           sinks=self.sink_ids, account=self.account)
        counts = self.counts
        counts.batches += 1
        counts.received += len(items)
        counts.new += result.new
        counts.duplicates += result.duplicates
        if result.new:
            self.wake()
        if batch_id:
            try:
                self.client.post(complete_path, {"batchId": batch_id})
            except PlatformError as error:
                if error.error_code != UNKNOWN_BATCH:
                    raise
                self.log(f"batch {batch_id[:16]}... was already gone when completed "
                         "(its entries are journaled)")
            else:
                counts.completed += 1
                self.journal.mark_completed(batch_id)
        return int(remaining) if isinstance(remaining, (int, float)) else None

    def run(self, once: bool) -> PollCounts:
        """Poll until stopped (or, with `once`, until the queue is empty). A lapsed
        subscription is renewed; network failures, rate limits, server errors and a busy
        journal back off (capped exponential) and retry, forever in the long-running mode
        and for `ONCE_ROUNDS` rounds with `once` (then NetworkError, exit 4); credential and
        parameter problems end the run with their error."""
        failures = 0
        while not self.stop.is_set():
            try:
                remaining = self.poll_once()
            except (NetworkError, RateLimited, PlatformError, JournalError) as error:
                failures += 1
                delay = self._recover(error, failures)
                if once and failures >= ONCE_ROUNDS:
                    raise self._given_up(error, failures) from None
                self.stop.wait(delay)
                continue
            failures = 0
            self.counts.remaining = remaining
            if remaining:
                continue  # a backlog: the next batch at once (the rate limiter paces it)
            if once:
                break
            self.stop.wait(self.interval)  # timed from the end of the complete call
        return self.counts

    def _recover(self, error: Exception, failures: int) -> float:
        """After a failed round: the seconds to wait before the next one; raises what a
        person must handle (credentials, parameters, a subscription cancelled here)."""
        if isinstance(error, PlatformError) and error.error_code == NOT_SUBSCRIBED:
            try:
                self._resubscribe(error)
            except (NetworkError, RateLimited, PlatformError) as renew_error:
                return self._wait_out(renew_error, failures)
            # At once the first time; a renewal that does not hold is not retried in a loop.
            return 0.0 if failures == 1 else self._backoff(error, failures)
        return self._wait_out(error, failures)

    def _wait_out(self, error: Exception, failures: int) -> float:
        """Back off from a transient failure; raise any other platform error. A busy or full
        disk is waited out too: the batch was not completed, so it comes back once the
        journal can take it."""
        if isinstance(error, PlatformError) and error.error_code not in TRANSIENT:
            raise error
        return self._backoff(error, failures)

    def _resubscribe(self, error: PlatformError) -> None:
        renewed = self.renew()
        if renewed is None:
            error.hint = ("The subscription was cancelled from this machine (event_manager.py "
                          "unsubscribe): subscribe again, or give alarm_poller.py --types.")
            raise error
        self.counts.resubscribed += 1
        self.log(f"The {self.kind} subscription had lapsed ({NOT_SUBSCRIBED}): subscribed "
                 f"again with {renewed['request']} (from {renewed['from']}); polling on.")

    def _backoff(self, error: Exception, failures: int) -> float:
        self.counts.errors += 1
        self.counts.last_error = getattr(error, "error_code", "JOURNAL_ERROR")
        delay = min(BACKOFF_CAP, BACKOFF_START * 2 ** (failures - 1))
        self.log(f"{getattr(error, 'message', error)} ({failures} failed round(s) in a row, "
                 f"{self.counts.received} {self.kind}s received so far; retrying in "
                 f"{delay:.0f} s.)")
        return delay

    def _given_up(self, error: Exception, failures: int) -> NetworkError:
        """--once ends (exit 4) rather than retry for ever; nothing is lost by it."""
        code = getattr(error, "error_code", "JOURNAL_ERROR")
        return NetworkError(
            f"Gave up after {failures} failed rounds in a row: "
            f"{getattr(error, 'message', error)}", error_code=code,
            hint="The platform could not be reached or kept failing (or the journal could "
                 "not be written). Nothing is lost: a batch that was not completed comes back "
                 "on the next run. Without --once the poller keeps retrying.",
            data={"poll": self.counts.as_dict()})


def install_stop_handlers(stop: Callable[[], None]) -> None:
    """SIGTERM and SIGINT ask for a clean stop (the current batch or request finishes)."""
    import signal

    def handler(signum: int, frame: Any) -> None:
        stop()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def finish(result: Any, sinks: list[Any]) -> Any:
    """The script's Result, unless a stdout sink (among the `sinks` this process delivered
    to) owns stdout: then the counts go to stderr and the process ends without an envelope
    (stdout holds only the delivered JSON lines)."""
    if any(sink.kind == "stdout" for sink in sinks):
        import json

        from hct import cli

        cli.progress(json.dumps({"success": True, "message": result.message,
                                 "data": result.data}, ensure_ascii=False))
        raise SystemExit(0)
    return result


def run_poller(client: Any, args: Any) -> Any:
    """alarm_poller.py: validate, journal + poll + deliver until stopped or drained."""
    from hct import accounts, cli
    from hct.alarm import event_types
    from hct.alarm.delivery import Deliverer
    from hct.alarm.journal import open_journal
    from hct.alarm.receiver import check_journal_only
    from hct.alarm.sinks import parse_sinks
    from hct.alarm.subscriptions import renew_subscription
    from hct.errors import InvalidArgument

    if args.kind == "message" and args.batch_size is not None:
        raise InvalidArgument("--batch-size is for alarms: rawmsg/v1/mq/messages takes no "
                              "maxNumberPerTime")
    codes = event_types.resolve(args.kind, args.types)
    sinks = parse_sinks(args.sink, args.mqtt_topic)
    check_journal_only(args, sinks)
    account = accounts.selected_name()
    if args.print_systemd_unit:
        import sys

        from hct.alarm.service import unit_result

        return unit_result(sys.argv, [account] if account else [])
    journal = open_journal(args.journal)
    deliverer = Deliverer(journal, [] if args.journal_only else sinks, log=cli.progress)
    poller = Poller(client, journal, args.kind, batch_size=args.batch_size,
                    interval=args.interval, sink_ids=[sink.id for sink in sinks],
                    account=account, wake=deliverer.wake, log=cli.progress,
                    renew=lambda: renew_subscription(client, args.kind, codes))
    install_stop_handlers(poller.stop.set)
    # Delivery runs beside the polling (which mostly waits for its rate-limit slots) and
    # starts with what earlier runs journaled but did not deliver.
    deliverer.start()
    if not args.once:
        cli.progress(f"polling the {args.kind} queue; journal {journal.location}")
    try:
        counts = poller.run(once=args.once)
    finally:  # what was journaled is delivered, also when the polling gave up
        deliverer.stop()
        if args.once:
            deliverer.drain(halt=poller.stop)
    data = {"kind": args.kind, "account": account, "journal": journal.location,
            "poll": counts.as_dict(),
            "delivery": {**deliverer.counts,
                         "pending": journal.pending_count([sink.id for sink in sinks])},
            "sinks": [sink.id for sink in sinks],
            "stoppedBy": "signal" if poller.stop.is_set() else "drained"}
    message = (f"Received {counts.received} {args.kind}s in {counts.batches} batches "
               f"({counts.new} new, {counts.duplicates} duplicates); delivered "
               f"{deliverer.counts['delivered']}.")
    return finish(cli.Result(message, data), [] if args.journal_only else sinks)
