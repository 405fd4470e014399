#!/usr/bin/env python3
"""Upload a vehicle picture (POST /api/hccgw/resource/v1/picture/uploadparam/get, then
an HTTP PUT of the JPEG to the returned pre-signed URL, valid 15 minutes).

Prints the pictureKey; with --vehicle-id the vehicle is updated to use the picture (a
vehicle has one picture).

Examples:
  upload_vehicle_picture.py --image van.jpg
  upload_vehicle_picture.py --image van.jpg --vehicle-id ab51324d...
  upload_vehicle_picture.py --image van.jpg --vehicle "LD70 TRK"
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
    parser.add_argument("--image", required=True, metavar="JPEG",
                        help="local JPEG picture (the platform takes JPG only)")
    parser.add_argument("--vehicle-id", type=cli.resource_id,
                        help="set the picture on this vehicle")
    vehicle.add_vehicle_name(parser, "--vehicle-id")
    cli.run(parser, lambda args, client: vehicle.upload_vehicle_picture(client, args))


if __name__ == "__main__":
    main()
