"""Guide 5.10 Time and attendance: the Total Time Card report.

Demo data (deterministic for the seed, in `sim.store("attendance")`): twelve employees in
three departments (`groups`: id -> name), on a 09:00-18:00 timetable with a one-hour break,
Monday to Friday. Each employee has one report row per working day of the requested period;
the day's attendance status (normal, late, early leave, both, absence, leave) and clock
times follow from a hash of the seed, the employee and the date, so a report is the same
whenever it is asked for. Dates, times and durations are rendered in the requested formats
(Appendix A.2.2-A.2.4); pageSize is 1..200 (OPEN000025 outside), `moreData` says whether
another page follows.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from typing import Any

from hctsim.core import ApiError, Sim, route
from hctsim.fields import iso_time

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 20
MAX_DAYS = 366
DATE_FORMATS = ("yyyy/MM/dd", "yyyy-MM-dd", "yyyy.MM.dd", "dd/MM/yyyy", "dd-MM-yyyy",
                "MM-dd-yyyy", "yy-MM-dd", "yy/MM/dd", "dd/MM/yy", "yy.MM.dd", "yyyyddMM",
                "yyyyMMdd", "MMddyyyy", "ddMMyyyy", "yyddMM", "yyMMdd", "MMddyy", "ddMMyy")
TIME_FORMATS = ("HH:mm", "h:mm", "hh:mm tt", "h:mm tt", "HH:mm:ss", "h:mm:ss", "hh:mm:ss tt",
                "h:mm:ss tt", "HHmm", "Hmm", "HHmmss", "hmmss")
DURATION_FORMATS = ("HH:MM", "MM")
_PEOPLE = (("Alice", "Martin"), ("Bruno", "Silva"), ("Chen", "Jing"), ("Dana", "Cohen"),
           ("Emil", "Novak"), ("Farah", "Aziz"), ("Goran", "Petrov"), ("Hana", "Sato"),
           ("Ivan", "Horvat"), ("Julia", "Weber"), ("Kofi", "Mensah"), ("Lea", "Dubois"))
# (status, share in 100): 1 normal, 2 late, 3 early leave, 4 late and early, 5 absence, 6 leave
_STATUS_ROLL = ((1, 70), (2, 10), (3, 8), (4, 4), (5, 5), (6, 3))


def _store(sim: Sim) -> dict[str, Any]:
    return sim.store("attendance", lambda: _build(sim))


def _build(sim: Sim) -> dict[str, Any]:
    rng = random.Random(f"hct-sim-attendance-{sim.seed}")
    groups = {f"{rng.getrandbits(128):032x}": name
              for name in ("Engineering", "Operations", "Front Desk")}
    group_ids = list(groups)
    people = [{"firstName": first, "lastName": last, "personCode": f"E{index + 1:04d}",
               "groupId": group_ids[index % 3]}
              for index, (first, last) in enumerate(_PEOPLE)]
    return {"groups": groups, "people": people}


def _choice(sim: Sim, body: Any, field: str, allowed: tuple[str, ...]) -> str:
    value = sim.optional(body, field, str, allowed[0])
    if value not in allowed:
        raise ApiError("OPEN000010", f"{field} {value!r} is not one of the guide's formats.")
    return value


def render_date(day: date, fmt: str) -> str:
    return (fmt.replace("yyyy", f"{day.year:04d}").replace("yy", f"{day.year % 100:02d}")
            .replace("MM", f"{day.month:02d}").replace("dd", f"{day.day:02d}"))


def render_time(minutes: int, fmt: str) -> str:
    hour, minute = divmod(minutes, 60)
    twelve = hour % 12 or 12
    tokens = (("HH", f"{hour:02d}"), ("hh", f"{twelve:02d}"), ("H", str(hour)),
              ("h", str(twelve)), ("mm", f"{minute:02d}"), ("ss", "00"),
              ("tt", "AM" if hour < 12 else "PM"))
    out, index = "", 0
    while index < len(fmt):
        for token, value in tokens:
            if fmt.startswith(token, index):
                out += value
                index += len(token)
                break
        else:
            out += fmt[index]
            index += 1
    return out


def render_duration(minutes: int, fmt: str) -> str:
    return str(minutes) if fmt == "MM" else f"{minutes // 60:02d}:{minutes % 60:02d}"


def _roll(sim: Sim, person: dict[str, Any], day: date) -> int:
    digest = hashlib.sha256(f"{sim.seed}|{person['personCode']}|{day}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def _row(sim: Sim, store: dict[str, Any], person: dict[str, Any], day: date,
         formats: tuple[str, str, str]) -> dict[str, Any]:
    """TotalTimeCardReportData (A.3.164)."""
    date_fmt, time_fmt, duration_fmt = formats
    roll = _roll(sim, person, day)
    pick, status = roll % 100, 1
    for candidate, share in _STATUS_ROLL:
        if pick < share:
            status = candidate
            break
        pick -= share
    jitter = (roll >> 8) % 15
    clock_in = 9 * 60 - jitter if status in (1, 3) else 9 * 60 + 5 + jitter * 2
    clock_out = 18 * 60 + jitter if status in (1, 2) else 17 * 60 + 10 + jitter
    present = status not in (5, 6)
    work = max(0, clock_out - clock_in - 60) if present else 0
    durations = {"workDuration": min(work, 480), "absenceDuration": 480 if status == 5 else 0,
                 "lateDuration": max(0, clock_in - 540) if present else 0,
                 "earlyDuration": max(0, 1080 - clock_out) if present else 0,
                 "breakDuration": 60 if present else 0,
                 "leaveDuration": 480 if status == 6 else 0,
                 "overtimeDuration": max(0, clock_out - 1080) if present else 0,
                 "workdayOvertimeDuration": max(0, clock_out - 1080) if present else 0,
                 "weekendOvertimeDuration": 0}
    shown_day = render_date(day, date_fmt)
    row: dict[str, Any] = {
        "firstName": person["firstName"], "lastName": person["lastName"],
        "fullName": f"{person['firstName']} {person['lastName']}",
        "personCode": person["personCode"], "groupName": store["groups"][person["groupId"]],
        "fullPath": f"All Departments/{store['groups'][person['groupId']]}",
        "date": shown_day, "weekday": (day.weekday() + 1) % 7, "timetableName": "Office 9-18",
        "checkInDate": shown_day, "checkInTime": render_time(540, time_fmt),
        "checkOutDate": shown_day, "checkOutTime": render_time(1080, time_fmt),
        "clockInDate": shown_day if present else "",
        "clockInTime": render_time(clock_in, time_fmt) if present else "",
        "clockInSource": 1 if present else 0,
        "clockInDevice": "Door Controller 001" if present else "",
        "clockInArea": "Lobby" if present else "",
        "clockOutDate": shown_day if present else "",
        "clockOutTime": render_time(clock_out, time_fmt) if present else "",
        "clockOutSource": 1 if present else 0,
        "clockOutDevice": "Door Controller 001" if present else "",
        "clockOutArea": "Lobby" if present else "", "attendanceStatus": status}
    row.update({key: render_duration(value, duration_fmt) for key, value in durations.items()})
    return row


@route("POST", "/api/hccgw/attendance/v1/report/totaltimecard/list")
def total_time_card(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    index, size = sim.paging(body, MAX_PAGE_SIZE, required=False,
                             default_size=DEFAULT_PAGE_SIZE)
    begin, end = iso_time(sim, body, "beginTime"), iso_time(sim, body, "endTime")
    if end < begin:
        raise ApiError("OPEN000030")
    formats = (_choice(sim, body, "dateFormat", DATE_FORMATS),
               _choice(sim, body, "timeFormat", TIME_FORMATS),
               _choice(sim, body, "durationFormat", DURATION_FORMATS))
    name = sim.optional(body, "personName", str, "").lower()
    code = sim.optional(body, "personCode", str, "").lower()
    group_ids = sim.optional(body, "personGroupIds", list, [])
    if not all(isinstance(group, str) for group in group_ids):
        raise ApiError("OPEN000008", "personGroupIds must be String[].")
    end_day = end.astimezone(begin.tzinfo).date()
    if (end_day - begin.date()).days > MAX_DAYS:
        raise ApiError("OPEN000027", "The time range may span at most a year here.")
    with sim.lock:
        store = _store(sim)
        people = [person for person in store["people"]
                  if (not group_ids or person["groupId"] in group_ids)
                  and name in f"{person['firstName']} {person['lastName']}".lower()
                  and code in person["personCode"].lower()]
        rows = []
        day = begin.date()
        while day <= end_day:
            if day.weekday() < 5:
                rows.extend(_row(sim, store, person, day, formats) for person in people)
            day += timedelta(days=1)
    page = Sim.page(rows, index, size)
    return {"pageIndex": index, "pageSize": size,
            "moreData": 1 if index * size < len(rows) else 0, "reportDataList": page}
