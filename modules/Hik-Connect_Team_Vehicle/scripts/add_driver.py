#!/usr/bin/env python3
"""Add a driver (POST /api/hccgw/vehicle/v1/driver/add).

Gender: unknown (0), male (1), female (2): drivers count differently from persons.

Examples:
  add_driver.py --first-name San --last-name Zhang --code D001 --gender male \
      --group-id 5f1a... --photo face.jpg --vehicle-id ab51324d... --license-no B1234567 \
      --license-valid 2030-12-31T23:59:59
  add_driver.py --first-name Ana --code D004 --gender female --driver-group "day shift" \
      --photo ana.jpg --vehicle "KX21 ABC"
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
    vehicle.add_driver_fields(parser, update=False)
    cli.run(parser, lambda args, client: vehicle.add_driver(client, args))


if __name__ == "__main__":
    main()
