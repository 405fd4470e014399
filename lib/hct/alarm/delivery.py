"""From the journal to the sinks: one worker per sink.

Each sink has its own lane (`_Lane`): it claims due deliveries of that sink only, under a
lease, sends each once and records the outcome, so a slow or dead sink delays only itself
(an HTTP send also ends at its overall deadline, `sinks.SEND_DEADLINE_SECONDS`). A failure
never blocks anything upstream: the entry stays pending with capped exponential backoff (or
the service's Retry-After), the sink pauses until then, and after `journal.MAX_ATTEMPTS`
it is `failed` (see `journal.py redeliver --failed`).

A `batched` sink (files, stdout, MQTT, Redis Streams) takes a whole claim in one send; what
arrived of a batch that failed half-way is delivered, the rest retried.

`Deliverer.start()` runs the lanes in background threads (the receiver, a running poller,
`journal.py deliver`); `drain()` delivers what is due now and returns (`--once`); `step()`
is one round of every lane.
"""

from __future__ import annotations

import threading
import time

from hct.alarm.sinks import JsonlSink, Sink, SinkError

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from hct.alarm.journal import Delivery, Journal

CLAIM_LIMIT = 200
MAX_PAUSE_IN_ROUND = 2.0  # a sink whose rate limit needs longer gives its claims back
ROUND_BUDGET_SECONDS = 3.0  # claims not sent by then go back (leases stay short)
STOP_SECONDS = 20.0  # a send in flight ends within its deadline (15 s)


class _Lane:
    """The deliveries of one sink, taken from the journal and sent in order."""

    def __init__(self, deliverer: Deliverer, sink: Sink) -> None:
        self.deliverer = deliverer
        self.journal = deliverer.journal
        self.sink = sink
        self.wake = threading.Event()

    def round(self, halt: threading.Event) -> int:
        """Claim what is due for this sink and try each once; how many were tried."""
        sink = self.sink
        if sink.paused_until > time.time() or halt.is_set():
            return 0
        claims = self._settle_uncertain(self.journal.claim([sink.id], CLAIM_LIMIT))
        if sink.batched:
            return self._send_all(claims)
        began = time.monotonic()
        for number, claim in enumerate(claims):
            now = time.time()
            wait = sink.rate_wait(now)
            if halt.is_set() or sink.paused_until > now or wait > MAX_PAUSE_IN_ROUND or \
                    time.monotonic() - began > ROUND_BUDGET_SECONDS:
                self._give_back(claims[number:], max(sink.paused_until, now + wait))
                return number
            if wait > 0:
                time.sleep(wait)
            self._send(claim)
        return len(claims)

    def _give_back(self, claims: list[Delivery], not_before: float) -> None:
        for claim in claims:
            self.journal.release(claim.key, claim.sink, not_before)

    def _settle_uncertain(self, claims: list[Delivery]) -> list[Delivery]:
        """Deliveries whose earlier attempt may have arrived (the sender died): those the sink
        already has are marked delivered, the rest are sent."""
        uncertain = [claim.key for claim in claims if claim.uncertain]
        if not uncertain:
            return claims
        sink = self.sink
        present = sink.already_has_many(uncertain) if isinstance(sink, JsonlSink) else {
            key for key in uncertain if sink.already_has(key)}
        if present:
            self.journal.delivered_many(sorted(present), sink.id)
            self.deliverer.count("delivered", len(present))
        return [claim for claim in claims if claim.key not in present]

    def _send_all(self, claims: list[Delivery]) -> int:
        """Batched sinks: every claim in one send; of a failed one, what arrived is
        delivered and the rest retried."""
        if not claims:
            return 0
        arrived = [claim.key for claim in claims]
        try:
            self.sink.send_many([claim.record for claim in claims])
        except SinkError as error:
            arrived = [claim.key for claim in claims if claim.key in error.delivered]
            for claim in claims:
                if claim.key not in error.delivered:
                    self._failed(claim, error)
        except Exception as error:  # a bug in one sink must not stop its lane
            arrived = []
            for claim in claims:
                self._failed(claim, SinkError(f"unexpected {type(error).__name__}: {error}"))
        if arrived:
            self.journal.delivered_many(arrived, self.sink.id)
            self.deliverer.count("delivered", len(arrived))
        return len(claims)

    def _send(self, claim: Delivery) -> None:
        self.sink.note_sent(time.time())
        try:
            self.sink.send(claim.record)
        except SinkError as error:
            self._failed(claim, error)
            return
        except Exception as error:  # a bug in one sink must not stop its lane
            self._failed(claim, SinkError(f"unexpected {type(error).__name__}: {error}"))
            return
        self.journal.delivered(claim.key, claim.sink)
        self.deliverer.count("delivered")

    def _failed(self, claim: Delivery, error: SinkError) -> None:
        state, due = self.journal.failed(claim.key, claim.sink, str(error),
                                         retry_after=error.retry_after,
                                         permanent=error.permanent)
        self.deliverer.count("failed" if state == "failed" else "retried")
        self.deliverer.log(f"sink {self.sink.id}: {error} "
                           f"({'given up' if state == 'failed' else 'retry'})")
        if state == "pending":
            # Down or busy: the sink waits (keeping its order) while the others go on.
            self.sink.paused_until = max(self.sink.paused_until, due)

    def due_in(self) -> float | None:
        """Seconds until a delivery of this sink is due and the sink not paused (None: none
        is waiting)."""
        due = self.journal.next_due([self.sink.id])
        if due is None:
            return None
        return max(0.0, max(due, self.sink.paused_until) - time.time())

    def run(self, halt: threading.Event) -> None:
        """The background worker: rounds until `halt`, resting while nothing is due."""
        while not halt.is_set():
            try:
                tried = self.round(halt)
            except Exception as error:  # e.g. the journal is busy: try again shortly
                self.deliverer.log(f"delivery to {self.sink.id}: {type(error).__name__}: "
                                   f"{error}")
                tried = 0
            if tried == 0 and not halt.is_set():
                due_in = self.due_in()
                self.journal.wait_for_work([self.sink.id], min(1.0, max(
                    0.05, 1.0 if due_in is None else due_in)), self.wake)
                self.wake.clear()

    def drain(self, halt: threading.Event, deadline: float) -> None:
        """Rounds until nothing of this sink is due within a short wait (a rate limit's);
        entries backing off for longer stay pending."""
        while time.monotonic() < deadline and not halt.is_set():
            if self.round(halt):
                continue
            due_in = self.due_in()
            if due_in is None or due_in > MAX_PAUSE_IN_ROUND:
                return
            halt.wait(due_in)


class Deliverer:
    """Delivers a journal's due entries to its sinks, one lane per sink; one per process."""

    def __init__(self, journal: Journal, sinks: list[Sink],
                 log: Callable[[str], None] | None = None) -> None:
        self.journal = journal
        self.sinks = {sink.id: sink for sink in sinks}
        self.counts = {"delivered": 0, "retried": 0, "failed": 0}
        self.log = log or (lambda message: None)
        self._lanes = [_Lane(self, sink) for sink in sinks]
        self._counts_lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def count(self, outcome: str, amount: int = 1) -> None:
        with self._counts_lock:
            self.counts[outcome] += amount

    def _in_parallel(self, work: Callable[[_Lane], Any], name: str) -> list[threading.Thread]:
        threads = [threading.Thread(target=work, args=(lane,), daemon=True,
                                    name=f"hct-{name}-{lane.sink.kind}") for lane in self._lanes]
        for thread in threads:
            thread.start()
        return threads

    def step(self, halt: threading.Event | None = None) -> int:
        """One round of every sink, side by side; how many deliveries were tried."""
        halt = halt or self._stop
        tried: list[int] = []
        for thread in self._in_parallel(lambda lane: tried.append(lane.round(halt)), "round"):
            thread.join()
        return sum(tried)

    def drain(self, timeout: float = 60.0, halt: threading.Event | None = None) -> None:
        """Deliver everything due now (for --once), every sink side by side; entries backing
        off stay pending. `halt` (e.g. SIGTERM) ends it early."""
        halt = halt or threading.Event()
        deadline = time.monotonic() + timeout
        for thread in self._in_parallel(lambda lane: lane.drain(halt, deadline), "drain"):
            thread.join()

    # --- background workers ----------------------------------------------------------------
    def start(self) -> None:
        if self._threads:
            return
        self._threads = self._in_parallel(lambda lane: lane.run(self._stop), "delivery")

    def wake(self) -> None:
        for lane in self._lanes:
            lane.wake.set()

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Finish the sends in flight, give the rest back, and stop the workers."""
        self._stop.set()
        self.wake()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._threads = []
