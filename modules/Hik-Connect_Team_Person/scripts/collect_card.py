#!/usr/bin/env python3
"""Read a card on a device (POST /api/hccgw/person/v1/persons/cardcollect).

For cards without a printed number: the person presents the card to the device's reader.
Store it with update_cards.py --card-no NO, or do both with update_cards.py --collect-from.

Examples:
  collect_card.py --serial J88106219
  collect_card.py --device "front desk reader"
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
    cli.run(parser, lambda args, client: person.collect_cmd(client, args, person.CARDS))


if __name__ == "__main__":
    main()
