#!/usr/bin/env python3
"""List the devices of the account (POST /api/hccgw/resource/v1/devices/get).

Examples:
  list_devices.py --all
  list_devices.py --category encodingDevice --search NVR --page 2 --page-size 50
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, paging
from hct.resource import DEVICE_CATEGORIES, list_devices


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--area-id", type=cli.resource_id, help="only devices of this area")
    parser.add_argument("--category", choices=DEVICE_CATEGORIES,
                        help="device category (the guide's deviceCategory)")
    parser.add_argument("--search", help="fuzzy match on name, serial No. or version")
    paging.add_paging(parser)
    cli.run(parser, lambda args, client: list_devices(
        client, args, area_id=args.area_id, category=args.category, search=args.search))


if __name__ == "__main__":
    main()
