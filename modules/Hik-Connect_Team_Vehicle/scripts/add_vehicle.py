#!/usr/bin/env python3
"""Add a vehicle (POST /api/hccgw/resource/v1/areas/vehicles/add).

One on-board device per vehicle: with --device-serial the script first reads every vehicle
and refuses (exit 2, nothing added) when the device is already linked to one. --picture
uploads a local JPEG first (picture/uploadparam/get + PUT) and sends its key.

Examples:
  add_vehicle.py --area-id 2aeec98c... --plate AB123CD --type truck
  add_vehicle.py --area Parking --plate AB123CD --type truck --device "mobile dvr 04"
  add_vehicle.py --area-id 2aeec98c... --plate AB123CD --type car --device-serial J09112200 \
      --driver-first-name San --driver-last-name Zhang --picture van.jpg
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
    add_area_choice(parser, "area of the vehicle (list_areas.py)", required=True,
                    id_type=cli.resource_id)
    vehicle.add_vehicle_fields(parser, update=False)
    cli.run(parser, lambda args, client: vehicle.add_vehicle(client, args))


if __name__ == "__main__":
    main()
