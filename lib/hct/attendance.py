"""Time and attendance (guide section 5.10): the Total Time Card report.

attendance/v1/report/totaltimecard/list pages with pageIndex/pageSize (1..200, default 20)
and answers `moreData` (0/1) instead of a total. The date, time and duration formats of the
report are the guide's Appendix A.2.2-A.2.4 lists, checked before any request. --begin and
--end take the pack's one time syntax (a date alone: the whole day) and go out as the guide's
ISO 8601 with offset; `data.window` echoes them. The rows are brief records by default
(TIMECARD_BRIEF); `--csv`/`--output` write them to a file through hct.records (formula-safe
cells and headers, nested values as JSON, the umask's mode), leaving only the summary on
stdout.
"""

from __future__ import annotations

import argparse

from hct import cli, names, paging, records
from hct.errors import InvalidArgument
from hct.times import iso, window

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

# What a row answers by default: TotalTimeCardReportData (A.3.164) fields that say who, which
# day, when and how it went, plus the pack's attendanceStatusText. --detail full: every field.
TIMECARD_BRIEF = ("fullName", "personCode", "groupName", "date", "clockInTime", "clockOutTime",
                  "attendanceStatus", "attendanceStatusText", "workDuration", "lateDuration",
                  "earlyDuration", "absenceDuration", "overtimeDuration")

ATTENDANCE_STATES = {1: "normal", 2: "late", 3: "early leave", 4: "late and early leave",
                     5: "absence", 6: "leave"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--begin", type=cli.moment, required=True,
                        help="start: ISO 8601 with or without offset, 'YYYY-MM-DD HH:MM' or a "
                             "date (from its 00:00:00); no offset: HIK_CONNECT_TEAM_TIMEZONE, "
                             "else this machine's zone")
    parser.add_argument("--end", type=cli.moment_end, required=True,
                        help="end, the same forms (a date alone: until its 23:59:59)")
    parser.add_argument("--person-name", type=cli.text(64, "person name"),
                        help="fuzzy match on the person's name")
    parser.add_argument("--person-code", type=cli.text(64, "employee No."),
                        help="fuzzy match on the employee No.")
    parser.add_argument("--group-id", action="append", metavar="ID",
                        help="department (person group) ID, repeatable or comma list "
                             "(default: every department the account may see)")
    names.add_name_argument(parser, "--department", "department", repeatable=True,
                            also="; beside or instead of --group-id")
    parser.add_argument("--date-format", choices=DATE_FORMATS, metavar="FORMAT",
                        help="date format of the report (A.2.2; platform default yyyy/MM/dd): "
                             + ", ".join(DATE_FORMATS))
    parser.add_argument("--time-format", choices=TIME_FORMATS, metavar="FORMAT",
                        help="time format (A.2.3; platform default HH:mm): "
                             + ", ".join(TIME_FORMATS))
    parser.add_argument("--duration-format", choices=DURATION_FORMATS, metavar="FORMAT",
                        help="duration format (A.2.4; platform default HH:MM): HH:MM or MM")
    paging.add_paging(parser, max_size=MAX_PAGE_SIZE, default_size=DEFAULT_PAGE_SIZE,
                      brief=TIMECARD_BRIEF)


def _request_body(client: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The report's filters, checked; the departments named (--department) are resolved
    last."""
    if args.end < args.begin:
        raise InvalidArgument("--end must not be earlier than --begin.")
    body: dict[str, Any] = {"beginTime": iso(args.begin), "endTime": iso(args.end)}
    for field, value in (("personName", args.person_name), ("personCode", args.person_code),
                         ("dateFormat", args.date_format), ("timeFormat", args.time_format),
                         ("durationFormat", args.duration_format)):
        if value:
            body[field] = value
    groups = cli.ids(args.group_id, "--group-id")
    if args.department:
        from hct.person import DEPARTMENTS

        groups = names.with_named(client, DEPARTMENTS, groups, args.department,
                                  flag="--department")
    if groups:
        body["personGroupIds"] = groups
    return body


def total_time_card(client: Any, args: argparse.Namespace) -> cli.Result:
    body = _request_body(client, args)
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
    for row in pages.items:
        row.setdefault("attendanceStatusText",
                       ATTENDANCE_STATES.get(row.get("attendanceStatus"), "unknown"))
    result = {**pages.data(LIST_KEY), "moreData": more, "window": window(args.begin, args.end)}
    message = f"{len(pages.items)} time card row(s) from {body['beginTime']} to {body['endTime']}"
    if more:
        message += f"; more on page {index + 1} (or use --all)"
    return records.present(cli.Result(message + ".", result), args, LIST_KEY)
