"""The alarm journal: every alarm and message is written here once, before anything upstream
is acknowledged, with its delivery state per sink.

One SQLite file in WAL mode (default `<cache dir>/alarm-journal.sqlite3`) is shared by the
poller and the webhook receiver, even several processes at once:

- `entries`: one row per alarm or message, keyed by `entry_key` (see there: the guid plus
  what tells the guide's start/end/confirm/mark and re-upload messages of one guid apart).
- `batches`: every batchId seen (polled or pushed) and whether it was completed upstream;
  a pushed batchId seen before is a replay and is not journaled again.
- `deliveries`: per entry and sink: `pending` / `sending` / `delivered` / `failed`, attempts,
  last error, next attempt time, and a lease (owner, until) so that two processes never send
  the same delivery at once. A `sending` row whose owner died (kill -9 between the sink's
  write and the journal's update) is "uncertain": a sink that can tell whether it already
  has the entry (`jsonl`) is asked, the others get it again (at least once, with the
  journal key as idempotency key where the service supports one).
- `handshakes`: webhook verification batch ids already answered (each is answered once).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import socket
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any

JOURNAL_FILE = "alarm-journal.sqlite3"
STATES = ("pending", "sending", "delivered", "failed")
MAX_ATTEMPTS = 10
BACKOFF_BASE_SECONDS = 2.0
BACKOFF_CAP_SECONDS = 600.0
LEASE_SECONDS = 300.0
KEEP_DAYS = 30  # delivered entries, batch ids and handshake ids older than this are pruned
PRUNE_EVERY_SECONDS = 6 * 3600

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY, guid TEXT, kind TEXT NOT NULL, batch_id TEXT, source TEXT NOT NULL,
    received_at REAL NOT NULL, payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entries_guid ON entries (guid);
CREATE INDEX IF NOT EXISTS entries_received ON entries (received_at);
CREATE TABLE IF NOT EXISTS batches (
    batch_id TEXT PRIMARY KEY, kind TEXT, source TEXT NOT NULL, received_at REAL NOT NULL,
    count INTEGER NOT NULL, completed_at REAL);
CREATE TABLE IF NOT EXISTS deliveries (
    key TEXT NOT NULL, sink TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
    last_error TEXT, next_attempt REAL NOT NULL, delivered_at REAL, lease_owner TEXT,
    lease_until REAL, PRIMARY KEY (key, sink));
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_attempt);
CREATE TABLE IF NOT EXISTS handshakes (batch_id TEXT PRIMARY KEY, answered_at REAL NOT NULL);
"""


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


def entry_key(item: Any) -> str:
    """The deduplication key of one alarm or message.

    Alarms: the guid, plus a digest of what the guide says may differ between uploads of the
    same guid (A.3.20 msgType: start/end/confirm/mark, a repeated guid is a pulse; 4.2: the
    second upload of an alarm carries its attachments). A redelivered batch repeats all of
    these, so it deduplicates; an end message or the upload with the snapshot does not.
    Messages (Event(1)): `uuid` + `update` when present, else a digest of the whole item.
    """
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


@dataclass
class BatchResult:
    batch_id: str | None
    new: int
    duplicates: int
    replay: bool  # the batchId was seen before (for pushes: nothing was journaled)


@dataclass
class Delivery:
    key: str
    sink: str
    attempts: int
    uncertain: bool  # a previous attempt may have reached the sink (its process died)
    record: dict[str, Any]


class _Recording:
    """One record_batch call waiting for the group commit that holds it."""

    def __init__(self, batch_id: str | None, items: list[Any], source: str, sinks: list[str],
                 kind: str | None, replay_is_final: bool) -> None:
        self.batch_id = batch_id
        self.items = items
        self.source = source
        self.sinks = sinks
        self.kind = kind
        self.replay_is_final = replay_is_final
        self.done = False
        self.result: BatchResult | None = None
        self.error: BaseException | None = None

    def outcome(self) -> BatchResult:
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


def lease_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _owner_alive(owner: str | None) -> bool:
    if not owner:
        return False
    try:
        host, pid, _ = owner.split(":", 2)
        if host != socket.gethostname():
            return True  # cannot tell: wait for the lease to run out
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (ValueError, PermissionError, OSError):
        return True
    return True


def backoff_seconds(attempts: int) -> float:
    """Capped exponential backoff with jitter for the `attempts`-th failure (1-based)."""
    delay = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * (2 ** max(0, attempts - 1)))
    return delay * random.uniform(0.8, 1.2)


class Journal:
    """The journal of one SQLite file; safe to use from several threads and processes."""

    def __init__(self, path: str | None = None) -> None:
        self.path = os.path.abspath(os.path.expanduser(path)) if path else default_path()
        directory = os.path.dirname(self.path)
        os.makedirs(directory, mode=0o700, exist_ok=True)
        self._local = threading.local()
        # Threads of one process take turns for writes here instead of in SQLite's busy
        # handler, whose sleeps (up to 100 ms) would show up as answer-time spikes.
        self._write_lock = threading.Lock()
        self._group = threading.Condition()
        self._waiting: list[_Recording] = []
        self._leader_busy = False
        self._pruned_at = 0.0
        self._connection().executescript(_SCHEMA)
        for suffix in ("", "-wal", "-shm"):  # alarms are private: owner only
            with contextlib.suppress(OSError):
                os.chmod(self.path + suffix, 0o600)

    # --- connections ----------------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30.0, isolation_level=None,
                                         check_same_thread=False)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA busy_timeout=30000")
            connection.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed entry survives a power cut, not only a killed process.
            connection.execute("PRAGMA synchronous=FULL")
            self._local.connection = connection
        return connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection()
        with self._write_lock:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # --- writing what arrives -----------------------------------------------------------------
    def record_batch(self, batch_id: str | None, items: Iterable[Any], *, source: str,
                     sinks: Iterable[str] = (), kind: str | None = None,
                     replay_is_final: bool = False) -> BatchResult:
        """Journal one batch durably, with a pending delivery per sink for each new entry.
        `replay_is_final` (pushes): a batchId seen before journals nothing.

        Group commit: batches recorded at the same time by several threads (the receiver's
        request threads) share one transaction and one fsync; each call returns only after
        the transaction holding its batch is committed."""
        request = _Recording(batch_id, list(items), source, list(sinks), kind, replay_is_final)
        with self._group:
            self._waiting.append(request)
            while not request.done and self._leader_busy:
                self._group.wait()
            if request.done:
                return request.outcome()
            self._leader_busy = True
            taken, self._waiting = self._waiting, []
        try:
            self._commit_recordings(taken)
        except BaseException as error:
            for each in taken:
                each.error = error
            raise
        finally:
            with self._group:
                for each in taken:
                    each.done = True
                self._leader_busy = False
                self._group.notify_all()
        return request.outcome()

    def _commit_recordings(self, recordings: list[_Recording]) -> None:
        now = time.time()
        with self._transaction() as db:
            for recording in recordings:
                recording.result = self._record(db, recording, now)

    @staticmethod
    def _record(db: sqlite3.Connection, recording: _Recording, now: float) -> BatchResult:
        batch_id, items = recording.batch_id, recording.items
        kind, source = recording.kind, recording.source
        new = duplicates = 0
        replay = False
        if batch_id:
            replay = db.execute("SELECT 1 FROM batches WHERE batch_id = ?",
                                (batch_id,)).fetchone() is not None
            if replay and recording.replay_is_final:
                return BatchResult(batch_id, 0, len(items), True)
            if not replay:
                db.execute("INSERT INTO batches (batch_id, kind, source, received_at, count)"
                           " VALUES (?, ?, ?, ?, ?)", (batch_id, kind, source, now, len(items)))
        for item in items:
            key = entry_key(item)
            inserted = db.execute(
                "INSERT OR IGNORE INTO entries (key, guid, kind, batch_id, source, "
                "received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, item_guid(item), kind or item_kind(item), batch_id, source, now,
                 json.dumps(item, ensure_ascii=False))).rowcount
            if not inserted:
                duplicates += 1
                continue
            new += 1
            db.executemany(
                "INSERT OR IGNORE INTO deliveries (key, sink, state, attempts, next_attempt)"
                " VALUES (?, ?, 'pending', 0, ?)", [(key, sink, now) for sink in recording.sinks])
        return BatchResult(batch_id, new, duplicates, replay)

    def mark_completed(self, batch_id: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE batches SET completed_at = ? WHERE batch_id = ?",
                       (time.time(), batch_id))

    def answer_handshake_once(self, batch_id: str) -> bool:
        """True the first time a verification batch id is seen, False ever after."""
        with self._transaction() as db:
            return db.execute("INSERT OR IGNORE INTO handshakes (batch_id, answered_at) "
                              "VALUES (?, ?)", (batch_id, time.time())).rowcount == 1

    def maybe_prune(self, keep_days: float = KEEP_DAYS) -> int | None:
        """Prune at most every few hours (a journal that runs for months stays small); the
        number of entries removed, or None when it was not time yet."""
        now = time.time()
        if now - self._pruned_at < PRUNE_EVERY_SECONDS:
            return None
        self._pruned_at = now
        return self.prune(keep_days)

    def prune(self, keep_days: float = KEEP_DAYS) -> int:
        """Remove entries older than `keep_days` whose deliveries are all done (delivered),
        and batch and handshake ids of that age. Pending and failed entries stay."""
        cutoff = time.time() - keep_days * 86400
        with self._transaction() as db:
            old = [row[0] for row in db.execute(
                "SELECT key FROM entries e WHERE received_at < ? AND NOT EXISTS (SELECT 1 FROM "
                "deliveries d WHERE d.key = e.key AND d.state != 'delivered')", (cutoff,))]
            db.executemany("DELETE FROM deliveries WHERE key = ?", [(key,) for key in old])
            db.executemany("DELETE FROM entries WHERE key = ?", [(key,) for key in old])
            db.execute("DELETE FROM batches WHERE received_at < ?", (cutoff,))
            db.execute("DELETE FROM handshakes WHERE answered_at < ?", (cutoff,))
        return len(old)

    def was_handshake(self, batch_id: str) -> bool:
        """A push may not reuse a batch id the handshake signed (that would let the handshake
        sign forged pushes)."""
        return self._connection().execute("SELECT 1 FROM handshakes WHERE batch_id = ?",
                                          (batch_id,)).fetchone() is not None

    # --- delivering ---------------------------------------------------------------------------
    def claim(self, sinks: Iterable[str], limit: int = 50,
              lease_seconds: float = LEASE_SECONDS) -> list[Delivery]:
        """Take up to `limit` due deliveries of these sinks under a lease of this thread.
        A delivery left `sending` by a dead process is taken again, marked uncertain."""
        sinks = list(sinks)
        if not sinks:
            return []
        now = time.time()
        owner = lease_owner()
        marks = ",".join("?" * len(sinks))
        with self._transaction() as db:
            rows = db.execute(
                f"SELECT d.key, d.sink, d.state, d.attempts, d.lease_owner, d.lease_until, "
                f"e.kind, e.guid, e.batch_id, e.source, e.received_at, e.payload "
                f"FROM deliveries d JOIN entries e ON e.key = d.key "
                f"WHERE d.sink IN ({marks}) AND ((d.state = 'pending' AND d.next_attempt <= ? "
                f"AND (d.lease_until IS NULL OR d.lease_until < ?)) OR d.state = 'sending') "
                f"ORDER BY e.received_at, e.rowid LIMIT ?",
                (*sinks, now, now, limit * 4)).fetchall()
            taken: list[Delivery] = []
            for row in rows:
                if len(taken) >= limit:
                    break
                uncertain = row["state"] == "sending"
                if uncertain and row["lease_until"] and row["lease_until"] >= now and \
                        _owner_alive(row["lease_owner"]):
                    continue  # another live process is sending it right now
                db.execute("UPDATE deliveries SET state = 'sending', lease_owner = ?, "
                           "lease_until = ? WHERE key = ? AND sink = ?",
                           (owner, now + lease_seconds, row["key"], row["sink"]))
                taken.append(Delivery(row["key"], row["sink"], row["attempts"], uncertain,
                                      _record(row)))
        return taken

    def delivered(self, key: str, sink: str) -> None:
        self.delivered_many([key], sink)

    def delivered_many(self, keys: list[str], sink: str) -> None:
        now = time.time()
        with self._transaction() as db:
            db.executemany("UPDATE deliveries SET state = 'delivered', delivered_at = ?, "
                           "attempts = attempts + 1, last_error = NULL, lease_owner = NULL, "
                           "lease_until = NULL WHERE key = ? AND sink = ?",
                           [(now, key, sink) for key in keys])

    def failed(self, key: str, sink: str, error: str, *, retry_after: float | None = None,
               permanent: bool = False, count_attempt: bool = True) -> tuple[str, float]:
        """Record a failed attempt; returns the new state (`pending` again, or `failed` when
        the attempts are used up or the failure is permanent) and the next attempt's time."""
        with self._transaction() as db:
            row = db.execute("SELECT attempts FROM deliveries WHERE key = ? AND sink = ?",
                             (key, sink)).fetchone()
            attempts = (row["attempts"] if row else 0) + (1 if count_attempt else 0)
            state = "failed" if permanent or attempts >= MAX_ATTEMPTS else "pending"
            wait = retry_after if retry_after is not None else backoff_seconds(attempts)
            due = time.time() + wait
            db.execute("UPDATE deliveries SET state = ?, attempts = ?, last_error = ?, "
                       "next_attempt = ?, lease_owner = NULL, lease_until = NULL "
                       "WHERE key = ? AND sink = ?",
                       (state, attempts, error[:500], due, key, sink))
        return state, due

    def release(self, key: str, sink: str, not_before: float) -> None:
        """Give a claimed delivery back untried (the sink is paused or rate limited)."""
        with self._transaction() as db:
            db.execute("UPDATE deliveries SET state = 'pending', next_attempt = ?, "
                       "lease_owner = NULL, lease_until = NULL WHERE key = ? AND sink = ?",
                       (not_before, key, sink))

    def redeliver(self, keys_or_guids: Iterable[str] = (), *, failed: bool = False,
                  sinks: Iterable[str] = ()) -> int:
        """Make deliveries due again: of the given entry keys/guids, or every failed one."""
        now = time.time()
        sinks = list(sinks)
        sink_clause = f" AND sink IN ({','.join('?' * len(sinks))})" if sinks else ""
        changed = 0
        with self._transaction() as db:
            if failed:
                changed += db.execute(
                    "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt = ? "
                    "WHERE state = 'failed'" + sink_clause, (now, *sinks)).rowcount
            for value in keys_or_guids:
                changed += db.execute(
                    "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt = ?, "
                    "lease_owner = NULL, lease_until = NULL WHERE state != 'sending' AND key IN "
                    "(SELECT key FROM entries WHERE key = ? OR guid = ?)" + sink_clause,
                    (now, value, value, *sinks)).rowcount
        return changed

    # --- reading ------------------------------------------------------------------------------
    def counts(self) -> dict[str, Any]:
        db = self._connection()
        states = {state: 0 for state in STATES}
        for row in db.execute("SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state"):
            states[row["state"]] = row["n"]
        entries = db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        batches = db.execute("SELECT COUNT(*) FROM batches").fetchone()[0]
        return {"entries": entries, "batches": batches, "deliveries": states}

    def pending_count(self, sinks: Iterable[str]) -> int:
        sinks = list(sinks)
        if not sinks:
            return 0
        return self._connection().execute(
            f"SELECT COUNT(*) FROM deliveries WHERE state IN ('pending', 'sending') AND sink IN "
            f"({','.join('?' * len(sinks))})", sinks).fetchone()[0]

    def next_due(self, sinks: Iterable[str]) -> float | None:
        sinks = list(sinks)
        if not sinks:
            return None
        return self._connection().execute(
            f"SELECT MIN(next_attempt) FROM deliveries WHERE state = 'pending' AND sink IN "
            f"({','.join('?' * len(sinks))})", sinks).fetchone()[0]

    def entries(self, *, state: str | None = None, sink: str | None = None,
                since: float | None = None, limit: int = 100,
                guid: str | None = None) -> list[dict[str, Any]]:
        """Entries, newest first, each with its deliveries (filters combine with AND)."""
        clauses, values = [], []
        if since is not None:
            clauses.append("e.received_at >= ?")
            values.append(since)
        if guid:
            clauses.append("(e.guid = ? OR e.key = ?)")
            values.extend([guid, guid])
        if state or sink:
            inner, inner_values = [], []
            if state:
                inner.append("d.state = ?")
                inner_values.append(state)
            if sink:
                inner.append("d.sink = ?")
                inner_values.append(sink)
            clauses.append("EXISTS (SELECT 1 FROM deliveries d WHERE d.key = e.key AND "
                           + " AND ".join(inner) + ")")
            values.extend(inner_values)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        db = self._connection()
        rows = db.execute(f"SELECT * FROM entries e {where} ORDER BY e.received_at DESC, "
                          f"e.rowid DESC LIMIT ?", (*values, limit)).fetchall()
        result = []
        for row in rows:
            record = _record(row)
            record["deliveries"] = [
                {"sink": d["sink"], "state": d["state"], "attempts": d["attempts"],
                 "lastError": d["last_error"], "nextAttempt": _iso(d["next_attempt"])
                 if d["state"] == "pending" else None, "deliveredAt": _iso(d["delivered_at"])}
                for d in db.execute("SELECT * FROM deliveries WHERE key = ? ORDER BY sink",
                                    (row["key"],))]
            result.append(record)
        return result


def _iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    from datetime import datetime, timezone

    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="milliseconds")


def _record(row: sqlite3.Row) -> dict[str, Any]:
    """What a sink receives: the journal's facts and the original item unchanged."""
    return {"journalKey": row["key"], "kind": row["kind"], "guid": row["guid"],
            "batchId": row["batch_id"], "source": row["source"],
            "receivedAt": _iso(row["received_at"]), "item": json.loads(row["payload"])}


def _table_row(entry: dict[str, Any]) -> dict[str, Any]:
    item = entry.get("item") or {}
    source = item.get("eventSource") or {}
    basic = item.get("basicInfo") or {}
    return {"receivedAt": entry["receivedAt"], "kind": entry["kind"], "guid": entry["guid"],
            "type": source.get("eventType") or basic.get("msgType"),
            "source": source.get("sourceName") or (basic.get("resource") or {}).get("name"),
            "deliveries": ", ".join(f"{d['sink']}={d['state']}" for d in entry["deliveries"])}


def journal_command(args: Any) -> Any:
    """journal.py: list, show, redeliver (reads and updates the journal only)."""
    from hct import cli
    from hct.errors import InvalidArgument

    path = args.journal or default_path()
    if not os.path.exists(path):
        raise InvalidArgument(f"no journal at {path}; give --journal PATH")
    journal = Journal(path)
    if args.command == "list":
        since = args.since.timestamp() if args.since else None
        entries = journal.entries(state=args.state, sink=args.sink, since=since,
                                  limit=args.limit)
        return cli.Result(f"{len(entries)} entries.", {"journal": path,
                                                       "counts": journal.counts(),
                                                       "entries": entries},
                          rows=[_table_row(entry) for entry in entries])
    if args.command == "show":
        entries = journal.entries(guid=args.guid, limit=100)
        if not entries:
            raise InvalidArgument(f"No journal entry has the guid {args.guid}.",
                                  error_code="NOT_FOUND")
        return cli.Result(f"{len(entries)} entries for {args.guid}.", {"entries": entries},
                          rows=[_table_row(entry) for entry in entries])
    if not args.guids and not args.failed:
        raise InvalidArgument("redeliver needs GUIDs or --failed")
    changed = journal.redeliver(args.guids, failed=args.failed,
                                sinks=[args.sink] if args.sink else ())
    return cli.Result(f"{changed} deliveries are due again; a running poller or receiver "
                      "sends them (or the next run does).", {"redelivered": changed,
                                                             "counts": journal.counts()})
