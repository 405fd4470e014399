#!/usr/bin/env python3
"""Get a live view or playback address of a camera (POST /api/hccgw/video/v1/live/address/get),
with the stream token a player needs (GET /api/hccgw/platform/v1/streamtoken/get).

The camera is --camera NAME (exactly one must match; data.resolved says which), --resource-id
(its id in areas/cameras/get), or --serial and --channel (the resourceId is then looked up).
EZOPEN (default) works for live view, playback and encrypted streams; HLS and RTMP for
unencrypted live view only. Playback --start/--end take ISO 8601 with or without an offset,
"YYYY-MM-DD HH:MM[:SS]" or a date; they are sent as the site's wall clock
(HIK_CONNECT_TEAM_TIMEZONE, else this machine's zone) and echoed in data.window. --html PATH
also writes a browser player page (serve it with video_player.py --html PATH). An HLS
address is checked once (its playlist read, no token sent; --no-check skips it, --check also
checks RTMP): data.playable and data.playableReason; an address that does not play (an H.265
camera: ErrCode/9053) fails with STREAM_NOT_PLAYABLE and the hint to use EZOPEN.

Examples:
  get_video_url.py --camera "front entrance"
  get_video_url.py --serial J88106219 --channel 1
  get_video_url.py --serial J88106219 --channel 2 --protocol hls --quality fluent --expire 2h
  get_video_url.py --resource-id 5ce3cebed0e549938c59034edb5fe290 --playback local \\
      --start "2024-11-28 14:00:00" --end "2024-11-28 14:30:00" --html /tmp/player.html
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, records, video


def main() -> None:
    parser = cli.parser(__doc__)
    video.add_stream_arguments(parser)
    video.add_check_argument(parser)
    parser.add_argument("--html", metavar="PATH", type=records.target_file,
                        help="also write an EZUIKit player page to PATH (EZOPEN only; "
                             "checked before anything is sent)")
    cli.run(parser, lambda args, client: video.get_video_url(client, args))


if __name__ == "__main__":
    main()
