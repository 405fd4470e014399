#!/usr/bin/env python3
"""Total Time Card report: attendance per person and day
(POST /api/hccgw/attendance/v1/report/totaltimecard/list).

Pages hold at most 200 rows; --all reads them all. --begin/--end take ISO 8601 with or
without offset, 'YYYY-MM-DD HH:MM' or a date alone (the whole day); data.window echoes what
was sent. Brief rows by default (fullName, personCode, groupName, date, clockInTime,
clockOutTime, attendanceStatus(Text), work/late/early/absence/overtime durations); --detail
full for every column. --csv PATH / --output PATH write the rows to a file and leave only
the summary on stdout. The date, time and duration formats are the guide's lists.

Examples:
  total_time_card.py --begin 2024-01-01 --end 2024-01-31 --all --detail full --csv january.csv
  total_time_card.py --begin "2024-01-01 08:00" --end 2024-01-07 --person-name Smith \
      --date-format yyyy-MM-dd --time-format "hh:mm tt"
  total_time_card.py --begin 2024-01-01 --end 2024-01-31 --department Employees --all
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import attendance, cli


def main() -> None:
    parser = cli.parser(__doc__)
    attendance.add_arguments(parser)
    cli.run(parser, lambda args, client: attendance.total_time_card(client, args))


if __name__ == "__main__":
    main()
