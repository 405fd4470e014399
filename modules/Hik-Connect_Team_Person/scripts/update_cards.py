#!/usr/bin/env python3
"""Add, remove or replace a person's cards
(POST /api/hccgw/person/v1/persons/updatecards), flow 4.12.

The platform replaces the whole list (at most 2 cards, card No. unique). This script keeps
the person's current cards unless you --remove-id them or --replace them all. --clear
deletes every card and needs --yes.

Examples:
  update_cards.py --person-id 378222739150076928 --card-no 892
  update_cards.py --person-id 378222739150076928 --collect-from J88106219
  update_cards.py --person-id 378222739150076928 --card-no 893 --remove-id 1
  update_cards.py --person-id 378222739150076928 --clear --yes
  update_cards.py --person "Ana Silva" --card-no 894
  update_cards.py --person "Ana Silva" --collect-from-device "front desk reader"
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
    person.add_credential_arguments(parser, person.CARDS)
    cli.run(parser, lambda args, client: person.update_cards(client, args))


if __name__ == "__main__":
    main()
