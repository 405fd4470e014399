"""One request budget per account, shared by every process on the machine.

The guide allows 5 requests per second. Each process reserves a send time in a small
state file under the cache directory (held under a file lock only for the reservation),
then sleeps until that time. A reservation is granted when fewer than 5 reservations fall
in the window before it, so any window of that length holds at most 5 sends, however many
scripts run at once. The window is a little longer than one second so that jitter in
delivery cannot push 6 arrivals into one platform-side second.
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
        """Block until this process may send one request; returns the seconds waited."""
        start = time.time()
        with file_lock(self._lock_path):
            now = time.time()
            slots = self._recent_slots(now)
            slot = now
            if len(slots) >= self._per_window:
                slot = max(now, slots[-self._per_window] + self._window)
            slots.append(slot)
            write_json_atomic(self._state, slots[-self._per_window:])
        delay = slot - time.time()
        if delay > 0:
            time.sleep(delay)
        return time.time() - start

    def push_back(self, seconds: float) -> None:
        """After a rate-limit answer: keep every process quiet for `seconds`."""
        with file_lock(self._lock_path):
            until = time.time() + seconds
            write_json_atomic(self._state, [until] * self._per_window)

    def _recent_slots(self, now: float) -> list[float]:
        stored = read_json(self._state)
        if not isinstance(stored, list):
            return []  # missing or corrupt state: start afresh
        slots = sorted(float(s) for s in stored if isinstance(s, (int, float)))
        return [s for s in slots if s > now - self._window]
