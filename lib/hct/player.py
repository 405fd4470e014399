"""The browser player: an HTML page built on the `ezuikit-js` npm package, and a loopback
HTTP server for it.

`render_page(settings)` makes a page that creates
`new EZUIKit.EZUIKitPlayer({id, accessToken, url, template, width, height,
env: {domain}, staticPath, handleError, handleSuccess})`. Every value is JSON-encoded into
the page with `<`, `>`, `&` and the line separators escaped, so no value can close the
script or inject markup. `staticPath` is the absolute URL of `ezuikit_static/` next to the
page, computed by the page from its own address. The page keeps what it passed to the
player in `window.__player_config` and its state in `<pre id="player-state">`, and posts
errors and player events to `/__report` on the server that served it.

`PlayerServer` serves the page at `/`, the package's UMD build at `/ezuikit.js` and its
decoders under `/ezuikit_static/` (`.wasm` as `application/wasm`), on 127.0.0.1 only.
`scripts/install_player.py` installs the package into `vendor/ezuikit-js/`.
"""

from __future__ import annotations

import html
import json
import mimetypes
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from hct import cli
from hct.errors import EXIT_OK, EXIT_USAGE, HCTError

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

EZUIKIT_VERSION = "9.0.22"
PACKAGE = "ezuikit-js"
ROOT = Path(__file__).resolve().parents[2]
VENDOR_DIR = ROOT / "vendor" / "ezuikit-js"
REPORT_PATH = "/__report"
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


def render_page(settings: dict[str, Any]) -> str:
    """The player page for `settings` (url, accessToken, domain, template, width, height,
    title)."""
    for key in ("url", "accessToken", "domain", "template"):
        if not isinstance(settings.get(key), str) or not settings[key]:
            raise ValueError(f"player setting {key} is missing")
    return (_PAGE.replace("__TITLE__", html.escape(str(settings.get("title") or "Camera")))
            .replace("__REPORT__", REPORT_PATH)
            .replace("__SETTINGS__", script_json(settings)))


def check_page_path(path: str) -> str:
    """The absolute page path; its directory must exist (InvalidArgument otherwise)."""
    target = os.path.abspath(os.path.expanduser(path))
    directory = os.path.dirname(target)
    if os.path.isdir(target) or not os.path.isdir(directory):
        from hct.errors import InvalidArgument

        raise InvalidArgument(f"--html {path}: give a file path in an existing directory.")
    return target


def write_page(path: str, settings: dict[str, Any]) -> str:
    """Write the page (mode 0600: it holds the stream token); returns the absolute path."""
    target = check_page_path(path)
    from hct.store import atomic_file

    with atomic_file(target) as handle:
        handle.write(render_page(settings))
    return target


# ---- the server --------------------------------------------------------------------------

class PlayerServer:
    """Serves one page and the ezuikit-js package on 127.0.0.1 (a free port by default)."""

    def __init__(self, page: str, package: Path, *, port: int = 0,
                 host: str = "127.0.0.1") -> None:
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise ValueError("the player server listens on loopback only")
        self.page = page.encode("utf-8")
        self.package = package.resolve()
        self.static = (self.package / "ezuikit_static").resolve()
        self.reports: list[dict[str, Any]] = []
        self.served: list[str] = []
        self.page_loads = 0
        self.last_request = time.monotonic()
        self.changed = threading.Condition()
        self._httpd = ThreadingHTTPServer((host, port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"

    def start(self) -> PlayerServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="player",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> PlayerServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def file_for(self, path: str) -> Path | None:
        """The package file a request path names, never anything outside the package."""
        if path == "/ezuikit.js":
            return self.package / "ezuikit.js"
        prefix = "/ezuikit_static/"
        if not path.startswith(prefix):
            return None
        candidate = (self.static / path[len(prefix):]).resolve()
        if candidate != self.static and self.static not in candidate.parents:
            return None
        return candidate if candidate.is_file() else None

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


def _handler_for(server: PlayerServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "hct-player"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # requests are not logged (the page URL carries nothing secret, but quiet)

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            with server.changed:
                server.served.append(path)
                server.last_request = time.monotonic()
            if path in ("/", "/index.html"):
                with server.changed:
                    server.page_loads += 1
                    server.changed.notify_all()
                self._send(200, server.page, CONTENT_TYPES[".html"])
                return
            found = server.file_for(path)
            if found is None:
                self._send(404, b"not found", "text/plain; charset=utf-8")
                return
            suffix = found.suffix.lower()
            content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(found.name)[0] \
                or "application/octet-stream"
            self._send(200, found.read_bytes(), content_type)

        do_HEAD = do_GET

        def do_POST(self) -> None:
            if self.path != REPORT_PATH:
                self._send(404, b"not found", "text/plain; charset=utf-8")
                return
            length = int(self.headers.get("Content-Length") or 0)
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


def serve(page: str, *, port: int = 0, once: bool = False, timeout: float | None = None,
          data: dict[str, Any] | None = None) -> None:
    """Serve until Ctrl-C / SIGTERM, or (--once) until the browser's player reported back,
    or until `timeout` seconds passed. The JSON envelope is printed once the server listens;
    nothing else goes to stdout. Exits the process with 0."""
    server = PlayerServer(page, package_dir(), port=port)
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    server.start()
    try:
        ends = ("until the browser's player has reported back and loaded its files" if once
                else "until Ctrl-C or SIGTERM")
        if timeout:
            ends += f" (at most {timeout:g} s)"
        cli.print_json({"success": True,
                        "message": f"Serving the player at {server.url}: open it in a browser. "
                                   f"It keeps serving {ends}.",
                        "data": {**(data or {}), "playerUrl": server.url, "pid": os.getpid(),
                                 "once": once, "timeout": timeout}})
        reason = _wait(server, stop, once=once, timeout=timeout)
        cli.progress(f"player server stopped: {reason}")
        with server.changed:
            served = sorted(set(server.served))
        cli.progress(f"served {len(served)} path(s): {', '.join(served)[:2000]}")
    except KeyboardInterrupt:
        cli.progress("player server stopped: interrupted")
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    sys.exit(EXIT_OK)


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
        stop.wait(0.1)
    return "signal received"
