#!/usr/bin/env python3
"""Subscribe to alarms or messages, cancel, and show what this pack last subscribed.

--kind alarm:   POST /api/hccgw/alarm/v1/mq/subscribe  (A.1.4 alarm types, integer codes)
--kind message: POST /api/hccgw/rawmsg/v1/mq/subscribe (A.1.6 message types, Msg... codes)
--types takes codes or names (case-insensitive, comma lists, repeatable); without it every
type. The platform cannot be asked what is subscribed: `query` reports what this pack last
set for this account on this machine, and says so.

Examples:
  event_manager.py subscribe --kind alarm --types 10002,"Line Crossing"
  event_manager.py subscribe --kind message --types Msg330001
  event_manager.py unsubscribe --kind alarm
  event_manager.py query
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import alarm_admin, cli
from hct.alarm import event_types, subscriptions


def main() -> None:
    parser = cli.parser(__doc__)
    commands = alarm_admin.add_subcommands(parser)
    for name, text in (("subscribe", "subscribe to every type or only to --types"),
                       ("unsubscribe", "cancel the whole subscription of --kind")):
        sub = alarm_admin.subcommand(commands, name, text)
        sub.add_argument("--kind", choices=event_types.KINDS, default=event_types.ALARM,
                         help="alarm (default) or message")
        if name == "subscribe":
            sub.add_argument("--types", action="append", metavar="CODES_OR_NAMES",
                             help="type codes or names, comma separated, repeatable (see "
                                  "EVENT_CODES.md); default every type")
    query = alarm_admin.subcommand(commands, "query", "what this pack last subscribed")
    query.add_argument("--kind", choices=event_types.KINDS, help="default: both kinds")

    def handle(args, client):
        if args.command == "query":
            return subscriptions.query_subscriptions(args.kind)
        return subscriptions.change_subscription(client, args.kind, args.command,
                                                  getattr(args, "types", None))

    cli.run(parser, handle)


if __name__ == "__main__":
    main()
