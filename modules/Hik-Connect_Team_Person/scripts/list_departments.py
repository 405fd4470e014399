#!/usr/bin/env python3
"""List departments (person groups) (POST /api/hccgw/person/v1/groups/search).

Without options: the root department and its direct sub-departments. The groupId is what
add_person.py --group-id needs (or give add_person.py --department NAME). Brief records by
default: groupId, groupName, parentId, groupFullPath.

Examples:
  list_departments.py
  list_departments.py --all-levels --name Finance
  list_departments.py --parent Finance
  list_departments.py --all-levels --csv departments.csv
  list_departments.py --group-id 378117915440051200
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, names, person, records


def main() -> None:
    parser = cli.parser(__doc__)
    parent = parser.add_mutually_exclusive_group()
    parent.add_argument("--parent-id", type=person.group_id,
                        help="start at this department (default: the root directory)")
    names.add_name_argument(parent, "--parent", "parent department",
                            also="; instead of --parent-id")
    names.add_name_filter(parser, "departments")
    parser.add_argument("--all-levels", action="store_true",
                        help="every level below the parent (depthTraversal true), not only "
                             "the direct sub-departments")
    parser.add_argument("--group-id", action="append",
                        help="only these department IDs (repeatable or comma list); "
                             "excludes the other filters")
    records.add_options(parser, person.DEPARTMENT_BRIEF)
    cli.run(parser, lambda args, client: person.search_groups(client, args))


if __name__ == "__main__":
    main()
