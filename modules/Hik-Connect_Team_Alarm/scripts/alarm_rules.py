#!/usr/bin/env python3
"""List, add or edit alarm rules (POST /api/hccgw/alarm/v1/alarmrules/get|add|update).

`update` reads the rule first (the platform needs the whole rule) and changes only the
options given; the rule is --id ID or --rule NAME. `get` answers brief records (id, name,
enable, state, eventSource type/ID/name and eventType, eventName, priority.level);
--detail full for the whole rules, --name TEXT for rules whose name has every word.

Examples:
  alarm_rules.py get --all
  alarm_rules.py get --name Motion --enabled enabled
  alarm_rules.py update --rule "lobby motion" --disable
  alarm_rules.py add --name "Lobby motion" --source-type camera --source-id CAMERA_ID \
      --event-type "Motion Detection" --priority-id PRIORITY_ID --recipient USER_ID
  alarm_rules.py update --id RULE_ID --disable
  alarm_rules.py add --name "Lobby motion" --camera "lobby entrance" --event-type "Motion Detection"
  alarm_rules.py update --rule "lobby motion" --priority high --schedule "weekday template"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import alarm_admin, cli, names, paging
from hct.alarm import event_types as alarm_types


def main() -> None:
    parser = cli.parser(__doc__)
    commands = alarm_admin.add_subcommands(parser)
    get = alarm_admin.subcommand(commands, "get", "list alarm rules")
    get.add_argument("--rule-id", type=cli.text(64, "rule ID"), help="one rule by ID")
    get.add_argument("--source-name", type=cli.text(64, "source name"),
                     help="event source name (fuzzy)")
    get.add_argument("--state", choices=tuple(alarm_admin.RULE_STATES),
                     help="rule state: all, normal or abnormal")
    get.add_argument("--enabled", choices=tuple(alarm_admin.RULE_ENABLED),
                     help="all, enabled or disabled")
    get.add_argument("--source", action="append", metavar="TYPE:ID",
                     help="event source, e.g. camera:CAMERA_ID (repeatable; TYPE one of "
                          f"{', '.join(alarm_types.ALARM_SOURCES)})")
    get.add_argument("--main-category", help="A.1.1 main category")
    get.add_argument("--sub-category", help="A.1.1 sub category")
    paging.add_paging(get, brief=alarm_admin.RULE_BRIEF, named="alarm rules")
    add = alarm_admin.subcommand(commands, "add", "add one alarm rule")
    alarm_admin.add_rule_options(add, adding=True)
    update = alarm_admin.subcommand(commands, "update", "change an alarm rule")
    update.add_argument("--id", type=cli.text(64, "rule ID"), help="the rule to change")
    names.add_name_argument(update, "--rule", "alarm rule", also="; instead of --id")
    alarm_admin.add_rule_options(update, adding=False)
    handlers = {"get": alarm_admin.list_rules, "add": alarm_admin.add_rule,
                "update": alarm_admin.update_rule}
    cli.run(parser, lambda args, client: handlers[args.command](client, args))


if __name__ == "__main__":
    main()
