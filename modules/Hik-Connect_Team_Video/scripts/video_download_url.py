#!/usr/bin/env python3
"""Status and download URLs of an MP4 export (POST /api/hccgw/video/v1/video/download/url).

status: 0 uploaded (urls ready), 1 uploading, 2 upload failed, 3 expired, 4 deleted.
--wait polls while the file is uploading; --output downloads it (progress on stderr).

Examples:
  video_download_url.py \\
      --task-id '550596eee62c42c6a0377fcd65912dc5#780eaa6ce4d64eccbe6c334308c10a36'
  video_download_url.py --task-id ID --wait 120 --output /tmp/clip.mp4
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
    parser.add_argument("--task-id", required=True, type=video.task_id,
                        help="the taskId printed by save_video.py")
    parser.add_argument("--wait", type=cli.bounded_int(0, 3600), default=0, metavar="SECONDS",
                        help="while the file is uploading, ask again for up to this long")
    parser.add_argument("--interval", type=cli.bounded_int(1, 60), default=3, metavar="SECONDS",
                        help="seconds between two questions with --wait (default 3)")
    parser.add_argument("--output", metavar="PATH",
                        help="download the file here once it is ready (several files: "
                             "PATH-1.mp4, PATH-2.mp4...)")
    cli.run(parser, lambda args, client: video.video_download_url(client, args))


if __name__ == "__main__":
    main()
