#!/usr/bin/env python3
"""Get a person's QR code (POST /api/hccgw/person/v1/persons/qrcode).

The code is dynamic (valid 60 s) or static, as set on the platform. qrCodeData is Base64;
--output writes its decoded bytes to a file.

Examples:
  person_qrcode.py --person-id 376748042642236416
  person_qrcode.py --person-id 376748042642236416 --output qr.bin
  person_qrcode.py --person "Ana Silva" --client-local-time "2026-12-01 09:30"
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
    parser.add_argument("--client-local-time", type=person.iso_time,
                        help="caller's local time (ISO 8601 with or without offset, "
                             "'YYYY-MM-DD HH:MM'; default: now), sent with its offset")
    parser.add_argument("--output", metavar="PATH", help="write the decoded qrCodeData here")
    cli.run(parser, lambda args, client: person.person_qrcode(client, args))


if __name__ == "__main__":
    main()
