#!/usr/bin/env python3
"""Edit a driver (POST /api/hccgw/vehicle/v1/driver/update).

The driver is read first; fields not given keep their value. A name is required: the
platform returns only the full name.

Examples:
  update_driver.py --id 5217... --first-name San --last-name Zhang --phone "+86 186 1111 9999"
  update_driver.py --id 5217... --last-name Zhang --vehicle-id ab51...,2ab3... --photo new.jpg
  update_driver.py --driver "san zhang" --last-name Zhang --driver-group "night shift"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, names, vehicle


def main() -> None:
    parser = cli.parser(__doc__)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--id", type=cli.resource_id, help="driver ID")
    names.add_name_argument(target, "--driver", "driver", also="; instead of --id")
    vehicle.add_driver_fields(parser, update=True)
    cli.run(parser, lambda args, client: vehicle.update_driver(client, args))


if __name__ == "__main__":
    main()
