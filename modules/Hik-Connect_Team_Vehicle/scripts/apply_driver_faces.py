#!/usr/bin/env python3
"""Apply drivers' face pictures to their vehicles' on-board devices
(POST /api/hccgw/vehicle/v1/driverFace/distribution).

Asynchronous: the answer is a task GUID; --wait waits 2 s and reads the result
(driver_face_status.py does the same later).

Examples:
  apply_driver_faces.py --driver-id 5217...,5218...
  apply_driver_faces.py --driver-id 5217... --wait
  apply_driver_faces.py --driver "san zhang" --driver "ana lopez"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, names, vehicle


def main() -> None:
    parser = cli.parser(__doc__)
    cli.add_ids_option(parser, "driver ID", flag="--driver-id", required=False)
    names.add_name_argument(parser, "--driver", "driver", repeatable=True,
                            also="; beside or instead of --driver-id")
    parser.add_argument("--wait", action="store_true",
                        help="wait 2 s and report the task's result")
    cli.run(parser, lambda args, client: vehicle.apply_faces(client, args))


if __name__ == "__main__":
    main()
