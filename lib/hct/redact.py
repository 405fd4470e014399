"""Keeps credentials and tokens out of every line a script prints.

Only secrets are registered: values known to be secret (appKey, secretKey, tokens, signing
secrets, verification codes), and of the parts of a URL that carries a key (chat webhooks)
only those that look like keys (`looks_secret`). A word registered by mistake would turn
into `***` everywhere, JSON keys and values included; the whole URL is registered too.
"""

from __future__ import annotations

from itertools import pairwise

_SECRETS: set[str] = set()
MASK = "***"
MIN_KEY_LENGTH = 16
_SEPARATORS = "-_"
_HEX = frozenset("0123456789abcdefABCDEF")


def register_secret(value: str | None) -> None:
    """Remember a value that must never be printed (appKey, secretKey, tokens, sign secrets)."""
    if value and len(value) >= 4:
        _SECRETS.add(value)


def looks_secret(value: str) -> bool:
    """A key or token rather than a word: at least 16 ASCII letters and digits (hyphens and
    underscores allowed), either hexadecimal with letters and digits mixed (hex tokens,
    UUIDs) or switching often between lower case, upper case and digits (random tokens
    switch at about every second character; words, names and numbers rarely do)."""
    characters = [c for c in value if c not in _SEPARATORS]
    if len(characters) < MIN_KEY_LENGTH or not value.isascii() or \
            not all(c.isalnum() for c in characters):
        return False
    if all(c in _HEX for c in characters):
        return any(c.isdigit() for c in characters) and any(c.isalpha() for c in characters)
    classes = ["d" if c.isdigit() else "u" if c.isupper() else "l" for c in characters]
    switches = sum(a != b for a, b in pairwise(classes))
    return switches * 4 >= len(classes)


def url_keys(url: str) -> list[str]:
    """The path segments and query values of `url` that look like keys (`looks_secret`)."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url)
    candidates = parts.path.split("/") + [value for _, value in parse_qsl(parts.query)]
    return [candidate for candidate in candidates if looks_secret(candidate)]


def register_url_secrets(url: str) -> None:
    """A URL that may carry a key (a chat webhook): the whole URL, and the parts of it that
    look like keys, never the words around them."""
    register_secret(url)
    for key in url_keys(url):
        register_secret(key)


def redact(text: str) -> str:
    for secret in sorted(_SECRETS, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text
