"""The simulator core: the `Sim` object, the route registry and the behaviour every API shares.

Endpoints live in `hctsim/routes_*.py` (imported automatically by `load_routes()`):

    from hctsim.core import ApiError, route

    @route("POST", "/api/hccgw/resource/v1/device/{deviceId}/refresh")
    def refresh(sim, body, request, deviceId):
        ...
        return {...}              # the core answers {"errorCode": "0", "data": {...}}

A handler gets the `Sim`, the parsed JSON body (`{}` when the request has none; GET handlers
get `{}` as well, the query string is in `request.args`) and the Flask request. It returns the
answer's `data` (None: the answer has no `data` key) or raises `ApiError(code, message, data)`,
which answers `{"errorCode": code, "message": ..., "data": ...}` with HTTP 200 like the platform
(the message defaults to the guide's Appendix A.4 description of the code).

What a handler can use on the `Sim`: `sim.world` (the demo data, hctsim.world), `sim.lock`,
`sim.now()`, `sim.store(name, factory)` (a module's own state), the parameter checks
`sim.require` / `sim.optional` / `sim.paging` (the one paging check of every endpoint),
`sim.record_page` (a page of a record list, with the field profile's 50-page ceiling),
`sim.behaviour` (the switches of the profile, hctsim.profiles: `sim.profile` is "guide" or
"field") and `sim.storage` (hctsim.storage: the shared storage host for picture URLs and
pre-signed uploads, outside the API host).

What happens to every request, in this order (chapter 3 of the guide):
1. `/__sim__/...` is the admin API (`admin_route`): no log, no rate limit, no token.
2. The request is logged (`sim.log`; the `Token` header and a token/get `secretKey` are
   stored as "<present>").
3. Rate limit, at arrival, per account (token/get counts for the appKey of its body; other
   APIs for the account of their token; requests with neither are not limited): at most
   `rate_limit_per_second` (5) accepted requests in any sliding 1.0 s window of arrival times
   (`time.monotonic()`, not the shiftable `sim.now()`). The arrival is stamped by the server,
   not by the handler thread (which a loaded machine may schedule late): the first request
   of a connection arrives when the serving thread accepted the connection, a later one on a
   kept-alive connection when its request line was read (`ARRIVAL_KEY` in the WSGI environ).
   Handler threads may reach the limiter out of arrival order; the window is checked around
   each arrival's place in time, not only against the latest one. The guide does not say how the
   platform answers excess calls; we answer HTTP 429 with the header `Retry-After: 1` and
   the body `{"errorCode": "RATE_LIMITED", "message": ...}`. Rejected requests do not count
   against the window and reach nothing below; every rejection is counted in
   `sim.stats()["rateLimited"]`. `Sim(rate_limit=False)` disables the limit.
4. Injected faults: latency (`sim.add_latency`), dropped connections (`sim.close_next`: the
   socket is shut down without an answer, the client sees a connection error).
5. Unknown path: HTTP 404 `{"errorCode": "NOT_FOUND"}`; known path, other method: HTTP 405
   `METHOD_NOT_ALLOWED`. A POST body whose Content-Type is not application/json (the only
   one chapter 3.1 supports): HTTP 415 `UNSUPPORTED_MEDIA_TYPE`.
6. Injected failures (`sim.fail_next`): the platform's error code with HTTP 200, or an HTTP
   status (e.g. 500) with a JSON error body.
7. Token: `Token` header missing -> OPEN000007 (token exception); unknown or expired ->
   OPEN000006 (token expired). Tokens are valid 7 days (`TOKEN_LIFETIME_SECONDS`) of
   `sim.now()`; `sim.expire_tokens()` ends them all; a new token/get gives a new token and
   leaves older ones valid until they expire. With the switch token_uses (field profile) a
   token is revoked after a seeded number of calls (OPEN000006 from the next one on,
   counted in `stats()["tokensRevoked"]`). A body that is not JSON: OPEN000008.
8. The handler. An unexpected exception answers HTTP 500 with errorCode OPEN000000 and a
   traceback on the simulator's stderr.
"""

from __future__ import annotations

import bisect
import contextlib
import fnmatch
import json
import os
import re
import secrets
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from hctsim.profiles import DEFAULT_PROFILE, behaviour_of

TOKEN_PATH = "/api/hccgw/platform/v1/token/get"
ADMIN_PREFIX = "/__sim__/"
TOKEN_LIFETIME_SECONDS = 7 * 24 * 3600
RATE_LIMIT_PER_SECOND = 5
RATE_WINDOW_SECONDS = 1.0
RATE_LIMITED_CODE = "RATE_LIMITED"
RATE_MEMORY_SECONDS = 5.0  # arrivals older than this (behind the newest) are forgotten
ARRIVAL_KEY = "hctsim.arrival"  # WSGI environ: the request's time.monotonic() arrival
LOG_LIMIT = 50_000  # the request log keeps the newest entries of a long-running simulator

Handler = Callable[..., Any]
_ROUTES: dict[tuple[str, str], tuple[re.Pattern[str] | None, Handler]] = {}
_ADMIN_ROUTES: dict[tuple[str, str], Handler] = {}
_ERROR_CODES: dict[str, dict[str, str]] | None = None


class ApiError(Exception):
    """An error answer of the platform: `{"errorCode": code, "message": ..., "data": ...}`."""

    def __init__(self, code: str, message: str | None = None, data: Any = None,
                 status: int = 200) -> None:
        super().__init__(code)
        self.code = code
        self.message = message if message is not None else describe(code)
        self.data = data
        self.status = status

    def document(self) -> dict[str, Any]:
        document: dict[str, Any] = {"errorCode": self.code, "message": self.message}
        if self.data is not None:
            document["data"] = self.data
        return document


class AdminError(Exception):
    """A bad admin request (HTTP 400 `{"error": message}`)."""


def describe(code: str) -> str:
    """The guide's description of an error code (Appendix A.4), or the code itself."""
    global _ERROR_CODES
    if _ERROR_CODES is None:
        path = os.path.join(_pack_root(), "lib", "hct", "data", "error_codes.json")
        try:
            with open(path, encoding="utf-8") as handle:
                _ERROR_CODES = json.load(handle)
        except (OSError, ValueError):
            _ERROR_CODES = {}
    entry = _ERROR_CODES.get(code)
    return str(entry.get("description", code)) if isinstance(entry, dict) else code


def _pack_root() -> str:
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _compile(template: str) -> re.Pattern[str] | None:
    if "{" not in template:
        return None
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.compile(pattern + r"\Z")


def route(method: str, path: str) -> Callable[[Handler], Handler]:
    """Register `fn(sim, body, request, **path_params) -> data` for METHOD PATH."""
    key = (method.upper(), path)

    def register(fn: Handler) -> Handler:
        known = _ROUTES.get(key)
        if known is not None and _qualname(known[1]) != _qualname(fn):
            raise ValueError(f"{method} {path} is already handled by {_qualname(known[1])}")
        _ROUTES[key] = (_compile(path), fn)
        return fn

    return register


def admin_route(method: str, subpath: str) -> Callable[[Handler], Handler]:
    """Register an admin endpoint `fn(sim, body, request) -> JSON` at /__sim__/<subpath>."""
    key = (method.upper(), subpath.strip("/"))

    def register(fn: Handler) -> Handler:
        known = _ADMIN_ROUTES.get(key)
        if known is not None and _qualname(known) != _qualname(fn):
            raise ValueError(f"admin {method} {subpath} is already handled by {_qualname(known)}")
        _ADMIN_ROUTES[key] = fn
        return fn

    return register


def _qualname(fn: Handler) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def routes() -> list[tuple[str, str]]:
    """Every registered (METHOD, path template), sorted."""
    return sorted(_ROUTES)


def find_route(method: str, path: str) -> tuple[Handler | None, dict[str, str], bool]:
    """(handler, path parameters, path_known) for a request."""
    method = method.upper()
    path_known = False
    for (route_method, template), (pattern, fn) in _ROUTES.items():
        if pattern is None:
            matched: dict[str, str] | None = {} if template == path else None
        else:
            found = pattern.match(path)
            matched = found.groupdict() if found else None
        if matched is None:
            continue
        if route_method == method:
            return fn, matched, True
        path_known = True
    return None, {}, path_known


_LOADED: dict[str, str] | None = None


def load_routes() -> dict[str, str]:
    """Import every `hctsim.routes_*` module once; returns {module: error} for failures.

    A broken module of one area must not take the whole simulator down: its error goes to
    stderr and into `sim.stats()["routeErrors"]`; the test suite asserts there are none."""
    global _LOADED
    if _LOADED is not None:
        return _LOADED
    import importlib
    import pkgutil

    from hctsim import admin  # noqa: F401  (the built-in admin endpoints)

    errors: dict[str, str] = {}
    package_dir = os.path.dirname(os.path.abspath(__file__))
    for info in sorted(pkgutil.iter_modules([package_dir]), key=lambda item: item.name):
        if not info.name.startswith("routes_"):
            continue
        name = f"hctsim.{info.name}"
        try:
            importlib.import_module(name)
        except Exception as exc:
            errors[name] = f"{type(exc).__name__}: {exc}"
            print(f"hct_sim: could not load {name}: {errors[name]}", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
    _LOADED = errors
    return errors


class _Fault:
    def __init__(self, kind: str, count: int | None, path: str | None, **values: Any) -> None:
        self.kind = kind
        self.count = count  # None: until cleared
        self.path = path
        self.values = values

    def matches(self, path: str) -> bool:
        return self.path is None or fnmatch.fnmatchcase(path, self.path)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "count": self.count, "path": self.path, **self.values}


class Faults:
    """Injected faults, consumed in arrival order by matching requests."""

    def __init__(self) -> None:
        self.items: list[_Fault] = []

    def add(self, fault: _Fault) -> None:
        self.items.append(fault)

    def take(self, kind: str, path: str) -> _Fault | None:
        """The first active fault of `kind` matching `path`, using up one of its count."""
        for fault in self.items:
            if fault.kind == kind and fault.matches(path):
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count <= 0:
                        self.items.remove(fault)
                return fault
        return None

    def clear(self, kind: str | None = None) -> None:
        self.items = [fault for fault in self.items if kind is not None and fault.kind != kind]

    def describe(self) -> list[dict[str, Any]]:
        return [fault.describe() for fault in self.items]


_TYPE_NAMES = {str: "String", int: "Integer", float: "Number", bool: "Boolean", list: "Array",
               dict: "Object"}


def _is_type(value: Any, type_: type | tuple[type, ...]) -> bool:
    types = type_ if isinstance(type_, tuple) else (type_,)
    if isinstance(value, bool) and bool not in types:
        return False  # JSON true is not an Integer
    if float in types and isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, types)


_MISSING = object()


class Sim:
    """One simulated HCT account and platform: tokens, rate limit, faults, log and the world."""

    def __init__(self, devices: int | None = None, seed: int = 0, *, rate_limit: bool = True,
                 rate_limit_per_second: int = RATE_LIMIT_PER_SECOND,
                 app_key: str | None = None, secret_key: str | None = None,
                 base_url: str = "http://127.0.0.1", area_domain: str | None = None,
                 token_expire_ms: bool = False, profile: str = DEFAULT_PROFILE,
                 behaviour: dict[str, Any] | None = None, region: str | None = None,
                 account_region: str | None = None) -> None:
        """`area_domain`: what token/get answers as areaDomain (default: the simulator's own
        base URL), to test clients against a foreign region host; `token_expire_ms`: answer
        expireTime in epoch milliseconds instead of the guide's seconds. `profile` "guide"
        or "field" sets the behaviour switches of hctsim.profiles, `behaviour` overrides
        some of them. `region` is this host's region and `account_region` the region of the
        account's keys: with the switch regional_keys (field) and both set, a host of
        another region does not know the keys (OPEN000001)."""
        import random

        from hctsim.world import World

        keys = random.Random(f"hct-sim-credentials-{seed}")
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        self.app_key = app_key or "".join(keys.choice(alphabet) for _ in range(32))
        self.secret_key = secret_key or "".join(keys.choice(alphabet) for _ in range(32))
        self.user_id = f"{keys.getrandbits(128):032x}"
        self.accounts: dict[str, str] = {self.app_key: self.secret_key}
        self.seed = seed
        self.base_url = base_url
        self.area_domain = area_domain
        self.token_expire_ms = token_expire_ms
        self.profile = profile
        self.behaviour = behaviour_of(profile, behaviour)
        self.region = region
        self.account_region = account_region
        self.world = World(devices=devices, seed=seed)
        self.lock = threading.RLock()
        self.log: list[dict[str, Any]] = []
        self.faults = Faults()
        self.rate_limit = rate_limit
        self.rate_limit_per_second = rate_limit_per_second
        self._windows: dict[str, list[float]] = {}  # account -> accepted arrivals, sorted
        self._tokens: dict[str, tuple[str, float]] = {}  # token -> (appKey, expires at)
        self._token_calls: dict[str, list[int]] = {}  # token -> [calls served, budget]
        self._stores: dict[str, Any] = {}
        self._storage: Any = None
        self._offset = 0.0
        self.counters = {"requests": 0, "rateLimited": 0, "tokenFetches": 0, "faultsFired": 0,
                         "connectionsClosed": 0, "tokensRevoked": 0}

    def set_behaviour(self, **changes: Any) -> dict[str, Any]:
        """Change behaviour switches (hctsim.profiles) while serving; returns them all."""
        with self.lock:
            self.behaviour.update(changes)
            return self.behaviour.describe()

    # --- time and state -------------------------------------------------------------------
    def now(self) -> float:
        """Simulated epoch seconds (wall clock shifted by `advance`)."""
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Shift the simulated clock (token expiry, timestamps) forward."""
        with self.lock:
            self._offset += seconds

    @property
    def storage(self) -> Any:
        """This simulator's bucket on the shared storage host (`hctsim.storage.Storage`):
        `put(key, data, expires_at) -> url`, `presign_upload(key, lifetime, ...) -> url`."""
        with self.lock:
            if self._storage is None:
                from hctsim.storage import Storage

                self._storage = Storage(self)
            return self._storage

    def store(self, name: str, factory: Callable[[], Any]) -> Any:
        """Named mutable state for route modules, created by `factory()` on first use."""
        with self.lock:
            if name not in self._stores:
                self._stores[name] = factory()
            return self._stores[name]

    # --- parameter checks (the guide's codes) -----------------------------------------------
    def require(self, body: Any, path: str, type_: type | tuple[type, ...] = object, *,
                max_len: int | None = None) -> Any:
        """The value at dotted `path`: OPEN000010 when missing (or null) or a string longer
        than `max_len` (the guide's "maximum length"), OPEN000008 when it has the wrong JSON
        type (a string where the guide says Integer, for instance)."""
        value = self._lookup(body, path)
        if value is _MISSING or value is None:
            raise ApiError("OPEN000010", f"{describe('OPEN000010')} {path} is required.")
        self._check_type(path, value, type_, max_len)
        return value

    def optional(self, body: Any, path: str, type_: type | tuple[type, ...] = object,
                 default: Any = None, *, max_len: int | None = None) -> Any:
        """Like `require`, but a missing or null value gives `default`."""
        value = self._lookup(body, path)
        if value is _MISSING or value is None:
            return default
        self._check_type(path, value, type_, max_len)
        return value

    @staticmethod
    def _lookup(body: Any, path: str) -> Any:
        value = body
        for part in path.split("."):
            if not isinstance(value, dict) or part not in value:
                return _MISSING
            value = value[part]
        return value

    @staticmethod
    def _check_type(path: str, value: Any, type_: type | tuple[type, ...],
                    max_len: int | None = None) -> None:
        if max_len is not None and isinstance(value, str) and len(value) > max_len:
            raise ApiError("OPEN000010",
                           f"{describe('OPEN000010')} {path} is longer than {max_len}.")
        if type_ is object or _is_type(value, type_):
            return
        types = type_ if isinstance(type_, tuple) else (type_,)
        expected = "/".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
        raise ApiError("OPEN000008", f"{describe('OPEN000008')} {path} must be {expected}.")

    def paging(self, body: Any, max_size: int = 500, index: str = "pageIndex",
               size: str = "pageSize", *, required: bool = True, default_size: int = 20,
               base: int = 1) -> tuple[int, int]:
        """(index, size) of a paged request, checked the same way for every endpoint: the
        guide's tables type both Integer (OPEN000008 otherwise); with the field profile's
        string_paging a digit string ("1", as several of the guide's examples send) is
        taken too. OPEN000010 a missing value (unless not `required`: then `base` and
        `default_size`) or an index below `base`, OPEN000025 a size outside 1..max_size."""
        page_index = self._paging_value(body, index, required, base)
        page_size = self._paging_value(body, size, required, default_size)
        if page_index < base:
            raise ApiError("OPEN000010", f"{describe('OPEN000010')} {index} must be >= {base}.")
        if not 1 <= page_size <= max_size:
            raise ApiError("OPEN000025", f"{describe('OPEN000025')} {size} must be between 1 "
                                         f"and {max_size}.")
        return page_index, page_size

    def _paging_value(self, body: Any, path: str, required: bool, default: int) -> int:
        value = self._lookup(body, path)
        if self.behaviour.string_paging and isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if required:
            return self.require(body, path, int)
        return self.optional(body, path, int, default)

    def record_page(self, items: list[Any], index: int, size: int) -> list[Any]:
        """Page `index` of a record list: `page`, but empty after the record_page_ceiling
        (the field profile's 50 pages)."""
        ceiling = self.behaviour.record_page_ceiling
        return [] if ceiling is not None and index > ceiling else self.page(items, index, size)

    @staticmethod
    def page(items: list[Any], index: int, size: int) -> list[Any]:
        """The items of page `index` (1-based) of `size` items."""
        start = (index - 1) * size
        return items[start:start + size]

    # --- tokens -----------------------------------------------------------------------------
    def issue_token(self, app_key: str, secret_key: Any) -> dict[str, Any]:
        with self.lock:
            if app_key not in self.accounts:
                raise ApiError("OPEN000001")
            if self._foreign_region():
                raise ApiError("OPEN000001", "AK_NOT_FOUND{OPEN000001}")
            if secret_key != self.accounts[app_key]:
                raise ApiError("OPEN000002")
            token = "hcc." + secrets.token_hex(16)
            expires = int(self.now()) + TOKEN_LIFETIME_SECONDS
            self._tokens[token] = (app_key, float(expires))
            self._token_calls[token] = [0, self._token_budget()]
            self.counters["tokenFetches"] += 1
        return {"accessToken": token,
                "expireTime": expires * 1000 if self.token_expire_ms else expires,
                "userId": self.user_id, "areaDomain": self.area_domain or self.base_url}

    def token_account(self, token: str | None) -> str | None:
        """The appKey of a known token (expired or not)."""
        entry = self._tokens.get(token or "")
        return entry[0] if entry else None

    def _foreign_region(self) -> bool:
        return bool(self.behaviour.regional_keys and self.region and self.account_region
                    and self.region != self.account_region)

    def _token_budget(self) -> int:
        """How many calls a new token serves before it is revoked (0: until it expires):
        drawn from token_uses, seeded by the simulator's seed and the token's number."""
        import random

        uses = self.behaviour.token_uses
        if uses is None:
            return 0
        draw = random.Random(f"hct-sim-token-uses-{self.seed}-{self.counters['tokenFetches']}")
        return draw.randint(*uses)

    def check_token(self, token: str | None) -> str:
        """The appKey of a valid token; OPEN000007 missing, OPEN000006 unknown, expired or
        revoked (a token whose call budget of token_uses is spent is revoked by the call
        after its last one)."""
        if not token:
            raise ApiError("OPEN000007")
        with self.lock:
            entry = self._tokens.get(token)
            if entry is None or entry[1] <= self.now():
                raise ApiError("OPEN000006")
            calls = self._token_calls.setdefault(token, [0, 0])
            if calls[1] and calls[0] >= calls[1]:
                self._tokens[token] = (entry[0], self.now())
                self.counters["tokensRevoked"] += 1
                raise ApiError("OPEN000006", "TOKEN_NOT_FOUND{OPEN000006}")
            calls[0] += 1
        return entry[0]

    def expire_tokens(self) -> int:
        """End every token now; returns how many were valid."""
        with self.lock:
            now = self.now()
            valid = [token for token, (_, expires) in self._tokens.items() if expires > now]
            for token in valid:
                self._tokens[token] = (self._tokens[token][0], now)
            return len(valid)

    def issued_tokens(self) -> list[str]:
        """Every secret token handed out: access tokens and stream appTokens (for leak checks)."""
        with self.lock:
            return [*self._tokens, *self._stores.get("system.streamTokens", {})]

    def add_account(self, app_key: str, secret_key: str) -> None:
        with self.lock:
            self.accounts[app_key] = secret_key

    # --- rate limit -------------------------------------------------------------------------
    def admit(self, account: str | None, arrival: float | None = None) -> bool:
        """Count a request that arrived at `arrival` (`time.monotonic()`; default: now)
        against its account's window; False when it must be rejected: when some 1.0 s window
        holding it would hold more than `rate_limit_per_second` accepted arrivals."""
        if not self.rate_limit or account is None:
            return True
        with self.lock:
            arrival = time.monotonic() if arrival is None else arrival
            window = self._windows.setdefault(account, [])
            newest = max(arrival, window[-1]) if window else arrival
            del window[:bisect.bisect_left(window, newest - RATE_MEMORY_SECONDS)]
            if _window_full(window, arrival, self.rate_limit_per_second):
                self.counters["rateLimited"] += 1
                return False
            bisect.insort(window, arrival)
            return True

    # --- faults -----------------------------------------------------------------------------
    def fail_next(self, count: int = 1, code: str | None = None, status: int | None = None,
                  path: str | None = None, message: str | None = None) -> None:
        """Fail the next `count` matching calls (path: exact or glob; None: any API, token/get
        included). `code` answers HTTP 200 with that errorCode; `status` answers that HTTP
        status (with errorCode `code` or OPEN000000)."""
        if count < 1:
            raise AdminError("count must be >= 1")
        if code is not None and not isinstance(code, str):
            raise AdminError("code must be a string such as OPEN000018")
        if status is not None and not 100 <= status <= 599:
            raise AdminError("status must be an HTTP status code")
        with self.lock:
            self.faults.add(_Fault("fail", count, path, code=code, status=status,
                                   message=message))

    def add_latency(self, seconds: float, path: str | None = None,
                    count: int | None = None) -> None:
        """Delay matching requests by `seconds` (all of them, or the next `count`);
        `seconds` 0 removes every latency fault."""
        with self.lock:
            if seconds <= 0:
                self.faults.clear("latency")
            else:
                self.faults.add(_Fault("latency", count, path, seconds=float(seconds)))

    def close_next(self, count: int = 1, path: str | None = None) -> None:
        """Drop the connection of the next `count` matching requests without an answer."""
        if count < 1:
            raise AdminError("count must be >= 1")
        with self.lock:
            self.faults.add(_Fault("close", count, path))

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    # --- devices ----------------------------------------------------------------------------
    def set_device_online(self, serial: str, online: bool) -> dict[str, Any]:
        with self.lock:
            device = self.world.device_by_serial(serial)
            if device is None:
                raise AdminError(f"no device with serial {serial}")
            self.world.set_online(device, online, self.now())
            return {"serial": serial, "onlineStatus": device["onlineStatus"]}

    # --- request log ------------------------------------------------------------------------
    def requests(self, path: str | None = None) -> list[dict[str, Any]]:
        """Logged API requests (not admin ones), oldest first; `path`: exact or glob."""
        with self.lock:
            entries = list(self.log)
        if path is None:
            return entries
        return [entry for entry in entries if fnmatch.fnmatchcase(entry["path"], path)]

    def clear_requests(self) -> None:
        with self.lock:
            self.log.clear()

    def stats(self) -> dict[str, Any]:
        with self.lock:
            return {**self.counters, "validTokens": sum(
                1 for _, expires in self._tokens.values() if expires > self.now()),
                "faults": self.faults.describe(), "routeErrors": dict(load_routes()),
                "profile": self.profile, "behaviour": self.behaviour.describe()}


def _window_full(accepted: list[float], arrival: float, limit: int) -> bool:
    """Whether `limit` accepted arrivals and `arrival` fall within less than one window: some
    run of limit + 1 consecutive times (in order, `arrival` among them) spans < 1.0 s."""
    times = list(accepted)
    place = bisect.bisect_right(times, arrival)
    times.insert(place, arrival)
    for first in range(max(0, place - limit), place + 1):
        last = first + limit
        if last < len(times) and times[last] - times[first] < RATE_WINDOW_SECONDS:
            return True
    return False


# --- the WSGI application ---------------------------------------------------------------------
class _DropConnection(Exception):
    pass


def _json_response(document: Any, status: int = 200, headers: dict[str, str] | None = None):
    from flask import Response

    return Response(json.dumps(document, ensure_ascii=False), status=status,
                    headers=headers or {}, mimetype="application/json")


def _logged_headers(headers: Any) -> dict[str, str]:
    logged = {}
    for name, value in headers.items():
        logged[name] = "<present>" if name.lower() == "token" else value
    return logged


def _parse_body(request: Any) -> tuple[Any, bool]:
    """(body, ok): `{}` for an empty body, `ok` False when it is not JSON."""
    raw = request.get_data(cache=True)
    if not raw or not raw.strip():
        return {}, True
    try:
        return json.loads(raw.decode("utf-8")), True
    except (UnicodeDecodeError, ValueError):
        return raw.decode("utf-8", "replace"), False


def create_app(sim: Sim):
    """The Flask app serving `sim`."""
    from flask import Flask, request

    load_routes()
    app = Flask("hctsim")
    app.config["sim"] = sim

    def dispatch(path: str = ""):
        full_path = "/" + path
        if full_path.startswith(ADMIN_PREFIX):
            return _admin(sim, request, full_path[len(ADMIN_PREFIX):])
        body, parsed = _parse_body(request)
        logged_body = body
        if full_path == TOKEN_PATH and isinstance(body, dict) and "secretKey" in body:
            logged_body = {**body, "secretKey": "<present>"}
        entry = {"method": request.method, "path": full_path,
                 "query": request.args.to_dict(flat=True),
                 "headers": _logged_headers(request.headers), "body": logged_body,
                 "status": None,
                 "time": sim.now()}
        with sim.lock:
            sim.log.append(entry)
            if len(sim.log) > LOG_LIMIT:
                del sim.log[:len(sim.log) - LOG_LIMIT]
            sim.counters["requests"] += 1
        response = _serve(sim, request, full_path, body, parsed)
        entry["status"] = response.status_code
        return response

    app.register_error_handler(_DropConnection, lambda exc: ("", 500))
    app.add_url_rule("/", "root", dispatch, methods=["GET", "POST", "PUT", "DELETE"])
    app.add_url_rule("/<path:path>", "any", dispatch, methods=["GET", "POST", "PUT", "DELETE"])
    return app


def _serve(sim: Sim, request: Any, path: str, body: Any, parsed: bool):
    token = request.headers.get("Token")
    if path == TOKEN_PATH:
        account = body.get("appKey") if isinstance(body, dict) else None
        account = account if isinstance(account, str) and account in sim.accounts else None
    else:
        account = sim.token_account(token)
    if not sim.admit(account, request.environ.get(ARRIVAL_KEY)):
        return _json_response({"errorCode": RATE_LIMITED_CODE, "message": (
            f"Too many requests: at most {sim.rate_limit_per_second} per second per account.")},
            429, {"Retry-After": "1"})
    with sim.lock:
        latency = sim.faults.take("latency", path)
        close = sim.faults.take("close", path)
    if latency is not None:
        time.sleep(latency.values["seconds"])
    if close is not None:
        with sim.lock:
            sim.counters["connectionsClosed"] += 1
        _drop_connection(request)
    handler, params, path_known = find_route(request.method, path)
    if handler is None:
        if path_known:
            return _json_response({"errorCode": "METHOD_NOT_ALLOWED",
                                   "message": f"{request.method} is not allowed on {path}"}, 405)
        return _json_response({"errorCode": "NOT_FOUND", "message": f"no API at {path}"}, 404)
    if request.method == "POST" and request.content_length and (
            "application/json" not in (request.content_type or "").lower()):
        return _json_response({"errorCode": "UNSUPPORTED_MEDIA_TYPE", "message": (
            "Only application/json is supported as Content-Type.")}, 415)
    with sim.lock:
        failure = sim.faults.take("fail", path)
        if failure is not None:
            sim.counters["faultsFired"] += 1
    try:
        if failure is not None:
            values = failure.values
            error = ApiError(values["code"] or "OPEN000000", values.get("message"))
            return _json_response(error.document(), values["status"] or 200)
        if path != TOKEN_PATH:
            sim.check_token(token)
        if not parsed:
            raise ApiError("OPEN000008", f"{describe('OPEN000008')} The body is not JSON.")
        return _json_response(_envelope(handler(sim, body, request, **params)))
    except ApiError as error:
        return _json_response(error.document(), error.status)
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        return _json_response({"errorCode": "OPEN000000",
                               "message": f"simulator error: {type(exc).__name__}: {exc}"}, 500)


def _envelope(data: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"errorCode": "0"}
    if data is not None:
        document["data"] = data
    return document


def _drop_connection(request: Any) -> None:
    """Shut the client's socket so it sees a connection error, then abort the request."""
    import socket

    connection = request.environ.get("werkzeug.socket")
    if connection is not None:
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)
    raise _DropConnection("connection dropped by fault injection")


def _admin(sim: Sim, request: Any, subpath: str):
    handler = _ADMIN_ROUTES.get((request.method, subpath.strip("/")))
    if handler is None:
        return _json_response({"error": f"no admin endpoint {request.method} {subpath}"}, 404)
    body, parsed = _parse_body(request)
    if not parsed or not isinstance(body, dict):
        return _json_response({"error": "the body must be a JSON object"}, 400)
    try:
        result = handler(sim, body, request)
    except (AdminError, ValueError, TypeError, KeyError) as exc:
        return _json_response({"error": str(exc)}, 400)
    return _json_response({"ok": True} if result is None else result)


# --- in-process server ------------------------------------------------------------------------
class SimServer:
    """A simulator serving on a loopback port in a daemon thread (see `start`)."""

    def __init__(self, sim: Sim, server: Any, thread: threading.Thread, host: str) -> None:
        self.sim = sim
        self._server = server
        self._thread = thread
        self.host = host
        self.port = int(server.server_port)
        self.base_url = sim.base_url
        self._token: str | None = None

    @property
    def profile(self) -> str:
        return self.sim.profile

    @property
    def app_key(self) -> str:
        return self.sim.app_key

    @property
    def secret_key(self) -> str:
        return self.sim.secret_key

    def requests(self, path: str | None = None) -> list[dict[str, Any]]:
        return self.sim.requests(path)

    def api(self, path: str, body: Any = None, method: str = "POST") -> dict[str, Any]:
        """Call an API as a bare client would (for tests): gets a token on first use and
        returns the answer document. No retry: a 429 answer is returned as it is."""
        import requests

        if self._token is None:
            self._token = requests.post(self.base_url + TOKEN_PATH, timeout=10, json={
                "appKey": self.app_key, "secretKey": self.secret_key}).json()["data"][
                "accessToken"]
        answer = requests.request(method, self.base_url + path, json=body, timeout=30,
                                  headers={"Token": self._token})
        return answer.json()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SimServer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _server_classes() -> tuple[type, type]:
    """The werkzeug server and request handler that stamp arrivals (see ARRIVAL_KEY)."""
    from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

    class ArrivalServer(ThreadedWSGIServer):
        """Stamps each connection as it is accepted, in the serving thread: a handler thread
        started for it may run much later on a busy machine."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.accepted: dict[int, float] = {}
            self.accepted_lock = threading.Lock()

        def get_request(self) -> tuple[Any, Any]:
            connection, address = super().get_request()
            with self.accepted_lock:
                self.accepted[connection.fileno()] = time.monotonic()
            return connection, address

    class ArrivalHandler(WSGIRequestHandler):
        """Puts the arrival of each request into its environ: the connection's accept time
        for its first request, the moment the request line was read for later ones."""

        accepted_at: float | None = None
        arrival: float | None = None

        def setup(self) -> None:
            super().setup()
            server: Any = self.server
            with server.accepted_lock:
                self.accepted_at = server.accepted.pop(self.connection.fileno(), None)

        def parse_request(self) -> bool:
            read_at = time.monotonic()  # the request line has just been read
            self.arrival = self.accepted_at if self.accepted_at is not None else read_at
            self.accepted_at = None
            return bool(super().parse_request())

        def make_environ(self) -> dict[str, Any]:
            environ = super().make_environ()
            environ[ARRIVAL_KEY] = self.arrival
            return environ

    return ArrivalServer, ArrivalHandler


def make_server(sim: Sim, host: str = "127.0.0.1", port: int = 0) -> Any:
    """A werkzeug threaded server for `sim` that stamps arrivals for the rate limit; sets
    `sim.base_url` to its address."""
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server_class, handler_class = _server_classes()
    server = server_class(host, port, create_app(sim), handler_class)
    shown = f"[{host}]" if ":" in host else host
    sim.base_url = f"http://{shown}:{server.server_port}"
    return server


def start(host: str = "127.0.0.1", port: int = 0, devices: int | None = None, seed: int = 0,
          **options: Any) -> SimServer:
    """Start a simulator in a daemon thread; returns once it is listening."""
    sim = Sim(devices=devices, seed=seed, **options)
    server = make_server(sim, host, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="hct-sim", daemon=True)
    thread.start()
    return SimServer(sim, server, thread, host)
