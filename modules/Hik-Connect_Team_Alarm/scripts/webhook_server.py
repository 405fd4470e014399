#!/usr/bin/env python3
"""Receive the platform's webhook pushes (push mode, V2.15), journal them, deliver to sinks.

Checks every push (signature sha256=HMAC-SHA256(secret, "timestamp.batchId") in constant
time, timestamp within 60 s, header batch id = body batchId, body <= 1 MiB), journals it
BEFORE answering 200, ignores replayed batch ids, and delivers from the journal in the
background. Answers the GET verification handshake for a fresh timestamp at any time and
burns its batch id (no push with it is ever accepted). GET /health answers liveness (journal
counts too with --health-details, to clients on this machine only).
The secret: --secret, else the account's signSecret/signSecretEnv in the accounts file,
else HIK_SIGN_SECRET, else the account's secret key (what the platform signs with when no
signSecret was saved).
Several accounts at once: --accounts NAME,NAME (or --all-accounts) serves each account of the
accounts file at --path/NAME with its own secret; every push is journaled with its account.
--journal redis://HOST:PORT/DB shares one journal between receivers on several machines.

Long-running: logs the listening address to stderr; on SIGTERM/SIGINT it finishes in-flight
requests and prints one JSON envelope with the counts (with a `stdout` sink, stdout carries
one JSON line per delivered entry instead, and the counts go to stderr).
Loopback by default: put an https reverse proxy in front for the platform (it requires https).

Examples:
  webhook_server.py --port 8080 --sink jsonl:alarms.jsonl
  HIK_SIGN_SECRET=... webhook_server.py --port 8080 --sink openclaw
  webhook_server.py --accounts north,south --journal redis://10.0.0.5:6379/0 \
      --sink mqtt:mqtt://10.0.0.5:1883
  webhook_server.py --port 8080 --sink jsonl:alarms.jsonl --print-systemd-unit
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli
from hct.alarm import delivery_args
from hct.alarm.serving import READ_TIMEOUT_SECONDS


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="listen address (default loopback)")
    parser.add_argument("--port", type=cli.bounded_int(0, 65535), default=8080,
                        help="listen port (default 8080; 0 picks a free one)")
    parser.add_argument("--secret", help="signing secret (prefer the HIK_SIGN_SECRET variable)")
    parser.add_argument("--accounts", action="append", metavar="NAMES",
                        help="serve these accounts of the accounts file (comma list, "
                             "repeatable), each at --path/NAME with its own signing secret")
    parser.add_argument("--all-accounts", action="store_true",
                        help="serve every account of the accounts file (as --accounts)")
    delivery_args.add_delivery_arguments(parser)
    parser.add_argument("--path", default="/hikvision/webhook",
                        help="the callback path (default /hikvision/webhook)")
    parser.add_argument("--health-details", action="store_true",
                        help="GET /health from this machine (loopback, not through a proxy) "
                             "also shows journal counts, pending deliveries, sinks and request "
                             "counters; without it /health answers only {\"status\": \"ok\"}")
    parser.add_argument("--read-timeout", metavar="SECONDS", default=READ_TIMEOUT_SECONDS,
                        type=cli.bounded_float(0, 300, above_low=True, unit=" seconds"),
                        help="a request must arrive whole (headers and body) within SECONDS "
                             f"of its first byte, else it is answered 408 (default "
                             f"{READ_TIMEOUT_SECONDS:g})")
    delivery_args.add_service_argument(parser)
    cli.run(parser, handle)


def handle(args, client) -> "cli.Result":
    from hct.alarm.receiver import run_server

    return run_server(args)


if __name__ == "__main__":
    main()
