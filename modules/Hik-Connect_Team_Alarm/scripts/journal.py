#!/usr/bin/env python3
"""Inspect the alarm journal, re-deliver entries, run a delivery worker (no platform request
is sent). Works on both journals: a file (SQLite) or redis://HOST:PORT/DB.

  list       entries, newest first, with their delivery state per sink
             (--state pending|sending|delivered|failed, --sink ID, --since TIME, --limit N)
  stats      how many entries and batches, deliveries per state, and per sink
  show GUID  every entry of a guid (or journal key), with the full alarm/message
  redeliver  make deliveries due again: GUIDs/keys given, or --failed (all failed ones);
             the running poller/receiver (or the next run) sends them
  deliver    a delivery worker: sends what the journal holds for each --sink (what
             receivers and pollers journaled, e.g. with --journal-only) until SIGTERM, or
             with --once what is due now; several workers share the work

Examples:
  journal.py list --state failed
  journal.py show 2200252220dc4f34b0fa41c550a8a7da
  journal.py redeliver --failed
  journal.py --journal redis://127.0.0.1:6379/0 deliver --sink mqtt:mqtt://127.0.0.1:1883
"""

import argparse
import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli
from hct.alarm import delivery_args

STATES = ("pending", "sending", "delivered", "failed")


def main() -> None:
    parser = cli.parser(__doc__)
    delivery_args.add_journal_argument(parser)
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="list entries")
    listing.add_argument("--state", choices=STATES, help="entries with a delivery in this state")
    listing.add_argument("--sink", help="only deliveries of this sink id (as `list` shows it)")
    listing.add_argument("--since", type=cli.moment,
                         help="received at or after this time (e.g. 2026-12-01 08:00; no offset: "
                              "HIK_CONNECT_TEAM_TIMEZONE, else the machine's zone)")
    listing.add_argument("--limit", type=cli.bounded_int(1, 10000), default=100,
                         help="at most this many entries (default 100)")
    stats = commands.add_parser("stats", help="counts, per state and per sink")
    show = commands.add_parser("show", help="one alarm or message")
    show.add_argument("guid", help="the guid (alarms), uuid (messages) or journal key")
    again = commands.add_parser("redeliver", help="deliver entries again")
    again.add_argument("guids", nargs="*", metavar="GUID", help="guids or journal keys")
    again.add_argument("--failed", action="store_true", help="every failed delivery")
    again.add_argument("--sink", help="only deliveries of this sink id")
    deliver = commands.add_parser("deliver", help="run a delivery worker")
    delivery_args.add_sink_arguments(deliver)
    deliver.add_argument("--once", action="store_true",
                         help="deliver what is due now, print the counts and exit")
    delivery_args.add_service_argument(deliver)
    for sub in (listing, stats, show, again, deliver):
        sub.add_argument("--format", choices=("json", "table"), default=argparse.SUPPRESS,
                         help="json (default) or a human table")
    cli.run(parser, handle)


def handle(args, client) -> "cli.Result":
    from hct.alarm.journal_tool import journal_command

    return journal_command(args)


if __name__ == "__main__":
    main()
