#!/usr/bin/env python3
"""List the alarm priorities (POST /api/hccgw/alarm/v1/alarmpriorities/get); their `id`
is the --priority-id of alarm_rules.py.

Brief records: id, level (1 highest..3), levelName, color; --detail full adds audioURL.

Examples:
  alarm_priorities.py --all
  alarm_priorities.py --name high
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
    paging.add_paging(parser, brief=alarm_admin.PRIORITY_BRIEF, named="alarm priorities")
    cli.run(parser, lambda args, client: alarm_admin.list_priorities(client, args))


if __name__ == "__main__":
    main()
