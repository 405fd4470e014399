"""The arguments the alarm delivery scripts share (alarm_poller.py, webhook_server.py,
journal.py): where the journal is and where entries are delivered. Lean on purpose: the
scripts import it before parsing, so it needs nothing but `hct.cli` (the journal, sinks,
poller and receiver modules are imported by the handlers)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    import argparse

SINK_SPECS = "jsonl:PATH, stdout, webhook[:URL], openclaw[:URL], feishu[:URL], " \
             "dingtalk[:URL], wecom[:URL], slack[:URL] (a kind alone takes its URL from its " \
             "variable, e.g. DINGTALK_BOT_URL: see the Alarm SKILL.md)"


def add_journal_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--journal", metavar="PATH",
                        help="journal file (default <cache dir>/alarm-journal.sqlite3)")


def add_delivery_arguments(parser: argparse.ArgumentParser) -> None:
    """--journal PATH and --sink SPEC (repeatable)."""
    add_journal_argument(parser)
    parser.add_argument("--sink", action="append", metavar="SPEC",
                        help=f"where to deliver (repeatable): {SINK_SPECS}")
