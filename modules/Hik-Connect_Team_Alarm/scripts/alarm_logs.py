#!/usr/bin/env python3
"""Search the alarm log (POST /api/hccgw/alarm/v1/alarmlog).

One search covers at most one day; with --all a longer window (up to 31 days) is searched
day by day. Times: ISO 8601 with or without an offset, "YYYY-MM-DD HH:MM[:SS]", or a date
alone (--end DATE: the end of that day); without an offset they are in
HIK_CONNECT_TEAM_TIMEZONE, else the machine's zone. The platform gets them in UTC (its
answers are UTC); data.window echoes the window with its offset. Default: the last 24
hours; with only --begin or --end, the day after or before it.

Output: data.alarmLogList (or alarmlogList, as the platform named it): brief records
(timeInfo.startTime, eventSource eventType/sourceType/sourceID/sourceName/areaName,
eventName, alarmRule.name, alarmPriority.level); --detail full for whole alarm messages.

Examples:
  alarm_logs.py --all
  alarm_logs.py --begin 2026-11-21 --end 2026-11-21 --types 10002 --all
  alarm_logs.py --area lobby --types "Motion Detection,Line Crossing" --page-size 50
  alarm_logs.py --begin "2026-11-14 00:00" --end "2026-11-21 00:00+01:00" --all
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import alarm_admin, cli, paging
from hct.resource import add_area_name, area_id


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--begin", type=cli.moment,
                        help="start: 2026-12-01T10:00:00+01:00, 2026-12-01 10:00 or a date")
    parser.add_argument("--end", type=cli.moment_end,
                        help="end, same forms; a date alone is the end of that day")
    parser.add_argument("--area-id", type=area_id, help="only this area (default: every area)")
    add_area_name(parser)
    parser.add_argument("--types", action="append", metavar="CODES_OR_NAMES",
                        help="A.1.4 alarm types, codes or names, comma separated")
    paging.add_paging(parser, brief=alarm_admin.LOG_BRIEF)
    cli.run(parser, lambda args, client: alarm_admin.alarm_logs(client, args))


if __name__ == "__main__":
    main()
