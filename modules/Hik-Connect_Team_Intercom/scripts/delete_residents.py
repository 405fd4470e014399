#!/usr/bin/env python3
"""Unlink residents from their rooms (POST /api/hccgw/vims/v1/person/delete).

The person itself stays (the Person module deletes persons). Without --yes: a dry run.

Examples:
  delete_residents.py --id 5d1e...            # dry run
  delete_residents.py --id 5d1e...,77aa... --yes
  delete_residents.py --resident "Olga Ivanova" --yes
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, intercom, names


def main() -> None:
    parser = cli.parser(__doc__)
    cli.add_ids_option(parser, "ID of a resident to delete", required=False)
    names.add_name_argument(parser, "--resident", "resident", repeatable=True,
                            also="; beside or instead of --id")
    cli.add_confirmation(parser)
    cli.run(parser, lambda args, client: intercom.delete_residents(client, args))


if __name__ == "__main__":
    main()
