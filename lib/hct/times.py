"""How the pack writes times: the guide's ISO 8601 with an offset, UTC with a Z, and the
platform's epoch numbers turned into either. (datetime is imported inside the functions:
modules on the `--help` path import this one.)"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any


def iso(moment: datetime) -> str:
    """The guide's ISO 8601 form: 2024-01-31T08:00:00+08:00."""
    return moment.replace(microsecond=0).isoformat()


def local_now() -> datetime:
    """Now, in the machine's time zone with its offset (the guide's clientLocalTime)."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).astimezone().replace(microsecond=0)


def from_millis(value: Any) -> str | None:
    """A platform time in ms as ISO 8601 in the machine's time zone (None if not a number)."""
    from datetime import datetime, timezone

    try:
        return iso(datetime.fromtimestamp(int(value) / 1000, timezone.utc).astimezone())
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def utc_z(moment: datetime) -> str:
    """A moment as UTC with a Z: 2024-01-31T00:00:00Z."""
    from datetime import timezone

    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_text(value: Any) -> str | None:
    """An epoch time in milliseconds or seconds (a number or a digit string, as the guide's
    examples send them) as `utc_z`; None for anything else."""
    from datetime import datetime, timezone

    text = str(value).strip() if value is not None else ""
    if not text.isdigit():
        return None
    seconds = int(text) / 1000.0 if len(text) > 11 else int(text)
    try:
        return utc_z(datetime.fromtimestamp(seconds, tz=timezone.utc))
    except (OverflowError, OSError, ValueError):
        return None


# ---- reading times: one syntax for every time flag ----------------------------------------

ENV_TIMEZONE = "HIK_CONNECT_TEAM_TIMEZONE"
FORMS = "2026-12-01T10:00:00+01:00, 2026-12-01T10:00, 2026-12-01 10:00[:00] or 2026-12-01"


def parse(text: str, *, end_of_day: bool = False) -> datetime:
    """A moment from any of FORMS, to the second, with its offset. A time without an offset
    is in HIK_CONNECT_TEAM_TIMEZONE (an IANA name such as Europe/Paris), else in the
    machine's zone. A date alone is the day's first second, or its last with `end_of_day`
    (so `--end 2026-12-01` covers that whole day). ValueError says what is accepted."""
    import re
    from datetime import datetime

    value = text.strip()
    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
                        r"([+-]\d{2}:\d{2})?)?", value):
        raise ValueError(f"{text!r} is not a time like {FORMS}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date or time ({FORMS})") from None
    if end_of_day and len(value) == 10:
        moment = moment.replace(hour=23, minute=59, second=59)
    if moment.tzinfo is None:
        moment = _in_configured_zone(moment)
    return moment.replace(microsecond=0)


def _in_configured_zone(moment: datetime) -> datetime:
    zone = configured_zone()
    return moment.astimezone() if zone is None else moment.replace(tzinfo=zone)


def configured_zone() -> Any:
    """The zone of times given without an offset: HIK_CONNECT_TEAM_TIMEZONE, or None for
    the machine's own zone."""
    import os

    name = os.environ.get(ENV_TIMEZONE, "").strip()
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{ENV_TIMEZONE}={name!r} is not a time zone name like "
                         "Europe/Paris or UTC") from None


def window(start: datetime, end: datetime) -> dict[str, str]:
    """The window a script used, as `data.window` echoes it: both ends with their offset."""
    return {"start": iso(start), "end": iso(end)}
