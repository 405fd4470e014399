r"""The alarm pipeline: alarms and messages from the platform into the journal, and from the
journal to the sinks.

    poller.py (pull: mq/messages, then complete)  \
                                                   > journal.py -> delivery.py -> sinks.py
    receiver.py (push: signed webhook POSTs)      /

- `journal.py`: the `Journal` interface every backend keeps (durable before anything is
  acknowledged upstream, shared deduplication, burned handshake ids, per-sink deliveries
  under a lease) and `open_journal(spec)`; `journal_sqlite.py`: the embedded backend (one
  SQLite file); `journal_redis.py` (+ its Lua scripts, `journal_redis_lua.py`): the shared
  backend (a Redis server, deliveries through Streams consumer groups); `journal_tool.py`:
  the journal.py script's list/stats/show/redeliver and its `deliver` worker.
- `delivery.py`: the `Deliverer`, one worker per sink; `sinks.py`: the destinations
  (`--sink SPEC`) and how each is sent to, each HTTP send under an overall deadline;
  `sinks_broker.py`: the MQTT and Redis Streams sinks.
- `serving.py`: the receiver's HTTP server with its limits (body size, read deadline).
- `poller.py`, `receiver.py`: the two ways in (the receiver serves one path per account);
  `signature.py`: the webhook signature.
- `service.py`: `--print-systemd-unit` (a unit and its 0600 EnvironmentFile).
- `subscriptions.py`: event subscriptions and the webhook configuration on the platform.
- `texts.py`: the human text of an alarm; `event_types.py`: the guide's code tables.
- `delivery_args.py`: the `--journal` / `--sink` arguments (lean: imported before parsing).

Nothing is imported here: a script's `--help` imports `hct.alarm.delivery_args` only.
"""
