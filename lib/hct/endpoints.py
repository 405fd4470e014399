"""The guide's endpoint catalog (data/endpoints.json): which calls are safe to resend."""

from __future__ import annotations

import os
import re
from functools import lru_cache


@lru_cache(maxsize=1)
def catalog() -> list[dict]:
    import json

    path = os.path.join(os.path.dirname(__file__), "data", "endpoints.json")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


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
