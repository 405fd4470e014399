"""Human messages for chat sinks: one alarm or message as a few readable lines.

Alarm (A.3.20 AlarmMsg): the type's name from the guide's Alarm Type table (A.1.4), the
source, device and area, the local time, priority, rule, and the snapshot link when the alarm
carries one (fileInfo.file[].URL of type "1"; valid 15 minutes). Message (A.3.91 Event(1)):
the Message Type name (A.1.6), resource, device, time, and the first picture link.
"""

from __future__ import annotations

from datetime import datetime

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

MSG_STATES = {"0": "ended", "1": "started", "2": "acknowledged", "3": "marked"}


def type_name(kind: str, code: Any) -> str:
    """"Motion Detection (10002)" from the guide's tables (hct.alarm.event_types), else the code."""
    from hct.alarm.event_types import name_of

    text = "" if code is None else str(code).strip()
    if not text:
        return "unknown type"
    try:
        name = name_of(kind, text)
    except (OSError, ValueError):  # a missing or broken table costs only the name
        name = None
    return f"{name} ({text})" if name else f"type {text}"


def local_time(value: Any) -> str:
    """An ISO 8601 time shown in this machine's local zone ("2023-04-13 16:56:40 +0800")."""
    if not value:
        return ""
    text = str(value).strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S %z")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def snapshot_url(item: dict[str, Any]) -> str | None:
    files = _dict(item.get("fileInfo")).get("file")
    for entry in files if isinstance(files, list) else []:
        if isinstance(entry, dict) and entry.get("URL") and str(entry.get("type", "1")) == "1":
            return str(entry["URL"])
    for entry in item.get("picture") or []:
        if isinstance(entry, dict) and entry.get("url"):
            return str(entry["url"])
    return None


def format_alarm(item: dict[str, Any]) -> str:
    source = _dict(item.get("eventSource"))
    device = _dict(source.get("deviceInfo"))
    times = _dict(item.get("timeInfo"))
    priority = _dict(item.get("alarmPriority"))
    rule = _dict(item.get("alarmRule"))
    state = MSG_STATES.get(str(item.get("msgType")), "")
    title = f"[Alarm] {type_name('alarm', source.get('eventType'))}"
    details = []
    if priority.get("levelName") or priority.get("level"):
        details.append(f"priority {priority.get('levelName') or priority.get('level')}")
    if rule.get("name"):
        details.append(f"rule {rule['name']}")
    text = ", ".join(details)
    return _text(item, title + (f" {state}" if state else ""),
                 source.get("sourceName") or source.get("sourceID") or "unknown source",
                 device.get("devName") or device.get("deviceSerial"), source.get("areaName"),
                 times.get("startTimeLocal") or times.get("startTime"),
                 text[:1].upper() + text[1:])


def format_message(item: dict[str, Any]) -> str:
    basic = _dict(item.get("basicInfo"))
    resource = _dict(basic.get("resource"))
    device = _dict(basic.get("device"))
    return _text(item, f"[Message] {type_name('message', basic.get('msgType'))}",
                 resource.get("name") or resource.get("id") or "unknown resource",
                 device.get("name"), resource.get("areaName"), basic.get("occurrenceTime"))


def _text(item: dict[str, Any], title: str, where: Any, device: Any, area: Any, when: Any,
          details: str = "") -> str:
    """Title, source (with device and area), local time, details, snapshot link."""
    lines = [title, f"Source: {where}" + (f" (device {device})" if device else "")
             + (f", area {area}" if area else "")]
    shown = local_time(when)
    if shown:
        lines.append(f"Time: {shown}")
    if details:
        lines.append(details)
    link = snapshot_url(item)
    if link:
        lines.append(f"Snapshot: {link}")
    return "\n".join(lines)


def format_record(record: dict[str, Any]) -> str:
    """The human text of a journal record (see hct.alarm.journal)."""
    item = _dict(record.get("item"))
    if record.get("kind") == "alarm":
        return format_alarm(item)
    return format_message(item)

