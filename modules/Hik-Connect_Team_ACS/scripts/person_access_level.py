#!/usr/bin/env python3
"""Add, remove or set a person's access levels
(POST /api/hccgw/acspm/v1/accesslevel/person/add | delete | modify).

  add     give the persons these access levels (keeps the others)
  delete  take these access levels (or --delete-all) away; needs --yes, else a dry run
  modify  make these the persons' COMPLETE list (the platform adds and removes to match);
          --delete-all removes every level and needs --yes

Persons are --person-id ID (1 to 18 digits) and/or --person NAME (repeatable; exactly one
person must match each, data.resolved says which); level IDs are 1 to 18 digits. Levels the
platform could not assign come back in data.failed (errorCode + hint) and the script exits 1.

Examples:
  person_access_level.py add --person "ana silva" --access-level-id 12
  person_access_level.py add --person "ana silva" --access-level "lobby staff"
  person_access_level.py add --person-id 379224379437087745 --access-level-id 12,13
  person_access_level.py delete --person-id 379224379437087745 --access-level-id 13 --yes
  person_access_level.py modify --person-id 379224379437087745 --access-level-id 12
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import acs, cli


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("operation", choices=("add", "delete", "modify"))
    acs.add_person_arguments(parser, repeatable=True)
    parser.add_argument("--access-level-id", action="append", metavar="ID",
                        help="access level ID (1-18 digits), repeatable or comma list")
    acs.add_access_level_names(parser, "--access-level-id")
    parser.add_argument("--delete-all", action="store_true",
                        help="delete/modify: remove every access level of the persons")
    cli.add_confirmation(parser)

    cli.run(parser, lambda args, client: acs.person_levels(client, args))


if __name__ == "__main__":
    main()
