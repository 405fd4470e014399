#!/usr/bin/env python3
"""Edit a vehicle (POST /api/hccgw/resource/v1/areas/vehicles/{id}/update).

The vehicle is read first; fields not given keep their value. A new --device-serial is
checked against the one-device-one-vehicle rule (exit 2 when it is taken).

Examples:
  update_vehicle.py --id ab51324d... --driver-phone "+44 20 7000 0000"
  update_vehicle.py --id ab51324d... --device-serial J09112200 --picture van.jpg
  update_vehicle.py --id ab51324d... --unlink-device
  update_vehicle.py --vehicle "KX21 ABC" --driver-phone "+44 20 7000 0001"
  update_vehicle.py --vehicle "YARD 7" --device "mobile dvr 04"
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
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--id", type=cli.path_id, help="vehicle ID")
    vehicle.add_vehicle_name(target, "--id")
    vehicle.add_vehicle_fields(parser, update=True)
    parser.add_argument("--unlink-device", action="store_true",
                        help="remove the vehicle's on-board device link")
    cli.run(parser, lambda args, client: vehicle.update_vehicle(client, args))


if __name__ == "__main__":
    main()
