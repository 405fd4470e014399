#!/usr/bin/env python3
"""Edit a device's name, login or time zone (POST /api/hccgw/resource/v1/devices/update).

The device is --device-id ID or --device NAME. The guide requires the name on every update:
with --device-id give the current one to keep it; with --device and no --name the device
keeps its name. The device password, if any, is read from the environment variable named
by --password-env.

Output: data.deviceId and data.updated (the fields sent).

Examples:
  update_device.py --device-id 4606458718594636bb0487029f759684 --name "NVR lobby"
  update_device.py --device-id 4606... --name "NVR lobby" --time-zone-id 31 --apply-time-zone
  update_device.py --device "NVR lobby" --time-zone-id 31
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli
from hct.resource import add_device_name, update_device


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--device-id", type=cli.text(32, "device ID"),
                        help="device ID (list_devices.py --detail full: id)")
    add_device_name(parser, also="; instead of --device-id")
    parser.add_argument("--name", type=cli.text(32, "device name"),
                        help="new device name (at most 32 characters; required by the guide "
                        "with --device-id; with --device the current name is kept)")
    parser.add_argument("--user-name", type=cli.text(32, "user name"), help="device user name")
    parser.add_argument("--password-env", metavar="VAR",
                        help="name of the environment variable holding the device password")
    parser.add_argument("--time-zone-id", type=cli.text(8, "time zone ID"),
                        help="new time zone ID (list_timezones.py)")
    parser.add_argument("--apply-time-zone", action="store_true",
                        help="with --time-zone-id: also set it on the device")
    cli.run(parser, lambda args, client: update_device(client, args))


if __name__ == "__main__":
    main()
