"""The simulator's storage host: where picture URLs point and pre-signed uploads go.

The platform hands out S3-style pre-signed URLs on a storage host that is not the API host
(the guide's examples: `http://10.19.215.172:31677/...jpeg?X-Amz-Date=...&X-Amz-Expires=900
&X-Amz-Signature=...`). Likewise here: one small HTTP server per listen host and process
(loopback, a free port, a daemon thread; started on first use, stopped at exit or by
`stop_storage()`), shared by every simulator of the process. Each simulator has its own
bucket on it, `sim.storage` (a `Storage`), whose objects live at
`<base>/<bucket>/hcc-sim/<key>`:

- `put(key, data, expires_at=None, content_type="image/jpeg") -> url`: store an object; the
  URL is pre-signed (X-Amz-Date now, X-Amz-Expires up to `expires_at`, in `sim.now()` time)
  when it expires, plain otherwise. A GET after `expires_at` answers HTTP 403 `AccessDenied`
  "Request has expired" (tests can `sim.advance(...)`); an unknown key 404 `NoSuchKey`.
- `presign_upload(key, lifetime, check=None, on_upload=None) -> url`: a URL that accepts one
  `PUT` of the object while it is valid (403 `AccessDenied` after, 403
  `SignatureDoesNotMatch` with a wrong or missing signature); `check(data)` may refuse the
  body with a message (400 `InvalidArgument`); a stored upload can then be read with `GET`
  (no expiry) and `on_upload(key, data, headers)` is called.
- `get(key)`, `url(key)`, `alive(key)`.

Every request the host serves is appended to `sim.log` like an API request (method, path,
query, the headers with `Token` shown as "<present>", status; no body), so tests can check
that no token was sent to the storage host. Objects that expired over an hour ago are
dropped on the next `put`.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import itertools
import threading
import time
import weakref
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from hctsim.core import Sim

PREFIX = "hcc-sim"
KEEP_EXPIRED_SECONDS = 3600
Check = Callable[[bytes], "str | None"]
OnUpload = Callable[[str, bytes, dict[str, str]], None]

_LOCK = threading.Lock()
_HOSTS: dict[str, _Host] = {}
_BUCKETS: weakref.WeakValueDictionary[str, Storage] = weakref.WeakValueDictionary()
_BUCKET_NUMBERS = itertools.count(1)


class Storage:
    """One simulator's bucket on the storage host (see the module docstring)."""

    def __init__(self, sim: Sim) -> None:
        self.sim = sim
        self.bucket = f"s{next(_BUCKET_NUMBERS)}"
        self.secret = hashlib.sha256(f"hct-sim-storage-{sim.seed}-{self.bucket}".encode())
        self.objects: dict[str, dict[str, Any]] = {}  # key -> {"data", "expires", "type"}
        self.uploads: dict[str, dict[str, Any]] = {}  # key -> grant of presign_upload
        self._base: str | None = None

    # --- for route modules ------------------------------------------------------------------
    def put(self, key: str, data: bytes, expires_at: float | None = None,
            content_type: str = "image/jpeg") -> str:
        """Store `data` under `key`; its URL (pre-signed until `expires_at` when given)."""
        now = self.sim.now()
        with self.sim.lock:
            self.objects[key] = {"data": data, "expires": expires_at, "type": content_type}
            stale = [name for name, entry in self.objects.items()
                     if entry["expires"] is not None
                     and entry["expires"] < now - KEEP_EXPIRED_SECONDS]
            for name in stale:
                del self.objects[name]
        if expires_at is None:
            return self.url(key)
        return self._signed(key, now, max(0, round(expires_at - now)))

    def presign_upload(self, key: str, lifetime: int, check: Check | None = None,
                       on_upload: OnUpload | None = None) -> str:
        """A URL that accepts a PUT of `key` for `lifetime` seconds of `sim.now()`."""
        now = self.sim.now()
        with self.sim.lock:
            self.uploads[key] = {"signedAt": int(now), "lifetime": lifetime, "check": check,
                                 "onUpload": on_upload}
        return self._signed(key, int(now), lifetime)

    def get(self, key: str) -> bytes | None:
        with self.sim.lock:
            entry = self.objects.get(key)
        return entry["data"] if entry else None

    def alive(self, key: str) -> bool:
        """Whether `key` is stored and not expired."""
        with self.sim.lock:
            entry = self.objects.get(key)
        return entry is not None and (entry["expires"] is None
                                      or entry["expires"] > self.sim.now())

    def url(self, key: str) -> str:
        """The plain (unsigned) URL of `key`."""
        return f"{self.base}/{self.bucket}/{PREFIX}/{key}"

    @property
    def base(self) -> str:
        """The storage host's base URL (the server starts on first use)."""
        if self._base is None:
            host = urlsplit(self.sim.base_url).hostname or "127.0.0.1"
            with _LOCK:
                server = _HOSTS.get(host)
                if server is None:
                    server = _HOSTS[host] = _Host(host)
                _BUCKETS[self.bucket] = self
            self._base = server.base
        return self._base

    # --- signatures -------------------------------------------------------------------------
    def _signature(self, key: str, signed_at: int, lifetime: int) -> str:
        message = f"{key}|{signed_at}|{lifetime}".encode()
        return hmac.new(self.secret.digest(), message, hashlib.sha256).hexdigest()

    def _signed(self, key: str, signed_at: float, lifetime: int) -> str:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(signed_at))
        return (f"{self.url(key)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={stamp}"
                f"&X-Amz-SignedHeaders=host&X-Amz-Expires={lifetime}"
                f"&X-Amz-Signature={self._signature(key, int(signed_at), lifetime)}")

    # --- what the host serves ---------------------------------------------------------------
    def serve_get(self, key: str) -> tuple[int, bytes, str]:
        with self.sim.lock:
            entry = self.objects.get(key)
        if entry is None:
            return _error(404, "NoSuchKey", "The specified key does not exist.")
        if entry["expires"] is not None and entry["expires"] <= self.sim.now():
            return _error(403, "AccessDenied", "Request has expired")
        return 200, entry["data"], entry["type"]

    def serve_put(self, key: str, signature: str, data: bytes,
                  headers: dict[str, str]) -> tuple[int, bytes, str]:
        with self.sim.lock:
            grant = self.uploads.get(key)
        if grant is None or not hmac.compare_digest(
                signature, self._signature(key, grant["signedAt"], grant["lifetime"])):
            return _error(403, "SignatureDoesNotMatch", "The request signature we calculated "
                          "does not match the signature you provided.")
        if self.sim.now() > grant["signedAt"] + grant["lifetime"]:
            return _error(403, "AccessDenied", "Request has expired")
        problem = grant["check"](data) if grant["check"] else None
        if problem:
            return _error(400, "InvalidArgument", problem)
        with self.sim.lock:
            self.objects[key] = {"data": data, "expires": None, "type": "image/jpeg"}
        if grant["onUpload"]:
            grant["onUpload"](key, data, headers)
        return 200, b"", "application/xml"

    def record(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
               status: int) -> None:
        logged = {name: ("<present>" if name.lower() == "token" else value)
                  for name, value in headers.items()}
        with self.sim.lock:
            self.sim.log.append({"method": method, "path": path, "query": query,
                                 "headers": logged, "body": {}, "status": status,
                                 "time": self.sim.now()})


def _error(status: int, code: str, message: str) -> tuple[int, bytes, str]:
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{message}</Message></Error>").encode()
    return status, body, "application/xml"


class _Host:
    """The HTTP server of one listen host."""

    def __init__(self, host: str) -> None:
        self.server = ThreadingHTTPServer((host, 0), _Handler)
        self.server.daemon_threads = True
        shown = f"[{host}]" if ":" in host else host
        self.base = f"http://{shown}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       name="hct-sim-storage", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def stop_storage() -> None:
    """Stop every storage server of this process (benchmarks call it; atexit does too)."""
    with _LOCK:
        for host in _HOSTS.values():
            host.stop()
        _HOSTS.clear()
        for storage in list(_BUCKETS.values()):
            storage._base = None
        _BUCKETS.clear()


atexit.register(stop_storage)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # no access log on stderr
        pass

    def _target(self) -> tuple[Storage | None, str, str, dict[str, str]]:
        parts = urlsplit(self.path)
        bucket, _, key = parts.path.lstrip("/").partition(f"/{PREFIX}/")
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        return _BUCKETS.get(bucket), parts.path, key, query

    def do_GET(self) -> None:  # the http.server API names it so
        storage, path, key, query = self._target()
        if storage is None:
            self._answer(*_error(404, "NoSuchBucket", "The specified bucket does not exist"))
            return
        answer = storage.serve_get(key)
        storage.record("GET", path, query, dict(self.headers.items()), answer[0])
        self._answer(*answer)

    def do_PUT(self) -> None:  # the http.server API names it so
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        storage, path, key, query = self._target()
        if storage is None:
            self._answer(*_error(404, "NoSuchBucket", "The specified bucket does not exist"))
            return
        headers = dict(self.headers.items())
        answer = storage.serve_put(key, query.get("X-Amz-Signature", ""), data, headers)
        storage.record("PUT", path, query, headers, answer[0])
        self._answer(*answer)

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
