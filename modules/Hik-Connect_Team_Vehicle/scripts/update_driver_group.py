#!/usr/bin/env python3
"""Edit a driver group (POST /api/hccgw/vehicle/v1/driverGroup/update).

Examples:
  update_driver_group.py --id 5f1a... --name "Day shift"
  update_driver_group.py --driver-group "night shift" --area Parking
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, names, vehicle
from hct.resource import add_area_choice


def main() -> None:
    parser = cli.parser(__doc__)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--id", type=cli.resource_id, help="driver group ID")
    names.add_name_argument(target, "--driver-group", "driver group", also="; instead of --id")
    parser.add_argument("--name", type=cli.text(64, "group name"), help="new name")
    add_area_choice(parser, "linked area ID", id_type=cli.resource_id)
    cli.run(parser, lambda args, client: vehicle.update_driver_group(client, args))


if __name__ == "__main__":
    main()
