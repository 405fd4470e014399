#!/usr/bin/env python3
"""List the camera channels of one device with the resourceId the video scripts need
(POST /api/hccgw/resource/v1/areas/cameras/get filtered by deviceSerialNo).

Output: data.camera[] sorted by channel No.: the platform's CameraInfo fields (id, name,
abilitySet, online "1"/"0", area, device) plus resourceId (= id, the camera ID for video
and capture), channelNo (integer), channelId, deviceId, deviceSerial; data.deviceSerial,
data.total, data.count. Cameras appear only once they are in an area: when none is, the
answer lists the device's channels in data.unassignedChannels and says how to add them.

The device is SERIAL, --serial SERIAL or --device NAME. Brief records by default
(id, name, online, area.name, resourceId, deviceSerial, channelNo); --detail full for the
platform's objects, --name TEXT to keep cameras whose name has every word.

Examples:
  device_channels.py J88106219
  device_channels.py --device "lobby nvr"
  device_channels.py --serial J88106219 --all --format table
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, paging
from hct.resource import CAMERA_BRIEF, add_serial_argument, device_channels


def main() -> None:
    parser = cli.parser(__doc__)
    add_serial_argument(parser)
    paging.add_paging(parser, brief=CAMERA_BRIEF, named="cameras")
    cli.run(parser, lambda args, client: device_channels(client, args))


if __name__ == "__main__":
    main()
