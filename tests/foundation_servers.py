"""Small loopback HTTP(S) servers for the foundation tests: answers the simulator cannot give
(a `Message` field, bytes trickled one at a time, a self-signed certificate).

    with PlatformStub({"/api/hccgw/x": {"errorCode": "OPEN1", "Message": "..."}}) as stub:
        env["HIK_CONNECT_TEAM_OPENAPI_BASE_URL"] = stub.base_url

Every path answers its JSON document (the token call a fresh token by default); a value that
is a callable gets the handler and writes the answer itself (to trickle, stall...).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN_PATH = "/api/hccgw/platform/v1/token/get"
APP_KEY = "stub-app-key-0123456789abcdef"
SECRET_KEY = "stub-secret-key-0123456789abcdef"


def token_answer(area_domain: str = "") -> dict[str, Any]:
    data = {"accessToken": "hcc.stubtoken0123456789", "expireTime": int(time.time()) + 86400,
            "userId": "u1"}
    if area_domain:
        data["areaDomain"] = area_domain
    return {"errorCode": "0", "data": data}


def trickle(body: bytes, every: float, status: int = 200) -> Callable[[Any], None]:
    """An answer that sends its headers at once, then one byte of `body` every `every` s."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        with contextlib.suppress(OSError):  # the client gave up: that is what tests expect
            for index in range(len(body)):
                handler.wfile.write(body[index:index + 1])
                handler.wfile.flush()
                time.sleep(every)

    return answer


class PlatformStub:
    def __init__(self, answers: dict[str, Any], *, tls: tuple[str, str] | None = None) -> None:
        """`tls`: (certificate file, key file) to serve https."""
        self.answers = {TOKEN_PATH: token_answer(), **answers}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                path = self.path.split("?")[0]
                stub.requests.append((self.command, path, dict(self.headers)))
                answer = stub.answers.get(path, {"errorCode": "NOT_FOUND"})
                if callable(answer):
                    answer(self)
                    return
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _answer

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        scheme = "http"
        if tls:
            import ssl

            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            scheme = "https"
        self.base_url = f"{scheme}://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.requests]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> PlatformStub:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def stub_environment(env: dict[str, str], stub: PlatformStub) -> dict[str, str]:
    """`env` pointed at the stub, with its credentials."""
    return {**env, "HIK_CONNECT_TEAM_OPENAPI_BASE_URL": stub.base_url,
            "HIK_CONNECT_TEAM_OPENAPI_APP_KEY": APP_KEY,
            "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": SECRET_KEY}
