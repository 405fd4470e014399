#!/usr/bin/env python3
"""Search the alarm log (POST /api/hccgw/alarm/v1/alarmlog).

One search covers at most one day; with --all a longer window (up to 31 days) is searched
day by day. Times are "YYYY-MM-DD HH:MM:SS" as the platform reads them (the guide names no
time zone; the default window is the last 24 hours of UTC). With only --begin or --end, the
window is the day after or before it.

Examples:
  alarm_logs.py --all
  alarm_logs.py --begin "2026-11-21 00:00:00" --end "2026-11-22 00:00:00" --types 10002 --all
  alarm_logs.py --area-id AREA_ID --types "Motion Detection,Line Crossing" --page-size 50
  alarm_logs.py --begin "2026-11-14 00:00:00" --end "2026-11-21 00:00:00" --all
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import alarm_admin, cli, paging


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--begin", type=cli.guide_time, help="start, YYYY-MM-DD HH:MM:SS")
    parser.add_argument("--end", type=cli.guide_time, help="end, YYYY-MM-DD HH:MM:SS")
    parser.add_argument("--area-id", type=cli.text(64, "area ID"),
                        help="only this area (default: every area)")
    parser.add_argument("--types", action="append", metavar="CODES_OR_NAMES",
                        help="A.1.4 alarm types, codes or names, comma separated")
    paging.add_paging(parser)
    cli.run(parser, lambda args, client: alarm_admin.alarm_logs(client, args))


if __name__ == "__main__":
    main()
