#!/usr/bin/env python3
"""Capture a fingerprint on a device (POST /api/hccgw/person/v1/persons/fingercollect).

The person puts a finger on the reader of the device (an access controller that supports
collection). Returns fingerData (hex) and fingerQuality (1-100; 80+ recommended). Store it
with update_fingerprints.py --finger NAME=DATA, or do both with
update_fingerprints.py --collect-from SERIAL.

Examples:
  collect_fingerprint.py --serial J88106219
  collect_fingerprint.py --device "front desk reader"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, person
from hct.resource import add_device_name


def main() -> None:
    parser = cli.parser(__doc__)
    device = parser.add_mutually_exclusive_group(required=True)
    device.add_argument("--serial", type=cli.serial_number,
                        help="serial No. of the collecting device")
    add_device_name(device, also="; the collecting device, instead of --serial")
    cli.run(parser, lambda args, client: person.collect_cmd(client, args, person.FINGERS))


if __name__ == "__main__":
    main()
