"""Where credentials, endpoints and the cache directory come from (see CONTRACT.md)."""

from __future__ import annotations

import os

from hct.errors import ConfigMissing, InvalidArgument, UntrustedHost
from hct.store import private_directory
from hct.urls import LOOPBACK_HOSTS  # noqa: F401  (callers read config.LOOPBACK_HOSTS)

ENV_APP_KEY = "HIK_CONNECT_TEAM_OPENAPI_APP_KEY"
ENV_SECRET_KEY = "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY"
ENV_BASE_URL = "HIK_CONNECT_TEAM_OPENAPI_BASE_URL"
ENV_REGION = "HIK_CONNECT_TEAM_REGION"
ENV_TOKEN_CACHE = "HIK_CONNECT_TEAM_TOKEN_CACHE"
ENV_CACHE_DIR = "HIK_CONNECT_TEAM_CACHE_DIR"
ENV_TIMEOUT = "HIK_CONNECT_TEAM_TIMEOUT"
ENV_RUNTIME_DIR = "HIK_CONNECT_TEAM_RUNTIME_DIR"
ENV_REGION_HOSTS = "HIK_CONNECT_TEAM_REGION_HOSTS"
ENV_ACCOUNT = "HIK_CONNECT_TEAM_ACCOUNT"
ENV_ACCOUNTS_FILE = "HIK_CONNECT_TEAM_ACCOUNTS_FILE"

DEFAULT_BASE_URL = "https://ieu-team.hikcentralconnect.com"
# Chapter 2 of the developer guide: the server address of each country/region.
REGION_BASE_URLS = {
    "us": "https://ius.hikcentralconnect.com",
    "eu": "https://ieu.hikcentralconnect.com",
    "sgp": "https://isgp.hikcentralconnect.com",
    "sa": "https://isa.hikcentralconnect.com",
    "ru": "https://hikcentralconnectru.com",
}
DEFAULT_REGION = "default"  # the name of the default host in region_hosts()
HIK_CONNECT_DOMAINS = ("hikcentralconnect.com", "hikcentralconnectru.com")
OPENCLAW_FILES = ("~/.openclaw/config.json", "~/.openclaw/gateway/config.json",
                  "~/.openclaw/channels.json")


class Credentials:
    """An appKey/secretKey pair and where it came from ("environment" or a config file's
    path: for messages, never the values)."""

    __slots__ = ("app_key", "secret_key", "source")

    def __init__(self, app_key: str, secret_key: str, source: str) -> None:
        self.app_key = app_key
        self.secret_key = secret_key
        self.source = source


def load_credentials() -> Credentials:
    """The keys of this process's account: the account named by --account /
    HIK_CONNECT_TEAM_ACCOUNT (hct.accounts), else `default_credentials()`."""
    from hct import accounts

    name = accounts.selected_name()
    return accounts.load(name).credentials if name else default_credentials()


def default_credentials() -> Credentials:
    """Environment first; only when both variables are unset, the OpenClaw config files."""
    app_key = os.environ.get(ENV_APP_KEY, "").strip()
    secret_key = os.environ.get(ENV_SECRET_KEY, "").strip()
    if app_key and secret_key:
        return Credentials(app_key, secret_key, "environment")
    if app_key or secret_key:
        missing = ENV_SECRET_KEY if app_key else ENV_APP_KEY
        raise ConfigMissing(f"{missing} is not set (the other credential variable is).")
    for candidate in OPENCLAW_FILES:
        found = _credentials_from_openclaw(os.path.expanduser(candidate))
        if found:
            return found
    raise ConfigMissing("No Hik-Connect for Teams credentials found in the environment "
                        "or the OpenClaw config files.")


def _credentials_from_openclaw(path: str) -> Credentials | None:
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        channel = document["channels"]["hik_connect_team_openapi"]
        if channel.get("enabled") is not True:
            return None
        app_key, secret_key = str(channel["appKey"]).strip(), str(channel["secretKey"]).strip()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, empty, broken or foreign files are skipped by design
    return Credentials(app_key, secret_key, path) if app_key and secret_key else None


class Endpoint:
    """Where the token call goes: `base_url`, the `region` it belongs to (None when a URL was
    given), and whether a key unknown there may be tried at the other regional hosts
    (`discover`: only when neither a region nor a URL was configured)."""

    __slots__ = ("base_url", "discover", "region")

    def __init__(self, base_url: str, region: str | None, discover: bool) -> None:
        self.base_url = base_url
        self.region = region
        self.discover = discover


def endpoint() -> Endpoint:
    """Where this process's account gets its token (see `load_credentials`)."""
    from hct import accounts

    name = accounts.selected_name()
    return accounts.load(name).endpoint if name else default_endpoint()


def default_endpoint() -> Endpoint:
    """The default account's: HIK_CONNECT_TEAM_OPENAPI_BASE_URL, else HIK_CONNECT_TEAM_REGION."""
    return resolve_endpoint(os.environ.get(ENV_BASE_URL, ""), os.environ.get(ENV_REGION, ""))


def resolve_endpoint(explicit: str, region: str, setting: str | None = None) -> Endpoint:
    """The token call's address: an explicit URL, else the region's, else the default host
    (from which the other regions may be discovered). `setting` names where the values come
    from, for messages (default: the environment variables)."""
    explicit, region = explicit.strip(), region.strip().lower()
    if explicit:
        return Endpoint(_checked_base_url(explicit.rstrip("/")), None, False)
    hosts = region_hosts()
    if region:
        if region not in hosts or region == DEFAULT_REGION:
            names = ", ".join(name for name in hosts if name != DEFAULT_REGION)
            raise InvalidArgument(f"{setting or ENV_REGION}: the region must be one of "
                                  f"{names} (not {region!r}).")
        return Endpoint(hosts[region], region, False)
    return Endpoint(hosts.get(DEFAULT_REGION, DEFAULT_BASE_URL), None, True)


def base_url() -> str:
    """The address of the token call (see `endpoint`)."""
    return endpoint().base_url


def region_hosts() -> dict[str, str]:
    """Region -> token address: the guide's chapter 2 (and "default", the default host).
    HIK_CONNECT_TEAM_REGION_HOSTS ("us=URL,eu=URL,default=URL", for tests that run
    simulators as regions) replaces the table; it takes loopback hosts and the guide's own
    hosts only, so that no setting can send the keys anywhere else."""
    configured = os.environ.get(ENV_REGION_HOSTS, "").strip()
    if not configured:
        return {**REGION_BASE_URLS, DEFAULT_REGION: DEFAULT_BASE_URL}
    hosts = {}
    for item in configured.split(","):
        name, _, url = item.partition("=")
        if not name.strip():
            raise InvalidArgument(f"{ENV_REGION_HOSTS} takes name=URL items.")
        hosts[name.strip().lower()] = checked_token_host(url, f"{ENV_REGION_HOSTS} "
                                                              f"({name.strip()})")
    return hosts


def checked_token_host(url: str, setting: str) -> str:
    """The origin of a token address that a file or an advanced setting names: a loopback
    address (a simulator) or one of the guide's own hosts, nothing else, so that no such
    setting can send the keys anywhere else. InvalidArgument otherwise."""
    from hct import urls

    try:
        address = urls.parse(url.strip().rstrip("/"))
    except urls.UrlRefused as refused:
        raise InvalidArgument(f"{setting}: {refused}.") from None
    guide_hosts = {urls.parse(known).host for known in (*REGION_BASE_URLS.values(),
                                                        DEFAULT_BASE_URL)}
    if not (address.loopback or (address.scheme == "https" and address.host in guide_hosts)):
        raise InvalidArgument(f"{setting}: the address must be a loopback address or one of "
                              "the developer guide's regional hosts.")
    return address.origin


def _checked_base_url(url: str) -> str:
    from hct import urls

    try:
        address = urls.http_url(url)
    except urls.UrlRefused as refused:
        raise InvalidArgument(f"{ENV_BASE_URL}: {refused} (https://, or http:// only for "
                              "loopback hosts).") from None
    if address.query or "#" in address.text:
        raise InvalidArgument(f"{ENV_BASE_URL} must not carry a query or fragment.")
    return address.text


def trusted_api_host(area_domain: str | None, configured: str) -> str:
    """The host the token may be sent to: the token answer's areaDomain only if trusted
    (an https Hik-Connect host, or the configured base URL's scheme, host and port)."""
    if not area_domain:
        return configured
    from hct import urls

    try:
        return urls.trusted(area_domain, HIK_CONNECT_DOMAINS, also=configured)
    except urls.UrlRefused as refused:
        raise UntrustedHost(f"The token answer named the host {area_domain[:100]!r}: "
                            f"{refused}; refusing to send the token there.") from None


def token_cache_enabled() -> bool:
    return os.environ.get(ENV_TOKEN_CACHE, "1").strip() != "0"


def cache_dir() -> str:
    """The private directory of the token cache (0700; refused when unsafe, see
    store.private_directory)."""
    configured = os.environ.get(ENV_CACHE_DIR, "").strip()
    if configured:
        path = os.path.expanduser(configured)
    else:
        from platformdirs import user_cache_dir

        path = user_cache_dir("hik-connect-team", appauthor=False)
    return private_directory(path, ENV_CACHE_DIR)


def runtime_dir() -> str:
    """The directory of the shared rate-limit state: one per user for the whole machine,
    whatever cache directory or environment each process has, so that every script of the
    user shares one budget per account. HIK_CONNECT_TEAM_RUNTIME_DIR overrides it (tests)."""
    configured = os.environ.get(ENV_RUNTIME_DIR, "").strip()
    path = (os.path.expanduser(configured) if configured
            else os.path.join("/tmp", f"hik-connect-team-{os.getuid()}"))
    return private_directory(path, ENV_RUNTIME_DIR)


def request_timeout() -> float:
    """Seconds to wait for the platform's answer to one request."""
    try:
        return max(1.0, float(os.environ.get(ENV_TIMEOUT, "20")))
    except ValueError:
        raise InvalidArgument(f"{ENV_TIMEOUT} must be a number of seconds.") from None
