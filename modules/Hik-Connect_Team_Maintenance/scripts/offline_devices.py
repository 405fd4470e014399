#!/usr/bin/env python3
"""List devices (or logical resources) that went offline in a time range
(POST /api/hccgw/maintain/v1/offline/info/list).

Times: ISO 8601 (2025-02-17T08:00:00Z, +01:00 offsets), "YYYY-MM-DD HH:MM:SS" (UTC) or epoch
milliseconds. Default: the last 24 hours (--hours N for another span).

Output: data.rows[] (the platform's DeviceOfflineInfo: id, name, deviceSerial, areaId,
areaName, resourceType, offlineCount, offlineDuration in ms) with resourceTypeName added;
data.total, data.count, data.pagesRead, data.startTime/endTime (ms) and their *Utc forms.

Examples:
  offline_devices.py --all
  offline_devices.py --hours 168 --order-by offline-duration --format table
  offline_devices.py --start 2025-02-01T00:00:00Z --end 2025-02-08T00:00:00Z --kind logical
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, paging
from hct.maintenance import MAX_PAGE_SIZE, ORDER_BY, QUERY_TYPES, epoch_ms, offline_devices
from hct.resource import area_id


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--start", type=epoch_ms, help="start of the range (default: --hours "
                        "before --end)")
    parser.add_argument("--end", type=epoch_ms, help="end of the range (default: now)")
    parser.add_argument("--hours", type=cli.bounded_int(1, 24 * 366),
                        help="the range is the last N hours before --end (default 24)")
    parser.add_argument("--area-id", type=area_id, help="only this area (default: the root)")
    parser.add_argument("--kind", choices=tuple(QUERY_TYPES), default="device",
                        help="device (default) or logical resources (cameras, doors, zones)")
    parser.add_argument("--order-by", choices=tuple(ORDER_BY), default="device-id",
                        help="sort order (default device-id)")
    paging.add_paging(parser, max_size=MAX_PAGE_SIZE, default_size=50)
    cli.run(parser, lambda args, client: offline_devices(client, args))


if __name__ == "__main__":
    main()
