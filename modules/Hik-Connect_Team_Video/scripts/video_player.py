#!/usr/bin/env python3
"""Serve the EZUIKit browser player and print the address to open (data.playerUrl).

Either serves a page written by get_video_url.py --html PATH (--html PATH), or gets the
address itself from the same camera flags as get_video_url.py (EZOPEN only). The page, the
ezuikit-js package (install it once with scripts/install_player.py) and its decoders are
served over HTTP under an unguessable path, on 127.0.0.1 (a free port, or --port), or with
--host ADDR on that address (0.0.0.0: every interface) for a user on another device; the
link stops working when the stream token expires (data.linkExpiresAt). The JSON envelope is
printed once the server listens; it then keeps serving until Ctrl-C or SIGTERM, or with
--once until the browser's player has reported back and fetched its files (3 s without a
request), or for at most --timeout seconds. Exit code 0 then.

Examples:
  video_player.py --camera "front entrance" --timeout 1800
  video_player.py --serial J88106219 --channel 1
  video_player.py --camera "front entrance" --host 0.0.0.0 --timeout 3600
  video_player.py --html /tmp/player.html --port 8765
  video_player.py --resource-id 5ce3cebed0e549938c59034edb5fe290 --playback cloud \\
      --start "2024-11-28 14:00:00" --end "2024-11-28 14:30:00" --timeout 600
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, player, video


def main() -> None:
    parser = cli.parser(__doc__)
    video.add_stream_arguments(parser)
    parser.add_argument("--html", metavar="PATH",
                        help="serve this page (from get_video_url.py --html) instead of "
                             "getting a new address")
    parser.add_argument("--host", type=player.listen_address, default="127.0.0.1",
                        metavar="ADDR",
                        help="listen on this address instead of 127.0.0.1, for a user on "
                             "another device (0.0.0.0: every interface); the link is "
                             "unguessable and expires with the stream token")
    parser.add_argument("--port", type=cli.bounded_int(0, 65535), default=0,
                        help="port to listen on (default 0: a free one)")
    parser.add_argument("--once", action="store_true",
                        help="stop once the browser's player has reported back (created or "
                             "failed) and fetched its files (3 s without a request)")
    parser.add_argument("--timeout", type=cli.bounded_int(1), metavar="SECONDS",
                        help="stop after this many seconds")
    cli.run(parser, lambda args, client: video.serve_player(client, args))


if __name__ == "__main__":
    main()
