"""journal.py (the script): list, show and redeliver what a journal holds, on any backend."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any


def _table_row(entry: dict[str, Any]) -> dict[str, Any]:
    item = entry.get("item") or {}
    source = item.get("eventSource") or {}
    basic = item.get("basicInfo") or {}
    return {"receivedAt": entry["receivedAt"], "kind": entry["kind"], "guid": entry["guid"],
            "type": source.get("eventType") or basic.get("msgType"),
            "source": source.get("sourceName") or (basic.get("resource") or {}).get("name"),
            "deliveries": ", ".join(f"{d['sink']}={d['state']}" for d in entry["deliveries"])}


def journal_command(args: Any) -> Any:
    """journal.py: list, show, redeliver (reads and updates the journal only)."""
    from hct import cli
    from hct.alarm.journal import open_journal
    from hct.errors import InvalidArgument

    journal = open_journal(args.journal, create=False)
    if args.command == "list":
        since = args.since.timestamp() if args.since else None
        entries = journal.entries(state=args.state, sink=args.sink, since=since,
                                  limit=args.limit)
        return cli.Result(f"{len(entries)} entries.", {"journal": journal.location,
                                                       "counts": journal.counts(),
                                                       "entries": entries},
                          rows=[_table_row(entry) for entry in entries])
    if args.command == "show":
        entries = journal.entries(guid=args.guid, limit=100)
        if not entries:
            raise InvalidArgument(f"No journal entry has the guid {args.guid}.",
                                  error_code="NOT_FOUND")
        return cli.Result(f"{len(entries)} entries for {args.guid}.", {"entries": entries},
                          rows=[_table_row(entry) for entry in entries])
    if not args.guids and not args.failed:
        raise InvalidArgument("redeliver needs GUIDs or --failed")
    changed = journal.redeliver(args.guids, failed=args.failed,
                                sinks=[args.sink] if args.sink else ())
    return cli.Result(f"{changed} deliveries are due again; a running poller or receiver "
                      "sends them (or the next run does).", {"redelivered": changed,
                                                             "counts": journal.counts()})
