#!/usr/bin/env python3
"""List doors (POST /api/hccgw/resource/v1/areas/doors/get).

Output: data.door[]: the platform's fields (id = the door ID that acs_control.py takes,
name, online "1"/"0", area, device) plus resourceId, channelNo, channelId, deviceId,
deviceSerial; data.total, data.count, data.pagesRead.

Examples:
  list_doors.py --all
  list_doors.py --serial K14891504
  list_doors.py --area-id 4f1c... --include-sub-areas --format table
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, paging
from hct.resource import DOOR_BRIEF, add_area_filter, list_doors


def main() -> None:
    parser = cli.parser(__doc__)
    add_area_filter(parser, "doors")
    paging.add_paging(parser, brief=DOOR_BRIEF, named="doors")
    cli.run(parser, lambda args, client: list_doors(client, args))


if __name__ == "__main__":
    main()
