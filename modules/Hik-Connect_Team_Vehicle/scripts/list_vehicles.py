#!/usr/bin/env python3
"""List vehicles (POST /api/hccgw/resource/v1/areas/vehicles/get).

Brief records by default: id, name, online, area.name, vehicleInfo.licensePlateNo,
vehicleInfo.vehicleType and deviceSerial (the on-board device); --detail full for the
platform's whole objects. --name matches the name or the plate (every word).

Examples:
  list_vehicles.py --all
  list_vehicles.py --name "kx21 abc"
  list_vehicles.py --all --csv vehicles.csv
  list_vehicles.py --id ab51324d3c224335aa90b5036f1a2527
  list_vehicles.py --area-id 2aeec98c... --include-sub-areas
  list_vehicles.py --area Parking
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, paging, vehicle
from hct.resource import add_area_choice


def main() -> None:
    parser = cli.parser(__doc__)
    add_area_choice(parser, "only vehicles of this area", id_type=cli.resource_id)
    parser.add_argument("--include-sub-areas", action="store_true",
                        help="with --area-id/--area: also the sub-areas")
    parser.add_argument("--id", action="append", metavar="ID",
                        help="only these vehicle IDs (repeatable or comma list)")
    paging.add_paging(parser, brief=vehicle.VEHICLE_BRIEF, named="vehicles (name or plate)")
    cli.run(parser, lambda args, client: vehicle.list_vehicles(client, args))


if __name__ == "__main__":
    main()
