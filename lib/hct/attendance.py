"""Time and attendance (guide section 5.10): the Total Time Card report.

attendance/v1/report/totaltimecard/list pages with pageIndex/pageSize (1..200, default 20)
and answers `moreData` (0/1) instead of a total. The date, time and duration formats of the
report are the guide's Appendix A.2.2-A.2.4 lists, checked before any request. `--csv`
writes the rows to a spreadsheet-friendly CSV file (UTF-8 with a byte-order mark, so that
Excel reads accents), atomically: a reader never sees half a file.
"""

from __future__ import annotations

import argparse
import csv
import os
from datetime import datetime, time

from hct import cli, paging
from hct.errors import InvalidArgument
from hct.times import iso, local_now

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

TIMECARD = "/api/hccgw/attendance/v1/report/totaltimecard/list"
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 20
LIST_KEY = "reportDataList"

# Appendix A.2.2 Date Format Type, A.2.3 Time Format Type, A.2.4 Time Duration Format Type.
DATE_FORMATS = ("yyyy/MM/dd", "yyyy-MM-dd", "yyyy.MM.dd", "dd/MM/yyyy", "dd-MM-yyyy",
                "MM-dd-yyyy", "yy-MM-dd", "yy/MM/dd", "dd/MM/yy", "yy.MM.dd", "yyyyddMM",
                "yyyyMMdd", "MMddyyyy", "ddMMyyyy", "yyddMM", "yyMMdd", "MMddyy", "ddMMyy")
TIME_FORMATS = ("HH:mm", "h:mm", "hh:mm tt", "h:mm tt", "HH:mm:ss", "h:mm:ss", "hh:mm:ss tt",
                "h:mm:ss tt", "HHmm", "Hmm", "HHmmss", "hmmss")
DURATION_FORMATS = ("HH:MM", "MM")

# TotalTimeCardReportData (A.3.164), in the guide's order: the CSV's columns.
COLUMNS = ("firstName", "lastName", "fullName", "personCode", "groupName", "fullPath", "date",
           "weekday", "timetableName", "checkInDate", "checkInTime", "checkOutDate",
           "checkOutTime", "clockInDate", "clockInTime", "clockInSource", "clockInDevice",
           "clockInArea", "clockOutDate", "clockOutTime", "clockOutSource", "clockOutDevice",
           "clockOutArea", "attendanceStatus", "workDuration", "absenceDuration",
           "lateDuration", "earlyDuration", "breakDuration", "leaveDuration",
           "overtimeDuration", "workdayOvertimeDuration", "weekendOvertimeDuration")
ATTENDANCE_STATES = {1: "normal", 2: "late", 3: "early leave", 4: "late and early leave",
                     5: "absence", 6: "leave"}


def day_or_time(value: str) -> datetime | str:
    """An ISO 8601 time with offset, or a plain date (YYYY-MM-DD: the whole day, local time)."""
    raw = value.strip()
    if len(raw) == 10:
        try:
            datetime.strptime(raw, "%Y-%m-%d")
            return raw
        except ValueError:
            pass
    return cli.moment(raw)


day_or_time.__name__ = "date or ISO 8601 time"


def _bound(value: datetime | str, end: bool) -> datetime:
    if isinstance(value, datetime):
        return value
    day = datetime.strptime(value, "%Y-%m-%d").date()
    moment = datetime.combine(day, time(23, 59, 59) if end else time(0, 0, 0))
    return moment.replace(tzinfo=local_now().tzinfo)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--begin", type=day_or_time, required=True,
                        help="start: YYYY-MM-DD (from 00:00:00 local time) or an ISO 8601 time "
                             "with offset, e.g. 2024-01-01T00:00:00+08:00")
    parser.add_argument("--end", type=day_or_time, required=True,
                        help="end: YYYY-MM-DD (until 23:59:59 local time) or ISO 8601 time")
    parser.add_argument("--person-name", type=cli.text(64, "person name"),
                        help="fuzzy match on the person's name")
    parser.add_argument("--person-code", type=cli.text(64, "employee No."),
                        help="fuzzy match on the employee No.")
    parser.add_argument("--group-id", action="append", metavar="ID",
                        help="department (person group) ID, repeatable or comma list "
                             "(default: every department the account may see)")
    parser.add_argument("--date-format", choices=DATE_FORMATS, metavar="FORMAT",
                        help="date format of the report (A.2.2; platform default yyyy/MM/dd): "
                             + ", ".join(DATE_FORMATS))
    parser.add_argument("--time-format", choices=TIME_FORMATS, metavar="FORMAT",
                        help="time format (A.2.3; platform default HH:mm): "
                             + ", ".join(TIME_FORMATS))
    parser.add_argument("--duration-format", choices=DURATION_FORMATS, metavar="FORMAT",
                        help="duration format (A.2.4; platform default HH:MM): HH:MM or MM")
    parser.add_argument("--csv", metavar="PATH", help="also write the rows to this CSV file")
    paging.add_paging(parser, max_size=MAX_PAGE_SIZE, default_size=DEFAULT_PAGE_SIZE)


def _request_body(args: argparse.Namespace) -> dict[str, Any]:
    begin, end = _bound(args.begin, False), _bound(args.end, True)
    if end < begin:
        raise InvalidArgument("--end must not be earlier than --begin.")
    body: dict[str, Any] = {"beginTime": iso(begin), "endTime": iso(end)}
    for field, value in (("personName", args.person_name), ("personCode", args.person_code),
                         ("dateFormat", args.date_format), ("timeFormat", args.time_format),
                         ("durationFormat", args.duration_format)):
        if value:
            body[field] = value
    groups = cli.ids(args.group_id, "--group-id")
    if groups:
        body["personGroupIds"] = groups
    return body


def _check_csv_target(path: str | None) -> None:
    if not path:
        return
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InvalidArgument(f"--csv: the folder {directory} does not exist.")
    if os.path.isdir(path):
        raise InvalidArgument(f"--csv: {path} is a folder.")


def write_csv(path: str, rows: list[dict[str, Any]]) -> int:
    """Write the rows (the guide's columns first, then any others) atomically; the count."""
    extra = [key for row in rows for key in row if key not in COLUMNS]
    columns = list(COLUMNS) + list(dict.fromkeys(extra))
    from hct.store import atomic_file  # json stays off the start-up path

    with atomic_file(path, mode=0o644, suffix=".csv", encoding="utf-8-sig",
                     newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(row.get(key)) for key in columns})
    return len(rows)


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # keep spreadsheets from running a cell as a formula
    return "" if value is None else value


def total_time_card(client: Any, args: argparse.Namespace) -> cli.Result:
    body = _request_body(args)
    _check_csv_target(args.csv)
    size = MAX_PAGE_SIZE if args.all else args.page_size
    index = 1 if args.all else args.page
    pages = paging.Pages(page_size=size)
    more = 0
    while True:
        data = client.post(TIMECARD, {**body, "pageIndex": index, "pageSize": size}) or {}
        batch = [row for row in data.get(LIST_KEY) or [] if isinstance(row, dict)]
        pages.items.extend(batch)
        pages.pages_read.append(index)
        more = 1 if str(data.get("moreData")) == "1" else 0
        if not args.all or not more or not batch:
            break
        cli.progress(f"page {index}: {len(pages.items)} rows so far, more to come")
        index += 1
    if args.all or (index == 1 and not more):
        pages.total = len(pages.items)  # every row was read: the count is the total
    result = pages.data(LIST_KEY)
    result["moreData"] = more
    for row in pages.items:
        row.setdefault("attendanceStatusText",
                       ATTENDANCE_STATES.get(row.get("attendanceStatus"), "unknown"))
    message = f"{len(pages.items)} time card row(s) from {body['beginTime']} to {body['endTime']}"
    if more:
        message += f"; more on page {index + 1} (or use --all)"
    if args.csv:
        write_csv(args.csv, pages.items)
        result["csv"] = os.path.abspath(args.csv)
        message += f"; written to {args.csv}"
    return cli.Result(message + ".", result, rows=[
        {key: row.get(key) for key in ("fullName", "personCode", "date", "clockInTime",
                                       "clockOutTime", "attendanceStatusText", "workDuration")}
        for row in pages.items])
