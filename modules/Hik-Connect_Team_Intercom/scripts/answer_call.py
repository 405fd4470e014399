#!/usr/bin/env python3
"""Answer, decline or hang up a video intercom call (POST /api/hccgw/devcall/v1/call/receive).

The call record ID comes with the Msg140001 message (Alarm module, message queue); the user
ID is the called resident's user (platform users: System module).

Examples:
  answer_call.py --record-id 8f2a... --user-id 4b7c... --action answer
  answer_call.py --record-id 8f2a... --user-id 4b7c... --action hang-up
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, intercom


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--record-id", type=cli.text(64, "call record ID"), required=True)
    parser.add_argument("--user-id", type=cli.resource_id, required=True,
                        help="user ID of the called resident")
    parser.add_argument("--action", choices=intercom.CALL_ACTIONS, required=True,
                        help="answer (1) or decline (2) a ringing call, hang-up (3) after "
                             "answering")
    cli.run(parser, lambda args, client: intercom.answer_call(client, args))


if __name__ == "__main__":
    main()
