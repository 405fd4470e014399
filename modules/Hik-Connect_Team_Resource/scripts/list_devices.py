#!/usr/bin/env python3
"""List the devices of the account (POST /api/hccgw/resource/v1/devices/get).

Output: data.device[]: brief records (name, serialNo, category, onlineStatus 0 offline /
1 online / 2 unknown; with --offline/--online only name and serialNo); --detail full gives
the platform's Device (also id, type, version, timeZone, addTime). data.total,
data.pageSize, data.pagesRead, data.count.

Examples:
  list_devices.py --offline              # offline right now, every category, every page
  list_devices.py --all
  list_devices.py --category encodingDevice --search NVR --page 2 --page-size 50
  list_devices.py --search lobby --all     # every category, merged
  list_devices.py --job-number WO-1234 --category encodingDevice,alarmDevice
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, paging
from hct.resource import DEVICE_BRIEF, DEVICE_CATEGORIES, add_area_name, area_id, list_devices


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--area-id", type=area_id,
                        help="only devices of this area (not with --job-number)")
    add_area_name(parser)
    state = parser.add_mutually_exclusive_group()
    state.add_argument("--offline", dest="state", action="store_const", const="offline",
                       help="only devices offline right now (onlineStatus 0; reads every page)")
    state.add_argument("--online", dest="state", action="store_const", const="online",
                       help="only devices online right now (onlineStatus 1; reads every page)")
    parser.add_argument("--category",
                        help="device category: " + ", ".join(DEVICE_CATEGORIES)
                        + " (several, comma separated, only with --job-number)")
    parser.add_argument("--search", type=cli.text(64, "search text"),
                        help="fuzzy match on name, serial No. or version (filter.matchKey); "
                        "without --category each category is searched (one request each) "
                        "and the devices merged")
    parser.add_argument("--job-number", type=cli.text(128, "work order No."),
                        help="work order No. (filter.jobNumber); not with --area-id")
    paging.add_paging(parser, brief=DEVICE_BRIEF, named="devices")
    cli.run(parser, lambda args, client: list_devices(
        client, args, area_id=args.area_id, category=args.category, search=args.search,
        job_number=args.job_number))


if __name__ == "__main__":
    main()
