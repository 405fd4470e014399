#!/usr/bin/env python3
"""Get the system Bluetooth encryption key material (GET /api/hccgw/acs/v1/encryptinfo/get).

Output: data.encryptType (AES128_CBC), data.authData (hidden unless --reveal), data.vector,
data.loopCount. The key is unique to the system and does not change: treat it as a secret.

Examples:
  bluetooth_encrypt_info.py
  bluetooth_encrypt_info.py --reveal      # only when the user needs the key itself
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import acs, cli


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--reveal", action="store_true", help="show authData in full")
    cli.run(parser, lambda args, client: acs.encrypt_info(client, reveal=args.reveal))


if __name__ == "__main__":
    main()
