"""HTTP sessions of the pack: an overall deadline on every exchange, and the environment's
TLS and proxy settings.

requests' `timeout` bounds each socket operation, not the exchange: a server that sends one
byte every few seconds keeps a request alive for ever. Sessions made here watch their
connections: inside `with transport.deadline(seconds) as watch:`, every socket the session
uses is shut down when the deadline passes, so the blocked read fails at once; `watch.expired`
then tells the caller it was the deadline. A download keeps its deadline moving while bytes
arrive at a useful rate (`min_rate`), so only a trickle is cut.

    session = transport.session()
    with transport.deadline(25.0) as watch:
        response = session.send(prepared, **transport.environment(session, prepared.url))

`environment` gives what `Session.request` would take from the environment but
`Session.send` does not: REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE, proxies and NO_PROXY.
requests and urllib3 are imported only when a session is made.
"""

from __future__ import annotations

import threading
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_local = threading.local()


class deadline:  # lower case: it reads as the call it is, `with transport.deadline(25):`
    """The deadline of the exchanges in a `with` block of this thread."""

    def __init__(self, seconds: float, *, min_rate: float | None = None) -> None:
        """`min_rate` (bytes per second): each byte reported through `progressed` moves the
        deadline 1/min_rate seconds on."""
        self._seconds = seconds
        self._min_rate = min_rate
        self._received = 0
        self._sockets: list[Any] = []
        self.started = time.monotonic()
        self.expired = False

    @property
    def due(self) -> float:
        extra = self._received / self._min_rate if self._min_rate else 0.0
        return self.started + self._seconds + extra

    def progressed(self, received: int) -> None:
        """`received` bytes of the body have arrived so far."""
        self._received = received

    def attach(self, sock: Any) -> None:
        with _watchdog.lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        """Called by the watchdog (under its lock) when the deadline has passed."""
        self.expired = True
        for sock in self._sockets:
            _shut(sock)

    def __enter__(self) -> deadline:
        self.started = time.monotonic()
        _local.current = self
        _watchdog.watch(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        _local.current = None
        _watchdog.forget(self)


def _shut(sock: Any) -> None:
    import contextlib
    import socket

    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in another thread


class _Watchdog:
    """One daemon thread that shuts the sockets of exchanges past their deadline."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self._watched: list[deadline] = []
        self._thread: threading.Thread | None = None

    def watch(self, watch: deadline) -> None:
        with self.lock:
            self._watched.append(watch)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="hct-deadline",
                                                daemon=True)
                self._thread.start()
            self.lock.notify()

    def forget(self, watch: deadline) -> None:
        with self.lock:
            if watch in self._watched:
                self._watched.remove(watch)

    def _run(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                for watch in [w for w in self._watched if w.due <= now]:
                    watch.expire()
                    self._watched.remove(watch)
                # a moving deadline only moves later: waking at the earliest one is enough
                nearest = min((w.due for w in self._watched), default=now + 60.0)
                self.lock.wait(timeout=max(0.01, nearest - now))


_watchdog = _Watchdog()


def _attach(sock: Any) -> None:
    current = getattr(_local, "current", None)
    if current is not None and sock is not None:
        current.attach(sock)


class _Watched:
    """Mixed into urllib3's connection classes: each socket joins the current deadline."""

    sock: Any

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        _attach(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach(self.sock)  # a kept-alive connection: connect() is not called again
        super().request(*args, **kwargs)  # type: ignore[misc]


def session() -> Any:
    """A requests.Session whose connections obey `deadline` blocks."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class WatchedHTTP(_Watched, HTTPConnection):
        pass

    class WatchedHTTPS(_Watched, HTTPSConnection):
        pass

    class WatchedHTTPPool(HTTPConnectionPool):
        ConnectionCls = WatchedHTTP

    class WatchedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = WatchedHTTPS

    pools = {"http": WatchedHTTPPool, "https": WatchedHTTPSPool}

    class WatchedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools  # the documented override

        def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
            manager = super().proxy_manager_for(proxy, **kwargs)
            if hasattr(manager, "pool_classes_by_scheme"):
                manager.pool_classes_by_scheme = pools
            return manager

    result = requests.Session()
    result.mount("http://", WatchedAdapter())
    result.mount("https://", WatchedAdapter())
    return result


def environment(session: Any, url: str) -> dict[str, Any]:
    """`verify`, `proxies` and `cert` for `Session.send(...)` as `Session.request` would take
    them from the environment (REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, HTTPS_PROXY, NO_PROXY...)."""
    settings = session.merge_environment_settings(url, {}, None, None, None)
    return {"verify": settings["verify"], "proxies": settings["proxies"],
            "cert": settings["cert"]}
