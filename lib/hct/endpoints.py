"""The guide's endpoint catalog (data/endpoints.json): which calls are safe to resend."""

from __future__ import annotations

import re
from functools import lru_cache

from hct.data_files import load


def catalog() -> list[dict]:
    return load("endpoints.json")


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern, dict]]:
    compiled = []
    for entry in catalog():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(entry["path"]))
        compiled.append((entry["method"], re.compile(pattern + r"\Z"), entry))
    return compiled


def find(method: str, path: str) -> dict | None:
    """The catalog entry of a concrete METHOD + path (templates like {deviceId} match)."""
    method = method.upper()
    for entry_method, pattern, entry in _patterns():
        if entry_method == method and pattern.match(path):
            return entry
    return None


def is_read(method: str, path: str) -> bool:
    """Reads may be resent after a network error; unknown endpoints are treated as actions."""
    entry = find(method, path)
    return bool(entry and entry["read"])


DELETING = ("delete", "batchdel")  # the last path segment of every deleting API of the guide


def deletes(method: str, path: str) -> bool:
    """Whether a call deletes something: the catalog's deleting endpoints (…/delete,
    …/batchdel), and an uncatalogued path that ends the same way."""
    entry = find(method, path)
    last = (entry["path"] if entry else path).rstrip("/").rsplit("/", 1)[-1].lower()
    return method.upper() == "POST" and last in DELETING
