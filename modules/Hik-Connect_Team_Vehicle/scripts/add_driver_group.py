#!/usr/bin/env python3
"""Add a driver group (POST /api/hccgw/vehicle/v1/driverGroup/add). Names are unique.

Examples:
  add_driver_group.py --name "Night shift" --area-id 2aeec98c...
  add_driver_group.py --name "Night shift" --area Parking
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, vehicle
from hct.resource import add_area_choice


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--name", type=cli.text(64, "group name"), required=True)
    add_area_choice(parser, "linked area ID", required=True, id_type=cli.resource_id)
    cli.run(parser, lambda args, client: vehicle.add_driver_group(client, args))


if __name__ == "__main__":
    main()
