#!/usr/bin/env python3
"""Add a driver group (POST /api/hccgw/vehicle/v1/driverGroup/add). Names are unique.

Examples:
  add_driver_group.py --name "Night shift" --area-id 2aeec98c...
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, vehicle


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--name", type=cli.text(64, "group name"), required=True)
    parser.add_argument("--area-id", type=cli.resource_id, required=True,
                        help="linked area ID")
    cli.run(parser, lambda args, client: vehicle.add_driver_group(client, args))


if __name__ == "__main__":
    main()
