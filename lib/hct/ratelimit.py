"""One request budget per account, shared by every process of the user on the machine.

The guide allows 5 requests per second per account. The budget is a small state file in the
user's runtime directory (config.runtime_dir: the same for every process, whatever its cache
directory), read and written under a lock that is only ever held for a moment:

1. Reserve: a process takes the next slot, at least one window after the fifth slot before
   it, joins the queue of waiters and lets go of the lock. Nobody sleeps holding the lock,
   so a hundred scripts at once all get their turn.
2. Send: when its slot comes, the process records its send, but only when no waiter that
   reserved before it is still waiting (first come, first served) and fewer than 5 sends may
   have reached the platform within the window before now; otherwise it looks again a
   little later. A waiter that died, or was stopped, leaves the queue. A send with nobody
   waiting and room in the window reserves and records at once.
3. Done: when the answer is in (or the exchange failed), the process records that moment.

When did a send reach the platform? Not before it started, and not after its answer came
back; a loaded machine (or a new TLS connection next to a kept-alive one) may put it
anywhere in between. A send therefore counts in the window until one window after its
answer, or after `DELIVERY_BOUND` past its start if the answer takes longer (a slow
endpoint, a process that died mid-request). So no window of arrivals at the platform holds
more than 5 sends however late any of them is delivered within that bound.

Times come from time.monotonic(), the system-wide CLOCK_MONOTONIC that never steps, so
setting the wall clock back stalls nobody; a state with send times from the future (written
under another boot's clock) is discarded.
"""

from __future__ import annotations

import os
import time

from hct.store import file_lock

REQUESTS_PER_WINDOW = 5
WINDOW_SECONDS = 1.02  # the platform's 1.0 s, and a little for timer granularity
DELIVERY_BOUND = 1.0  # a send whose answer takes longer reached the platform within this
POLL_SECONDS = 0.05  # how often the first waiter looks again while a send is under way
MAX_POLL_SECONDS = 0.5  # the longest a waiter past its slot sleeps: then it is seen alive
STALE_SECONDS = 3.0  # a waiter not seen this long past its slot is stopped, not waiting
MAX_QUIET_SECONDS = 30.0  # the longest Retry-After the client honours
MAX_QUEUE_SECONDS = 600.0  # no honest reservation lies further ahead than this


class _Budget:
    """The shared state, loaded under the lock: the latest reserved slots, the queue of
    processes waiting for theirs ([slot, pid, last seen]), the sends that may still count
    ([start, end or None]) and a quiet time after a rate-limit answer."""

    def __init__(self, lock: file_lock, per_window: int, window: float) -> None:
        self.now = time.monotonic()
        self._lock = lock
        self._per_window = per_window
        self._window = window
        self.reserved: list[float] = []
        self.queue: list[list[float]] = []
        self.sends: list[list[float | None]] = []
        self.quiet = 0.0
        self._load()

    def _load(self) -> None:
        import json

        try:
            state = json.loads(self._lock.read_text())
            reserved = sorted(float(t) for t in state["reserved"])
            queue = sorted([float(slot), int(pid), float(seen)]
                           for slot, pid, seen in state["queue"])
            sends = [[float(start), None if end is None else float(end)]
                     for start, end in state["sends"]]
            quiet = float(state["quiet"])
        except (ValueError, TypeError, KeyError):
            return  # missing, torn or foreign state: start afresh
        from_another_clock = (any(start > self.now for start, _ in sends)
                              or any(seen > self.now for _, _, seen in queue)
                              or quiet > self.now + MAX_QUIET_SECONDS
                              or (reserved and reserved[-1] > self.now + MAX_QUEUE_SECONDS))
        if not from_another_clock:
            self.reserved, self.quiet = reserved, quiet
            self.queue = [entry for entry in queue if self._waiting(entry)]
            self.sends = [send for send in sends if self._counts_until(send) > self.now]

    def save(self) -> None:
        import json

        self._lock.write_text(json.dumps({
            "reserved": self.reserved[-self._per_window:], "queue": self.queue,
            "sends": self.sends, "quiet": self.quiet}))

    def _waiting(self, entry: list[float]) -> bool:
        """Whether a queued process still waits: alive, and seen lately (a stopped process,
        Ctrl-Z, must not hold up the others)."""
        slot, pid, seen = entry
        if self.now > max(slot, seen) + STALE_SECONDS:
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except OSError:
            pass  # alive, but not ours to signal
        return True

    def _counts_until(self, send: list[float | None]) -> float:
        start, end = send
        latest_arrival = start + DELIVERY_BOUND if end is None else min(
            end, start + DELIVERY_BOUND)
        return latest_arrival + self._window

    def next_slot(self) -> float:
        """Where a new reservation goes: one window after the fifth slot before it."""
        if len(self.reserved) < self._per_window:
            return max(self.now, self.quiet)
        return max(self.now, self.quiet, self.reserved[-self._per_window] + self._window)

    def may_send_at(self) -> tuple[float, bool]:
        """The earliest moment a send keeps every window at `per_window`, and whether a send
        still under way decides it (its answer may free the slot sooner)."""
        counting = sorted((self._counts_until(send), send[1] is None) for send in self.sends)
        if len(counting) < self._per_window:
            return max(self.now, self.quiet), False
        until, under_way = counting[-self._per_window]
        return max(self.now, self.quiet, until), under_way

    def ahead_of(self, slot: float, pid: int) -> int:
        """How many waiting processes reserved before this one."""
        return sum(1 for entry in self.queue if (entry[0], entry[1]) < (slot, pid))

    def wait(self, slot: float, pid: int) -> None:
        """Queue (or keep queued) this process's reservation, seen now."""
        self.leave(slot, pid)
        self.queue.append([slot, pid, self.now])
        self.queue.sort()
        self.save()

    def leave(self, slot: float, pid: int) -> None:
        self.queue = [entry for entry in self.queue if (entry[0], entry[1]) != (slot, pid)]

    def record_send(self) -> float:
        self.sends.append([self.now, None])
        self.save()
        return self.now


class SharedRateLimiter:
    def __init__(self, directory: str, account_key: str,
                 per_window: int = REQUESTS_PER_WINDOW, window: float = WINDOW_SECONDS) -> None:
        self._path = os.path.join(directory, f"rate-{account_key}.state")
        self._per_window = per_window
        self._window = window

    def _budget(self, lock: file_lock) -> _Budget:
        return _Budget(lock, self._per_window, self._window)

    def acquire(self) -> float:
        """Block until this process may send one request now (after every process that
        asked before it); returns the send's ticket for `release`."""
        pid = os.getpid()
        with file_lock(self._path) as lock:
            budget = self._budget(lock)
            slot = budget.next_slot()
            budget.reserved.append(slot)
            if slot <= budget.now and not budget.queue and budget.may_send_at()[0] <= budget.now:
                return budget.record_send()
            budget.wait(slot, pid)
        wake = slot
        while True:
            time.sleep(max(0.0, wake - time.monotonic()))
            with file_lock(self._path) as lock:
                budget = self._budget(lock)
                ahead = budget.ahead_of(slot, pid)
                earliest, under_way = budget.may_send_at()
                if not ahead and earliest <= budget.now:
                    budget.leave(slot, pid)
                    return budget.record_send()
                budget.wait(slot, pid)
            if ahead:  # the first waiters look most often
                wake = budget.now + POLL_SECONDS * ahead
            else:
                wake = min(earliest, budget.now + POLL_SECONDS) if under_way else earliest
            wake = min(wake, budget.now + MAX_POLL_SECONDS)  # seen alive, keeping its place

    def release(self, ticket: float) -> None:
        """The send of `ticket` is over (answered or failed): it counts one window more."""
        with file_lock(self._path) as lock:
            budget = self._budget(lock)
            for send in budget.sends:
                if send[0] == ticket and send[1] is None:
                    send[1] = budget.now
                    budget.save()
                    return

    def push_back(self, seconds: float) -> None:
        """After a rate-limit answer: keep every process quiet for `seconds`."""
        with file_lock(self._path) as lock:
            budget = self._budget(lock)
            budget.quiet = max(budget.quiet, budget.now + min(seconds, MAX_QUIET_SECONDS))
            budget.save()
