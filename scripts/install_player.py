#!/usr/bin/env python3
"""Install the browser video player (the ezuikit-js npm package) into vendor/ezuikit-js/.

Runs `npm install ezuikit-js@<pinned version> --prefix vendor/ezuikit-js`. Idempotent: when
the pinned version is already there (ezuikit.js and ezuikit_static/ present) nothing is run
unless --force. vendor/ is git-ignored: the package is never committed.

Examples:
  install_player.py
  install_player.py --force
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli
from hct.player import install_package


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--force", action="store_true",
                        help="run npm even when the pinned version is already installed")
    cli.run(parser, lambda args, client: install_package(force=args.force))


if __name__ == "__main__":
    main()
