"""The simulator's two profiles: what the guide says (`guide`, the default) and what the live
platform does where public integrations saw it differ (`field`,
../shared/notes/field-evidence.md). A profile is a set of behaviour switches; each switch
can also be set on its own (`Sim(profile=..., behaviour={...})`, `sim.set_behaviour(...)`,
`POST /__sim__/behaviour`), so a test can pin the one it is about.

Switch (guide / field): what it does.
- string_paging (False / True): pageIndex/pageSize given as digit strings ("1") are taken
  as integers; the guide's tables type them Integer (OPEN000008 otherwise).
- token_uses (None / (20, 80)): tokens are revoked before their 7 days: a token serves a
  number of calls drawn from this range (seeded: runs repeat), the next call answers
  OPEN000006.
- record_window_seconds (86400 / None): card records: a longer beginTime..endTime answers
  OPEN000027 (None: any span is accepted).
- record_page_ceiling (None / 50): card records: pages after this one answer an empty list
  (totalNum still counts every record).
- empty_batch_id (None / "0"): message queues: an empty pull carries this batchId
  (routes_mq.py).
- regional_keys (False / True): a host whose `region` differs from the account's
  `account_region` answers OPEN000001 (AK_NOT_FOUND) to its keys.
- access_level_page_base (0 / 0): accesslevel/list: the pageIndex of the first page
  (A.3.6: "The default value is 0"); 1 stands for a 1-based platform.
- persons_as_array (True / False): persons/list answers `data` as the array the guide types
  (Object[]), or as the integrations' object {pageIndex, pageSize, totalCount, personList}.
"""

from __future__ import annotations

import dataclasses
from typing import Any

PROFILES = ("guide", "field")
DEFAULT_PROFILE = "guide"
RECORD_WINDOW_SECONDS = 24 * 3600  # OPEN000027: "no more than a day"
RECORD_PAGE_CEILING = 50  # two integrations cap record lists at 50 pages


@dataclasses.dataclass
class Behaviour:
    """The switches of one simulator (see the table above)."""

    string_paging: bool = False
    token_uses: tuple[int, int] | None = None
    record_window_seconds: int | None = RECORD_WINDOW_SECONDS
    record_page_ceiling: int | None = None
    empty_batch_id: str | None = None
    regional_keys: bool = False
    access_level_page_base: int = 0
    persons_as_array: bool = True

    def update(self, changes: dict[str, Any]) -> None:
        """Set switches by name; ValueError for an unknown switch or a value of the wrong
        kind (nothing is changed then)."""
        checked = {name: _checked(name, value) for name, value in changes.items()}
        for name, value in checked.items():
            setattr(self, name, value)

    def describe(self) -> dict[str, Any]:
        return {name: list(value) if isinstance(value, tuple) else value
                for name, value in dataclasses.asdict(self).items()}


FIELD = {"string_paging": True, "token_uses": (20, 80), "record_window_seconds": None,
         "record_page_ceiling": RECORD_PAGE_CEILING, "empty_batch_id": "0",
         "regional_keys": True, "persons_as_array": False}


def behaviour_of(profile: str, overrides: dict[str, Any] | None = None) -> Behaviour:
    """The switches of `profile` ("guide" or "field"), with `overrides` applied."""
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
    behaviour = Behaviour()
    if profile == "field":
        behaviour.update(FIELD)
    behaviour.update(overrides or {})
    return behaviour


def _checked(name: str, value: Any) -> Any:
    fields = {field.name for field in dataclasses.fields(Behaviour)}
    if name not in fields:
        raise ValueError(f"unknown behaviour {name!r}; one of {', '.join(sorted(fields))}")
    if name in ("string_paging", "regional_keys", "persons_as_array"):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false")
        return value
    if name == "token_uses":
        return _uses(value)
    if name in ("record_window_seconds", "record_page_ceiling"):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 1):
            raise ValueError(f"{name} must be a positive integer or null")
        return value
    if name == "empty_batch_id":
        if value is not None and not isinstance(value, str):
            raise ValueError("empty_batch_id must be a string or null")
        return value
    if value not in (0, 1) or isinstance(value, bool):  # access_level_page_base
        raise ValueError("access_level_page_base must be 0 or 1")
    return value


def _uses(value: Any) -> tuple[int, int] | None:
    """None, or a (fewest, most) pair of calls a token serves before it is revoked; at
    least 1, so that a client's one retry with a new token always gets through."""
    if value is None:
        return None
    if (isinstance(value, (list, tuple)) and len(value) == 2
            and all(isinstance(item, int) and not isinstance(item, bool) for item in value)
            and 1 <= value[0] <= value[1]):
        return (value[0], value[1])
    raise ValueError("token_uses must be null or [fewest, most] with 1 <= fewest <= most")
