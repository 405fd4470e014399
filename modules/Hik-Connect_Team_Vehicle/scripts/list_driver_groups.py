#!/usr/bin/env python3
"""List driver groups (POST /api/hccgw/vehicle/v1/driverGroup/batchquery).

Brief records by default: groupId, groupName, areaId, areaName, peopleCount (--detail full
for every field the platform sends).

Examples:
  list_driver_groups.py
  list_driver_groups.py --name night
  list_driver_groups.py --id 5f1a...
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, names, records, vehicle


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--id", action="append", metavar="ID",
                        help="only these group IDs (repeatable or comma list; default all)")
    names.add_name_filter(parser, "driver groups")
    records.add_options(parser, vehicle.DRIVER_GROUP_BRIEF)
    cli.run(parser, lambda args, client: vehicle.list_driver_groups(client, args))


if __name__ == "__main__":
    main()
