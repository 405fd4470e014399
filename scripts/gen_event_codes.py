#!/usr/bin/env python3
"""Write modules/Hik-Connect_Team_Alarm/EVENT_CODES.md from the event code tables in
lib/hct/data/ (the guide's Appendix A.1.4, A.1.6, A.1.1).

  gen_event_codes.py            write the file
  gen_event_codes.py --check    exit 1 if the committed file differs from the tables
"""

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "lib"))

from hct.alarm.event_types import render_markdown

TARGET = os.path.join(ROOT, "modules", "Hik-Connect_Team_Alarm", "EVENT_CODES.md")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="only compare; exit 1 when EVENT_CODES.md is out of date")
    args = parser.parse_args()
    text = render_markdown()
    if args.check:
        try:
            with open(TARGET, encoding="utf-8") as handle:
                current = handle.read()
        except OSError:
            current = ""
        if current != text:
            print(f"{TARGET} is out of date: run scripts/gen_event_codes.py", file=sys.stderr)
            return 1
        return 0
    with open(TARGET, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
