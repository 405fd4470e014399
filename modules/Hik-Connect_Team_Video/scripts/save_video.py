#!/usr/bin/env python3
"""Export a span of recording as an MP4 file (POST /api/hccgw/video/v1/video/save).

The device stores the span and uploads it; the answer is a taskId. Then
video_download_url.py --task-id ID [--wait SECONDS] [--output FILE.mp4] gets the file.
Times are ISO 8601 with or without a UTC offset (default: the machine's offset).

Examples:
  save_video.py --resource-id 35cbe44b091044a0924dcc2036848973 \\
      --start 2024-11-28T14:15:41+08:00 --end 2024-11-28T14:17:43+08:00
  save_video.py --serial J88106219 --channel 2 --start "2024-11-28 14:15:00" \\
      --end "2024-11-28 14:20:00" --voice off
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, video


def main() -> None:
    parser = cli.parser(__doc__)
    video.add_span_arguments(parser, "the recording to export")
    parser.add_argument("--voice", choices=tuple(video.VOICE_SWITCH), default="auto",
                        help="audio in the file: off, on or auto (default; voiceSwitch)")
    cli.run(parser, lambda args, client: video.save_video(client, args))


if __name__ == "__main__":
    main()
