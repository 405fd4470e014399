"""The browser player: an HTML page built on the `ezuikit-js` npm package, and a small HTTP
server for it.

`render_page(settings)` makes a page that creates
`new EZUIKit.EZUIKitPlayer({id, accessToken, url, template, width, height,
env: {domain}, staticPath, handleError, handleSuccess})`. Every value is JSON-encoded into
the page with `<`, `>`, `&` and the line separators escaped, so no value can close the
script or inject markup, and the template is filled in one pass. `staticPath` is the
absolute URL of `ezuikit_static/` next to the page, computed by the page from its own
address. The page keeps what it passed to the player in `window.__player_config` and its
state in `<pre id="player-state">`, and posts errors and player events to `__report` next
to itself.

`PlayerServer` serves the page, the package's UMD build (`ezuikit.js`) and its decoders
(`ezuikit_static/`, `.wasm` as `application/wasm`) under an unguessable path
(`/<random>/`), on 127.0.0.1 or, when asked, on another address for a user on another
device. It answers only requests that name it in their Host header (no DNS rebinding),
takes reports from the page's own origin only, and stops serving the path when the stream
token expires. `scripts/install_player.py` installs the package into `vendor/ezuikit-js/`.
"""

from __future__ import annotations

import html
import json
import mimetypes
import os
import re
import secrets
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from hct import cli
from hct.errors import EXIT_NETWORK, EXIT_OK, EXIT_USAGE, HCTError, InvalidArgument

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

EZUIKIT_VERSION = "9.0.22"
PACKAGE = "ezuikit-js"
ROOT = Path(__file__).resolve().parents[2]
VENDOR_DIR = ROOT / "vendor" / "ezuikit-js"
REPORT_NAME = "__report"  # under the page's own path, as the page posts it
PAGE_PATH_BYTES = 24  # the unguessable first path segment: 192 random bits
MAX_REPORT_BYTES = 64 * 1024
MAX_REPORTS = 500
ONCE_IDLE_SECONDS = 3.0
CONTENT_TYPES = {".wasm": "application/wasm", ".js": "text/javascript; charset=utf-8",
                 ".html": "text/html; charset=utf-8", ".json": "application/json",
                 ".css": "text/css; charset=utf-8"}


class PlayerMissing(HCTError):
    error_code = "PLAYER_NOT_INSTALLED"
    exit_code = EXIT_USAGE
    default_hint = ("Install the player once with: python scripts/install_player.py "
                    "(needs npm; it installs ezuikit-js into vendor/ezuikit-js/).")


def package_dir(vendor: Path = VENDOR_DIR) -> Path:
    """The installed package (with ezuikit.js and ezuikit_static/), or PlayerMissing."""
    found = vendor / "node_modules" / PACKAGE
    if (found / "ezuikit.js").is_file() and (found / "ezuikit_static").is_dir():
        return found
    raise PlayerMissing(f"The {PACKAGE} package is not installed in {vendor}.")


def installed_version(vendor: Path = VENDOR_DIR) -> str | None:
    try:
        found = package_dir(vendor)
        with open(found / "package.json", encoding="utf-8") as handle:
            return str(json.load(handle).get("version"))
    except (HCTError, OSError, ValueError):
        return None


def install_package(*, force: bool = False, vendor: Path = VENDOR_DIR,
                    npm: str | None = None) -> cli.Result:
    """`npm install ezuikit-js@EZUIKIT_VERSION --prefix vendor/ezuikit-js` unless the pinned
    version is already installed; npm's own output goes to stderr."""
    import shutil
    import subprocess

    spec = f"{PACKAGE}@{EZUIKIT_VERSION}"
    if not force and installed_version(vendor) == EZUIKIT_VERSION:
        return cli.Result(f"{spec} is already installed in {vendor}.", _install_data(vendor, False))
    npm = npm or shutil.which("npm")
    if not npm:
        raise HCTError("npm is not installed, so the player cannot be installed.",
                       error_code="NPM_MISSING", hint=(
                           "Install Node.js with npm (e.g. apt-get install -y npm), then run "
                           "this script again."))
    vendor.mkdir(parents=True, exist_ok=True)
    command = [npm, "install", spec, "--prefix", str(vendor), "--no-audit", "--no-fund",
               "--no-save", "--loglevel", "error"]
    cli.progress("running: " + " ".join(command[1:]))
    completed = subprocess.run(command, stdout=sys.stderr, stderr=sys.stderr, check=False)
    if completed.returncode != 0 or installed_version(vendor) != EZUIKIT_VERSION:
        raise HCTError(f"npm install {spec} failed (exit {completed.returncode}).",
                       error_code="NPM_FAILED", hint=(
                           "Check that the npm registry can be reached (npm view ezuikit-js "
                           "version), then run this script again."))
    return cli.Result(f"Installed {spec} in {vendor}.", _install_data(vendor, True))


def _install_data(vendor: Path, ran: bool) -> dict[str, Any]:
    found = package_dir(vendor)
    return {"package": PACKAGE, "version": EZUIKIT_VERSION, "directory": str(found),
            "umd": str(found / "ezuikit.js"), "staticDir": str(found / "ezuikit_static"),
            "npmRan": ran}


# ---- the page ----------------------------------------------------------------------------

def script_json(value: Any) -> str:
    """JSON that is safe inside <script>: no `<`, `>`, `&`, U+2028 or U+2029 left raw."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>__TITLE__</title>
<style>
body { font-family: sans-serif; margin: 1rem; background: #111; color: #eee; }
#player { max-width: 100%; }
#player-state { font-size: 12px; color: #aaa; white-space: pre-wrap; }
#message { color: #f88; }
</style>
</head>
<body>
<h1 id="heading">__TITLE__</h1>
<p id="message"></p>
<div id="player"></div>
<pre id="player-state">{}</pre>
<script src="ezuikit.js"></script>
<script>
(function () {
  "use strict";
  var settings = __SETTINGS__;
  var state = {created: false, errors: [], events: []};
  window.__player_state = state;
  function show() {
    document.getElementById("player-state").textContent = JSON.stringify(state, null, 1);
  }
  function plain(value) {
    var seen = [];
    try {
      return JSON.parse(JSON.stringify(value, function (key, item) {
        if (typeof item === "object" && item !== null) {
          if (seen.indexOf(item) >= 0) { return "[circular]"; }
          seen.push(item);
        }
        if (typeof item === "function") { return "[function]"; }
        return item;
      }) || "null");
    } catch (e) { return String(value); }
  }
  function report(kind, detail) {
    var entry = {kind: kind, detail: plain(detail), at: Date.now()};
    if (kind === "error" || kind === "rejection" || kind === "playerError") {
      state.errors.push(entry);
    } else {
      state.events.push(entry);
    }
    show();
    if (location.protocol !== "http:" && location.protocol !== "https:") { return; }
    try {
      var request = new XMLHttpRequest();
      request.open("POST", "__REPORT__", true);
      request.setRequestHeader("Content-Type", "application/json");
      request.send(JSON.stringify(entry));
    } catch (e) { /* the page still shows the state */ }
  }
  window.addEventListener("error", function (event) {
    report("error", {message: event.message, source: event.filename, line: event.lineno});
  });
  window.addEventListener("unhandledrejection", function (event) {
    var reason = event.reason;
    report("rejection", {message: String(reason && reason.message || reason)});
  });
  if (location.protocol === "file:") {
    document.getElementById("message").textContent =
      "Open this page over http://: run video_player.py --html <this file>.";
    report("notServed", {protocol: location.protocol});
    return;
  }
  if (typeof EZUIKit === "undefined" || !EZUIKit.EZUIKitPlayer) {
    document.getElementById("message").textContent =
      "ezuikit.js did not load: install it with scripts/install_player.py.";
    report("error", {message: "EZUIKit is not defined"});
    return;
  }
  if (settings.encrypted) {
    document.getElementById("message").textContent =
      "This device encrypts its stream: the player asks for its verification code.";
  }
  var options = {
    id: "player",
    accessToken: settings.accessToken,
    url: settings.url,
    template: settings.template,
    width: settings.width,
    height: settings.height,
    env: {domain: settings.domain},
    staticPath: new URL("ezuikit_static/", location.href).href,
    language: "en",
    handleSuccess: function (result) { report("playerSuccess", result); },
    handleError: function (error) {
      if (error && error.data && error.data.nErrorCode === 5) {
        document.getElementById("message").textContent =
          "Wrong or missing verification code for this encrypted device.";
      }
      report("playerError", error);
    }
  };
  window.__player_config = plain(options);
  try {
    var created = new EZUIKit.EZUIKitPlayer(options);
    window.__player = created;
    var own = created.options || {};
    // What the player object itself holds (it parses deviceSerial/channelNo from the URL).
    state.player = plain({url: created._url || own.url, accessToken: created.accessToken,
                          env: created.env || own.env, template: own.template,
                          staticPath: created.staticPath, deviceSerial: created.deviceSerial,
                          channelNo: created.channelNo});
    state.created = true;
    report("created", {config: window.__player_config, player: state.player});
  } catch (error) {
    report("error", {message: "creating the player failed: " + (error && error.message)});
  }
}());
</script>
</body>
</html>
"""


_SLOTS = re.compile(r"__(TITLE|REPORT|SETTINGS)__")
_SETTINGS_LINE = re.compile(r"^  var settings = (\{.*\});$", re.M)


def render_page(settings: dict[str, Any]) -> str:
    """The player page for `settings` (url, accessToken, domain, template, width, height,
    title, expiresAt). The template is filled in one pass, so that a value holding a slot's
    name (a camera named "__SETTINGS__") is never filled in again."""
    for key in ("url", "accessToken", "domain", "template"):
        if not isinstance(settings.get(key), str) or not settings[key]:
            raise ValueError(f"player setting {key} is missing")
    values = {"TITLE": html.escape(str(settings.get("title") or "Camera")),
              "REPORT": REPORT_NAME, "SETTINGS": script_json(settings)}
    return _SLOTS.sub(lambda slot: values[slot.group(1)], _PAGE)


def page_expiry(page: str) -> float | None:
    """When the stream token of a page of `render_page` expires (epoch seconds), from its
    settings' expiresAt; None when the page does not say."""
    from datetime import datetime, timezone

    found = _SETTINGS_LINE.search(page)
    try:
        stamp = json.loads(found.group(1)).get("expiresAt") if found else None
        return datetime.strptime(str(stamp), "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=timezone.utc).timestamp() if stamp else None
    except (ValueError, AttributeError):
        return None


def write_page(path: str, settings: dict[str, Any]) -> str:
    """Write the page (mode 0600: it holds the stream token) to `path`, a target that
    records.target_file checked before any request; returns the path."""
    from hct.store import atomic_file

    with atomic_file(path) as handle:
        handle.write(render_page(settings))
    return path


# ---- the server --------------------------------------------------------------------------

LOOPBACK = ("127.0.0.1", "::1", "localhost")
WILDCARDS = ("0.0.0.0", "::")


class ListenFailed(HCTError):
    """The player server cannot listen where it was asked to (port in use, no such address)."""

    error_code = "LISTEN_FAILED"
    exit_code = EXIT_NETWORK
    default_hint = ("Choose another --port (0 picks a free one), or a --host address this "
                    "machine has (0.0.0.0 for every network interface).")


def listen_address(text: str) -> str:
    """argparse type of --host: an IP address of this machine (0.0.0.0 or :: for every
    interface) or a host name."""
    import argparse
    import ipaddress

    value = text.strip().strip("[]")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        if re.fullmatch(r"(?=.{1,253}\Z)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
                        r"(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*", value):
            return value.lower()
    raise argparse.ArgumentTypeError(f"{text!r} is not an IP address or a host name")


listen_address.__name__ = "address"


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, handler: type[BaseHTTPRequestHandler]) -> None:
        import socket

        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), handler)


class PlayerServer:
    """Serves one page and the ezuikit-js package under an unguessable path
    (`/<random>/`), on 127.0.0.1 by default or on `host` when asked.

    What a browser may do: GET the page, ezuikit.js and ezuikit_static/ under that path, and
    POST its reports to `__report` there. Requests whose Host header is not this server's
    address (an IP literal, localhost, or the host name it was given) are refused, so a DNS
    name rebound to this address reaches nothing; reports from another origin are refused;
    once the stream token expires (`publish(..., expires_at)`) the path answers 410 Gone."""

    def __init__(self, package: Path, *, port: int = 0, host: str = "127.0.0.1") -> None:
        self.package = package.resolve()
        self.static = (self.package / "ezuikit_static").resolve()
        self.host = host
        self.prefix = "/" + secrets.token_urlsafe(PAGE_PATH_BYTES) + "/"
        self.page = b""
        self.expires_at: float | None = None
        self.reports: list[dict[str, Any]] = []
        self.served: list[str] = []
        self.refused: list[str] = []
        self.page_loads = 0
        self.last_request = time.monotonic()
        self.changed = threading.Condition()
        try:
            self._httpd = _HTTPServer(host, port, _handler_for(self))
        except OSError as error:
            raise ListenFailed(f"The player server cannot listen on {host} port {port}: "
                               f"{error.strerror or error}.") from None
        self.advertised = _advertised_host(host)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def public(self) -> bool:
        return self.host not in LOOPBACK

    @property
    def url(self) -> str:
        shown = f"[{self.advertised}]" if ":" in self.advertised else self.advertised
        return f"http://{shown}:{self.port}{self.prefix}"

    def publish(self, page: str, expires_at: float | None) -> None:
        """The page to serve, and when its stream token (and so the path) expires."""
        self.page = page.encode("utf-8")
        self.expires_at = expires_at

    def expired(self) -> bool:
        return self.expires_at is not None and time.time() >= self.expires_at

    def start(self) -> PlayerServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="player",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> PlayerServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def host_allowed(self, header: str | None) -> bool:
        """The Host header names this server: an IP literal, localhost or the host name it
        was given or advertises, with its port. A rebound DNS name never does."""
        import ipaddress

        found = re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?",
                             (header or "").strip())
        if not found:
            return False
        name, port = found.group(1).strip("[]").lower(), found.group(2)
        if int(port or 80) != self.port:
            return False
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return name in ("localhost", self.host.lower(), self.advertised.lower())

    def relative(self, path: str) -> str | None:
        """The part of a request path under the unguessable prefix (None outside it)."""
        return path[len(self.prefix):] if path.startswith(self.prefix) else None

    def file_for(self, name: str) -> Path | None:
        """The package file a path under the prefix names, never anything outside the
        package."""
        if name == "ezuikit.js":
            return self.package / "ezuikit.js"
        folder = "ezuikit_static/"
        if not name.startswith(folder):
            return None
        candidate = (self.static / name[len(folder):]).resolve()
        if candidate != self.static and self.static not in candidate.parents:
            return None
        return candidate if candidate.is_file() else None

    def note(self, path: str, *, refused: bool = False) -> None:
        with self.changed:
            (self.refused if refused else self.served).append(path)
            self.last_request = time.monotonic()

    def add_report(self, report: Any) -> None:
        with self.changed:
            if len(self.reports) < MAX_REPORTS:
                self.reports.append(report)
            self.changed.notify_all()

    def wait_for_report(self, kinds: tuple[str, ...], timeout: float) -> dict[str, Any] | None:
        """The first report of one of `kinds`, waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for report in self.reports:
                    if isinstance(report, dict) and report.get("kind") in kinds:
                        return report
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self.changed.wait(remaining)


def _advertised_host(host: str) -> str:
    """The address to hand over: the one listened on, or for every interface (0.0.0.0, ::)
    the address this machine reaches other networks from (a UDP socket 'connected' to a
    documentation address sends nothing), else its host name."""
    import socket

    if host not in WILDCARDS:
        return host
    family, probe = ((socket.AF_INET6, "2001:db8::1") if host == "::"
                     else (socket.AF_INET, "192.0.2.1"))
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as udp:
            udp.connect((probe, 9))
            return str(udp.getsockname()[0])
    except OSError:
        return socket.gethostname()


def _handler_for(server: PlayerServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "hct-player"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # requests are not logged: the path is the key to the page

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("X-Frame-Options", "DENY")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _refuse(self, status: int, text: str) -> None:
            server.note(f"{self.command} refused {status}", refused=True)
            self._send(status, text.encode(), "text/plain; charset=utf-8")

        def _name(self) -> str | None:
            """The path under the prefix, or None after refusing the request."""
            if not server.host_allowed(self.headers.get("Host")):
                self._refuse(421, "wrong host")
                return None
            name = server.relative(self.path.split("?", 1)[0].split("#", 1)[0])
            if name is None:
                self._refuse(404, "not found")
                return None
            if server.expired():
                self._refuse(410, "this player link expired with its stream token; ask for "
                                  "a new one")
                return None
            return name

        def do_GET(self) -> None:
            name = self._name()
            if name is None:
                return
            server.note("/" + name)
            if name in ("", "index.html"):
                with server.changed:
                    server.page_loads += 1
                    server.changed.notify_all()
                self._send(200, server.page, CONTENT_TYPES[".html"])
                return
            found = server.file_for(name)
            if found is None:
                self._send(404, b"not found", "text/plain; charset=utf-8")
                return
            suffix = found.suffix.lower()
            content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(found.name)[0] \
                or "application/octet-stream"
            self._send(200, found.read_bytes(), content_type)

        do_HEAD = do_GET

        def _same_origin(self) -> bool:
            """A report from the page itself: JSON (another origin would need a CORS
            preflight, which is never granted), and no Origin or Sec-Fetch-Site that names
            another site."""
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            origin = self.headers.get("Origin")
            site = self.headers.get("Sec-Fetch-Site")
            return (kind == "application/json" and site in (None, "same-origin")
                    and origin in (None, f"http://{(self.headers.get('Host') or '').strip()}"))

        def do_POST(self) -> None:
            name = self._name()
            if name is None:
                return
            if name != REPORT_NAME:
                self._send(404, b"not found", "text/plain; charset=utf-8")
                return
            if not self._same_origin():
                self._refuse(403, "reports come from the player page only")
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length <= 0 or length > MAX_REPORT_BYTES:
                self._send(413, b"too large", "text/plain; charset=utf-8")
                return
            raw = self.rfile.read(length)
            try:
                report = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                self._send(400, b"not json", "text/plain; charset=utf-8")
                return
            server.add_report(report)
            cli.progress(f"player: {_summary(report)}")
            self._send(204, b"", "text/plain; charset=utf-8")

    return Handler


def _summary(report: Any) -> str:
    """One stderr line per report: its kind and, for errors, the message (not the token)."""
    if not isinstance(report, dict):
        return "unreadable report"
    detail = report.get("detail")
    message = detail.get("message") or detail.get("type") if isinstance(detail, dict) else None
    return f"{report.get('kind')}{': ' + str(message)[:300] if message else ''}"


def serve(make_page: Callable[[], tuple[str, dict[str, Any], float | None]], *,
          host: str = "127.0.0.1", port: int = 0, once: bool = False,
          timeout: float | None = None) -> None:
    """Listen first (a port in use fails before any request), then build the page
    (`make_page()` -> page, data for the envelope, when its stream token expires) and serve
    it until Ctrl-C / SIGTERM, (--once) until the browser's player reported back, until
    `timeout` seconds passed, or until the stream token expires. The JSON envelope is
    printed once the server listens; nothing else goes to stdout. Exits the process with 0."""
    server = PlayerServer(package_dir(), port=port, host=host)
    try:
        page, data, expires_at = make_page()
    except BaseException:
        server.stop()
        raise
    if server.public and expires_at is None:
        server.stop()
        raise InvalidArgument("This page does not say when its stream token expires, so it "
                              "is not served beyond this machine; write it again with "
                              "get_video_url.py --html, or drop --host.")
    server.publish(page, expires_at)
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    server.start()
    try:
        cli.print_json(_envelope(server, data, once=once, timeout=timeout))
        reason = _wait(server, stop, once=once, timeout=timeout)
        cli.progress(f"player server stopped: {reason}")
        with server.changed:
            served, refused = sorted(set(server.served)), len(server.refused)
        cli.progress(f"served {len(served)} path(s): {', '.join(served)[:2000]}"
                     + (f"; refused {refused} request(s)" if refused else ""))
    except KeyboardInterrupt:
        cli.progress("player server stopped: interrupted")
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    sys.exit(EXIT_OK)


def _envelope(server: PlayerServer, data: dict[str, Any], *, once: bool,
              timeout: float | None) -> dict[str, Any]:
    ends = ("until the browser's player has reported back and loaded its files" if once
            else "until Ctrl-C or SIGTERM")
    if timeout:
        ends += f" (at most {timeout:g} s)"
    expires = (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(server.expires_at))
               if server.expires_at is not None else None)
    if expires:
        ends += f", and the link stops working at {expires} (with the stream token)"
    where = (f"for other devices at {server.url}: hand this link to the user (anyone who has "
             "it can watch until it expires)" if server.public
             else f"at {server.url}: open it in a browser on this machine")
    return {"success": True, "message": f"Serving the player {where}. It keeps serving {ends}.",
            "data": {**data, "playerUrl": server.url, "listening": server.host,
                     "public": server.public, "linkExpiresAt": expires, "pid": os.getpid(),
                     "once": once, "timeout": timeout}}


def _wait(server: PlayerServer, stop: threading.Event, *, once: bool,
          timeout: float | None) -> str:
    deadline = None if not timeout else time.monotonic() + timeout
    while not stop.is_set():
        if (once and server.wait_for_report(("created", "error", "playerError"), 0) is not None
                and time.monotonic() - server.last_request >= ONCE_IDLE_SECONDS):
            # The player reported back and fetched no decoder file for a while: the stream
            # itself goes from the browser to the streaming service, not through this server.
            return "the player reported back and the page's files were served (--once)"
        if deadline is not None and time.monotonic() >= deadline:
            return f"--timeout {timeout:g} s reached"
        if server.expired():
            return "the stream token expired, and the link with it"
        stop.wait(0.1)
    return "signal received"
