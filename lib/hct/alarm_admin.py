"""Alarm administration (guide 5.3.2-5.3.4): alarm rules, linkage, priorities, receiving
schedules, alarm logs and the low-battery threshold of solar-powered cameras.

Where the guide contradicts itself, the choice is written next to the code:
- `alarmrules/add|update`: the table names the list `alarmrule`, the request example and
  the response `alarmRule`; we send `alarmRule`.
- EventSource.eventType: A.3.93 types it String (up to 64 characters); the rule examples
  show a number. We follow the table and send the A.1.4 code as a string.
- IgnoreRecurring.enable/timeValue are Strings (A.3.104); Notification.enable is an Integer
  (A.3.117); the examples' rule-level `enable` (not in the tables) is sent as 1/0 like them.
- `receivingschedules/get`: the table lists `receivingSchedule`; the example is a copy of
  the priorities example and must not be trusted.
- `alarmlog`: the table says `alarmlogList`, the example `alarmLogList`; either is read and
  the output keeps the key the platform used. The platform gives `moreData` (0/1), not a
  total; the total is known once the last page is read. Its TimeRange ("yyyy-MM-dd
  HH:mm:ss") names no time zone; the answers' times are UTC ("...Z"), so the window is sent
  in UTC, and `data.window` echoes it with the caller's offset.

Lists answer brief records (hct.records): the fields below, plus `eventName` (the A.1.4
name of the event code) that the pack adds to rules and log entries.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone

from hct import cli, names, paging, records, results, times
from hct.acs import split_windows  # consecutive windows of at most a day, no overlap
from hct.alarm import event_types as alarm_types
from hct.errors import EXIT_PLATFORM, HCTError, InvalidArgument
from hct.resource import chosen_area

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

BASE = "/api/hccgw/alarm/v1"
RULES_ADD = f"{BASE}/alarmrules/add"
RULES_GET = f"{BASE}/alarmrules/get"
RULES_UPDATE = f"{BASE}/alarmrules/update"
PRIORITIES_GET = f"{BASE}/alarmpriorities/get"
SCHEDULES_GET = f"{BASE}/receivingschedules/get"
LINKAGE_ADD = f"{BASE}/alarmlinkage/add"
ALARM_LOG = f"{BASE}/alarmlog"
VOLTAGE_SET = f"{BASE}/voltagesetting/set"

RULE_KEY = "alarmRule"
LOG_KEYS = ("alarmLogList", "alarmlogList")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # TimeRange (A.3.157): "yyyy-MM-dd HH:mm:ss"
MAX_LOG_SPAN = timedelta(days=1)   # "no more than a day" (OPEN000027 beyond)
MAX_SPLIT_DAYS = 31                # --all searches longer windows day by day, up to this
RULE_STATES = {"all": -1, "normal": 0, "abnormal": 1}
RULE_ENABLED = {"all": -1, "disabled": 0, "enabled": 1}
# Fields of the alarmrules/update table (plus the examples' `enable`).
UPDATE_FIELDS = ("id", "name", "description", "color", "enable", "notification", "schedule",
                 "priority", "ignoreRecurring", "eventSource")

# The brief records (issue 9): what an agent needs to decide and act.
RULE_BRIEF = ("id", "name", "enable", "state", "eventSource.eventType", "eventName",
              "eventSource.sourceType", "eventSource.sourceID", "eventSource.sourceName",
              "priority.level")
LOG_BRIEF = ("timeInfo.startTime", "eventSource.eventType", "eventName",
             "eventSource.sourceType", "eventSource.sourceID", "eventSource.sourceName",
             "eventSource.areaName", "alarmRule.name", "alarmPriority.level")
PRIORITY_BRIEF = ("id", "level", "levelName", "color")
SCHEDULE_BRIEF = ("id", "name", "systemTemplate")
RULES_PAGES = paging.PageSpec(RULES_GET, RULE_KEY)
PRIORITIES_PAGES = paging.PageSpec(PRIORITIES_GET, "alarmpriorities",
                                   name_of=lambda priority: priority.get("levelName"))


class NotFound(HCTError):
    error_code = "NOT_FOUND"
    exit_code = EXIT_PLATFORM


# ---- command-line helpers -------------------------------------------------------------------

def add_subcommands(parser: argparse.ArgumentParser) -> Any:
    """Sub-commands (`get`, `add`...) whose own parsers accept --format as well."""
    return parser.add_subparsers(dest="command", required=True, metavar="COMMAND")


def subcommand(subparsers: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    sub = subparsers.add_parser(name, help=help_text, description=help_text)
    sub.add_argument("--format", choices=("json", "table"), default=argparse.SUPPRESS,
                     help="json (default) or a human table")
    return sub


def one_alarm_type(value: str) -> str:
    """argparse type: one A.1.4 alarm type (code or name) -> its code."""
    try:
        codes = alarm_types.resolve(alarm_types.ALARM, [value])
    except InvalidArgument as error:
        raise argparse.ArgumentTypeError(error.message.replace("--types: ", "")) from None
    if len(codes) != 1:
        raise argparse.ArgumentTypeError(f"give exactly one alarm type, not {value!r}")
    return codes[0]


# ---- alarm rules --------------------------------------------------------------------------

def add_rule_options(parser: argparse.ArgumentParser, *, adding: bool) -> None:
    """The flags of one alarm rule (AlarmRuleDetail fields); required ones only for add."""
    parser.add_argument("--name", type=cli.text(255, "rule name"), required=adding,
                        help="rule name (at most 255 characters)")
    parser.add_argument("--description", type=cli.text(128, "description"))
    parser.add_argument("--color", type=cli.text(64, "color"), help="e.g. #ff0000")
    if adding:
        parser.add_argument("--main-category", help="A.1.1 main category, e.g. alarmCategoryVideo")
        parser.add_argument("--sub-category", help="A.1.1 sub category, e.g. "
                                                   "alarmSubCategoryCamera")
    parser.add_argument("--source-type", choices=alarm_types.ALARM_SOURCES,
                        help="event source type (A.1.5)" + (" (or --camera / --alarm-input)"
                                                            if adding else ""))
    parser.add_argument("--source-id", type=cli.text(64, "source ID"),
                        help="ID of the camera, alarm input... that raises the event")
    for flag, noun in NAMED_SOURCES.items():
        names.add_name_argument(parser, flag, noun,
                                also="; the event source, instead of --source-type/--source-id")
    parser.add_argument("--source-name", type=cli.text(64, "source name"))
    parser.add_argument("--event-type", type=one_alarm_type, required=adding,
                        help="A.1.4 alarm type: code or name, e.g. 10002 or 'Motion Detection'")
    priority = parser.add_mutually_exclusive_group()
    priority.add_argument("--priority-id", type=cli.resource_id,
                          help="from alarm_priorities.py")
    names.add_name_argument(priority, "--priority", "alarm priority",
                            also=" (its levelName, e.g. High); instead of --priority-id")
    schedule = parser.add_mutually_exclusive_group()
    schedule.add_argument("--schedule-id", type=cli.resource_id,
                          help="arming schedule template, from receiving_schedules.py")
    names.add_name_argument(schedule, "--schedule", "arming schedule template",
                            also="; instead of --schedule-id")
    parser.add_argument("--recipient", action="append", metavar="USER_ID[:NAME]",
                        help="notify this user (repeatable; IDs from list_users.py)")
    parser.add_argument("--no-notification", action="store_true",
                        help="switch notifications off (notification.enable 0)")
    parser.add_argument("--ignore-recurring", type=cli.bounded_int(1, 10**9), metavar="SECONDS",
                        help="auto-close the alarming window after this many seconds")
    state = parser.add_mutually_exclusive_group()
    state.add_argument("--enable", dest="enable", action="store_const", const=1,
                       help="enable the rule")
    state.add_argument("--disable", dest="enable", action="store_const", const=0,
                       help="disable the rule")


def _recipients(values: list[str] | None) -> list[dict[str, str]]:
    recipients = []
    for value in values or []:
        user_id, _, name = value.partition(":")
        try:
            user_id = cli.resource_id(user_id)
        except argparse.ArgumentTypeError as error:
            raise InvalidArgument(f"--recipient: {error}") from None
        if len(user_id) > 32 or len(name) > 64:
            raise InvalidArgument("--recipient: user ID at most 32, name at most 64 "
                                  "characters (A.3.133).")
        recipient = {"userID": user_id}
        if name.strip():
            recipient["userName"] = name.strip()
        recipients.append(recipient)
    return recipients


def rule_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The rule fields the arguments set (nothing else)."""
    rule: dict[str, Any] = {}
    for field, value in (("name", args.name), ("description", args.description),
                         ("color", args.color), ("enable", args.enable)):
        if value is not None:
            rule[field] = value
    main = alarm_types.check_category(getattr(args, "main_category", None), "main")
    sub = alarm_types.check_category(getattr(args, "sub_category", None), "sub")
    if main:
        rule["alarmMainCategory"] = main
    if sub:
        rule["alarmSubCategory"] = sub
    rule.update(_rule_links(args.priority_id, args.schedule_id))
    recipients = _recipients(args.recipient)
    if recipients and args.no_notification:
        raise InvalidArgument("--recipient and --no-notification exclude each other.")
    if recipients:
        rule["notification"] = {"enable": 1, "recipients": recipients}
    elif args.no_notification:
        rule["notification"] = {"enable": 0, "recipients": []}
    if args.ignore_recurring is not None:
        rule["ignoreRecurring"] = {"enable": "1", "timeValue": str(args.ignore_recurring)}
    source = {key: value for key, value in (
        ("sourceType", args.source_type), ("sourceID", args.source_id),
        ("sourceName", args.source_name), ("eventType", args.event_type)) if value}
    if source:
        rule["eventSource"] = source
    return rule


def _rule_links(priority_id: str | None, schedule_id: str | None) -> dict[str, Any]:
    """A rule's priority and arming schedule template, as the guide shapes them."""
    links: dict[str, Any] = {}
    if priority_id:
        links["priority"] = {"id": priority_id}
    if schedule_id:
        # Schedule (A.3.148): type is a String; every example uses "1" with a template.
        links["schedule"] = {"type": "1", "timeSchedule": {"id": schedule_id}}
    return links


def _rule_answer(data: Any, action: str) -> cli.Result:
    items = (data or {}).get(RULE_KEY) or []
    rows = [{key: item.get(key) for key in ("id", "name", "errorCode")}
            for item in items if isinstance(item, dict)]
    names = ", ".join(f"{row['name']} ({row['id']})" for row in rows)
    return results.check(items, data, what="alarm rules", id_field="name", rows=rows,
                         message=f"Alarm rule {action}: {names}." if names else
                         f"Alarm rule {action}.")


# The event sources a rule can name (flag -> what it is); see named_source.
NAMED_SOURCES = {"--camera": "camera", "--alarm-input": "alarm input"}


def named_source(client: Any, args: argparse.Namespace, rule: dict[str, Any], *,
                 adding: bool) -> None:
    """The rule's event source from --camera NAME / --alarm-input NAME (resolved: exit 2
    unless exactly one matches), written into `rule`; checked before any request."""
    from hct.resource import ALARM_INPUTS, CAMERAS

    given = [(flag, getattr(args, flag[2:].replace("-", "_"))) for flag in NAMED_SOURCES]
    given = [(flag, query) for flag, query in given if query]
    if len(given) > 1 or (given and (args.source_type or args.source_id)):
        raise InvalidArgument("give the event source once: --source-type and --source-id, "
                              "--camera NAME or --alarm-input NAME.")
    if adding and not given and not (args.source_type and args.source_id):
        raise InvalidArgument("give the event source: --source-type and --source-id, or "
                              "--camera NAME / --alarm-input NAME.")
    if not given:
        return
    flag, query = given[0]
    source_type, kind = ("camera", CAMERAS) if flag == "--camera" else ("alarmInput",
                                                                         ALARM_INPUTS)
    found = names.resolve(client, kind.picked_by("--source-id"), query, flag=flag)
    rule["eventSource"] = {**rule.get("eventSource", {}), "sourceType": source_type,
                           "sourceID": str(found["id"]),
                           "sourceName": args.source_name or found.get("name")}


def named_priority_and_schedule(client: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The rule's priority (--priority NAME) and schedule (--schedule NAME), resolved: exit 2
    unless each names exactly one; call it after every local check."""
    priority = args.priority and str(names.resolve(client, PRIORITIES, args.priority,
                                                   flag="--priority")["id"])
    schedule = args.schedule and str(names.resolve(client, SCHEDULES, args.schedule,
                                                   flag="--schedule")["id"])
    return _rule_links(priority, schedule)


def add_rule(client: Any, args: argparse.Namespace) -> cli.Result:
    rule = rule_changes(args)
    rule.setdefault("enable", 1)
    named_source(client, args, rule, adding=True)
    rule.update(named_priority_and_schedule(client, args))
    data = client.post(RULES_ADD, {RULE_KEY: [rule]})
    return _rule_answer(data, "added")


def find_rule(client: Any, rule_id: str) -> dict[str, Any]:
    data = client.post(RULES_GET, {"pageIndex": 1, "pageSize": 1,
                                   "filter": {"alarmRuleID": rule_id}}) or {}
    for rule in data.get(RULE_KEY) or []:
        if str(rule.get("id")) == rule_id:
            return rule
    raise NotFound(f"No alarm rule has ID {rule_id}.",
                   hint="alarm_rules.py get lists the rules and their IDs.")


def update_rule(client: Any, args: argparse.Namespace) -> cli.Result:
    """alarmrules/update needs the whole rule (id, name and eventSource are required): read
    the current rule, apply the changes, send the fields of the update table."""
    changes = rule_changes(args)
    if not changes and not any(getattr(args, flag[2:].replace("-", "_"))
                               for flag in (*NAMED_SOURCES, "--priority", "--schedule")):
        raise InvalidArgument("nothing to change: give at least one rule option.")
    one_rule_given(args.id, args.rule, "--id")
    named_source(client, args, changes, adding=False)
    changes.update(named_priority_and_schedule(client, args))
    args.id = rule_id_of(client, args, id_flag="--id")
    current = find_rule(client, args.id)
    rule = {key: current[key] for key in UPDATE_FIELDS if current.get(key) is not None}
    source = dict(rule.get("eventSource") or {})
    source.update(changes.pop("eventSource", {}))
    if "eventType" in source:
        source["eventType"] = str(source["eventType"])  # String in A.3.93
    rule.update(changes)
    rule["eventSource"] = source
    rule["id"] = args.id
    data = client.post(RULES_UPDATE, {RULE_KEY: [rule]})
    return _rule_answer(data, "updated")


def list_rules(client: Any, args: argparse.Namespace) -> cli.Result:
    flt: dict[str, Any] = {}
    rule_name = args.name_filter and names.search_word(args.name_filter)
    for field, value in (("alarmRuleID", args.rule_id), ("alarmRuleName", rule_name),
                         ("eventSourceName", args.source_name)):
        if value:
            flt[field] = value
    if args.state:
        flt["alarmRuleState"] = RULE_STATES[args.state]
    if args.enabled:
        flt["alarmRuleEnable"] = RULE_ENABLED[args.enabled]
    sources = []
    for spec in cli.split_repeated(args.source):
        source_type, _, source_id = spec.partition(":")
        if source_type not in alarm_types.ALARM_SOURCES or not source_id:
            raise InvalidArgument(f"--source {spec!r}: expected TYPE:ID with TYPE one of "
                                  f"{', '.join(alarm_types.ALARM_SOURCES)}.")
        sources.append({"sourceType": source_type, "sourceID": source_id})
    if sources:
        flt["eventSource"] = sources
    main = alarm_types.check_category(args.main_category, "main")
    sub = alarm_types.check_category(args.sub_category, "sub")
    if main or sub:
        flt["alarmCategory"] = {key: value for key, value in (("mainCategory", main),
                                                              ("subCategory", sub)) if value}
    body = {"filter": flt} if flt else {}
    pages = paging.fetch(client, RULES_PAGES, body, args)
    pages.items = [with_event_name(rule) for rule in pages.items]
    return paging.answer(pages, RULE_KEY, args, "alarm rules")


def with_event_name(item: Any) -> Any:
    """A rule or log entry with `eventName` added: the A.1.4 name of its event code."""
    if not isinstance(item, dict):
        return item
    event = (item.get("eventSource") or {}).get("eventType")
    name = alarm_types.name_of(alarm_types.ALARM, event) if event not in (None, "") else None
    return {**item, "eventName": name} if name and "eventName" not in item else item


def _rule_records(client: Any, body: dict[str, Any]) -> list[dict[str, Any]]:
    pages = paging.fetch(client, RULES_PAGES, body, paging.every_page(paging.MAX_PAGE_SIZE))
    return [records.pick(rule, ("id", "name", "eventSource.sourceName"))
            for rule in pages.items if isinstance(rule, dict)]


def _search_rules(client: Any, query: str) -> list[dict[str, Any]]:
    """The rules the platform finds by name (alarmRuleName matches one piece of text: the
    query's words are asked longest first, see names.search_by_words)."""
    return names.search_by_words(
        query, lambda word: _rule_records(client, {"filter": {"alarmRuleName": word}}),
        lambda rule: rule.get("name"), lambda rule: rule.get("id"))


# `--rule NAME`: the platform filters rules by name.
RULES = names.NameKind("alarm rule", "--id", lambda client: _rule_records(client, {}),
                       area_of=lambda rule: None, search=_search_rules)


def _listed(path: str, list_key: str, fields: tuple[str, ...]) -> Any:
    """The reader of a small list (priorities, schedule templates) for the name index."""
    def read_all(client: Any) -> list[dict[str, Any]]:
        pages = paging.fetch(client, paging.PageSpec(path, list_key), {},
                             paging.every_page(paging.MAX_PAGE_SIZE))
        return [records.pick(item, fields) for item in pages.items if isinstance(item, dict)]

    return read_all


# `--priority NAME` (High, Medium, Low...) and `--schedule NAME`: kept in the name index.
PRIORITIES = names.NameKind("alarm priority", "--priority-id",
                            _listed(PRIORITIES_GET, "alarmpriorities", ("id", "levelName")),
                            name_of=lambda priority: priority.get("levelName"),
                            area_of=lambda priority: None)
SCHEDULES = names.NameKind("arming schedule template", "--schedule-id",
                           _listed(SCHEDULES_GET, "receivingSchedule", ("id", "name")),
                           area_of=lambda schedule: None)


def one_rule_given(rule_id: str | None, rule_name: str | None, id_flag: str) -> None:
    if bool(rule_id) == bool(rule_name):
        raise InvalidArgument(f"give the alarm rule: {id_flag} ID or --rule NAME.")


def rule_id_of(client: Any, args: argparse.Namespace, *, id_flag: str) -> str:
    """The rule the arguments name: its ID (`id_flag`) or `--rule NAME`, exactly one."""
    given = getattr(args, id_flag.lstrip("-").replace("-", "_"))
    one_rule_given(given, args.rule, id_flag)
    if given:
        return given
    return str(names.resolve(client, RULES.picked_by(id_flag), args.rule, flag="--rule")["id"])


# ---- linkage ------------------------------------------------------------------------------

def _resources(values: list[str] | None, label: str) -> list[dict[str, str]]:
    """AlarmResourceInfo (A.3.26): ID (at most 32 characters), name optional."""
    found = []
    for item in cli.split_repeated(values):
        if len(item) > 32:
            raise InvalidArgument(f"{label}: {item!r} is longer than 32 characters.")
        try:
            found.append({"id": cli.resource_id(item)})
        except argparse.ArgumentTypeError as error:
            raise InvalidArgument(f"{label}: {error}") from None
    return found


def linkage_items(args: argparse.Namespace) -> list[dict[str, Any]]:
    """LinkageItem (A.3.111) list from the flags; linkageType names as in the guide's
    example: LinkCamera, LinkCapturePicture, LinkAlarmOutput, LinkEMail."""
    items = []
    record = cli.split_repeated(args.record_camera)
    if record:
        # LinkageCamera (A.3.109): relateType 1 = the rule's own camera, 2 = other cameras;
        # the record times are Strings in the table.
        own = [value for value in record if value.lower() == "self"]
        config: dict[str, Any] = {"relateType": 1 if own else 2,
                                  "preRecordTime": str(args.pre_record),
                                  "postRecordTime": str(args.post_record)}
        if own and len(record) > 1:
            raise InvalidArgument("--record-camera: 'self' cannot be mixed with camera IDs.")
        if not own:
            config["camera"] = _resources(record, "--record-camera")
        items.append({"linkageType": "LinkCamera", "linkageConfig": {"linkCamera": config}})
    if args.capture_camera:
        items.append({"linkageType": "LinkCapturePicture", "linkageConfig": {
            "linkCapturePicture": {"captureInterval": args.capture_interval,
                                   "captureMode": args.capture_mode,
                                   "camera": _resources(args.capture_camera,
                                                        "--capture-camera")}}})
    if args.alarm_output:
        # The example and A.3.112 call the list alarmOutput (A.3.108 says camera).
        output: dict[str, Any] = {"alarmOutput": _resources(args.alarm_output, "--alarm-output"),
                                  "autoClose": 1 if args.auto_close is not None else 0}
        if args.auto_close is not None:
            output["autoCloseTime"] = args.auto_close
        items.append({"linkageType": "LinkAlarmOutput",
                      "linkageConfig": {"linkAlarmOutput": output}})
    if args.email_template:
        email = {"emailTemplateId": args.email_template}
        if args.email_template_name:
            email["emailTemplateName"] = args.email_template_name
        items.append({"linkageType": "LinkEMail", "linkageConfig": {"linkEmail": email}})
    return items


# The cameras and alarm outputs of a linkage by name: name flag -> the id flag it adds to.
NAMED_LINKAGE = {"--record-camera-name": "--record-camera",
                 "--capture-camera-name": "--capture-camera",
                 "--alarm-output-name": "--alarm-output"}


def _attribute(flag: str) -> str:
    return flag.lstrip("-").replace("-", "_")


def _with_named_resources(client: Any, args: argparse.Namespace) -> None:
    """The cameras and alarm outputs named (NAMED_LINKAGE) added to their id flags' lists;
    each name must match exactly one (exit 2 otherwise, nothing sent)."""
    from hct.resource import ALARM_OUTPUTS, CAMERAS

    for flag, id_flag in NAMED_LINKAGE.items():
        kind = (ALARM_OUTPUTS if id_flag == "--alarm-output" else CAMERAS).picked_by(id_flag)
        given = getattr(args, _attribute(id_flag)) or []
        setattr(args, _attribute(id_flag), names.with_named(
            client, kind, cli.split_repeated(given), getattr(args, _attribute(flag)),
            flag=flag))


def add_linkage(client: Any, args: argparse.Namespace) -> cli.Result:
    items = linkage_items(args)  # every ID given is checked before a name is looked up
    named = [flag for flag in NAMED_LINKAGE if getattr(args, _attribute(flag))]
    if not items and not named:
        raise InvalidArgument("give at least one linkage: --record-camera, --capture-camera, "
                              "--alarm-output (or their -name flags) or --email-template.")
    if "--record-camera-name" in named and any(
            value.lower() == "self" for value in cli.split_repeated(args.record_camera)):
        raise InvalidArgument("--record-camera self cannot be mixed with other cameras.")
    one_rule_given(args.rule_id, args.rule, "--rule-id")
    if named:
        _with_named_resources(client, args)
        items = linkage_items(args)
    args.rule_id = rule_id_of(client, args, id_flag="--rule-id")
    body = {"alarmLinkage": [{"alarmRuleID": args.rule_id, "linkageItem": items}]}
    data = client.post(LINKAGE_ADD, body) or {}
    answered = data.get("alarmLinkage") or []
    kinds = ", ".join(str(item.get("linkageType")) for item in answered
                      if isinstance(item, dict))
    return results.check(answered, data, what="linkage items", id_field="linkageType",
                         rows=answered, message=f"Linkage added to alarm rule {args.rule_id}"
                                                f"{': ' + kinds if kinds else ''}.")


# ---- priorities and schedules ------------------------------------------------------------

def list_priorities(client: Any, args: argparse.Namespace) -> cli.Result:
    return paging.listed(client, PRIORITIES_PAGES, {}, args, "alarm priorities")


def list_schedules(client: Any, args: argparse.Namespace) -> cli.Result:
    return paging.listed(client, paging.PageSpec(SCHEDULES_GET, "receivingSchedule"), {}, args,
                         "arming schedule templates")


# ---- alarm logs ---------------------------------------------------------------------------

def log_window(begin: datetime | None, end: datetime | None, *, split: bool = False,
               now: datetime | None = None) -> tuple[datetime, datetime]:
    """The search window (aware datetimes): both given, one given (the other a day away), or
    the last day. Begin not after end (the platform's OPEN000030); at most one day
    (OPEN000027) unless `split` (--all), which searches day by day, up to MAX_SPLIT_DAYS."""
    if begin is None and end is None:
        end = now or times.local_now()
    if begin is None:
        begin = end - MAX_LOG_SPAN
    if end is None:
        end = begin + MAX_LOG_SPAN
    span = f"{times.iso(begin)} .. {times.iso(end)}"
    if begin > end:
        raise InvalidArgument(f"--begin is after --end ({span}).")
    if end - begin > MAX_LOG_SPAN and not split:
        raise InvalidArgument(f"the window {span} is longer than one day, the most one alarmlog "
                              "search allows: add --all to search it day by day.")
    if end - begin > timedelta(days=MAX_SPLIT_DAYS):
        raise InvalidArgument(f"the window {span} is longer than {MAX_SPLIT_DAYS} days.")
    return begin, end


def _platform_time(moment: datetime) -> str:
    """TimeRange's "yyyy-MM-dd HH:mm:ss", in UTC (see the module text)."""
    return moment.astimezone(timezone.utc).strftime(TIME_FORMAT)


class _LogPages:
    """A client view for `paging.fetch`: the alarmlog answer under one list key, with the
    total filled in from `moreData` once the last page is reached."""

    def __init__(self, client: Any, *, report: bool) -> None:
        self.client = client
        self.key = LOG_KEYS[0]
        self.more_data: Any = None
        self.report = report  # progress on stderr for pages before the last (no total yet)
        self.read = 0

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        data = dict(self.client.post(path, body) or {})
        key = next((name for name in LOG_KEYS if name in data), None)
        if key:
            self.key = key
        batch = (data.pop(key, None) or []) if key else []
        self.more_data = data.get("moreData")
        self.read += len(batch)
        total = None
        if str(self.more_data) == "0":
            total = (int(body["pageIndex"]) - 1) * int(body["pageSize"]) + len(batch)
        elif self.report:
            cli.progress(f"page {body['pageIndex']}: {self.read} so far, more to come")
        return {LOG_KEYS[0]: batch, "totalCount": total}


def alarm_logs(client: Any, args: argparse.Namespace) -> cli.Result:
    begin, end = log_window(args.begin, args.end, split=bool(args.all))
    codes = alarm_types.resolve(alarm_types.ALARM, args.types)
    area = chosen_area(client, args)
    body: dict[str, Any] = {}
    if area:
        body["areaID"] = area  # absent = every area (the description of areaID)
    if codes:
        body["eventTypeList"] = codes  # String[] here (Integer[] in mq/subscribe)
    windows = (split_windows(begin, end, int(MAX_LOG_SPAN.total_seconds()))
               if end - begin > MAX_LOG_SPAN else [(begin, end)])
    view = _LogPages(client, report=bool(args.all))
    items: list[Any] = []
    searched = []
    for number, (start, stop) in enumerate(windows, 1):
        time_range = {"beginTime": _platform_time(start), "endTime": _platform_time(stop)}
        if len(windows) > 1:
            cli.progress(f"window {number}/{len(windows)}: {time_range['beginTime']} .. "
                         f"{time_range['endTime']} UTC")
        view.read = 0
        pages = paging.fetch(view, paging.PageSpec(ALARM_LOG, LOG_KEYS[0]),
                             {**body, "timeRange": time_range}, args)
        items.extend(with_event_name(item) for item in pages.items)
        searched.append({**time_range, "total": pages.total, "pagesRead": pages.pages_read})
    totals = [window["total"] for window in searched]
    total = None if None in totals else sum(totals)
    window = times.window(begin, end)
    data: dict[str, Any] = {
        "window": window, "total": total, "pageSize": pages.page_size,
        "pagesRead": [page for part in searched for page in part["pagesRead"]],
        "count": len(items), view.key: items, "moreData": view.more_data,
        "timeRange": {"beginTime": _platform_time(begin), "endTime": _platform_time(end)}}
    if len(searched) > 1:
        data["windows"] = searched
    counted = f"{total}" if total is not None else "more than that"
    result = cli.Result(f"{len(items)} alarm log entries ({counted} in the window "
                        f"{window['start']} .. {window['end']}).", data)
    return records.present(result, args, view.key)


# ---- voltage ------------------------------------------------------------------------------

def threshold(value: str) -> int | float:
    """argparse type: a percentage 0..100 (Number in the guide), whole numbers as int."""
    number = cli.bounded_float(0, 100, unit=" percent")(value)
    return int(number) if number.is_integer() else number


def set_voltage(client: Any, args: argparse.Namespace) -> cli.Result:
    data = client.post(VOLTAGE_SET, {"voltageThreshold": args.threshold})
    # The answer's data is the Boolean true when the threshold was edited (Table 5-42).
    return cli.Result(f"Low-battery threshold of solar-powered cameras set to "
                      f"{args.threshold}%.", {"voltageThreshold": args.threshold,
                                              "edited": data})
