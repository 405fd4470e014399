#!/usr/bin/env python3
"""Add a person (POST /api/hccgw/person/v1/persons/add), flow 4.10 step 3.

Credentials come after: set_person_photo.py, set_person_pin.py, update_cards.py,
update_fingerprints.py (or use quick_add_person.py for person + photo + PIN at once).

Examples:
  add_person.py --group-id 378117915440051200 --person-code E1001 --first-name Ana \
      --last-name Silva --gender female --email ana@example.com
  add_person.py --group-id 378117915440051200 --person-code E1002 --first-name Bo \
      --start 2025-01-01T00:00:00+00:00 --end 2026-01-01T00:00:00+00:00
  add_person.py --department Employees --person-code E1003 --first-name Cy --end 2026-06-30
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
    person.add_person_arguments(parser)
    cli.run(parser, lambda args, client: person.add_person(client, args))


if __name__ == "__main__":
    main()
