#!/usr/bin/env python3
"""Download a picture URL the platform returned (captureUrl, pictureURL, a card-swipe
record's elementPicUrl/snapPicUrl) and save it: streamed, size-capped, checked with Pillow,
written atomically, decrypted with --verify-code when encrypted. No token is sent.

Examples:
  download_picture.py --url "https://.../capture/....jpeg?X-Amz-..." --output /tmp/pic.jpg
  download_picture.py --url "$URL" --output /tmp/ --verify-code ABCDEF
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
    parser.add_argument("--url", required=True, help="the picture's http(s) URL")
    capture.add_picture_flags(parser, output_required=True, output_help=(
        "file to write, or a directory to put picture_TIME.jpg in"))
    parser.add_argument("--max-mb", type=cli.bounded_int(1, 200), default=20,
                        help="refuse files larger than this many MiB (default 20)")
    cli.run(parser, lambda args, client: capture.download_picture(
        args.url, args.output, code=args.verify_code, max_bytes=args.max_mb * 1024 * 1024))


if __name__ == "__main__":
    main()
