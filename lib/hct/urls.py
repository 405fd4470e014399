"""Reading and checking URLs exactly as the HTTP client will send them.

Every host check of the pack (where the token, the credentials, a stream token, a picture or
an alarm may go) reads the URL with urllib3's `parse_url`, the parser under `requests`,
because two parsers can disagree: `urllib.parse` takes the host after the last `@`, urllib3
ends it at the first backslash, so `https://evil.example\\@ieu.hikcentralconnect.com` looks
like a Hik-Connect host to one and IS evil.example to the other. On top of that, anything
that makes parsers differ is refused outright: backslashes, control characters, white
space, a user part (`user:pw@`), a host outside [a-z0-9.-] (or an IPv6 literal), and any URL
whose host `urllib.parse` reads differently. Hosts are compared with scheme and port.

    address = urls.parse("https://ieu.hikcentralconnect.com")   # or raises UrlRefused
    urls.trusted(area_domain, HIK_CONNECT_DOMAINS, also=base_url)  # the origin, or raises
    urls.http_url(url)    # https anywhere, plain http only to this machine
"""

from __future__ import annotations

import re

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_PORTS = {"http": 80, "https": 443, "redis": 6379, "rediss": 6379, "mqtt": 1883,
                 "mqtts": 8883}
_HOST = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?\Z")


class UrlRefused(ValueError):
    """A URL the pack will not send anything to; the message says why (never the URL's
    secrets: callers decide whether to show the URL)."""


class Address:
    """A parsed URL: lower-case scheme and host (IPv6 without brackets), the port it
    connects to, and the rest as urllib3 reads it."""

    __slots__ = ("host", "path", "port", "query", "scheme", "text")

    def __init__(self, text: str, scheme: str, host: str, port: int, path: str,
                 query: str) -> None:
        self.text = text
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query

    @property
    def origin(self) -> str:
        """scheme://host[:port], the port only when it is not the scheme's default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = "" if self.port == DEFAULT_PORTS[self.scheme] else f":{self.port}"
        return f"{self.scheme}://{host}{port}"

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK_HOSTS

    def on(self, domains: tuple[str, ...]) -> bool:
        """Whether the host is one of `domains` or below one of them."""
        return any(self.host == name or self.host.endswith("." + name) for name in domains)

    def same_origin(self, other: Address) -> bool:
        return (self.scheme, self.host, self.port) == (other.scheme, other.host, other.port)


def parse(url: str, schemes: tuple[str, ...] = ("http", "https")) -> Address:
    """`url` read as urllib3 sends it; UrlRefused when it is ambiguous or not a `schemes`
    URL with a host."""
    from urllib.parse import urlsplit

    from urllib3.exceptions import LocationParseError
    from urllib3.util import parse_url

    text = str(url).strip()
    if not text:
        raise UrlRefused("the URL is empty")
    if "\\" in text:
        raise UrlRefused("the URL holds a backslash")
    if any(ord(c) < 0x21 or ord(c) == 0x7f for c in text):
        raise UrlRefused("the URL holds white space or control characters")
    try:
        parsed = parse_url(text)
        other = urlsplit(text)
        other_host = other.hostname
    except (LocationParseError, ValueError):
        raise UrlRefused("the URL cannot be parsed") from None
    scheme = (parsed.scheme or "").lower()
    if scheme not in schemes:
        raise UrlRefused(f"the URL must be {' or '.join(s + '://' for s in schemes)}")
    if parsed.auth is not None or "@" in (other.netloc or ""):
        raise UrlRefused("the URL holds a user name or password")
    host = (parsed.host or "").lower().strip("[]")
    if not host:
        raise UrlRefused("the URL has no host")
    if not (_HOST.match(host) or (":" in host and re.fullmatch(r"[0-9a-f:.]+", host))):
        raise UrlRefused("the URL's host holds characters a host name cannot have")
    if (other_host or "").lower() != host:
        raise UrlRefused("the URL's host is read differently by different parsers")
    port = parsed.port if parsed.port is not None else DEFAULT_PORTS.get(scheme, 0)
    if not 0 < port < 65536:
        raise UrlRefused("the URL's port is out of range")
    return Address(text, scheme, host, port, parsed.path or "", parsed.query or "")


def http_url(url: str) -> Address:
    """An https URL, or plain http to this machine's loopback (a simulator, a test server)."""
    address = parse(url)
    if address.scheme != "https" and not address.loopback:
        raise UrlRefused("the URL must be https:// (http:// only for a loopback host)")
    return address


def trusted(url: str, domains: tuple[str, ...], *, also: str | None = None) -> str:
    """The origin of `url` when it is a bare https address on one of `domains`, or the same
    origin (scheme, host, port) as `also`; else UrlRefused. For the hosts the platform names
    (areaDomain, streamAreaDomain), where a token will be sent."""
    address = parse(url.strip().rstrip("/"))
    if address.path or address.query or "#" in address.text:
        raise UrlRefused("the address carries a path, query or fragment")
    if address.scheme == "https" and address.on(domains):
        return address.origin
    if also is not None and address.same_origin(parse(also)):
        return address.origin
    raise UrlRefused(f"{address.host} is not a host the pack sends tokens to")
