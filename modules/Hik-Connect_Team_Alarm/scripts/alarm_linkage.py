#!/usr/bin/env python3
"""Add linkage actions to an alarm rule (POST /api/hccgw/alarm/v1/alarmlinkage/add):
recording, picture capture, alarm outputs, e-mail.

Examples:
  alarm_linkage.py add --rule-id RULE_ID --record-camera self --pre-record 5 --post-record 30
  alarm_linkage.py add --rule-id RULE_ID --capture-camera CAM1,CAM2 --alarm-output OUT1 \
      --auto-close 15
  alarm_linkage.py add --rule-id RULE_ID --email-template TEMPLATE_ID
  alarm_linkage.py add --rule "lobby motion" --record-camera self
  alarm_linkage.py add --rule "lobby motion" --capture-camera-name "lobby entrance" \
      --alarm-output-name siren
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import alarm_admin, cli, names


def main() -> None:
    parser = cli.parser(__doc__)
    commands = alarm_admin.add_subcommands(parser)
    add = alarm_admin.subcommand(commands, "add", "add linkage items to one alarm rule")
    add.add_argument("--rule-id", type=cli.text(32, "rule ID"),
                     help="alarm rule ID (at most 32 characters)")
    names.add_name_argument(add, "--rule", "alarm rule", also="; instead of --rule-id")
    add.add_argument("--record-camera", action="append", metavar="IDS|self",
                     help="record on these cameras (comma list, repeatable) or 'self' (the "
                          "rule's own camera)")
    add.add_argument("--pre-record", type=cli.bounded_int(0, 3600), default=5,
                     metavar="SECONDS", help="seconds recorded before the alarm (default 5)")
    add.add_argument("--post-record", type=cli.bounded_int(0, 3600), default=15,
                     metavar="SECONDS", help="seconds recorded after the alarm (default 15)")
    names.add_name_argument(add, "--record-camera-name", "camera", repeatable=True,
                            also="; record on it, beside or instead of --record-camera")
    add.add_argument("--capture-camera", action="append", metavar="IDS",
                     help="capture pictures on these cameras (comma list, repeatable)")
    names.add_name_argument(add, "--capture-camera-name", "camera", repeatable=True,
                            also="; capture on it, beside or instead of --capture-camera")
    add.add_argument("--capture-interval", type=cli.bounded_int(1, 3600), default=3,
                     metavar="SECONDS", help="seconds between captures (default 3)")
    add.add_argument("--capture-mode", choices=("1", "2"), default="1",
                     help="1: one picture when the event occurs (default); 2: pictures "
                          "before, when and after")
    add.add_argument("--alarm-output", action="append", metavar="IDS",
                     help="switch on these alarm outputs (comma list, repeatable)")
    names.add_name_argument(add, "--alarm-output-name", "alarm output", repeatable=True,
                            also="; switch it on, beside or instead of --alarm-output")
    add.add_argument("--auto-close", type=cli.bounded_int(1, 86400), metavar="SECONDS",
                     help="close the alarm outputs again after this many seconds")
    add.add_argument("--email-template", type=cli.text(64, "e-mail template ID"),
                     help="send an e-mail with this template")
    add.add_argument("--email-template-name", type=cli.text(64, "template name"))
    cli.run(parser, lambda args, client: alarm_admin.add_linkage(client, args))


if __name__ == "__main__":
    main()
