#!/usr/bin/env python3
"""Search card-swipe (access) records
(POST /api/hccgw/acs/v1/event/certificaterecords/search).

Any time range is accepted. It is asked for whole first; when the platform allows at most
one day per search (OPEN000027, the guide) the range is split into days, searched in order
and merged, and a window whose records run past the platform's last page (50 on the live
platform) is searched in halves. Default range: the last 24 hours.

Output: data.recordList[] (the platform's RecordInfo fields: recordGuid, elementId,
elementName, occurTime, eventType, swipeAuthResult 0 failed / 1 success, cardNumber,
personInfo, elementPicUrl...), data.total (all windows), data.count, data.windows[].

Examples:
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

from hct import acs, cli


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--begin", type=cli.moment, help="start, e.g. 2023-10-21T11:08:23+08:00")
    parser.add_argument("--end", type=cli.moment_end, help="end (default: now, or begin + 1 day)")
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
    parser.add_argument("--person-id", action="append", metavar="ID",
                        help="person ID, repeatable or comma list (not with --person-name)")
    parser.add_argument("--person-name", help="person name, fuzzy")
    parser.add_argument("--card-number", help="card number (searches by card)")
    group = parser.add_argument_group("paging")
    group.add_argument("--page", type=cli.bounded_int(1), default=1,
                       help="page of the merged result (default 1)")
    group.add_argument("--page-size", type=cli.bounded_int(1, acs.RECORD_PAGE_MAX),
                       default=100, help="records per page, 1..200 (default 100)")
    group.add_argument("--all", action="store_true",
                       help="every record of the range (200 per request)")

    def handle(args, client):
        criteria = acs.record_criteria(
            time_type=args.time_type, event_types=args.event_types,
            auth_result=args.auth_result, door_ids=cli.ids(args.door_id, "--door-id"),
            person_ids=cli.ids(args.person_id, "--person-id", validator=acs.digit_id),
            person_name=args.person_name, card_number=args.card_number)
        return acs.search_records(client, args.begin, args.end, criteria, page=args.page,
                                  page_size=args.page_size, every=args.all)

    cli.run(parser, handle)


if __name__ == "__main__":
    main()
