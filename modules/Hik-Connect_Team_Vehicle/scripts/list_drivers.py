#!/usr/bin/env python3
"""Search drivers (POST /api/hccgw/vehicle/v1/driver/batchquery).

Brief records by default: driverId, driverName, driverCode, driverGroupId, driverGroupName,
phone, distributionStatus; --detail full adds linked vehicles, license and face picture.
--name sends its longest word as the platform's fuzzySearch and keeps the drivers whose name
holds every word; --search is the platform's fuzzy match alone (name, No. or plate).

Examples:
  list_drivers.py --all
  list_drivers.py --name "san zhang"
  list_drivers.py --group-id 5f1a... --status failed
  list_drivers.py --driver-group "night shift"
  list_drivers.py --search Zhang --linked yes
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, paging, vehicle


def main() -> None:
    parser = cli.parser(__doc__)
    vehicle.add_driver_group_target(parser, required=False, what="only drivers of this group")
    parser.add_argument("--id", action="append", metavar="ID",
                        help="driver ID (repeatable or comma list)")
    parser.add_argument("--status", choices=vehicle.DISTRIBUTION_STATES,
                        help="face picture applying status")
    parser.add_argument("--search", type=cli.text(64, "search text"),
                        help="fuzzy match on name, driver No. or license plate No.")
    parser.add_argument("--linked", choices=vehicle.RELATED_VEHICLE,
                        help="only drivers linked (yes) or not linked (no) to a vehicle")
    paging.add_paging(parser, brief=vehicle.DRIVER_BRIEF, named="drivers")
    cli.run(parser, lambda args, client: vehicle.list_drivers(client, args))


if __name__ == "__main__":
    main()
