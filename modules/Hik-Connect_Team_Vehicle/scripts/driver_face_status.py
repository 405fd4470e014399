#!/usr/bin/env python3
"""Result of a face picture application task
(POST /api/hccgw/vehicle/v1/driverFace/status/query). Failed drivers: exit 1.

Examples:
  driver_face_status.py --guid 7c9e6679...
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, vehicle


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--guid", type=cli.text(64, "task GUID"), required=True,
                        help="the GUID apply_driver_faces.py printed")
    cli.run(parser, lambda args, client: vehicle.face_status(client, args))


if __name__ == "__main__":
    main()
