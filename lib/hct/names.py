"""Names in, ids out: the camera, door, device, area or person a user names.

Users say "the front entrance camera", not a 32-hex id. A script that acts on one thing takes
its name beside the id flags (`--camera NAME`, `--door NAME`...) and resolves it here:

- A name matches when every word of the query is in it, ignoring case and accents
  ("entree" finds "Entrée Nord"). A record whose whole name equals the query wins over
  partial matches.
- Exactly one match: the script goes on, and `data.resolved` says what was resolved
  (`cli.run` adds it). Several: `AMBIGUOUS_NAME`, exit 2, nothing sent, at most 10
  candidates in `data` with the flag that picks each. None: `UNKNOWN_NAME`, exit 2, with the
  closest names.
- Resolving costs requests, so the records of a kind are kept for a few minutes in a name
  index in the cache directory (per account): a second lookup sends nothing. A name the index
  does not know is looked up afresh once before it is called unknown. Kinds the platform can
  search by name (`NameKind.search`) ask it instead of reading everything.

A module describes each of its kinds once as a `NameKind` (how to read its records and which
flag picks one by id); the scripts call `resolve` / `resolve_each`.
"""

from __future__ import annotations

import argparse

from hct import cli
from hct.errors import InvalidArgument

TYPE_CHECKING = False  # typing costs milliseconds that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

INDEX_SECONDS = 300  # how long a name index is trusted: "a second lookup within minutes"
MAX_CANDIDATES = 10
MAX_CLOSEST = 5

_resolved: list[dict[str, Any]] = []


class AmbiguousName(InvalidArgument):
    error_code = "AMBIGUOUS_NAME"
    default_hint = ("Several match: run again with the flag shown in `pick` for the one you "
                    "mean, or with more words of its name.")


class UnknownName(InvalidArgument):
    error_code = "UNKNOWN_NAME"
    default_hint = ("Nothing has that name: check `data.closest`, or find it with "
                    "modules/Hik-Connect_Team_Resource/scripts/find.py.")


class NameKind:
    """One kind of named thing.

    `read_all(client)` returns every record of the kind (only the fields a lookup needs: id,
    name, area and what the scripts act with); `search(client, query)`, when the platform can
    filter by name, returns the records it finds instead. `pick(record)` is the flag and
    value that selects one record without its name (default `id_flag ID`)."""

    def __init__(self, noun: str, id_flag: str, read_all: Callable[[Any], list[dict]], *,
                 id_field: str = "id", name_of: Callable[[dict], Any] | None = None,
                 area_of: Callable[[dict], Any] | None = None,
                 search: Callable[[Any, str], list[dict]] | None = None,
                 pick: Callable[[dict], str] | None = None) -> None:
        self.noun = noun
        self.id_flag = id_flag
        self.read_all = read_all
        self.id_field = id_field
        self.name_of = name_of or (lambda record: record.get("name"))
        self.area_of = area_of or _area_name
        self.search = search
        self.pick = pick or (lambda record: f"{id_flag} {record.get(id_field)}")

    def picked_by(self, id_flag: str, field: str | None = None) -> NameKind:
        """The same kind (same records, same name index) for a script that selects one by
        `id_flag VALUE` instead, VALUE being the record's `field` (default: its id): its
        candidates say that flag."""
        import copy

        other = copy.copy(self)
        other.id_flag = id_flag
        other.pick = lambda record: f"{id_flag} {record.get(field or self.id_field)}"
        return other

    def summary(self, record: dict[str, Any]) -> dict[str, Any]:
        """A candidate as the answer shows it: name, id, area and the flag that picks it."""
        entry = {"name": self.name_of(record), "id": record.get(self.id_field),
                 "area": self.area_of(record), "pick": self.pick(record)}
        return {key: value for key, value in entry.items() if value not in (None, "")}


def _area_name(record: dict[str, Any]) -> Any:
    area = record.get("area")
    return area.get("name") if isinstance(area, dict) else None


# ---- matching ----------------------------------------------------------------------------

def fold(text: Any) -> str:
    """Text for comparing names: accents dropped, case folded, spaces collapsed."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def matches(query: str, name: Any) -> bool:
    """Every word of the query is in the name (case- and accent-insensitive)."""
    folded = fold(name)
    return all(word in folded for word in fold(query).split())


def matching(records: Iterable[Any], query: str,
             name_of: Callable[[dict], Any]) -> list[Any]:
    """The records whose name matches the query (the --name filter of the lists)."""
    return [record for record in records
            if isinstance(record, dict) and matches(query, name_of(record))]


def search_by_words(query: str, search: Callable[[str], Iterable[dict]],
                    name_of: Callable[[dict], Any], id_of: Callable[[dict], Any], *,
                    most: int = 3) -> list[dict[str, Any]]:
    """A `NameKind.search` over a platform filter that matches one piece of text inside the
    name: the query's words are asked longest first (`search(word)`), until some record
    holds every word or `most` words were asked. One request when the longest word finds
    the name; more only for a misspelt word, so that the closest names still show."""
    found: dict[Any, dict[str, Any]] = {}
    for word in sorted(dict.fromkeys(query.split()), key=len, reverse=True)[:most]:
        for record in search(word):
            found.setdefault(id_of(record), record)
        if matching(found.values(), query, name_of):
            break
    return list(found.values())


def add_name_filter(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--name", dest="name_filter", type=cli.text(64, "name"), metavar="TEXT",
                        help=f"only {what} whose name holds every word of TEXT (case and "
                             "accents ignored); reads every page")


def add_name_argument(parser: argparse.ArgumentParser, flag: str, kind_noun: str, *,
                      repeatable: bool = False, also: str = "") -> None:
    """`--camera NAME` and the like: the thing by its name instead of its id."""
    parser.add_argument(flag, action="append" if repeatable else "store",
                        type=cli.text(128, f"{kind_noun} name"), metavar="NAME",
                        help=f"the {kind_noun} by its name (every word must match; case and "
                             f"accents ignored){' (repeatable)' if repeatable else ''}{also}")


# ---- resolving ---------------------------------------------------------------------------

def resolve(client: Any, kind: NameKind, query: str, *, flag: str) -> dict[str, Any]:
    """The one record of `kind` that `query` names (see the module text), noted for
    `data.resolved`. Raises AmbiguousName or UnknownName (exit 2) before anything is sent."""
    if kind.search is not None:
        records, from_index = kind.search(client, query), False
    else:
        records, from_index = read_index(client, kind, fresh=False)
    hits = matching(records, query, kind.name_of)
    if not hits and from_index:
        records, _ = read_index(client, kind, fresh=True)  # new since the index was written?
        hits = matching(records, query, kind.name_of)
    exact = [record for record in hits if fold(kind.name_of(record)) == fold(query)]
    chosen = exact if exact else hits
    if len(chosen) == 1:
        record = chosen[0]
        _resolved.append({"flag": flag, "query": query, **kind.summary(record)})
        return record
    if chosen:
        raise AmbiguousName(
            f"{len(chosen)} {kind.noun}s match {flag} {query!r}; nothing was sent.",
            data={"query": query, "matches": len(chosen),
                  "candidates": [kind.summary(record)
                                 for record in _ranked(chosen, kind)[:MAX_CANDIDATES]]})
    raise UnknownName(f"No {kind.noun} is named {query!r}; nothing was sent.",
                      data={"query": query, "closest": closest(records, query, kind)})


def resolve_each(client: Any, kind: NameKind, queries: Iterable[str], *,
                 flag: str) -> list[dict[str, Any]]:
    """`resolve` for a repeatable flag; the records in the order given, each once."""
    found: dict[Any, dict[str, Any]] = {}
    for query in queries:
        record = resolve(client, kind, query, flag=flag)
        found.setdefault(record.get(kind.id_field), record)
    return list(found.values())


def with_named(client: Any, kind: NameKind, ids: list[str], queries: Iterable[str] | None, *,
               flag: str, required: bool = False, field: str | None = None) -> list[str]:
    """A repeatable id flag's `ids` followed by the ids (or the `field`, e.g. serialNo) of
    the records a repeatable name flag names (`resolve_each`), each once: `--door-id A
    --door "main entrance"`. With `required`, neither given is exit 2 (before anything is
    resolved)."""
    if required and not ids and not queries:
        raise InvalidArgument(f"give {kind.id_flag} ID or {flag} NAME.")
    wanted = list(ids)
    for record in resolve_each(client, kind, queries or [], flag=flag):
        value = str(record.get(field or kind.id_field))
        if value not in wanted:
            wanted.append(value)
    return wanted


def indexed(client: Any, kind: NameKind) -> list[dict[str, Any]]:
    """Every record of `kind`, from its name index while that is fresh (a module's own
    look-ups by id, e.g. the department names shown beside persons)."""
    return read_index(client, kind, fresh=False)[0]


def search_word(query: str) -> str:
    """What a platform's name filter gets for a query: its longest word. The platform
    matches that text inside the name, not each word ("silva ana" sent whole would find
    nothing); the every-word match is then done here."""
    return max(query.split(), key=len)


def resolved() -> list[dict[str, Any]]:
    """What this run resolved by name (for `data.resolved`)."""
    return list(_resolved)


def closest(records: Iterable[Any], query: str, kind: NameKind) -> list[dict[str, Any]]:
    """The names nearest to an unknown one: by spelling, then by any shared word."""
    import difflib

    by_name: dict[str, dict[str, Any]] = {}
    for record in records:
        if isinstance(record, dict):
            by_name.setdefault(fold(kind.name_of(record)), record)
    wanted = fold(query)
    near = difflib.get_close_matches(wanted, list(by_name), n=MAX_CLOSEST, cutoff=0.5)
    words = set(wanted.split())
    near += [name for name in by_name if name not in near and words & set(name.split())]
    return [kind.summary(by_name[name]) for name in near[:MAX_CLOSEST]]


def _ranked(records: list[dict[str, Any]], kind: NameKind) -> list[dict[str, Any]]:
    return sorted(records, key=lambda record: (len(fold(kind.name_of(record))),
                                               fold(kind.name_of(record))))


# ---- the name index ----------------------------------------------------------------------

def read_index(client: Any, kind: NameKind, *,
               fresh: bool) -> tuple[list[dict[str, Any]], bool]:
    """The kind's records and whether they came from the index (not read just now): with
    `fresh`, read now and the index rewritten (a name the index does not know may be new)."""
    import time

    from hct.store import read_json, write_json_atomic

    path = index_path(kind.noun)
    now = time.time()
    if not fresh:
        stored = read_json(path)
        if (isinstance(stored, dict) and isinstance(stored.get("records"), list)
                and 0 <= now - float(stored.get("at") or 0) < INDEX_SECONDS):
            return stored["records"], True
    records = kind.read_all(client)
    write_json_atomic(path, {"at": now, "records": records})
    return records, False


def index_path(noun: str) -> str:
    """The account's name index of one kind, in the private cache directory."""
    import hashlib
    import os

    from hct import config

    credentials = config.load_credentials()
    account = hashlib.sha256("\0".join((credentials.app_key, config.base_url())).encode())
    return os.path.join(config.cache_dir(),
                        f"names-{account.hexdigest()[:24]}-{noun.replace(' ', '_')}.json")
