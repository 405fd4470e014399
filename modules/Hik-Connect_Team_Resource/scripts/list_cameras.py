#!/usr/bin/env python3
"""List cameras (POST /api/hccgw/resource/v1/areas/cameras/get).

Output: data.camera[]: the platform's CameraInfo fields (id, name, abilitySet, online
"1"/"0", area, device) plus resourceId (= id, the camera ID for video), channelNo
(integer), channelId, deviceId, deviceSerial; data.total, data.count, data.pagesRead.
Only cameras that are in an area are listed (the platform's rule).

Examples:
  list_cameras.py --all
  list_cameras.py --area-id 4f1c... --include-sub-areas
  list_cameras.py --serial J88106219 --format table
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, paging
from hct.resource import CAMERA_BRIEF, add_area_filter, list_cameras


def main() -> None:
    parser = cli.parser(__doc__)
    add_area_filter(parser, "cameras", device_id=False)
    parser.add_argument("--camera-id", action="append", metavar="ID",
                        help="only these camera IDs (repeatable or comma separated)")
    paging.add_paging(parser, brief=CAMERA_BRIEF, named="cameras")
    cli.run(parser, lambda args, client: list_cameras(client, args))


if __name__ == "__main__":
    main()
