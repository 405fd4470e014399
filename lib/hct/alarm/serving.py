"""The receiver's HTTP server: waitress, with the limits an exposed port needs.

- A body larger than the receiver takes is refused from its headers (413, waitress's
  `max_request_body_size`), before a byte of it is read or spooled.
- A request must arrive whole, headers and body, within `read_timeout` seconds of its first
  byte; else it is answered 408 and the connection closed. Waitress itself only closes a
  connection that sends nothing for `channel_timeout`, so a client that sends one header
  line every few seconds would hold its connection forever, and about 500 of them would
  take every connection the server allows (`connection_limit`).
- Idle keep-alive connections close after `IDLE_SECONDS`.

These bound what slow or greedy clients can take; they are no substitute for a reverse proxy
in front of a port that the internet can reach (README, Alarms).
"""

from __future__ import annotations

import time

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

READ_TIMEOUT_SECONDS = 10.0  # the platform sends a push at once and waits 5 s for the answer
IDLE_SECONDS = 30
CONNECTION_LIMIT = 500
MAX_HEADER_BYTES = 64 * 1024
THREADS = 8


def create(app: Any, *, host: str, port: int, max_body: int,
           read_timeout: float = READ_TIMEOUT_SECONDS) -> Any:
    """A waitress server for `app` on host:port with the limits above (not yet running);
    OSError when the address cannot be bound."""
    from waitress.server import BaseWSGIServer, create_server

    listeners: dict[int, Any] = {}
    server = create_server(app, map=listeners, host=host, port=port, threads=THREADS,
                           channel_timeout=IDLE_SECONDS, connection_limit=CONNECTION_LIMIT,
                           max_request_body_size=max_body,
                           max_request_header_size=MAX_HEADER_BYTES)
    channel_class = _deadline_channel(read_timeout)
    for listener in listeners.values():
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel_class
    return server


def _deadline_channel(read_timeout: float) -> type:
    """waitress's HTTPChannel whose request being received is answered 408 once it has taken
    longer than `read_timeout` since its first byte."""
    from waitress.channel import HTTPChannel
    from waitress.parser import HTTPRequestParser
    from waitress.utilities import Error

    class RequestTimeout(Error):
        code = 408
        reason = "Request Timeout"

    class TimedParser(HTTPRequestParser):
        def __init__(self, adj: Any) -> None:
            super().__init__(adj)
            self.started = time.monotonic()  # created when the request's first byte came

    class DeadlineChannel(HTTPChannel):
        parser_class = TimedParser

        def readable(self) -> bool:
            # The event loop asks every channel this at least once a second (its select
            # timeout), in its own thread: the one place to end a request safely.
            request = self.request
            if request is not None and not request.completed and \
                    time.monotonic() - request.started > read_timeout:
                self._time_out()
            return super().readable()

        def _time_out(self) -> None:
            """Answer the unfinished request 408 (waitress's error task; it closes)."""
            with self.requests_lock:
                request = self.request
                if request is None or request.completed:
                    return
                self.request = None
                request.error = RequestTimeout("The request did not arrive in time.")
                request.completed = True
                self.requests.append(request)
                if len(self.requests) == 1:
                    self.server.add_task(self)

    return DeadlineChannel
