#!/usr/bin/env python3
"""Search card-swipe (access) records
(POST /api/hccgw/acs/v1/event/certificaterecords/search).

Any time range is accepted. It is asked for whole first; when the platform allows at most
one day per search (OPEN000027, the guide) the range is split into days, searched in order
and merged, and a window whose records run past the platform's last page (50 on the live
platform) is searched in halves. Default range: the last 24 hours. --begin/--end take ISO
8601 with or without an offset, "YYYY-MM-DD HH:MM[:SS]" or a date (--end: the end of that
day); without an offset they are in HIK_CONNECT_TEAM_TIMEZONE, else this machine's zone.
Doors and persons can be named: --door NAME, --person NAME (exactly one must match each).

Output: data.recordList[], brief records by default (occurTime, elementId, elementName,
personInfo.id, personInfo.baseInfo.firstName/lastName, cardNumber, eventType,
swipeAuthResult 0 failed / 1 success, direction); --detail full gives the platform's whole
RecordInfo (recordGuid, elementPicUrl, acsSnapPicList...), --csv/--output a file.
data.window (the range searched, with its offset), data.total (all windows), data.count,
data.windows[].

Examples:
  search_card_records.py --door "main entrance" --begin 2024-05-01 --end 2024-05-01
  search_card_records.py --person "ana silva" --begin "2024-05-01 08:00" --csv /tmp/ana.csv
  search_card_records.py --begin 2024-05-01T00:00:00+02:00 --end 2024-05-03T00:00:00+02:00 --all
  search_card_records.py --person-name Smith --auth-result fail --page-size 50
  search_card_records.py --door-id DOOR_ID --event-types 80001,80093 --begin 2024-05-01T08:00:00Z
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import acs, cli, names, paging


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--begin", type=cli.moment,
                        help="start: 2024-05-01T08:00:00+02:00, 2024-05-01 08:00 or 2024-05-01 "
                             "(no offset: HIK_CONNECT_TEAM_TIMEZONE, else this machine's zone)")
    parser.add_argument("--end", type=cli.moment_end,
                        help="end (a date alone: the end of that day; default: now, or begin "
                             "+ 1 day)")
    parser.add_argument("--time-type", choices=list(acs.TIME_TYPES), default="client",
                        help="which time the range applies to: client (default), device, "
                             "stored (when the record reached the platform)")
    parser.add_argument("--event-types", type=cli.bounded_int(1), action="append",
                        metavar="CODE", help="event code (Appendix A.1.4 Card Swiping), "
                                             "repeatable")
    parser.add_argument("--auth-result", choices=list(acs.AUTH_RESULTS), default="all",
                        help="all (default), success or fail")
    parser.add_argument("--door-id", action="append", metavar="ID",
                        help="access point (door) ID, repeatable or comma list")
    names.add_name_argument(parser, "--door", "door", repeatable=True,
                            also="; beside or instead of --door-id")
    acs.add_person_arguments(parser, repeatable=True)
    parser.add_argument("--person-name", help="person name as the platform matches it "
                                              "(fuzzy; not with --person-id/--person)")
    parser.add_argument("--card-number", help="card number (searches by card)")
    paging.add_paging(parser, max_size=acs.RECORD_PAGE_MAX, brief=acs.RECORD_BRIEF)
    cli.run(parser, lambda args, client: acs.card_records(client, args))

if __name__ == "__main__":
    main()
