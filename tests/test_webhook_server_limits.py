"""The receiver's port holds against greedy and slow clients (issue 12 points 2 and 8): a huge
body is refused from its headers, a body that never comes is answered 408, and hundreds of
connections that trickle header lines cannot keep a signed push out."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time

import pytest
from test_webhook_push_path import SECRET, SERVER, free_port, start_receiver, stop

from hct.alarm import signature

PATH = "/hikvision/webhook"


@pytest.fixture
def receiver(script_env, tmp_path):
    """A running webhook_server.py that wants whole requests within 2 s."""
    port = free_port()
    process = start_receiver(script_env, port, "--journal", str(tmp_path / "j.sqlite3"),
                             "--read-timeout", "2")
    yield port
    stop(process)


def status_of(connection: socket.socket, timeout: float) -> int | None:
    """The status code of the answer read from `connection`, None when none came in time."""
    connection.settimeout(timeout)
    try:
        head = connection.recv(64)
    except (TimeoutError, ConnectionError):
        return None
    return int(head.split()[1]) if head.startswith(b"HTTP/1.") else None


def request_head(port: int, length: int) -> bytes:
    return (f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n").encode()


def signed_push(port: int, batch_id: str, timeout: float) -> int:
    body = json.dumps({"batchId": batch_id, "list": [{"guid": batch_id, "msgType": "1"}]})
    headers = "".join(f"{name}: {value}\r\n"
                      for name, value in signature.signed_headers(SECRET, batch_id).items())
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(request_head(port, len(body)).replace(
            b"\r\n\r\n", b"\r\n" + headers.encode() + b"\r\n") + body.encode())
        return status_of(connection, timeout)


def test_a_huge_body_is_refused_from_its_headers(receiver):
    with socket.create_connection(("127.0.0.1", receiver)) as connection:
        started = time.monotonic()
        connection.sendall(request_head(receiver, 50_000_000))  # and not one byte of it
        assert status_of(connection, 5) == 413
        assert time.monotonic() - started < 2  # answered at once, not after a timeout


def test_a_body_that_never_arrives_is_answered_408(receiver):
    with socket.create_connection(("127.0.0.1", receiver)) as connection:
        connection.sendall(request_head(receiver, 100) + b'{"batchId": ')
        started = time.monotonic()
        assert status_of(connection, 15) == 408
        assert time.monotonic() - started >= 1.5  # the client had its read timeout
    assert signed_push(receiver, "after-the-slow-one", 10) == 200


def test_hundreds_of_slow_connections_cannot_keep_a_push_out(receiver):
    slow: list[socket.socket] = []
    for _ in range(500):  # the server's whole connection limit, and then some
        connection = socket.create_connection(("127.0.0.1", receiver))
        connection.sendall(f"POST {PATH} HTTP/1.1\r\nHost: x\r\n".encode())
        slow.append(connection)
    stopped = threading.Event()

    def trickle() -> None:  # one more header line on each connection every second
        while not stopped.wait(1.0):
            for connection in slow:
                with contextlib.suppress(OSError):  # answered 408 and closed: fine
                    connection.sendall(b"X-Slow: 1\r\n")

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    try:
        assert signed_push(receiver, "through-the-crowd", 30) == 200
    finally:
        stopped.set()
        trickler.join()
        for connection in slow:
            connection.close()


def test_a_port_in_use_is_a_setup_error_with_a_clear_message(run, script_env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(SERVER, "--port", str(port), env={"HIK_SIGN_SECRET": SECRET})
    assert result.code == 3, result.stdout + result.stderr
    assert result.json["errorCode"] == "ADDRESS_IN_USE"
    assert f"127.0.0.1:{port}" in result.json["message"] and "--port" in result.json["hint"]
    assert "Traceback" not in result.stderr
