#!/usr/bin/env python3
"""List the platform's users (POST /api/hccgw/platform/v1/users/get).

Output: data.user[] (id, name), data.total, data.count, data.pagesRead. User IDs are the
recipients of alarm rules and the userId of devcall/v1/call/receive. --name TEXT keeps
users whose name has every word; --csv/--output write the records to a file.

Examples:
  list_users.py --all
  list_users.py --page 2 --page-size 20 --format table
  list_users.py --name operator
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, paging
from hct.system import USER_BRIEF, list_users


def main() -> None:
    parser = cli.parser(__doc__)
    paging.add_paging(parser, brief=USER_BRIEF, named="users")
    cli.run(parser, lambda args, client: list_users(client, args))


if __name__ == "__main__":
    main()
