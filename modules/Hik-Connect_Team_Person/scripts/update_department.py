#!/usr/bin/env python3
"""Edit a department (person group) (POST /api/hccgw/person/v1/groups/update).

Only the given fields change.

Examples:
  update_department.py --group-id 378117915440051200 --name "Finance & Legal"
  update_department.py --group-id 378117915440051200 --parent-id 378117915440051100
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
    parser.add_argument("--group-id", type=person.group_id, required=True,
                        help="the department to edit")
    parser.add_argument("--name", type=person.group_name,
                        help="new name (no special characters), at most 64")
    parser.add_argument("--description", type=person.group_description,
                        help="new description, at most 128 characters")
    parser.add_argument("--area-id", type=cli.resource_id, help="new linked area ID")
    parser.add_argument("--parent-id", type=person.group_id, help="new parent department ID")
    cli.run(parser, lambda args, client: person.update_group(client, args))


if __name__ == "__main__":
    main()
