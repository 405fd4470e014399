#!/usr/bin/env python3
"""List devices (or logical resources) that went offline in a time range
(POST /api/hccgw/maintain/v1/offline/info/list).

Times: ISO 8601 with or without an offset (2025-02-17T08:00:00Z, 2025-02-17T09:00+01:00),
"YYYY-MM-DD HH:MM[:SS]" or a date alone (--end DATE: the end of that day); without an
offset they are in HIK_CONNECT_TEAM_TIMEZONE, else the machine's zone. Default: the last
24 hours (--hours N for another span).

Output: data.rows[]: brief records (id, name, deviceSerial, areaName, resourceTypeName,
offlineCount, offlineDuration in ms); --detail full for the platform's DeviceOfflineInfo
(also areaId, resourceType). data.total, data.count, data.pagesRead, data.window (the
window with its offset), data.startTime/endTime (the epoch ms sent).

Examples:
  offline_devices.py --all
  offline_devices.py --hours 168 --order-by offline-duration --format table
  offline_devices.py --start 2025-02-01T00:00:00Z --end 2025-02-08T00:00:00Z --kind logical
  offline_devices.py --start 2025-02-01 --end 2025-02-07 --area lobby --name nvr
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, paging
from hct.maintenance import MAX_PAGE_SIZE, OFFLINE_BRIEF, ORDER_BY, QUERY_TYPES, offline_devices
from hct.resource import add_area_name, area_id


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--start", type=cli.moment, help="start of the range (default: "
                        "--hours before --end)")
    parser.add_argument("--end", type=cli.moment_end, help="end of the range (default: now; "
                        "a date alone is the end of that day)")
    parser.add_argument("--hours", type=cli.bounded_int(1, 24 * 366),
                        help="the range is the last N hours before --end (default 24)")
    parser.add_argument("--area-id", type=area_id, help="only this area (default: the root)")
    add_area_name(parser)
    parser.add_argument("--kind", choices=tuple(QUERY_TYPES), default="device",
                        help="device (default) or logical resources (cameras, doors, zones)")
    parser.add_argument("--order-by", choices=tuple(ORDER_BY), default="device-id",
                        help="sort order (default device-id)")
    paging.add_paging(parser, max_size=MAX_PAGE_SIZE, default_size=50, brief=OFFLINE_BRIEF,
                      named="devices or resources")
    cli.run(parser, lambda args, client: offline_devices(client, args))


if __name__ == "__main__":
    main()
