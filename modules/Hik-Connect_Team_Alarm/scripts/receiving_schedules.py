#!/usr/bin/env python3
"""List the alarm arming (receiving) schedule templates
(POST /api/hccgw/alarm/v1/receivingschedules/get); their `id` is the --schedule-id of
alarm_rules.py.

Brief records: id, name, systemTemplate (1 default, 0 custom); --detail full adds the
timeSetting of each day.

Examples:
  receiving_schedules.py --all
  receiving_schedules.py --name "all day"
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
    paging.add_paging(parser, brief=alarm_admin.SCHEDULE_BRIEF, named="schedules")
    cli.run(parser, lambda args, client: alarm_admin.list_schedules(client, args))


if __name__ == "__main__":
    main()
