"""journal.py (the script): list, show and redeliver what a journal holds, on any backend,
and `deliver`, a delivery worker beside the receivers and pollers."""

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
    """journal.py: list, show, redeliver (reads and updates the journal only), deliver."""
    from hct import cli
    from hct.alarm.journal import open_journal
    from hct.errors import InvalidArgument

    if args.command == "deliver":
        return deliver_command(args)
    journal = open_journal(args.journal, create=False)
    if args.command == "list":
        since = args.since.timestamp() if args.since else None
        entries = journal.entries(state=args.state, sink=args.sink, since=since,
                                  limit=args.limit)
        return cli.Result(f"{len(entries)} entries.", {"journal": journal.location,
                                                       "counts": journal.counts(),
                                                       "entries": entries},
                          rows=[_table_row(entry) for entry in entries])
    if args.command == "stats":
        counts = journal.counts()
        rows = [{"sink": sink, **states} for sink, states in sorted(counts["bySink"].items())]
        return cli.Result(f"{counts['entries']} entries, {counts['deliveries']['pending']} "
                          f"deliveries pending, {counts['deliveries']['failed']} failed.",
                          {"journal": journal.location, "counts": counts}, rows=rows)
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


def deliver_command(args: Any) -> Any:
    """journal.py deliver: the lanes of a Deliverer for each --sink, until SIGTERM/SIGINT
    (or, with --once, until nothing is due now); several workers on one Redis journal share
    the deliveries through its consumer groups."""
    import sys
    import threading

    from hct import cli
    from hct.alarm.delivery import Deliverer
    from hct.alarm.journal import open_journal
    from hct.alarm.poller import finish, install_stop_handlers
    from hct.alarm.sinks import parse_sinks
    from hct.errors import InvalidArgument

    sinks = parse_sinks(args.sink, args.mqtt_topic)
    if not sinks:
        raise InvalidArgument("deliver needs at least one --sink (the sinks whose deliveries "
                              "this worker sends)")
    if args.print_systemd_unit:
        from hct.alarm.service import unit_result

        return unit_result(sys.argv, [])
    journal = open_journal(args.journal)
    deliverer = Deliverer(journal, sinks, log=cli.progress)
    stop = threading.Event()
    install_stop_handlers(stop.set)
    if args.once:
        deliverer.drain(halt=stop)
    else:
        cli.progress(f"delivering from {journal.location} to "
                     f"{', '.join(sink.id for sink in sinks)}")
        deliverer.start()
        while not stop.wait(1.0):
            pass
        deliverer.stop()
    ids = [sink.id for sink in sinks]
    data = {"journal": journal.location, "sinks": ids,
            "delivery": {**deliverer.counts, "pending": journal.pending_count(ids)},
            "stoppedBy": "drained" if args.once else "signal"}
    return finish(cli.Result(f"Delivered {deliverer.counts['delivered']}; "
                             f"{data['delivery']['pending']} pending.", data), sinks)
