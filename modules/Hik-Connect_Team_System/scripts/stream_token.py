#!/usr/bin/env python3
"""Get the streaming token for the Hik-Connect / EZUIKit player
(GET /api/hccgw/platform/v1/streamtoken/get).

Output: data.appToken (the player's accessToken; valid 7 days, each call renews it),
data.streamAreaDomain (the player's env.domain), data.appKey, data.expireTime (epoch ms)
and data.expireTimeUtc. The appToken is printed because it is what the caller asked for:
give it to the player only.

Example:
  stream_token.py
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli
from hct.system import stream_token


def main() -> None:
    cli.run(cli.parser(__doc__), lambda args, client: stream_token(client, args))


if __name__ == "__main__":
    main()
