#!/usr/bin/env python3
"""Get a camera's thumbnail (POST /api/hccgw/resource/v1/areas/cameras/thumbnail/get).

Returns pictureURL (valid for a day) and isEncrypted; --refresh asks the platform for a new
thumbnail first. With --output the picture is downloaded, checked and saved like
capture_pic.py (encrypted pictures need --verify-code). The camera is --camera-id ID or
--camera NAME (exactly one must match; data.resolved says which).

Examples:
  camera_thumbnail.py --camera-id ba1e16a1f1084a93a7dc72b21609c380
  camera_thumbnail.py --camera "car park" --output /tmp/
  camera_thumbnail.py --camera-id ba1e16a1f1084a93a7dc72b21609c380 --refresh --output /tmp/
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import capture, cli


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--camera-id", type=capture.camera_id,
                        help="the camera's id (resourceId/id in list_cameras.py)")
    capture.add_camera_name(parser, instead="--camera-id")
    parser.add_argument("--refresh", action="store_true",
                        help="refresh the thumbnail before returning it")
    capture.add_picture_flags(parser)

    def handle(args, client):
        return capture.thumbnail(client, capture.thumbnail_camera(client, args),
                                 refresh=args.refresh, output=args.output, code=args.verify_code)

    cli.run(parser, handle)


if __name__ == "__main__":
    main()
