#!/usr/bin/env python3
"""List or search persons (POST /api/hccgw/person/v1/persons/list).

Pages hold at most 100 persons (the guide's limit); --all reads every page. --email and
--phone are the platform's fuzzy filters; --name reads every page the platform's name filter
finds and keeps the persons whose name holds every word (case and accents ignored).
Brief records by default: personInfo.personId, personCode, firstName, lastName, groupId
(--detail full adds cards, fingerprints and the PIN).

Examples:
  list_persons.py --all
  list_persons.py --name ana --page-size 20
  list_persons.py --email @example.com --all --format table
  list_persons.py --all --csv persons.csv
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, paging, person


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--email", type=cli.text(64, "email filter"),
                        help="fuzzy match on the email address")
    parser.add_argument("--phone", type=person.phone, help="fuzzy match on the phone number")
    paging.add_paging(parser, max_size=person.LIST_MAX_PAGE_SIZE, brief=person.PERSON_BRIEF,
                      named="persons")
    cli.run(parser, lambda args, client: person.list_persons(client, args))


if __name__ == "__main__":
    main()
