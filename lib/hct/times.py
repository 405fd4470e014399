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
