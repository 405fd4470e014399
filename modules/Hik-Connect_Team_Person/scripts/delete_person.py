#!/usr/bin/env python3
"""Delete persons (POST /api/hccgw/person/v1/persons/delete); also from the devices.

Without --yes nothing is deleted: the answer shows what would be sent (data.dryRun true).

Examples:
  delete_person.py --person-id 376748042642236416
  delete_person.py --person-id 376748042642236416,376748042642236417 --yes
  delete_person.py --person "Ana Silva" --person "Bruno Costa"
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
    parser.add_argument("--person-id", action="append",
                        help="person ID (repeatable or comma list)")
    names.add_name_argument(parser, "--person", "person", repeatable=True,
                            also="; beside or instead of --person-id")
    cli.add_confirmation(parser)
    cli.run(parser, lambda args, client: person.delete_persons(client, args))


if __name__ == "__main__":
    main()
