#!/usr/bin/env python3
"""List cameras (POST /api/hccgw/resource/v1/areas/cameras/get).

Output: data.camera[]: brief records (id, name, online "1"/"0", area.name, resourceId = id
the camera ID for video, deviceSerial, channelNo (integer), and streamEncryptEnable with
--encrypted); --detail full adds the platform's CameraInfo (abilitySet, area.id, device)
and channelId, deviceId. data.total, data.count, data.pagesRead. Only cameras that are in
an area are listed (the platform's rule). --offline and --encrypted read every page;
--encrypted asks devicedetail/get once per device (kept 5 minutes in the cache).

Examples:
  list_cameras.py --all
  list_cameras.py --area-id 4f1c... --include-sub-areas
  list_cameras.py --serial J88106219 --format table
  list_cameras.py --offline --area lobby
  list_cameras.py --encrypted --device "Gate NVR"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, paging
from hct.resource import CAMERA_LIST_BRIEF, add_area_filter, list_cameras


def main() -> None:
    parser = cli.parser(__doc__)
    add_area_filter(parser, "cameras", device_id=False)
    parser.add_argument("--camera-id", action="append", metavar="ID",
                        help="only these camera IDs (repeatable or comma separated)")
    parser.add_argument("--offline", action="store_true",
                        help="only cameras offline right now (online \"0\")")
    parser.add_argument("--encrypted", action="store_true",
                        help="only cameras of devices with stream encryption on (one "
                        "devicedetail request per device, kept 5 minutes)")
    paging.add_paging(parser, brief=CAMERA_LIST_BRIEF, named="cameras")
    cli.run(parser, lambda args, client: list_cameras(client, args))


if __name__ == "__main__":
    main()
