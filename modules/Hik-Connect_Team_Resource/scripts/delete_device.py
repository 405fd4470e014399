#!/usr/bin/env python3
"""Delete devices (POST /api/hccgw/resource/v1/devices/delete).

Without --yes nothing is sent: data.dryRun is true and data.wouldSend shows the request.
With --yes: data.deleted lists the device IDs. All devices of one call share a category:
--category is required with --device-id; devices given by --device NAME bring their own.

Examples:
  delete_device.py --device-id 4ab20c2f3ba54daea4e0f569b622c362 --category encodingDevice
  delete_device.py --device-id ID1,ID2 --category encodingDevice --yes
  delete_device.py --device-id ID --category mobileDevice --delete-vehicle --yes
  delete_device.py --device "Gate NVR" --yes
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli
from hct.resource import DEVICE_CATEGORIES, add_device_name, delete_devices


def main() -> None:
    parser = cli.parser(__doc__)
    cli.add_ids_option(parser, "device ID", flag="--device-id", required=False,
                       note="; list_devices.py --detail full: id")
    add_device_name(parser, repeatable=True)
    parser.add_argument("--category", choices=DEVICE_CATEGORIES,
                        help="the devices' category (required by the guide; with --device "
                        "it is the named devices' own)")
    parser.add_argument("--delete-vehicle", action="store_true",
                        help="on-board devices: also delete the linked vehicle")
    cli.add_confirmation(parser)
    cli.run(parser, lambda args, client: delete_devices(client, args))


if __name__ == "__main__":
    main()
