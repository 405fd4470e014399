#!/usr/bin/env python3
"""Add a person with face picture, PIN and access levels in one request
(POST /api/hccgw/person/v1/persons/quick/add).

Cards and fingerprints cannot be given here: use update_cards.py / update_fingerprints.py.
The person may be added while its PIN, photo or an access level fails: the answer is then
success false (exit 1) with the personId and the failed parts in data.failed.

Examples:
  quick_add_person.py --group-id 378117915440051200 --person-code E1003 --first-name Cy \
      --photo face.jpg --pin 4821 --access-level-id 395619513653140480
  quick_add_person.py --department Employees --person-code E1004 --first-name Di \
      --access-level "lobby staff"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, person
from hct.acs import add_access_level_names


def main() -> None:
    parser = cli.parser(__doc__)
    person.add_person_arguments(parser)
    parser.add_argument("--photo", metavar="PATH",
                        help="face picture (JPEG/PNG), sent upright and under 200 KB")
    parser.add_argument("--pin", type=person.pin_code, help="PIN code, 4-8 digits")
    parser.add_argument("--access-level-id", action="append",
                        help="access level ID to assign (repeatable or comma list)")
    add_access_level_names(parser, "--access-level-id")
    cli.run(parser, lambda args, client: person.quick_add_person(client, args))


if __name__ == "__main__":
    main()
