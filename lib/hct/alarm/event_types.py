"""The guide's event code tables: alarm types (A.1.4), message types (A.1.6), alarm
categories (A.1.1) and alarm sources (A.1.5), and turning names or codes into codes.

The tables live in `lib/hct/data/`: `alarm_types.json`, `message_types.json` and
`alarm_categories.json` (rows `{"code", "name", "category"}`, checked line by line
against the V2.14.0 guide). A few alarm codes are listed under two headings of A.1.4
(50101, 50120, 100376): they are one code. `EVENT_CODES.md` of the Alarm module is generated
from these tables by `scripts/gen_event_codes.py` (`render_markdown`).
"""

from __future__ import annotations

import re

from hct.data_files import load
from hct.errors import InvalidArgument

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

ALARM = "alarm"
MESSAGE = "message"
KINDS = (ALARM, MESSAGE)
_FILES = {ALARM: "alarm_types.json", MESSAGE: "message_types.json"}
_TABLES = {ALARM: "A.1.4 Alarm Type", MESSAGE: "A.1.6 Message Type"}

# Appendix A.1.5 Alarm Source: EventSource.sourceType of alarm rules.
ALARM_SOURCES = ("alarmInput", "camera", "encodingDevice", "alarmDevice", "user", "subSystem",
                 "vehicle", "mobileDevice")
_SPACES = re.compile(r"\s+")


def rows(kind: str) -> list[dict[str, Any]]:
    """The rows of the alarm (A.1.4) or message (A.1.6) type table, in the guide's order."""
    return load(_FILES[kind])


def categories() -> list[dict[str, Any]]:
    """A.1.1: `{"code", "level": "main"|"sub", "name"}`."""
    return load("alarm_categories.json")


def category_codes(level: str) -> tuple[str, ...]:
    return tuple(row["code"] for row in categories() if row["level"] == level)


def name_of(kind: str, code: Any) -> str | None:
    """The guide's name of a code (`10002` -> "Motion Detection"), or None if unknown."""
    wanted = str(code).strip()
    return next((row["name"] for row in rows(kind) if row["code"] == wanted), None)


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text.strip()).lower()


def _code_key(kind: str, text: str) -> str:
    # A.1.6 prints Msg110001..Msg110013 as "Msg 110001": accept the space as well.
    return _SPACES.sub("", text).lower() if kind == MESSAGE else text.strip()


def _match(kind: str, text: str) -> list[str]:
    """Codes for one item: by code (case-insensitive) first, else by exact name."""
    key = _code_key(kind, text)
    by_code = [row["code"] for row in rows(kind) if row["code"].lower() == key.lower()]
    if by_code:
        return by_code[:1]
    wanted = _norm(text)
    found: list[str] = []
    for row in rows(kind):
        if _norm(row["name"]) == wanted and row["code"] not in found:
            found.append(row["code"])
    return found


def resolve(kind: str, values: list[str] | None) -> list[str]:
    """The codes named by `--types` values (codes or names, comma lists, case-insensitive).

    Names may contain commas ("Access Granted by Card, Fingerprint, and PIN"), so a comma
    list is read greedily: the longest run of comma-separated parts that is a name or code
    wins. An unknown item, or a name shared by several codes, raises InvalidArgument with
    the candidates."""
    codes: list[str] = []
    for value in values or []:
        parts = value.split(",")
        start = 0
        while start < len(parts):
            if not parts[start].strip():
                start += 1
                continue
            for end in range(len(parts), start, -1):
                item = ",".join(parts[start:end]).strip()
                found = _match(kind, item)
                if found:
                    break
            else:
                raise InvalidArgument(_unknown_message(kind, parts[start].strip()))
            if len(found) > 1:
                names = ", ".join(f"{code} ({name_of(kind, code)})" for code in found)
                raise InvalidArgument(f"--types: {item!r} is ambiguous in {_TABLES[kind]}: "
                                      f"give one of the codes {names}.")
            codes.extend(code for code in found if code not in codes)
            start = end
    return codes


def _unknown_message(kind: str, item: str) -> str:
    wanted = _norm(item)
    near = [f"{row['code']} ({row['name']})" for row in rows(kind)
            if wanted and wanted in _norm(row["name"])]
    unique = list(dict.fromkeys(near))
    text = f"--types: {item!r} is not a code or name of {_TABLES[kind]}."
    if unique:
        shown = "; ".join(unique[:10]) + ("; ..." if len(unique) > 10 else "")
        text += f" Did you mean: {shown}?"
    else:
        text += " See EVENT_CODES.md of the Alarm module for the list."
    return text


def check_category(value: str | None, level: str) -> str | None:
    """An A.1.1 category code of the given level ("main" or "sub"), or None."""
    if value is None:
        return None
    allowed = category_codes(level)
    for code in allowed:
        if code.lower() == value.strip().lower():
            return code
    raise InvalidArgument(f"unknown alarm {level} category {value!r}; one of "
                          f"{', '.join(allowed)} (Appendix A.1.1).")


# ---- EVENT_CODES.md ------------------------------------------------------------------------

def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _section(title: str, table: list[dict[str, Any]], first: str) -> list[str]:
    lines = [f"## {title}", ""]
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in table:
        groups.setdefault(row["category"], []).append(row)
    for group, members in groups.items():
        lines += [f"### {group}", "", f"| {first} | name |", "|---|---|"]
        lines += [f"| `{row['code']}` | {_escape(row['name'])} |" for row in members]
        lines.append("")
    return lines


def render_markdown() -> str:
    """EVENT_CODES.md: every alarm type, message type and alarm category of the guide."""
    lines = [
        "# Event codes",
        "",
        "Generated by `scripts/gen_event_codes.py` from `lib/hct/data/` (the developer guide's",
        "Appendix A.1.4, A.1.6 and A.1.1). Do not edit by hand.",
        "",
        "`event_manager.py --types` and `alarm_logs.py --types` accept these codes or names",
        "(case-insensitive, comma lists). `alarm/v1/mq/subscribe` sends alarm codes as",
        "integers, `alarm/v1/alarmlog` as strings; message codes are strings.",
        "A few alarm codes appear under two headings (the guide lists them twice).",
        "",
    ]
    lines += _section("Alarm types (A.1.4, `--kind alarm`)", rows(ALARM), "event code")
    lines += _section("Message types (A.1.6, `--kind message`)", rows(MESSAGE), "msgType")
    lines += ["## Alarm categories (A.1.1)", "", "| code | level | name |", "|---|---|---|"]
    lines += [f"| `{row['code']}` | {row['level']} | {_escape(row['name'])} |"
              for row in categories()]
    lines += ["", "## Alarm sources (A.1.5, `eventSource.sourceType` of alarm rules)", ""]
    lines += [", ".join(f"`{code}`" for code in ALARM_SOURCES), ""]
    return "\n".join(lines)
