"""Request-field helpers several route modules share (not a route module itself: only
`routes_*` modules are loaded as endpoints)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from hctsim.core import ApiError, Sim


def iso_time(sim: Sim, body: Any, path: str) -> datetime:
    """A required ISO 8601 time with offset (A.2.1); OPEN000026 when it is not one."""
    value = sim.require(body, path, str)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError("OPEN000026", f"{path} is not an ISO 8601 time.") from None
    if parsed.tzinfo is None:
        raise ApiError("OPEN000026", f"{path} needs a UTC offset.")
    return parsed


def string_list(sim: Sim, body: Any, path: str, *, required: bool = False,
                code: str = "OPEN000008", non_empty: bool = False) -> list[str]:
    """A String[] field (`code` when an item is not a String); `non_empty`: OPEN000010 for
    an empty list."""
    values = (sim.require if required else sim.optional)(body, path, list) or []
    if not all(isinstance(value, str) for value in values):
        raise ApiError(code, f"{path} must be an array of String.")
    if non_empty and not values:
        raise ApiError("OPEN000010", f"{path} must not be empty.")
    return values


def existing(records: dict[str, Any], key: str, code: str, what: str) -> Any:
    """The record `key` of `records`, or ApiError(code, "no <what> <key>.")."""
    record = records.get(key)
    if record is None:
        raise ApiError(code, f"no {what} {key}.")
    return record


def delete_listed(sim: Sim, body: Any, path: str,
                  records: Callable[[], dict[str, Any]]) -> None:
    """The batch deletes: the ids of the required, non-empty String[] `path` leave the
    dict `records()` returns under the lock (unknown ids are ignored)."""
    ids = string_list(sim, body, path, required=True, non_empty=True)
    with sim.lock:
        table = records()
        for record_id in ids:
            table.pop(record_id, None)
