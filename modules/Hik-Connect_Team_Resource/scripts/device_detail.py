#!/usr/bin/env python3
"""Show one device by serial No. (POST /api/hccgw/resource/v1/devicedetail/get).

Output: data.device, the platform's GetDeviceInfo: baseInfo (id, name, category, serialNo,
version, type, streamEncryptEnable, available*ChannelNum), cameraChannel[],
alarmInputChannel[], alarmOutputChannel[], doorChannel[] (each: id = the channel ID that
add_area_resources.py takes, name, no, online, area), onlineStatus, timeZoneID.
The camera resourceId used for video is NOT here: use device_channels.py.

The device is SERIAL, --serial SERIAL or --device NAME (data.resolved says which).

Examples:
  device_detail.py J88106219
  device_detail.py --device "lobby nvr"
  device_detail.py --serial J88106219 --format table
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli
from hct.resource import add_serial_argument, show_device_detail


def main() -> None:
    parser = cli.parser(__doc__)
    add_serial_argument(parser)
    cli.run(parser, lambda args, client: show_device_detail(client, args))


if __name__ == "__main__":
    main()
