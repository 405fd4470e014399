#!/usr/bin/env python3
"""Send an ISAPI request to a device through the platform
(POST /api/hccgw/video/v1/isapi/proxypass) and return the device's raw answer.

GET only reads. PUT, POST and DELETE change the device: without --yes they only show what
would be sent (dry run).

Examples:
  isapi_proxy.py --serial J88106219 --url /ISAPI/System/deviceInfo
  isapi_proxy.py --device "gate nvr" --url /ISAPI/System/deviceInfo
  isapi_proxy.py --device-id 85cff214670c4bc69a8d7436fb93576c \\
      --url /ISAPI/PTZCtrl/channels/2/presets
  isapi_proxy.py --serial J88106219 --method PUT --url /ISAPI/PTZCtrl/channels/1/auxcontrols/1 \\
      --body '<PTZAux><type>WIPER</type><status>on</status></PTZAux>' --yes
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, isapi, video
from hct.resource import add_device_name


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--device-id", type=cli.resource_id,
                        help="the device ID (id in list_devices.py)")
    parser.add_argument("--serial", type=cli.serial_number,
                        help="or the device serial No. (its ID is looked up)")
    add_device_name(parser, also="; instead of --device-id / --serial")
    isapi.add_request_arguments(parser)
    cli.add_confirmation(parser)
    cli.run(parser, lambda args, client: video.isapi_proxy(client, args))


if __name__ == "__main__":
    main()
