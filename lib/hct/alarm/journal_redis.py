"""The shared journal: one Redis server (`--journal redis://HOST:PORT/DB`, or `rediss://` for
TLS) for every receiver, poller and delivery worker on every machine. The `Journal`
interface and what it promises are in `journal.py`; the key layout (prefix `hct:alarm:`,
another with `?prefix=NAME`) is documented in DELIVERY.md:

- `<p>batches`, `<p>completed`, `<p>burned`: sorted sets of batch ids (score: when seen,
  completed upstream, or signed by a handshake), so a batch id is journaled once by all.
- `<p>e:<key>`: a hash per entry (kind, guid, batch, source, account, at, payload) with one
  field `d:<sink>` per sink holding its delivery as JSON ({s: state, a: attempts, n: next
  attempt, e: last error, t: delivered at, o: worker, m: stream message id}).
- `<p>entries` (sorted set key -> received at), `<p>guid:<guid>` (set of keys): listing,
  pruning, lookup by guid. `<p>counts`: a hash `<sink>\\t<state>` -> deliveries.
- `<p>q:<sink>`: the stream of deliveries to send, read by the consumer group `workers`
  (XREADGROUP); a delivery in a worker's pending list is `sending`. XACK + XDEL when it is
  delivered, failed or given back; `<p>due:<sink>` (sorted set key -> due time) holds the
  retries and releases until they are due, then they go back into the stream.
- `<p>worker:<host:pid>`: each worker's heartbeat (expires `HEARTBEAT_TTL` seconds after
  its process stopped refreshing it). The pending entries of a worker without heartbeat are
  claimed at once (XCLAIM), those of any worker idle for longer than the lease by
  XAUTOCLAIM: both come back `uncertain` (they may have reached the sink).
- `<p>failed:<sink>`: the keys whose delivery is `failed` (journal.py redeliver --failed);
  `<p>sinks`: every sink id seen.

Each change of state is one Lua script (atomic on the server; `journal_redis_lua.py`), so
that a worker killed at any point leaves every delivery either in a stream, in a pending
list or in a due set.
Durability is the server's: with `appendonly yes` and `appendfsync always` an entry that was
answered 200 survives a power cut; with `everysec` it survives a crash of Redis itself but
the last second may be lost with the machine. Not for Redis Cluster (the scripts touch
keys they derive).
"""

from __future__ import annotations

import json
import os
import random
import socket
import threading
import time

from hct.alarm import journal_redis_lua as lua
from hct.alarm.journal import (
    BACKOFF_BASE_SECONDS,
    BACKOFF_CAP_SECONDS,
    KEEP_DAYS,
    LEASE_SECONDS,
    MAX_ATTEMPTS,
    STATES,
    BatchResult,
    Delivery,
    Journal,
    JournalError,
    entry_key,
    iso_time,
    item_guid,
    item_kind,
    make_record,
)
from hct.errors import InvalidArgument, NetworkError

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

DEFAULT_PREFIX = "hct:alarm:"
GROUP = "workers"
HEARTBEAT_TTL = 15  # seconds without a refresh after which a worker counts as dead
HEARTBEAT_EVERY = 3.0
DEAD_IDLE_MS = 1000  # XCLAIM of a dead worker's entry: two claimants cannot both get it
ENV_USERNAME = "REDIS_USERNAME"
ENV_PASSWORD = "REDIS_PASSWORD"
ENV_CA_FILE = "REDIS_CA_FILE"
SCAN_PAGE = 500


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _or_none(value: Any) -> str | None:
    text = _text(value) if value is not None else ""
    return text or None


class RedisAddress:
    """A checked `redis://HOST:PORT/DB[?prefix=NAME]` (or rediss://): no password in it
    (REDIS_USERNAME / REDIS_PASSWORD), read as urllib3 would."""

    def __init__(self, spec: str, what: str = "--journal") -> None:
        from urllib.parse import parse_qs

        from hct import urls

        try:
            address = urls.parse(spec, schemes=("redis", "rediss"))
        except urls.UrlRefused as error:
            raise InvalidArgument(f"{what}: {error} (give the password in {ENV_PASSWORD})") \
                from None
        database = address.path.strip("/") or "0"
        if not database.isdigit() or int(database) > 1000:
            raise InvalidArgument(f"{what}: the path must be the database number "
                                  "(redis://HOST:PORT/0)")
        self.scheme, self.host, self.port = address.scheme, address.host, address.port
        self.database = int(database)
        self.query = {name: values[-1] for name, values in
                      parse_qs(address.query, keep_blank_values=True).items()}
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.text = f"{self.scheme}://{host}:{self.port}/{self.database}"

    def client(self) -> Any:
        """A redis-py client (a thread-safe pool) with the password and TLS settings of the
        environment; nothing is sent yet."""
        import redis

        from hct.redact import register_secret

        password = os.environ.get(ENV_PASSWORD) or None
        register_secret(password)
        options: dict[str, Any] = {
            "host": self.host, "port": self.port, "db": self.database, "password": password,
            "username": os.environ.get(ENV_USERNAME) or None, "socket_timeout": 10.0,
            "socket_connect_timeout": 5.0, "health_check_interval": 30}
        if self.scheme == "rediss":
            options.update(ssl=True, ssl_ca_certs=os.environ.get(ENV_CA_FILE) or None)
        return redis.Redis(**options)


class RedisJournal(Journal):
    """The journal in one Redis database; safe to share between threads and processes on
    any number of machines."""

    def __init__(self, spec: str, *, create: bool = True) -> None:
        super().__init__()
        address = RedisAddress(spec)
        unknown = set(address.query) - {"prefix"}
        if unknown:
            raise InvalidArgument(f"--journal: unknown parameter(s) {', '.join(sorted(unknown))}"
                                  "; a Redis journal takes ?prefix=NAME only")
        prefix = address.query.get("prefix", DEFAULT_PREFIX)
        if not prefix or len(prefix) > 64 or any(c.isspace() or c in "{}" for c in prefix):
            raise InvalidArgument("--journal: ?prefix= takes up to 64 characters, no spaces "
                                  "or braces")
        self.prefix = prefix
        self.location = address.text + ("" if prefix == DEFAULT_PREFIX else
                                         f"?prefix={prefix}")
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self._redis = address.client()
        self._ready_sinks: set[str] = set()
        self._heartbeat: threading.Thread | None = None
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._scripts = {name: self._redis.register_script(source) for name, source in (
            ("record", lua.RECORD), ("claim", lua.CLAIM), ("delivered", lua.DELIVERED),
            ("failed", lua.FAILED), ("release", lua.RELEASE), ("redeliver", lua.REDELIVER),
            ("prune", lua.PRUNE))}
        try:
            self._redis.ping()
            exists = self._redis.exists(self.prefix + "entries", self.prefix + "batches",
                                        self.prefix + "burned")
        except Exception as error:  # redis.RedisError, ssl and socket errors
            raise NetworkError(f"Cannot reach the Redis journal at {self.location}: "
                               f"{_reason(error)}.", error_code="JOURNAL_UNREACHABLE",
                               hint="Start the Redis server, or check --journal, "
                                    f"{ENV_PASSWORD} and the firewall.") from None
        if not create and not exists:
            raise InvalidArgument(f"no journal at {self.location} (nothing was ever "
                                  "journaled there); check --journal")
        if create:
            self._warn_without_append_only()

    def _warn_without_append_only(self) -> None:
        """A Redis without its append-only file loses, when it crashes, everything since
        its last snapshot, answered 200 or not: say so once (when the server tells)."""
        try:
            setting = self._redis.config_get("appendonly").get("appendonly")
        except Exception:  # CONFIG may be renamed or forbidden (managed Redis)
            return
        if setting == "no":
            from hct import cli

            cli.progress(f"Warning: the Redis journal at {self.location} runs without "
                         "appendonly: a crash of Redis loses what it took since its last "
                         "snapshot. Set appendonly yes (appendfsync always to survive a "
                         "power cut).")

    # --- plumbing -----------------------------------------------------------------------
    def _run(self, name: str, args: list[Any]) -> Any:
        """One script; a Redis failure is JournalError (nothing of it was stored, or it
        is deduplicated when repeated)."""
        try:
            return self._scripts[name](keys=[], args=[self.prefix, *args])
        except Exception as error:
            raise JournalError(f"journal {self.location}: {_reason(error)}") from error

    def _call(self, method: str, *args: Any, **options: Any) -> Any:
        try:
            return getattr(self._redis, method)(*args, **options)
        except Exception as error:
            raise JournalError(f"journal {self.location}: {_reason(error)}") from error

    def _ensure_sinks(self, sinks: list[str]) -> None:
        """Each sink's stream and consumer group exist before anything is added to it (a
        group made afterwards from "$" would skip what came before)."""
        import redis

        for sink in sinks:
            if sink in self._ready_sinks:
                continue
            try:
                self._redis.xgroup_create(self.prefix + "q:" + sink, GROUP, id="0",
                                          mkstream=True)
            except redis.ResponseError as error:
                if "BUSYGROUP" not in str(error):
                    raise JournalError(f"journal {self.location}: {error}") from error
            except Exception as error:
                raise JournalError(f"journal {self.location}: {_reason(error)}") from error
            self._call("sadd", self.prefix + "sinks", sink)
            self._ready_sinks.add(sink)

    def _start_heartbeat(self) -> None:
        with self._lock:
            if self._heartbeat is not None:
                return
            self._call("set", self.prefix + "worker:" + self.worker, "1", ex=HEARTBEAT_TTL)

            def beat() -> None:
                while not self._closing.wait(HEARTBEAT_EVERY):
                    try:  # this process is alive: its pending deliveries stay its own
                        self._redis.set(self.prefix + "worker:" + self.worker, "1",
                                        ex=HEARTBEAT_TTL)
                    except Exception:  # Redis away for a moment: the next beat says it
                        continue

            self._heartbeat = threading.Thread(target=beat, daemon=True,
                                               name="hct-journal-heartbeat")
            self._heartbeat.start()

    def close(self) -> None:
        self._closing.set()

    # --- what arrives ---------------------------------------------------------------------
    def record_batch(self, batch_id: str | None, items: Iterable[Any], *, source: str,
                     sinks: Iterable[str] = (), kind: str | None = None,
                     replay_is_final: bool = False, unless_burned: bool = False,
                     account: str | None = None) -> BatchResult:
        """One script: the batch id, the entries and their deliveries, all or nothing."""
        items, sinks = list(items), list(sinks)
        self._ensure_sinks(sinks)
        args: list[Any] = [repr(time.time()), batch_id or "", "1" if replay_is_final else "0",
                           "1" if unless_burned else "0", source, account or "", len(sinks),
                           *sinks]
        for item in items:
            args += [entry_key(item, account), item_guid(item) or "", kind or item_kind(item),
                     json.dumps(item, ensure_ascii=False)]
        outcome, new, duplicates = self._run("record", args)
        if outcome == 2:
            return BatchResult(batch_id, 0, 0, False, burned=True)
        return BatchResult(batch_id, int(new), int(duplicates), bool(outcome))

    def mark_completed(self, batch_id: str) -> None:
        self._call("zadd", self.prefix + "completed", {batch_id: time.time()})

    def burn_handshake(self, batch_id: str) -> None:
        self._call("zadd", self.prefix + "burned", {batch_id: time.time()}, nx=True)

    def is_burned(self, batch_id: str) -> bool:
        return self._call("zscore", self.prefix + "burned", batch_id) is not None

    # --- delivering -----------------------------------------------------------------------
    def claim(self, sinks: Iterable[str], limit: int = 50,
              lease_seconds: float = LEASE_SECONDS) -> list[Delivery]:
        """Due retries back into the stream, then what dead workers held (uncertain), then
        new deliveries: XREADGROUP for this process (`host:pid`), under its heartbeat."""
        sinks = list(sinks)
        self._ensure_sinks(sinks)
        self._start_heartbeat()
        taken: list[Delivery] = []
        for sink in sinks:
            arguments = [sink, self.worker, repr(time.time()), max(1, limit - len(taken)),
                         int(lease_seconds * 1000), DEAD_IDLE_MS]
            try:
                rows = self._run("claim", arguments)
            except JournalError as error:
                if "NOGROUP" not in str(error):
                    raise
                self._ready_sinks.discard(sink)  # the stream was deleted under us
                self._ensure_sinks([sink])
                rows = self._run("claim", arguments)
            for key, attempts, uncertain, kind, guid, batch, source, account, at, payload \
                    in rows:
                record = make_record(_text(key), _text(kind), _or_none(guid), _or_none(batch),
                                     _text(source), float(_text(at)), json.loads(payload),
                                     _or_none(account))
                taken.append(Delivery(_text(key), sink, int(_text(attempts)),
                                      _text(uncertain) == "1", record))
        return taken

    def delivered_many(self, keys: list[str], sink: str) -> None:
        if keys:
            self._run("delivered", [sink, repr(time.time()), *keys])

    def failed(self, key: str, sink: str, error: str, *, retry_after: float | None = None,
               permanent: bool = False) -> tuple[str, float]:
        state, due = self._run("failed", [
            sink, key, repr(time.time()), error[:500],
            "" if retry_after is None else repr(retry_after), "1" if permanent else "0",
            MAX_ATTEMPTS, BACKOFF_BASE_SECONDS, BACKOFF_CAP_SECONDS,
            repr(random.uniform(0.8, 1.2)), self.worker])
        return _text(state), float(_text(due))

    def release(self, key: str, sink: str, not_before: float) -> None:
        self._run("release", [sink, key, repr(not_before), self.worker])

    def redeliver(self, keys_or_guids: Iterable[str] = (), *, failed: bool = False,
                  sinks: Iterable[str] = ()) -> int:
        sinks = list(sinks)
        now = repr(time.time())
        changed = 0
        if failed:
            for sink in sinks or sorted(self._all_sinks()):
                keys = sorted(_text(key) for key in self._call(
                    "smembers", self.prefix + "failed:" + sink))
                for start in range(0, len(keys), SCAN_PAGE):
                    changed += int(self._run("redeliver", [now, "1", 1, sink,
                                                           *keys[start:start + SCAN_PAGE]]))
        keys = sorted({key for value in keys_or_guids for key in self._keys_of(value)})
        if keys:
            changed += int(self._run("redeliver", [now, "0", len(sinks), *sinks, *keys]))
        return changed

    def _all_sinks(self) -> set[str]:
        return {_text(sink) for sink in self._call("smembers", self.prefix + "sinks")}

    def _keys_of(self, value: str) -> set[str]:
        """The entry keys a guid or key names."""
        keys = {_text(key) for key in self._call("smembers", self.prefix + "guid:" + value)}
        if self._call("exists", self.prefix + "e:" + value):
            keys.add(value)
        return keys

    def wait_for_work(self, sinks: list[str], seconds: float, wake: threading.Event) -> None:
        """Rest until something new is added to these sinks' streams (XREAD BLOCK), a local
        wake, or `seconds`."""
        if seconds < 0.1 or not sinks or wake.is_set():
            wake.wait(seconds)
            return
        try:
            self._redis.xread({self.prefix + "q:" + sink: "$" for sink in sinks}, count=1,
                              block=int(seconds * 1000))
        except Exception:  # Redis away: rest anyway, the next round reports it
            wake.wait(seconds)

    # --- reading --------------------------------------------------------------------------
    def counts(self) -> dict[str, Any]:
        states = {state: 0 for state in STATES}
        by_sink: dict[str, dict[str, int]] = {}
        for field, value in sorted(self._call("hgetall", self.prefix + "counts").items()):
            sink, _, state = _text(field).rpartition("\t")
            if state in states and int(value):
                states[state] += int(value)
                by_sink.setdefault(sink, {name: 0 for name in STATES})[state] = int(value)
        return {"entries": int(self._call("zcard", self.prefix + "entries")),
                "batches": int(self._call("zcard", self.prefix + "batches")),
                "deliveries": states, "bySink": by_sink}

    def pending_count(self, sinks: Iterable[str]) -> int:
        fields = [f"{sink}\t{state}" for sink in sinks for state in ("pending", "sending")]
        if not fields:
            return 0
        return sum(int(value or 0) for value in self._call("hmget", self.prefix + "counts",
                                                            fields))

    def next_due(self, sinks: Iterable[str]) -> float | None:
        """Now when a stream holds deliveries nobody has read yet, else the earliest retry."""
        times = []
        for sink in sinks:
            stream = self.prefix + "q:" + sink
            try:
                pipe = self._redis.pipeline(transaction=False)
                pipe.xlen(stream)
                pipe.xpending(stream, GROUP)
                pipe.zrange(self.prefix + "due:" + sink, 0, 0, withscores=True)
                length, pending, due = pipe.execute()
            except Exception as error:
                if "NOGROUP" in str(error):
                    continue  # nothing was ever journaled for this sink
                raise JournalError(f"journal {self.location}: {_reason(error)}") from error
            if length > (pending or {}).get("pending", 0):
                return time.time()
            if due:
                times.append(float(due[0][1]))
        return min(times) if times else None

    def entries(self, *, state: str | None = None, sink: str | None = None,
                since: float | None = None, limit: int = 100,
                guid: str | None = None) -> list[dict[str, Any]]:
        """Newest first; the filters are applied while reading `<p>entries` page by page."""
        result: list[dict[str, Any]] = []
        if guid:
            keys = sorted(self._keys_of(guid))
            for record in self._load(keys):
                if _matches(record, state, sink, since):
                    result.append(record)
            result.sort(key=lambda record: record["receivedAt"] or "", reverse=True)
            return result[:limit]
        low = "-inf" if since is None else repr(since)
        start = 0
        while len(result) < limit:
            keys = [_text(key) for key in self._call(
                "zrevrangebyscore", self.prefix + "entries", "+inf", low, start, SCAN_PAGE)]
            if not keys:
                break
            start += len(keys)
            for record in self._load(keys):
                if _matches(record, state, sink, since) and len(result) < limit:
                    result.append(record)
        return result

    def _load(self, keys: list[str]) -> list[dict[str, Any]]:
        """The records of these keys with their deliveries (missing ones left out)."""
        try:
            pipe = self._redis.pipeline(transaction=False)
            for key in keys:
                pipe.hgetall(self.prefix + "e:" + key)
            rows = pipe.execute()
        except Exception as error:
            raise JournalError(f"journal {self.location}: {_reason(error)}") from error
        records = []
        for key, row in zip(keys, rows, strict=True):
            if not row:
                continue
            fields = {_text(name): value for name, value in row.items()}
            record = make_record(key, _text(fields["kind"]), _or_none(fields.get("guid")),
                                 _or_none(fields.get("batch")), _text(fields["source"]),
                                 float(_text(fields["at"])), json.loads(fields["payload"]),
                                 _or_none(fields.get("account")))
            record["deliveries"] = [_delivery(name[2:], json.loads(value))
                                    for name, value in sorted(fields.items())
                                    if name.startswith("d:")]
            records.append(record)
        return records

    # --- housekeeping ---------------------------------------------------------------------
    def prune(self, keep_days: float = KEEP_DAYS) -> int:
        cutoff = time.time() - keep_days * 86400
        removed = kept = 0
        while True:  # the old entries that stay (not all delivered) are stepped over
            keys = [_text(key) for key in self._call(
                "zrangebyscore", self.prefix + "entries", "-inf", repr(cutoff), kept,
                SCAN_PAGE)]
            if not keys:
                break
            gone = int(self._run("prune", keys))
            removed += gone
            kept += len(keys) - gone
        for name in ("batches", "completed", "burned"):
            self._call("zremrangebyscore", self.prefix + name, "-inf", repr(cutoff))
        return removed


def _delivery(sink: str, d: dict[str, Any]) -> dict[str, Any]:
    return {"sink": sink, "state": d.get("s"), "attempts": d.get("a", 0),
            "lastError": d.get("e"),
            "nextAttempt": iso_time(d.get("n")) if d.get("s") == "pending" else None,
            "deliveredAt": iso_time(d.get("t"))}


def _matches(record: dict[str, Any], state: str | None, sink: str | None,
             since: float | None) -> bool:
    if since is not None and (record["receivedAt"] or "") < (iso_time(since) or ""):
        return False
    if not (state or sink):
        return True
    return any((not state or d["state"] == state) and (not sink or d["sink"] == sink)
               for d in record["deliveries"])


def _reason(error: Exception) -> str:
    """What went wrong, without the server's address twice or a password (there is none in
    the URL; redis-py never puts the password in its messages)."""
    return f"{type(error).__name__}: {error}".strip()
