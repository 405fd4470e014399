#!/usr/bin/env python3
"""Send an ISAPI request to a device through the platform
(POST /api/hccgw/proxy/v1/isapi/proxypass, guide 5.6.2).

Only GET is retried after a network error; PUT/POST/DELETE may change the device and are
never resent.

Examples:
  isapi_passthrough.py --device-id 85cff214... --url /ISAPI/System/deviceInfo
  isapi_passthrough.py --device "door station 01" --url /ISAPI/System/deviceInfo
  isapi_passthrough.py --device-id 85cff214... --method PUT --url /ISAPI/... \
      --content-type application/xml --body-file door.xml
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, intercom, isapi
from hct.resource import add_device_name


def main() -> None:
    parser = cli.parser(__doc__)
    device = parser.add_mutually_exclusive_group(required=True)
    device.add_argument("--device-id", type=cli.resource_id,
                        help="device ID (list_devices.py: id)")
    add_device_name(device, also="; instead of --device-id")
    isapi.add_request_arguments(parser)
    cli.run(parser, lambda args, client: intercom.isapi_passthrough(client, args))


if __name__ == "__main__":
    main()
