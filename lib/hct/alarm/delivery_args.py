"""The arguments the alarm delivery scripts share (alarm_poller.py, webhook_server.py,
journal.py): where the journal is, where entries are delivered, and the service unit. Lean
on purpose: the scripts import it before parsing, so it needs nothing but argparse (the
journal, sinks, poller and receiver modules are imported by the handlers)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    import argparse

SINK_SPECS = "jsonl:PATH, stdout, webhook[:URL], openclaw[:URL], feishu[:URL], " \
             "dingtalk[:URL], wecom[:URL], slack[:URL] (a kind alone takes its URL from its " \
             "variable, e.g. DINGTALK_BOT_URL: see the Alarm SKILL.md), " \
             "mqtt:mqtt://HOST:PORT (or mqtts://), redis:redis://HOST:PORT/DB?stream=NAME"
DEFAULT_MQTT_TOPIC = "hikconnect/{account}/{kind}/{eventType}/{source}"


def add_journal_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--journal", metavar="PATH|URL",
                        help="journal file (default <cache dir>/alarm-journal.sqlite3), or "
                             "redis://HOST:PORT/DB: one journal shared by every receiver, "
                             "poller and delivery worker on every machine (password: "
                             "REDIS_PASSWORD)")


def add_sink_arguments(parser: argparse.ArgumentParser) -> None:
    """--sink SPEC (repeatable) and --mqtt-topic."""
    parser.add_argument("--sink", action="append", metavar="SPEC",
                        help=f"where to deliver (repeatable): {SINK_SPECS}")
    parser.add_argument("--mqtt-topic", metavar="TEMPLATE",
                        help=f"topic of mqtt sinks (default {DEFAULT_MQTT_TOPIC}; also "
                             "{sourceName}, {guid}); {source} is the source's ID")


def add_delivery_arguments(parser: argparse.ArgumentParser) -> None:
    """--journal, the sink arguments and --journal-only."""
    add_journal_argument(parser)
    add_sink_arguments(parser)
    parser.add_argument("--journal-only", action="store_true",
                        help="journal the deliveries of each --sink but send none: delivery "
                             "workers (journal.py deliver) on the same journal send them")


def add_service_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--print-systemd-unit", action="store_true",
                        help="answer a systemd unit that runs this command line (without this "
                             "flag; Restart=on-failure) and write its EnvironmentFile (0600) "
                             "with the variables it needs; nothing is started")
