#!/usr/bin/env python3
"""Add device channels to an area (POST /api/hccgw/resource/v1/areas/resources/add).

A channel is only listed by list_cameras.py / device_channels.py (and gets a resourceId)
once it is in an area. Give channels one by one (--channel TYPE:CHANNEL_ID:NAME, where
CHANNEL_ID is an id from device_detail.py's cameraChannel/alarmInputChannel/...), or
--from-device SERIAL to add every channel of that device that is in no area yet.

Output: data.devChannel[] (id = the new resource ID, name, channelID, resourceType,
errorCode). Channels the platform refused: exit 1, data.failed[] with errorCode and hint.

Examples:
  add_area_resources.py --area-id 4f1c... --from-device J88106219
  add_area_resources.py --area-id 4f1c... --from-device J88106219 --types camera
  add_area_resources.py --area lobby --device "Gate NVR"
  add_area_resources.py --area-id 4f1c... --channel "camera:564138cd313d41da:Gate cam"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli
from hct.resource import CHANNEL_TYPES, add_area_name, add_area_resources, add_device_name, area_id


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--area-id", type=area_id, help="the area to add to")
    add_area_name(parser)
    parser.add_argument("--channel", action="append", metavar="TYPE:CHANNEL_ID:NAME",
                        help="one channel; TYPE is " + ", ".join(CHANNEL_TYPES)
                        + " (repeatable)")
    parser.add_argument("--from-device", type=cli.serial(16), metavar="SERIAL",
                        help="every channel of this device that is in no area yet")
    add_device_name(parser, also="; instead of --from-device SERIAL")
    parser.add_argument("--types", action="append", metavar="TYPES",
                        help="with --from-device: which kinds (comma separated; default "
                        "camera,alarmInput,alarmOutput)")
    parser.add_argument("--include-assigned", action="store_true",
                        help="with --from-device: also channels already in an area (moves them)")
    cli.run(parser, lambda args, client: add_area_resources(client, args))


if __name__ == "__main__":
    main()
