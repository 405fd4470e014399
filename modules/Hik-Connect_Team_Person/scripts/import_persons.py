#!/usr/bin/env python3
"""Add or update persons from a CSV file (persons/list once, then one request per
new person).

The header row names the fields, as the guide spells them: personCode (required),
firstName, lastName, gender (female/male/unknown or 0/1/2), groupId, phone, email,
description, startDate, endDate (ISO 8601 with or without offset, 'YYYY-MM-DD HH:MM' or a
date; an endDate date alone is the end of that day), photo (a JPEG/PNG path, relative to
the CSV; more than 40 Mpixel fails the row), pinCode (4-8 digits), cardNo (up to 2,
separated by ";").

The script reads every person once (persons/list, 100 per page) to find existing ones by
personCode: those are updated (only what differs), the others are added with
persons/quick/add (person, photo and PIN in one request), then cards with updatecards.
A failing row is reported and skipped; the others go on. Re-running the same file updates
instead of duplicating.

Examples:
  import_persons.py --csv staff.csv --group-id 378117915440051200
  import_persons.py --csv staff.csv --department "night shift"
  import_persons.py --csv staff.csv --dry-run
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, person
from hct.csv_import import import_persons


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--csv", metavar="PATH", required=True, help="the CSV file (UTF-8)")
    person.add_department_target(parser, required=False,
                                 what="department of NEW persons whose row has no groupId "
                                      "(existing persons keep theirs)")
    parser.add_argument("--dry-run", action="store_true",
                        help="check the file and show what would be added or updated "
                             "(reads persons/list, changes nothing)")
    parser.add_argument("--only-failed", action="store_true",
                        help="list only the failed rows in data.results (counts stay complete)")
    cli.run(parser, lambda args, client: import_persons(client, args))


if __name__ == "__main__":
    main()
