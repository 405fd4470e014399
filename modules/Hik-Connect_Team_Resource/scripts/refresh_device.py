#!/usr/bin/env python3
"""Refresh devices' online status now (POST /api/hccgw/resource/v1/device/{deviceId}/refresh).

Output: data.device[] (deviceId, status 0 offline / 1 online, online true/false,
deviceSerial when given by serial). A device the platform could not refresh (errorCode
inside the answer, e.g. CCF021307 device does not exist) makes the script fail (exit 1)
with data.failed[] (deviceId, errorCode, hint).

Examples:
  refresh_device.py --device-id 1aed864a17214f4f8d43f258b9bb4d88
  refresh_device.py --serial J88106219 --serial F68147103
  refresh_device.py --device "lobby nvr"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli
from hct.resource import add_device_name, refresh_devices


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--device-id", action="append", metavar="ID",
                        help="device ID (repeatable or comma separated)")
    parser.add_argument("--serial", action="append", metavar="SERIAL",
                        help="device serial No. (looked up with devicedetail/get; repeatable)")
    add_device_name(parser, repeatable=True)
    cli.run(parser, lambda args, client: refresh_devices(client, args))


if __name__ == "__main__":
    main()
