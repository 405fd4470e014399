#!/usr/bin/env python3
"""Set a person's face picture (POST /api/hccgw/person/v1/persons/photo).

The picture (JPEG or PNG) is turned upright by its EXIF orientation, downscaled and
re-encoded as JPEG under 200 KB, then sent as Base64 photoData.

Examples:
  set_person_photo.py --person-id 381019761745728512 --photo ./faces/ana.jpg
  set_person_photo.py --person "Ana Silva" --photo ./faces/ana.jpg
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
    parser.add_argument("--photo", metavar="PATH", required=True,
                        help="face picture file (JPEG or PNG)")
    cli.run(parser, lambda args, client: person.set_photo(client, args))


if __name__ == "__main__":
    main()
