#!/usr/bin/env python3
"""Set a person's PIN code (POST /api/hccgw/person/v1/persons/updatepincode).

The PIN opens doors: it is not echoed in the answer.

Examples:
  set_person_pin.py --person-id 395611750566890496 --pin 3452
  set_person_pin.py --person "Ana Silva" --pin 3452
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, person


def main() -> None:
    parser = cli.parser(__doc__)
    person.add_person_target(parser)
    parser.add_argument("--pin", type=person.pin_code, required=True, help="4-8 digits")
    cli.run(parser, lambda args, client: person.set_pin(client, args))


if __name__ == "__main__":
    main()
