#!/usr/bin/env python3
"""Get vehicles' ACC (ignition) status (POST /api/hccgw/resource/v1/accstatus/search).

accStatus -1 unknown (nothing uploaded by the device), 0 off, 1 on. The guide asks not to
call it more often than every other minute.

Examples:
  acc_status.py --vehicle-id 0005c11e...,0005c11f...
  acc_status.py --serial J09112200
  acc_status.py --vehicle "KX21 ABC"
  acc_status.py --device "mobile dvr 01"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, records, vehicle
from hct.resource import add_device_name


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--vehicle-id", action="append", metavar="ID",
                        help="vehicle ID (repeatable or comma list)")
    parser.add_argument("--serial", action="append", metavar="SERIAL",
                        help="on-board device serial No. (repeatable or comma list)")
    vehicle.add_vehicle_name(parser, "--vehicle-id", repeatable=True)
    add_device_name(parser, repeatable=True, also="; the on-board device, beside or instead "
                                                  "of --serial")
    records.add_options(parser, vehicle.ACC_BRIEF)
    cli.run(parser, lambda args, client: vehicle.acc_status(client, args))


if __name__ == "__main__":
    main()
