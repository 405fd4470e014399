#!/usr/bin/env python3
"""Update a person's basic information (POST /api/hccgw/person/v1/persons/update).

The platform wants every field in an update: the script reads the person
(persons/get) and sends the current values with your changes. The person code cannot
change. Changes reach the devices the person is applied to.

Examples:
  update_person.py --person-id 399996371484193792 --phone 5550100
  update_person.py --person-id 399996371484193792 --end 2030-12-31T23:59:59+00:00
  update_person.py --person "Ana Silva" --department Finance --end 2027-06-30
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
    person.add_person_arguments(parser, update=True)
    cli.run(parser, lambda args, client: person.update_person(client, args))


if __name__ == "__main__":
    main()
