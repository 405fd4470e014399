#!/usr/bin/env python3
"""Add, remove or replace a person's fingerprints
(POST /api/hccgw/person/v1/persons/updatefingers), flow 4.12.

The platform replaces the whole list (at most 2). This script keeps the person's current
fingerprints unless you --remove-id them or --replace them all. --clear deletes every
fingerprint and needs --yes.

Examples:
  update_fingerprints.py --person-id 377140151211762688 --collect-from J88106219 \
      --name "right index"
  update_fingerprints.py --person-id 377140151211762688 --finger "left thumb=9003A0..."
  update_fingerprints.py --person-id 377140151211762688 --remove-id 1
  update_fingerprints.py --person-id 377140151211762688 --clear --yes
  update_fingerprints.py --person "Ana Silva" --collect-from J88106219 --name "left index"
  update_fingerprints.py --person "Ana Silva" --collect-from-device "front desk reader" \
      --name "left index"
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
    person.add_credential_arguments(parser, person.FINGERS)
    cli.run(parser, lambda args, client: person.update_fingerprints(client, args))


if __name__ == "__main__":
    main()
