#!/usr/bin/env python3
"""Query, save or delete the account's webhook push configuration (HCT OpenAPI V2.15.0:
POST /api/hccgw/webhook/v1/config/query|save|delete).

Saving a webhook switches the account to push mode: the polling APIs may stop receiving and
switching back needs the vendor's support. Confirm with the user before `save`.

Examples:
  webhook_manager.py query
  HIK_SIGN_SECRET=Secret2026abc webhook_manager.py save --url https://example.com/hik/webhook
  webhook_manager.py save --account north --public-url https://alarms.example.com/hikvision/webhook
  webhook_manager.py save --url https://example.com/hook --secret Secret2026abc --retries 3 \\
      --delay 1000
  webhook_manager.py delete            # dry run: shows the current configuration
  webhook_manager.py delete --yes
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import alarm_admin, cli
from hct.alarm import subscriptions


def main() -> None:
    parser = cli.parser(__doc__)
    commands = alarm_admin.add_subcommands(parser)
    alarm_admin.subcommand(commands, "query", "show the webhook configuration")
    save = alarm_admin.subcommand(commands, "save", "save (create or replace) the webhook")
    where = save.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="callback URL: https://, at most 256 characters")
    where.add_argument("--public-url", metavar="URL",
                       help="the public address of webhook_server.py's --path (e.g. "
                            "https://alarms.example.com/hikvision/webhook): with --account NAME "
                            "the callback is URL/NAME, the path a receiver serving several "
                            "accounts (--accounts) takes that account's pushes at")
    save.add_argument("--secret", type=subscriptions.sign_secret,
                      help="signing secret, 8-32 letters and digits (default: the account's "
                           "signSecret or signSecretEnv in the accounts file, else the "
                           f"{subscriptions.ENV_SIGN_SECRET} variable; none: the platform "
                           "signs with the account's secretKey)")
    save.add_argument("--retries", type=cli.bounded_int(subscriptions.RETRIES_MIN,
                                                        subscriptions.RETRIES_MAX),
                      help="retries of a failed push, -1..5 (-1: for up to 2 hours; "
                           "platform default 3)")
    save.add_argument("--delay", type=cli.bounded_int(0), metavar="MS",
                      help="delay between retries in milliseconds")
    delete = alarm_admin.subcommand(commands, "delete", "delete the webhook configuration")
    cli.add_confirmation(delete)

    def handle(args, client):
        if args.command == "query":
            return subscriptions.query_webhook(client)
        if args.command == "save":
            return subscriptions.save_webhook(client, args)
        return subscriptions.delete_webhook(client, args)

    cli.run(parser, handle)


if __name__ == "__main__":
    main()
