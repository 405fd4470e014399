"""The embedded journal: one SQLite file in WAL mode (default
`<cache dir>/alarm-journal.sqlite3`), shared by the poller and the webhook receivers of one
machine, several processes at once. The `Journal` interface and what it promises are in
`journal.py`; the tables:

- `entries`: one row per alarm or message, keyed by `entry_key`, with its account.
- `batches`: every batch id seen (polled or pushed) and whether it was completed upstream.
- `deliveries`: per entry and sink: state, attempts, last error, next attempt time, and a
  lease (owner = host:pid:thread, until) so that two workers never send the same delivery at
  once. A `sending` row whose owner died (kill -9 between the sink's write and the journal's
  update) is claimed again as uncertain.
- `handshakes`: burned batch ids (a verification GET was signed for them).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import threading
import time
from contextlib import contextmanager

from hct.alarm.journal import (
    KEEP_DAYS,
    LEASE_SECONDS,
    MAX_ATTEMPTS,
    STATES,
    BatchResult,
    Delivery,
    Journal,
    JournalError,
    backoff_seconds,
    default_path,
    entry_key,
    iso_time,
    item_guid,
    item_kind,
    make_record,
)

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY, guid TEXT, kind TEXT NOT NULL, batch_id TEXT, source TEXT NOT NULL,
    received_at REAL NOT NULL, payload TEXT NOT NULL, account TEXT);
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


class _Recording:
    """One record_batch call waiting for the group commit that holds it."""

    def __init__(self, batch_id: str | None, items: list[Any], source: str, sinks: list[str],
                 kind: str | None, replay_is_final: bool, unless_burned: bool,
                 account: str | None) -> None:
        self.batch_id = batch_id
        self.unless_burned = unless_burned
        self.account = account
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



class SqliteJournal(Journal):
    """The journal of one SQLite file; safe to use from several threads and processes."""

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self.path = os.path.abspath(os.path.expanduser(path)) if path else default_path()
        self.location = self.path
        directory = os.path.dirname(self.path)
        os.makedirs(directory, mode=0o700, exist_ok=True)
        self._local = threading.local()
        # Threads of one process take turns for writes here instead of in SQLite's busy
        # handler, whose sleeps (up to 100 ms) would show up as answer-time spikes.
        self._write_lock = threading.Lock()
        self._group = threading.Condition()
        self._waiting: list[_Recording] = []
        self._leader_busy = False
        self._connection().executescript(_SCHEMA)
        self._add_account_column()
        for suffix in ("", "-wal", "-shm"):  # alarms are private: owner only
            with contextlib.suppress(OSError):
                os.chmod(self.path + suffix, 0o600)

    def _add_account_column(self) -> None:
        """Journals made before accounts had no `account` column: add it (NULL: default)."""
        db = self._connection()
        columns = {row["name"] for row in db.execute("PRAGMA table_info(entries)")}
        if "account" not in columns:
            with self._transaction() as writing:
                columns = {row["name"] for row in writing.execute("PRAGMA table_info(entries)")}
                if "account" not in columns:
                    writing.execute("ALTER TABLE entries ADD COLUMN account TEXT")

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
        """One write transaction; a SQLite failure (busy, disk full) is JournalError."""
        try:
            connection = self._connection()
            with self._write_lock:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
                connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise JournalError(f"journal {self.path}: {error}") from error

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # --- writing what arrives -----------------------------------------------------------------
    def record_batch(self, batch_id: str | None, items: Iterable[Any], *, source: str,
                     sinks: Iterable[str] = (), kind: str | None = None,
                     replay_is_final: bool = False, unless_burned: bool = False,
                     account: str | None = None) -> BatchResult:
        """Journal one batch durably, with a pending delivery per sink for each new entry.
        `replay_is_final` (pushes): a batchId seen before journals nothing.

        Group commit: batches recorded at the same time by several threads (the receiver's
        request threads) share one transaction and one fsync; each call returns only after
        the transaction holding its batch is committed."""
        request = _Recording(batch_id, list(items), source, list(sinks), kind, replay_is_final,
                             unless_burned, account)
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
        if batch_id and recording.unless_burned and db.execute(
                "SELECT 1 FROM handshakes WHERE batch_id = ?", (batch_id,)).fetchone():
            return BatchResult(batch_id, 0, 0, False, burned=True)
        if batch_id:
            replay = db.execute("SELECT 1 FROM batches WHERE batch_id = ?",
                                (batch_id,)).fetchone() is not None
            if replay and recording.replay_is_final:
                return BatchResult(batch_id, 0, len(items), True)
            if not replay:
                db.execute("INSERT INTO batches (batch_id, kind, source, received_at, count)"
                           " VALUES (?, ?, ?, ?, ?)", (batch_id, kind, source, now, len(items)))
        for item in items:
            key = entry_key(item, recording.account)
            inserted = db.execute(
                "INSERT OR IGNORE INTO entries (key, guid, kind, batch_id, source, "
                "received_at, payload, account) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (key, item_guid(item), kind or item_kind(item), batch_id, source, now,
                 json.dumps(item, ensure_ascii=False), recording.account)).rowcount
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

    def burn_handshake(self, batch_id: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO handshakes (batch_id, answered_at) VALUES (?, ?)",
                       (batch_id, time.time()))

    def is_burned(self, batch_id: str) -> bool:
        return self._connection().execute("SELECT 1 FROM handshakes WHERE batch_id = ?",
                                          (batch_id,)).fetchone() is not None

    def prune(self, keep_days: float = KEEP_DAYS) -> int:
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

    # --- delivering ---------------------------------------------------------------------------
    def claim(self, sinks: Iterable[str], limit: int = 50,
              lease_seconds: float = LEASE_SECONDS) -> list[Delivery]:
        """The lease is this thread's (host:pid:thread); a `sending` row of a dead process
        is taken again at once, one of a live process only when its lease ran out."""
        sinks = list(sinks)
        if not sinks:
            return []
        now = time.time()
        owner = lease_owner()
        marks = ",".join("?" * len(sinks))
        with self._transaction() as db:
            rows = db.execute(
                f"SELECT d.key, d.sink, d.state, d.attempts, d.lease_owner, d.lease_until, "
                f"e.kind, e.guid, e.batch_id, e.source, e.received_at, e.payload, e.account "
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

    def delivered_many(self, keys: list[str], sink: str) -> None:
        now = time.time()
        with self._transaction() as db:
            db.executemany("UPDATE deliveries SET state = 'delivered', delivered_at = ?, "
                           "attempts = attempts + 1, last_error = NULL, lease_owner = NULL, "
                           "lease_until = NULL WHERE key = ? AND sink = ?",
                           [(now, key, sink) for key in keys])

    def failed(self, key: str, sink: str, error: str, *, retry_after: float | None = None,
               permanent: bool = False) -> tuple[str, float]:
        with self._transaction() as db:
            row = db.execute("SELECT attempts FROM deliveries WHERE key = ? AND sink = ?",
                             (key, sink)).fetchone()
            attempts = (row["attempts"] if row else 0) + 1
            state = "failed" if permanent or attempts >= MAX_ATTEMPTS else "pending"
            wait = retry_after if retry_after is not None else backoff_seconds(attempts)
            due = time.time() + wait
            db.execute("UPDATE deliveries SET state = ?, attempts = ?, last_error = ?, "
                       "next_attempt = ?, lease_owner = NULL, lease_until = NULL "
                       "WHERE key = ? AND sink = ?",
                       (state, attempts, error[:500], due, key, sink))
        return state, due

    def release(self, key: str, sink: str, not_before: float) -> None:
        with self._transaction() as db:
            db.execute("UPDATE deliveries SET state = 'pending', next_attempt = ?, "
                       "lease_owner = NULL, lease_until = NULL WHERE key = ? AND sink = ?",
                       (not_before, key, sink))

    def redeliver(self, keys_or_guids: Iterable[str] = (), *, failed: bool = False,
                  sinks: Iterable[str] = ()) -> int:
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
        by_sink: dict[str, dict[str, int]] = {}
        for row in db.execute("SELECT sink, state, COUNT(*) AS n FROM deliveries "
                              "GROUP BY sink, state"):
            states[row["state"]] += row["n"]
            by_sink.setdefault(row["sink"], {state: 0 for state in STATES})[row["state"]] = \
                row["n"]
        entries = db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        batches = db.execute("SELECT COUNT(*) FROM batches").fetchone()[0]
        return {"entries": entries, "batches": batches, "deliveries": states,
                "bySink": by_sink}

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
                 "lastError": d["last_error"], "nextAttempt": iso_time(d["next_attempt"])
                 if d["state"] == "pending" else None, "deliveredAt": iso_time(d["delivered_at"])}
                for d in db.execute("SELECT * FROM deliveries WHERE key = ? ORDER BY sink",
                                    (row["key"],))]
            result.append(record)
        return result



def _record(row: sqlite3.Row) -> dict[str, Any]:
    return make_record(row["key"], row["kind"], row["guid"], row["batch_id"], row["source"],
                       row["received_at"], json.loads(row["payload"]), row["account"])

