#!/usr/bin/env python3
"""Show devices' maintenance status: online, disks, recording
(POST /api/hccgw/maintenance/v1/list/device/detail).

Without --area-id the root area with its sub-areas is asked for (the platform's default
areaId -1 includes no device). Output: data.devices[] (the platform's Device, A.3.66:
baseStatus, diskStatus, deviceRecordStatus, area, awake, videoInfo, authRecord,
hddStausList, hddAttributeList, solarEnergyRecord), data.total (the platform's totalNum),
data.count, data.pagesRead, data.areas (the areas asked).

Examples:
  maintenance_status.py --all
  maintenance_status.py --exception offline,disk --format table
  maintenance_status.py --area-id 4f1c... --include-sub-areas --search NVR
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, paging
from hct.maintenance import (
    DEVICE_CATEGORIES,
    EXCEPTIONS,
    MAX_PAGE_SIZE,
    STATUS_BRIEF,
    maintenance_status,
)
from hct.resource import add_area_name, area_id


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--area-id", type=area_id, help="only devices of this area (default: "
                        "the root area with its sub-areas, i.e. every device)")
    add_area_name(parser)
    parser.add_argument("--include-sub-areas", action="store_true",
                        help="with --area-id/--area: also its sub-areas")
    parser.add_argument("--exception", action="append", metavar="KIND",
                        help="only devices with this exception: " + ", ".join(EXCEPTIONS)
                        + " (repeatable or comma separated)")
    parser.add_argument("--search", type=cli.text(64, "search text"),
                        help="filter by device name, serial No., version or area name")
    parser.add_argument("--device-category", choices=tuple(DEVICE_CATEGORIES),
                        default="encodingDevice",
                        help="encodingDevice (2001, default) or mobileDevice (2021)")
    paging.add_paging(parser, max_size=MAX_PAGE_SIZE, default_size=50, brief=STATUS_BRIEF,
                      named="devices")
    cli.run(parser, lambda args, client: maintenance_status(client, args))


if __name__ == "__main__":
    main()
