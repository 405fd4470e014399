"""The shared HCT OpenAPI client: token cache, shared rate limit, retries, trusted hosts.

`HCTOpenClient` is the one way every script talks to the platform. It is cheap to build:
credentials are read and `requests` is imported only when the first request is sent, so
`--help` and argument errors cost nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import time
from typing import Any

from hct import accounts, config, endpoints, transport
from hct.errors import (
    TOKEN_CODES,
    UNKNOWN_KEY_CODES,
    AuthFailed,
    BadResponse,
    HCTError,
    NetworkError,
    RateLimited,
    platform_error,
)
from hct.ratelimit import SharedRateLimiter
from hct.redact import register_secret
from hct.store import file_lock, read_json, write_json_atomic

TOKEN_PATH = "/api/hccgw/platform/v1/token/get"
RENEW_MARGIN_SECONDS = 300
CONNECT_TIMEOUT_SECONDS = 5.0
READ_ATTEMPTS = 4
BACKOFF_BASE_SECONDS = 0.5
RETRY_BUDGET_SECONDS = 20.0
RATE_LIMIT_ATTEMPTS = 8


def log(message: str) -> None:
    """Diagnostics go to stderr only (stdout is the JSON envelope)."""
    from hct.redact import redact

    print(redact(message), file=sys.stderr, flush=True)


class Token:
    """An access token, when it expires (epoch seconds), the areaDomain its answer named and
    the host that issued it (the configured one, or the region that accepted the keys)."""

    __slots__ = ("access_token", "area_domain", "expires_at", "host")

    def __init__(self, access_token: str, expires_at: float, area_domain: str,
                 host: str) -> None:
        self.access_token = access_token
        self.expires_at = expires_at
        self.area_domain = area_domain
        self.host = host

    def fresh(self, now: float | None = None) -> bool:
        return self.expires_at - (now or time.time()) > RENEW_MARGIN_SECONDS


def _epoch_seconds(expire_time: Any) -> float:
    """`expireTime` comes in epoch seconds or milliseconds; values past 10^11 are ms."""
    value = float(expire_time)
    return value / 1000.0 if value > 1e11 else value


class _Http:
    """The one requests.Session of a process (hct.transport: watched by a deadline), created
    on first use."""

    def __init__(self) -> None:
        self._session = None

    def prepare(self, method: str, url: str, *, body: Any, headers: dict[str, str],
                params: dict[str, Any] | None):
        """Build the request before a rate-limit slot is taken, so that importing requests
        and encoding the body never delay a send past its reserved time."""
        import requests

        if self._session is None:
            self._session = transport.session()
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = requests.Request(method, url, data=data, params=params, headers=headers)
        return self._session.prepare_request(request)

    def send(self, prepared: Any, watch: transport.deadline):
        """One exchange, answer read in full, within `watch` (the environment's CA bundle
        and proxies apply, as they would to requests.request)."""
        with watch:
            return self._session.send(
                prepared, allow_redirects=False, **transport.environment(self._session,
                                                                         prepared.url),
                timeout=(CONNECT_TIMEOUT_SECONDS, config.request_timeout()))


class _Answer:
    """One HTTP exchange reduced to what the retry logic needs."""

    def __init__(self, status: int, document: Any, retry_after: float | None) -> None:
        self.status = status
        self.document = document
        self.retry_after = retry_after

    @property
    def code(self) -> str:
        if isinstance(self.document, dict):
            return str(self.document.get("errorCode", ""))
        return ""

    @property
    def message(self) -> str:
        """The error text, under any of the names the platform uses for it (person, vehicle
        and ACS answers say `Message`)."""
        if not isinstance(self.document, dict):
            return ""
        for name in ("message", "Message", "errorMsg"):
            if self.document.get(name):
                return str(self.document[name])
        return ""


class TokenManager:
    """Gets, caches and renews the access token of one credential pair.

    The cache file (keyed by a digest of the keys and the configured address) also remembers
    which host accepted the keys when they had to be looked for in the regions (`tokenHost`),
    so that later tokens are fetched there directly."""

    def __init__(self, credentials: config.Credentials, endpoint: config.Endpoint,
                 cache_directory: str, limiter: SharedRateLimiter, http: _Http,
                 use_cache: bool = True) -> None:
        self._credentials = credentials
        self._endpoint = endpoint
        self._limiter = limiter
        self._http = http
        self._use_cache = use_cache
        digest = _digest(credentials.app_key, credentials.secret_key, endpoint.base_url)
        self._path = os.path.join(cache_directory, f"token-{digest}.json")
        self._memory: Token | None = None

    def token(self) -> Token:
        if self._memory and self._memory.fresh():
            return self._memory
        if not self._use_cache:
            self._memory = self._fetch()
            return self._memory
        cached = self._read_cache()
        if cached is None:
            with file_lock(self._path + ".lock"):
                cached = self._read_cache()  # another process may have just fetched it
                if cached is None:
                    cached = self._fetch()
                    self._write(cached.host, cached)
        self._memory = cached
        register_secret(cached.access_token)
        return cached

    def invalidate(self, rejected: Token) -> None:
        """Forget a token the platform refused, unless another process already replaced it
        (the host that issued it stays remembered)."""
        self._memory = None
        if not self._use_cache:
            return
        with file_lock(self._path + ".lock"):
            cached = self._read_cache(require_fresh=False)
            if cached is None or cached.access_token == rejected.access_token:
                self._write(rejected.host, None)

    def _write(self, host: str, token: Token | None) -> None:
        document: dict[str, Any] = {"tokenHost": host}
        if token is not None:
            document.update(accessToken=token.access_token, expiresAt=token.expires_at,
                            areaDomain=token.area_domain)
        write_json_atomic(self._path, document)

    def _read_cache(self, require_fresh: bool = True) -> Token | None:
        stored = read_json(self._path)
        try:
            token = Token(str(stored["accessToken"]), float(stored["expiresAt"]),
                          str(stored.get("areaDomain") or ""), self._remembered_host(stored))
        except (TypeError, KeyError, ValueError, AttributeError):
            return None  # missing or corrupt: it will be replaced
        if require_fresh and not token.fresh():
            return None
        register_secret(token.access_token)
        return token

    def _remembered_host(self, stored: Any) -> str:
        """The host that accepted the keys last time: only ever the configured address or
        one of the regional hosts (a cache file cannot send the keys anywhere else)."""
        host = stored.get("tokenHost") if isinstance(stored, dict) else None
        if self._endpoint.discover and host in config.region_hosts().values():
            return host
        return self._endpoint.base_url

    def _fetch(self) -> Token:
        host = self._remembered_host(read_json(self._path) if self._use_cache else None)
        try:
            return self._fetch_at(host)
        except AuthFailed as refused:
            if not (self._endpoint.discover and refused.error_code in UNKNOWN_KEY_CODES):
                raise
            return self._discover(host, refused)

    def _discover(self, refusing_host: str, refused: AuthFailed) -> Token:
        """Ask each regional host of the guide once for a token; the first that knows the
        keys is the account's region (the token remembers it)."""
        log(f"{refusing_host} does not know these keys ({refused.error_code}); trying the "
            "other regional hosts of the developer guide")
        tried = []
        for region, host in config.region_hosts().items():
            if host == refusing_host:
                continue
            tried.append(region)
            try:
                token = self._fetch_at(host)
            except AuthFailed as error:
                if error.error_code in UNKNOWN_KEY_CODES:
                    continue
                raise  # known there, but refused: this is the account's region
            except NetworkError as error:
                log(f"region {region} ({host}) could not be asked: {error.message}")
                continue
            log(f"region {region} ({host}) accepted the keys; later runs go there directly "
                f"(set {config.ENV_REGION}={region} to skip the search)")
            return token
        raise AuthFailed(
            f"No regional host knows these keys ({refused.error_code}; asked "
            f"{', '.join(tried)} besides {refusing_host}).", error_code=refused.error_code,
            hint=f"Check {config.ENV_APP_KEY}: no region of the developer guide knows it.")

    def _fetch_at(self, host: str) -> Token:
        body = {"appKey": self._credentials.app_key, "secretKey": self._credentials.secret_key}
        answer = _exchange(self._http, self._limiter, "POST", host + TOKEN_PATH,
                           body=body, headers={}, params=None, read=False)
        document = answer.document
        if answer.code != "0":
            if not answer.code:
                raise AuthFailed("The token answer carries no errorCode.")
            raise platform_error(answer.code, answer.message)
        data = document.get("data") or {}
        try:
            token = Token(str(data["accessToken"]), _epoch_seconds(data["expireTime"]),
                          str(data.get("areaDomain") or ""), host)
        except (KeyError, TypeError, ValueError):
            raise BadResponse("The token answer lacks accessToken or expireTime.") from None
        register_secret(token.access_token)
        return token


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:40]


class HCTOpenClient:
    """Calls HCT OpenAPI endpoints and returns their `data`, raising HCTError on failure."""

    def __init__(self, account: accounts.Account | None = None) -> None:
        """`account` (hct.accounts.load(name)): a client of that account, e.g. one of several
        in one process; default: this process's account (--account, else the variables)."""
        self._account = account
        self._http = _Http()
        self._tokens: TokenManager | None = None
        self._limiter: SharedRateLimiter | None = None
        self.requests_sent = 0

    def _setup(self) -> TokenManager:
        if self._tokens is None:
            account = self._account or accounts.selected()
            credentials, endpoint = account.credentials, account.endpoint
            register_secret(credentials.app_key)
            register_secret(credentials.secret_key)
            directory = config.cache_dir()
            # one budget per account: an appKey at one platform (two simulators that hand
            # out the same demo key are two platforms)
            self._limiter = SharedRateLimiter(config.runtime_dir(),
                                              _digest(credentials.app_key, endpoint.base_url))
            self._tokens = TokenManager(credentials, endpoint, directory, self._limiter,
                                        self._http, use_cache=config.token_cache_enabled())
        return self._tokens

    def post(self, path: str, body: Any = None, *, read: bool | None = None) -> Any:
        return self.call("POST", path, body, read=read)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.call("GET", path, params=params, read=True)

    def call(self, method: str, path: str, body: Any = None, *,
             params: dict[str, Any] | None = None, read: bool | None = None) -> Any:
        """The `data` of a successful answer. `read` defaults to the endpoint catalog's word:
        reads are retried on network errors and 5xx; anything else is never resent once it
        may have reached the platform."""
        return self.call_raw(method, path, body, params=params, read=read).get("data")

    def call_raw(self, method: str, path: str, body: Any = None, *,
                 params: dict[str, Any] | None = None, read: bool | None = None) -> dict:
        """The whole answer document (`errorCode`, `message`, `data`) of a successful call."""
        tokens = self._setup()
        is_read = endpoints.is_read(method, path) if read is None else read
        retried_token = False
        while True:
            token = tokens.token()
            host = config.trusted_api_host(token.area_domain, token.host)
            answer = _exchange(self._http, self._limiter, method.upper(), host + path,
                               body=body, headers={"Token": token.access_token},
                               params=params, read=is_read)
            self.requests_sent += 1
            if answer.code in TOKEN_CODES and not retried_token:
                tokens.invalidate(token)
                retried_token = True
                continue
            return _checked(answer)


def _checked(answer: _Answer) -> dict:
    document = answer.document
    if answer.code != "0":
        raise platform_error(answer.code or "BAD_RESPONSE", answer.message,
                             data=document.get("data"))
    return document


def _exchange(http: _Http, limiter: SharedRateLimiter, method: str, url: str, *, body: Any,
              headers: dict[str, str], params: dict[str, Any] | None, read: bool) -> _Answer:
    """Send one request under the shared rate limit, with the retry rules of the contract."""
    headers = {"Content-Type": "application/json", "Accept": "application/json", **headers}
    started = time.monotonic()
    failures = 0
    rate_limited = 0
    import requests

    prepared = http.prepare(method, url, body=body, headers=headers, params=params)
    while True:
        watch = transport.deadline(CONNECT_TIMEOUT_SECONDS + config.request_timeout())
        try:
            response = _send_in_turn(http, limiter, prepared, watch)
        except requests.exceptions.RequestException as exc:
            failure = _network_failure(exc, watch)
            if watch.expired or not _may_retry(read or not _may_have_landed(exc), failures,
                                               started):
                raise failure from None
            failures += 1
            _back_off(failures, f"{failure.message}; retrying")
            continue
        answer = _answer_of(response)
        if answer.status == 429:
            rate_limited += 1
            if rate_limited >= RATE_LIMIT_ATTEMPTS:
                raise RateLimited("The platform kept answering 429 Too Many Requests.")
            wait = answer.retry_after or 1.0
            log(f"rate limited by the platform; waiting {wait:.1f} s")
            limiter.push_back(wait)
            continue
        if answer.status >= 500 or (answer.document is None and answer.status != 200):
            if not _may_retry(read, failures, started):
                raise _server_failure(answer)
            failures += 1
            _back_off(failures, f"server answered HTTP {answer.status}; retrying")
            continue
        if not isinstance(answer.document, dict):
            if not _may_retry(read, failures, started):
                raise BadResponse(f"The platform's answer (HTTP {answer.status}) is not JSON.")
            failures += 1
            _back_off(failures, "unreadable answer; retrying")
            continue
        return answer


def _send_in_turn(http: _Http, limiter: SharedRateLimiter, prepared: Any,
                  watch: transport.deadline) -> Any:
    """One send in the account's turn; the limiter learns when it was over."""
    ticket = limiter.acquire()
    try:
        return http.send(prepared, watch)
    finally:
        limiter.release(ticket)


def _answer_of(response: Any) -> _Answer:
    try:
        document = response.json()
    except ValueError:
        document = None
    retry_after = None
    header = response.headers.get("Retry-After")
    if header:
        try:
            retry_after = min(30.0, max(0.1, float(header)))
        except ValueError:
            retry_after = None
    return _Answer(response.status_code, document, retry_after)


def _may_retry(allowed: bool, failures: int, started: float) -> bool:
    return (allowed and failures + 1 < READ_ATTEMPTS
            and time.monotonic() - started < RETRY_BUDGET_SECONDS)


def _back_off(failures: int, reason: str) -> None:
    delay = random.uniform(0, BACKOFF_BASE_SECONDS * (2 ** failures))
    log(f"{reason} in {delay:.2f} s (attempt {failures + 1} of {READ_ATTEMPTS})")
    time.sleep(delay)


def _may_have_landed(exc: Exception) -> bool:
    """False only when the request provably never left: the connection was never made."""
    import requests

    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return False
    if isinstance(exc, requests.exceptions.ConnectionError):
        from urllib3.exceptions import NewConnectionError

        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        return not isinstance(reason, NewConnectionError)
    return True


def _network_failure(exc: Exception, watch: transport.deadline) -> HCTError:
    import requests

    if watch.expired:
        return NetworkError("The platform's answer did not arrive within "
                            f"{CONNECT_TIMEOUT_SECONDS + config.request_timeout():.0f} s.",
                            error_code="TIMEOUT")
    if isinstance(exc, requests.exceptions.Timeout):
        return NetworkError("The platform did not answer in time.", error_code="TIMEOUT")
    if isinstance(exc, requests.exceptions.ConnectionError):
        return NetworkError("Could not reach the platform (connection failed).")
    return NetworkError(f"The request failed: {type(exc).__name__}.")


def _server_failure(answer: _Answer) -> HCTError:
    code = answer.code
    suffix = f" ({code})" if code else ""
    return NetworkError(f"The platform answered HTTP {answer.status}{suffix} after retries.",
                        error_code="SERVER_ERROR")
