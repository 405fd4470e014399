"""The alarm journal: every alarm and message is written here once, before anything upstream
is acknowledged, with its delivery state per sink.

`Journal` is the interface every backend keeps; `open_journal(spec)` picks the backend from
the `--journal` value (a path: the embedded SQLite journal of `journal_sqlite.py`, the
default; `redis://HOST:PORT/DB`: the shared journal of `journal_redis.py`, for receivers,
pollers and delivery workers on several machines). What a backend promises, whichever engine
is under it:

- Durable before acknowledged: `record_batch` returns only once its entries are stored as
  durably as the engine allows (SQLite: committed with a full fsync), so the poller may then
  complete the batch and the receiver may answer 200.
- Deduplication, shared by every process on the same journal: a batch id is recorded once
  (a pushed batch id seen before journals nothing: `replay_is_final`), an entry once per
  `entry_key` (the account, the guid and what tells start/end/re-upload of one guid apart).
- Burned handshake batch ids: `burn_handshake` before the webhook's GET is answered, and
  `is_burned` refuses any push carrying such an id, also after a restart.
- Deliveries per entry and sink: `pending` -> `sending` (claimed under a lease by one worker)
  -> `delivered`, or back to `pending` with a due time, or `failed` after `MAX_ATTEMPTS` or a
  permanent refusal. A claim whose worker died comes back marked `uncertain` (it may have
  reached the sink): delivery is at least once, with the journal key as idempotency key.
"""

from __future__ import annotations

import abc
import hashlib
import json
import os
import random
import time
from dataclasses import dataclass

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    import threading
    from collections.abc import Iterable
    from typing import Any

JOURNAL_FILE = "alarm-journal.sqlite3"
STATES = ("pending", "sending", "delivered", "failed")
MAX_ATTEMPTS = 10
BACKOFF_BASE_SECONDS = 2.0
BACKOFF_CAP_SECONDS = 600.0
LEASE_SECONDS = 300.0
KEEP_DAYS = 30  # delivered entries, batch ids and burned handshake ids older than this go
PRUNE_EVERY_SECONDS = 6 * 3600


def default_path() -> str:
    from hct.config import cache_dir

    return os.path.join(cache_dir(), JOURNAL_FILE)


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def item_kind(item: Any) -> str:
    """`alarm` for an AlarmMsg (it has a guid), else `message` (an Event(1) with basicInfo)."""
    if isinstance(item, dict) and (item.get("guid") or item.get("type") == "alarm"):
        return "alarm"
    return "message"


def entry_key(item: Any, account: str | None = None) -> str:
    """The deduplication key of one alarm or message of `account` (None: the default one).

    Alarms: the guid, plus a digest of what the guide says may differ between uploads of the
    same guid (A.3.20 msgType: start/end/confirm/mark, a repeated guid is a pulse; 4.2: the
    second upload of an alarm carries its attachments). A redelivered batch repeats all of
    these, so it deduplicates; an end message or the upload with the snapshot does not.
    Messages (Event(1)): `uuid` + `update` when present, else a digest of the whole item.
    A named account's keys start with `<account>/`: two accounts are two tenants.
    """
    key = _item_key(item)
    return f"{account}/{key}" if account else key


def _item_key(item: Any) -> str:
    if not isinstance(item, dict):
        return "m:" + _digest(item)[:40]
    guid = item.get("guid")
    if guid:
        times = item.get("timeInfo") if isinstance(item.get("timeInfo"), dict) else {}
        variant = [item.get("msgType"), item.get("alarmState"), times.get("startTime"),
                   times.get("endTime"), item.get("fileInfo")]
        return f"a:{guid}:{_digest(variant)[:16]}"
    if item.get("uuid"):
        variant = [item.get("update"), item.get("picture"), item.get("video")]
        return f"m:{item['uuid']}:{_digest(variant)[:16]}"
    return "m:" + _digest(item)[:40]


def item_guid(item: Any) -> str | None:
    if isinstance(item, dict):
        return item.get("guid") or item.get("uuid") or None
    return None


def iso_time(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    from datetime import datetime, timezone

    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="milliseconds")


def make_record(key: str, kind: str, guid: str | None, batch_id: str | None, source: str,
                received_at: float, item: Any, account: str | None = None) -> dict[str, Any]:
    """What a sink receives, whatever the backend: the journal's facts (`account`: the
    accounts-file name the alarm came from, None for the default account) and the original
    item unchanged."""
    return {"journalKey": key, "kind": kind, "guid": guid, "batchId": batch_id,
            "source": source, "account": account, "receivedAt": iso_time(received_at),
            "item": item}


def backoff_seconds(attempts: int) -> float:
    """Capped exponential backoff with jitter for the `attempts`-th failure (1-based)."""
    delay = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * (2 ** max(0, attempts - 1)))
    return delay * random.uniform(0.8, 1.2)


class JournalError(Exception):
    """The journal cannot take a write now (busy, disk full, server down): nothing of that
    write was stored. The poller does not complete the batch (it comes back), the receiver
    answers 503 (the platform retries)."""


@dataclass
class BatchResult:
    batch_id: str | None
    new: int
    duplicates: int
    replay: bool  # the batchId was seen before (for pushes: nothing was journaled)
    burned: bool = False  # `unless_burned` and a handshake signed this id: nothing journaled


@dataclass
class Delivery:
    """One claimed delivery: send `record` to `sink`, then report `delivered`/`failed`."""

    key: str
    sink: str
    attempts: int
    uncertain: bool  # a previous attempt may have reached the sink (its worker died)
    record: dict[str, Any]


class Journal(abc.ABC):
    """The journal interface (see the module's docstring for what every backend promises).
    Safe to share between the threads of a process and between processes."""

    location: str  # where it is, for people and logs (a path, or a URL without password)

    def __init__(self) -> None:
        self._pruned_at = 0.0

    # --- what arrives ---------------------------------------------------------------------
    @abc.abstractmethod
    def record_batch(self, batch_id: str | None, items: Iterable[Any], *, source: str,
                     sinks: Iterable[str] = (), kind: str | None = None,
                     replay_is_final: bool = False, unless_burned: bool = False,
                     account: str | None = None) -> BatchResult:
        """Journal one batch of `account` durably, with a pending delivery per sink for each
        new entry. Pushes: `replay_is_final` (a batch id seen before journals nothing) and
        `unless_burned` (a batch id a handshake signed journals nothing: `burned`; the same
        check as `is_burned`, in the same step). JournalError when it could not be stored."""

    @abc.abstractmethod
    def mark_completed(self, batch_id: str) -> None:
        """The batch was completed upstream (the poller's `messages/complete` succeeded)."""

    @abc.abstractmethod
    def burn_handshake(self, batch_id: str) -> None:
        """Remember, durably, that a verification GET was signed for this batch id."""

    @abc.abstractmethod
    def is_burned(self, batch_id: str) -> bool:
        """Whether a verification GET was signed for this batch id: a push carrying it is
        refused (else the handshake would sign forged pushes)."""

    # --- delivering -----------------------------------------------------------------------
    @abc.abstractmethod
    def claim(self, sinks: Iterable[str], limit: int = 50,
              lease_seconds: float = LEASE_SECONDS) -> list[Delivery]:
        """Take up to `limit` due deliveries of these sinks under a lease of the caller.
        A delivery whose worker died is taken again, marked uncertain."""

    @abc.abstractmethod
    def delivered_many(self, keys: list[str], sink: str) -> None:
        """These claimed deliveries reached the sink."""

    def delivered(self, key: str, sink: str) -> None:
        self.delivered_many([key], sink)

    @abc.abstractmethod
    def failed(self, key: str, sink: str, error: str, *, retry_after: float | None = None,
               permanent: bool = False) -> tuple[str, float]:
        """Record a failed attempt; returns the new state (`pending` again, or `failed` when
        the attempts are used up or the failure is permanent) and the next attempt's time."""

    @abc.abstractmethod
    def release(self, key: str, sink: str, not_before: float) -> None:
        """Give a claimed delivery back untried (the sink is paused or rate limited)."""

    @abc.abstractmethod
    def redeliver(self, keys_or_guids: Iterable[str] = (), *, failed: bool = False,
                  sinks: Iterable[str] = ()) -> int:
        """Make deliveries due again: of the given entry keys/guids, or every failed one;
        returns how many."""

    def wait_for_work(self, sinks: list[str], seconds: float, wake: threading.Event) -> None:
        """Rest up to `seconds` while nothing is due for these sinks; `wake` (set by this
        process when it journals something) ends the rest. A shared backend also wakes when
        another process adds deliveries."""
        wake.wait(seconds)

    # --- reading --------------------------------------------------------------------------
    @abc.abstractmethod
    def counts(self) -> dict[str, Any]:
        """{"entries": n, "batches": n, "deliveries": {state: n for state in STATES},
        "bySink": {sink: {state: n}}}."""

    @abc.abstractmethod
    def pending_count(self, sinks: Iterable[str]) -> int:
        """Deliveries of these sinks not yet done (pending or sending)."""

    @abc.abstractmethod
    def next_due(self, sinks: Iterable[str]) -> float | None:
        """The earliest due time of a pending delivery of these sinks (epoch seconds)."""

    @abc.abstractmethod
    def entries(self, *, state: str | None = None, sink: str | None = None,
                since: float | None = None, limit: int = 100,
                guid: str | None = None) -> list[dict[str, Any]]:
        """Records, newest first, each with `deliveries` [{sink, state, attempts, lastError,
        nextAttempt, deliveredAt}] (filters combine with AND; `guid` also matches a key)."""

    # --- housekeeping ---------------------------------------------------------------------
    @abc.abstractmethod
    def prune(self, keep_days: float = KEEP_DAYS) -> int:
        """Remove entries older than `keep_days` whose deliveries are all delivered, and
        batch and burned ids of that age; returns how many entries went."""

    def maybe_prune(self, keep_days: float = KEEP_DAYS) -> int | None:
        """Prune at most every few hours (a journal that runs for months stays small); the
        number of entries removed, or None when it was not time yet."""
        now = time.time()
        if now - self._pruned_at < PRUNE_EVERY_SECONDS:
            return None
        self._pruned_at = now
        return self.prune(keep_days)

    @abc.abstractmethod
    def close(self) -> None:
        """Release what this thread holds (a connection)."""


def open_journal(spec: str | None, *, create: bool = True) -> Journal:
    """The journal a `--journal` value names: `redis://HOST:PORT/DB` (or `rediss://`) is the
    shared Redis journal, a file path (default `<cache dir>/alarm-journal.sqlite3`) the
    embedded SQLite journal. `create=False` (journal.py, which only reads and updates): a
    journal that does not exist yet is InvalidArgument."""
    from hct.errors import InvalidArgument

    if spec and "://" in spec:
        scheme = spec.split("://", 1)[0].lower()
        if scheme not in ("redis", "rediss"):
            raise InvalidArgument(f"--journal: {scheme}:// journals are not supported; give "
                                  "a file path or redis://HOST:PORT/DB")
        from hct.alarm.journal_redis import RedisJournal

        return RedisJournal(spec, create=create)
    from hct.alarm.journal_sqlite import SqliteJournal

    path = os.path.abspath(os.path.expanduser(spec)) if spec else default_path()
    if not create and not os.path.exists(path):
        raise InvalidArgument(f"no journal at {path}; give --journal PATH")
    return SqliteJournal(path)
