#!/usr/bin/env python3
"""Show one device by serial No. (POST /api/hccgw/resource/v1/devicedetail/get).

Output: data.device, the platform's GetDeviceInfo: baseInfo (id, name, category, serialNo,
version, type, streamEncryptEnable, available*ChannelNum), cameraChannel[],
alarmInputChannel[], alarmOutputChannel[], doorChannel[] (each: id = the channel ID that
add_area_resources.py takes, name, no, online, area), onlineStatus, timeZoneID.
The camera resourceId used for video is NOT here: use device_channels.py.

Examples:
  device_detail.py J88106219
  device_detail.py --serial J88106219 --format table
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli
from hct.errors import InvalidArgument
from hct.resource import serial, show_device_detail


def handler(args, client):
    args.serial = args.serial or args.serial_positional
    if not args.serial:
        raise InvalidArgument("give the device serial No. (--serial or as the argument).")
    return show_device_detail(client, args)


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("serial_positional", nargs="?", type=serial(16), metavar="SERIAL",
                        help="device serial No. (same as --serial)")
    parser.add_argument("--serial", type=serial(16),
                        help="device serial No. (letters and digits, at most 16)")
    cli.run(parser, handler)


if __name__ == "__main__":
    main()
