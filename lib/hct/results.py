"""Answers that carry one result per item under a top-level errorCode "0".

Several APIs succeed as a whole while single items fail: `devices/add`
(`addDeviceResponse.deviceList[].errorCode`), `device/{deviceId}/refresh` (`data.errorCode`),
`areadetail/get`, `areas/resources/add`, the alarm output APIs, and more in other modules.
A script must not report those as a success. `check` turns such a list into either a
`cli.Result` (every item succeeded) or an `ItemsFailed` error: `success: false`, exit 1, and
in `data` the failed items, each with its `errorCode` and the Appendix A.4 `hint`:

    items = data["alarmOutputOperation"]
    return results.check(items, data, what="alarm outputs", id_field="alarmOutputID",
                         message=f"{len(items)} alarm outputs switched.")

Items whose code field is missing, empty or "0" count as succeeded.
"""

from __future__ import annotations

from hct import cli
from hct.errors import EXIT_PLATFORM, HCTError, describe_code, hint_for

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

SUCCESS_CODES = frozenset({"", "0"})
FAILURES_DETAILED = 20
MIXED_CODES = "ITEMS_FAILED"


class ItemsFailed(HCTError):
    """The call was accepted but some (or all) of its items failed."""

    error_code = MIXED_CODES
    exit_code = EXIT_PLATFORM


def item_code(item: Any, code_field: str = "errorCode") -> str:
    """The item's code, stripped (the guide's own examples carry " CCF021307")."""
    value = item.get(code_field) if isinstance(item, dict) else None
    return "" if value is None else str(value).strip()


def is_failure(item: Any, code_field: str = "errorCode") -> bool:
    return item_code(item, code_field) not in SUCCESS_CODES


def failure(item: dict[str, Any], code: str, *, code_field: str = "errorCode",
            hint: str | None = None) -> dict[str, Any]:
    """An item as reported in `data.failed`: its own fields, the code and what to do next."""
    description, _ = describe_code(code)
    entry = {**item, code_field: code, "hint": hint or hint_for(code)}
    if description and "description" not in entry:
        entry["description"] = description
    return entry


def check(items: Iterable[Any] | None, data: Any, *, what: str, message: str,
          code_field: str = "errorCode", id_field: str | None = None,
          extra_failures: Iterable[dict[str, Any]] = (), rows: list[dict] | None = None,
          total: int | None = None) -> cli.Result:
    """`cli.Result(message, data)` when no item failed, else raise `ItemsFailed`.

    `extra_failures` are failures the caller found itself (ids the answer left out, a
    `failed` count larger than the listed failures), already shaped by `failure`.
    `total` is the number of items asked for when the answer does not list them all."""
    listed = [item for item in (items or []) if isinstance(item, dict)]
    failed = [failure(item, item_code(item, code_field), code_field=code_field)
              for item in listed if is_failure(item, code_field)]
    failed.extend(extra_failures)
    if not failed:
        return cli.Result(message, data, rows=rows)
    count = max(total or 0, len(listed), len(failed))
    codes = sorted({str(entry.get(code_field, "")) for entry in failed})
    single = len(codes) == 1 and codes[0] not in SUCCESS_CODES
    ids = [str(entry.get(id_field)) for entry in failed if id_field and entry.get(id_field)]
    named = f" ({', '.join(ids[:10])}{', ...' if len(ids) > 10 else ''})" if ids else ""
    raise ItemsFailed(
        f"{len(failed)} of {count} {what} failed{named}"
        f"{': ' + codes[0] if single else ''}.",
        error_code=codes[0] if single else MIXED_CODES,
        hint=(failed[0]["hint"] if single
              else "Each item in data.failed carries its own errorCode and hint."),
        data={"failedCount": len(failed), "succeededCount": count - len(failed),
              **_listed_failures(failed, id_field, code_field), "response": _rest_of(data, items)})


def _listed_failures(failed: list[dict[str, Any]], id_field: str | None,
                     code_field: str) -> dict[str, Any]:
    """The failures an agent can read: the first FAILURES_DETAILED in full, then only the
    ids of the others (a site-wide door command on a site with many offline doors would
    otherwise answer tens of kilobytes of the same error)."""
    listed: dict[str, Any] = {"failed": failed[:FAILURES_DETAILED]}
    rest = failed[FAILURES_DETAILED:]
    if rest:
        from collections import Counter

        listed["moreFailed"] = {
            "count": len(rest),
            "byCode": dict(Counter(str(entry.get(code_field)) for entry in rest)),
            **({"ids": [entry.get(id_field) for entry in rest]} if id_field else {})}
    return listed


def _rest_of(data: Any, items: Any) -> Any:
    """The platform's answer without the list of items already reported item by item."""
    if isinstance(data, dict) and items is not None:
        return {key: value for key, value in data.items() if value is not items}
    return data
