#!/usr/bin/env python3
"""Show one person: basic information, cards, fingerprints, PIN
(POST /api/hccgw/person/v1/persons/get).

Examples:
  get_person.py --person-id 376748042642236416
  get_person.py 376748042642236416 --format table
  get_person.py --person "Ana Silva"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, names, person


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("id", nargs="?", type=person.person_id, metavar="PERSON_ID",
                        help="person ID")
    parser.add_argument("--person-id", type=person.person_id, help="person ID")
    names.add_name_argument(parser, "--person", "person", also="; instead of the ID")
    cli.run(parser, lambda args, client: person.show_person(client, args))


if __name__ == "__main__":
    main()
