#!/usr/bin/env python3
"""Wake up a solar-powered camera (POST /api/hccgw/video/v1/video/device/wakeup).

A sleeping solar camera answers live view and playback only once woken up.

Examples:
  wakeup_device.py --serial L30221228
  wakeup_device.py L30221228
  wakeup_device.py --device "solar cam 3"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, video
from hct.resource import add_device_name


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("serial_positional", nargs="?", type=cli.serial_number,
                        metavar="SERIAL", help="the device serial No. (or --serial)")
    parser.add_argument("--serial", type=cli.serial_number, help="the device serial No.")
    add_device_name(parser, also="; instead of the serial No.")
    cli.run(parser, lambda args, client: video.wakeup_device(client, args))


if __name__ == "__main__":
    main()
