#!/usr/bin/env python3
"""Pull alarms or messages from the platform's queue, journal them, then acknowledge them
(POST /api/hccgw/alarm/v1/mq/messages + .../messages/complete, or the rawmsg/v1 pair).

Every entry is written to the journal (SQLite) before its batch is completed upstream, then
delivered from the journal to each --sink; a crash loses nothing (an uncompleted batch comes
back and is deduplicated). Runs until SIGTERM/SIGINT (finishes the current batch), or with
--once until the queue is empty. Prints one JSON envelope with the counts at the end; with a
`stdout` sink, stdout carries one JSON line per delivered entry instead and the counts go to
stderr. Subscribe first (event_manager.py subscribe). A subscription that lapsed (OPEN000016,
after two days without a pull) is renewed: with --types, else with the last subscription
sent from this machine, else for every type.

With --account NAME its entries are journaled as that account's; --journal
redis://HOST:PORT/DB shares one journal with receivers and workers on other machines.

Examples:
  alarm_poller.py --once --sink jsonl:alarms.jsonl
  alarm_poller.py --kind message --sink stdout
  SLACK_WEBHOOK_URL=https://hooks.slack.com/... alarm_poller.py --sink openclaw --sink slack
  alarm_poller.py --account north --sink mqtt:mqtt://127.0.0.1:1883 --print-systemd-unit
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


def batch_size(text: str) -> int:
    value = cli.bounded_int(100, 500)(text)
    if value % 100:
        raise argparse.ArgumentTypeError("maxNumberPerTime must be 100, 200, 300, 400 or 500")
    return value


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--kind", choices=("alarm", "message"), default="alarm",
                        help="alarm queue (alarm/v1/mq) or message queue (rawmsg/v1/mq)")
    parser.add_argument("--interval", type=cli.bounded_float(0, 3600, unit=" seconds"), default=0.5,
                        help="seconds between polls once the queue is empty, timed from the "
                             "end of the complete call (default 0.5, the guide's advice)")
    parser.add_argument("--batch-size", type=batch_size, default=None,
                        help="alarms per pull: the guide's maxNumberPerTime, 100..500 in "
                             "steps of 100 (default: the platform's, 300); alarms only")
    parser.add_argument("--once", action="store_true",
                        help="drain the queue, deliver, print the counts and exit (gives up "
                             "with exit 4 after 5 failed rounds in a row)")
    parser.add_argument("--types", action="append", metavar="CODES_OR_NAMES",
                        help="the types to subscribe again to when the subscription lapsed "
                             "(codes or names as for event_manager.py; default: the last "
                             "subscription sent from this machine, else every type)")
    delivery_args.add_delivery_arguments(parser)
    delivery_args.add_service_argument(parser)
    cli.run(parser, handle)


def handle(args, client) -> "cli.Result":
    from hct.alarm.poller import run_poller

    return run_poller(client, args)


if __name__ == "__main__":
    main()
