"""One request budget per account, shared by every process on the machine.

The guide allows 5 requests per second. Every send is recorded in a small state file under
the cache directory; a process may send when fewer than 5 sends fall in the window before
now, and otherwise waits, holding the file lock, until the oldest of them leaves the window.
Waiting under the lock makes the recorded time the real send time (no process can reserve
a slot and then go out late), so any window holds at most 5 sends however many scripts run
at once. The window is a little longer than one second so that jitter in delivery cannot
push 6 arrivals into one platform-side second.
"""

from __future__ import annotations

import os
import time

from hct.store import file_lock, read_json, write_json_atomic

REQUESTS_PER_WINDOW = 5
WINDOW_SECONDS = 1.12


class SharedRateLimiter:
    def __init__(self, directory: str, account_key: str,
                 per_window: int = REQUESTS_PER_WINDOW, window: float = WINDOW_SECONDS) -> None:
        self._state = os.path.join(directory, f"rate-{account_key}.json")
        self._lock_path = self._state + ".lock"
        self._per_window = per_window
        self._window = window

    def acquire(self) -> float:
        """Block until this process may send one request now; returns the seconds waited."""
        start = time.time()
        with file_lock(self._lock_path):
            now = time.time()
            sends = self._recent_sends(now)
            if len(sends) >= self._per_window:
                wait = sends[-self._per_window] + self._window - now
                if wait > 0:
                    time.sleep(wait)
                now = time.time()
            sends.append(now)
            write_json_atomic(self._state, sends[-self._per_window:])
        return time.time() - start

    def push_back(self, seconds: float) -> None:
        """After a rate-limit answer: keep every process quiet for `seconds`."""
        with file_lock(self._lock_path):
            # a full window of sends that ends `seconds` from now
            last = time.time() + seconds - self._window
            write_json_atomic(self._state, [last] * self._per_window)

    def _recent_sends(self, now: float) -> list[float]:
        stored = read_json(self._state)
        if not isinstance(stored, list):
            return []  # missing or corrupt state: start afresh
        sends = sorted(float(s) for s in stored if isinstance(s, (int, float)))
        return [s for s in sends if s > now - self._window]
