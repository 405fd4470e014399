#!/usr/bin/env python3
"""Delete a department (person group) (POST /api/hccgw/person/v1/groups/delete).

Without --yes nothing is deleted: the answer shows what would be sent (data.dryRun true).
The root department cannot be deleted.

Examples:
  delete_department.py --group-id 378117915440051200
  delete_department.py --group-id 378117915440051200 --yes
  delete_department.py --department "night shift" --yes
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
    person.add_department_target(parser, required=True,
                                 what="the department to delete (not the root)")
    cli.add_confirmation(parser)
    cli.run(parser, lambda args, client: person.delete_group(client, args))


if __name__ == "__main__":
    main()
