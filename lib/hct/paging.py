"""`--page`, `--page-size` and `--all` for the guide's paged lists.

Most lists take `pageIndex`/`pageSize` in the body and answer `totalCount` beside a list
(`device`, `camera`, `door`...). With `--all` every page is read at the largest size the
endpoint allows, with progress on stderr.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds that `--help` must not pay

from hct import cli

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from typing import Any

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
MAX_PAGE_INDEX = 2**31 - 1  # the guide types page numbers Integer: 32 bits on the platform


def add_paging(argument_parser: argparse.ArgumentParser, *, max_size: int = MAX_PAGE_SIZE,
               default_size: int = DEFAULT_PAGE_SIZE, brief: Sequence[str] = (),
               named: str = "") -> None:
    """--page, --page-size and --all; with `brief` (the list's brief fields) also the record
    options of hct.records; with `named` (what the list holds, e.g. "cameras") --name TEXT."""
    if brief:
        from hct import records

        records.add_options(argument_parser, brief)
    if named:
        from hct import names

        names.add_name_filter(argument_parser, named)
    group = argument_parser.add_argument_group("paging")
    group.add_argument("--page", type=cli.bounded_int(1, MAX_PAGE_INDEX), default=1,
                       help="page number to read (default 1)")
    group.add_argument("--page-size", type=cli.bounded_int(1, max_size),
                       default=min(default_size, max_size),
                       help=f"records per page, 1..{max_size} (default "
                            f"{min(default_size, max_size)})")
    group.add_argument("--all", action="store_true",
                       help=f"read every page (at {max_size} per page) and return all records")
    argument_parser.set_defaults(_max_page_size=max_size)


class PageSpec:
    """Where and how to page: the body fields and the answer fields of one endpoint.
    `as_strings`: the endpoint types pageIndex/pageSize as String. `list_aliases`: other
    names the guide gives the answer's list (read when `list_key` is absent); `bare_list`:
    the answer may be the list itself instead of an object holding it; `name_of`: a record's
    name, for --name (default: its `name` field)."""

    def __init__(self, path: str, list_key: str, *, index_field: str = "pageIndex",
                 size_field: str = "pageSize", total_field: str = "totalCount",
                 as_strings: bool = False, list_aliases: tuple[str, ...] = (),
                 bare_list: bool = False,
                 name_of: Callable[[dict[str, Any]], Any] | None = None) -> None:
        self.path = path
        self.list_key = list_key
        self.index_field = index_field
        self.size_field = size_field
        self.total_field = total_field
        self.as_strings = as_strings
        self.list_aliases = list_aliases
        self.bare_list = bare_list
        self.name_of = name_of or (lambda record: record.get("name"))

    def answer(self, data: Any) -> dict[str, Any]:
        """The answer with its list under `list_key`, whichever form it came in."""
        if self.bare_list and isinstance(data, list):
            return {self.list_key: data}
        data = data or {}
        if self.list_key not in data:
            for alias in self.list_aliases:
                if isinstance(data.get(alias), list):
                    return {**data, self.list_key: data[alias]}
        return data


class Pages:
    """The records read, the platform's total, and which pages were read."""

    def __init__(self, page_size: int) -> None:
        self.items: list[Any] = []
        self.total: int | None = None
        self.pages_read: list[int] = []
        self.page_size = page_size
        self.name_filter: str | None = None
        self.conditions: list[str] = []

    def keep(self, wanted: Callable[[Any], bool], condition: str) -> None:
        """Keep only the records `wanted` accepts: a filter of the pack's own where the
        platform has none (online state, stream encryption...). Read every page first
        (`fetch(..., every=True)`); the answer's message names the `condition`."""
        self.items = [item for item in self.items if wanted(item)]
        self.conditions.append(condition)

    def data(self, list_key: str) -> dict[str, Any]:
        """The result shape of every paged script: the platform's list under its own name,
        with the platform's total and the pages that were read."""
        return {"total": self.total, "pageSize": self.page_size, "pagesRead": self.pages_read,
                "count": len(self.items), list_key: self.items}


def in_batches(client: Any, path: str, field: str, ids: list[str], size: int,
               list_key: str, *, also: tuple[str, ...] = ()) -> list[Any]:
    """For the endpoints that take at most `size` ids a request ({field: [...]}): one
    request per batch, the items of every answer's `list_key` in one list. `also`: other
    names the guide gives the field; the batch goes under each (the platform ignores
    fields it does not know)."""
    items: list[Any] = []
    for start in range(0, len(ids), size):
        batch = ids[start:start + size]
        data = client.post(path, {name: batch for name in (field, *also)}) or {}
        items.extend(data.get(list_key) or [])
    return items


def merge(parts: Sequence[Pages], key: Callable[[Any], Any]) -> Pages:
    """One list from several reads of the same list (one per device category, per area...):
    the records in order, each once (by `key`), the platform's totals added up and the page
    numbers read by any part."""
    merged = Pages(page_size=parts[0].page_size if parts else 0)
    merged.name_filter = parts[0].name_filter if parts else None
    merged.total = sum(part.total or 0 for part in parts)
    merged.pages_read = sorted({index for part in parts for index in part.pages_read})
    seen: set[Any] = set()
    for part in parts:
        for item in part.items:
            identity = key(item)
            if identity not in seen:
                seen.add(identity)
                merged.items.append(item)
    return merged


def every_page(size: int) -> argparse.Namespace:
    """Arguments for `fetch` that read every page at `size` (for a library's own full scan)."""
    import argparse

    return argparse.Namespace(all=True, page=1, page_size=size, _max_page_size=size)


def fetch(client: Any, spec: PageSpec, body: dict[str, Any], args: argparse.Namespace, *,
          every: bool = False) -> Pages:
    """Read the page the arguments ask for, or all of them with --all (or `every`: for a
    filter of the pack's own, `Pages.keep`). With --name every page is read and only the
    records whose name matches are kept (the answer says how many of `total`)."""
    query = getattr(args, "name_filter", None)
    if every or getattr(args, "all", False) or query:
        pages = _read(client, spec, body, first=1, size=args._max_page_size, every=True)
    else:
        pages = _read(client, spec, body, first=args.page, size=args.page_size, every=False)
    if query:
        from hct import names

        pages.items = names.matching(pages.items, query, spec.name_of)
        pages.name_filter = query
    return pages


def listed(client: Any, spec: PageSpec, body: dict[str, Any], args: argparse.Namespace,
           noun: str, row: Callable[[Any], Any] | None = None) -> cli.Result:
    """`fetch`, answered the way every list script answers: "N of TOTAL <noun>.", the
    `Pages.data` shape, shaped by the record options when the script has them (else table
    rows through `row`, if given)."""
    pages = fetch(client, spec, body, args)
    return answer(pages, spec.list_key, args, noun, row)


def answer(pages: Pages, list_key: str, args: argparse.Namespace, noun: str,
           row: Callable[[Any], Any] | None = None) -> cli.Result:
    """The answer of a list script from the pages it read (see `listed`)."""
    matched = "".join(f" {condition}" for condition in pages.conditions)
    if pages.name_filter:
        matched += f" matching {pages.name_filter!r}"
    result = cli.Result(f"{len(pages.items)} of {pages.total} {noun}{matched}.",
                        pages.data(list_key),
                        rows=[row(item) for item in pages.items] if row else pages.items)
    if hasattr(args, "_brief"):
        from hct import records

        return records.present(result, args, list_key)
    return result


def _read(client: Any, spec: PageSpec, body: dict[str, Any], *, first: int, size: int,
          every: bool) -> Pages:
    pages = Pages(page_size=size)
    index = first
    while True:
        request = {**body, spec.index_field: _typed(index, spec),
                   spec.size_field: _typed(size, spec)}
        data = spec.answer(client.post(spec.path, request))
        batch = data.get(spec.list_key) or []
        pages.items.extend(batch)
        pages.pages_read.append(index)
        pages.total = _as_int(data.get(spec.total_field), pages.total)
        if not every:
            return pages
        if pages.total is not None:
            cli.progress(f"page {index}: {len(pages.items)} of {pages.total}")
        done = (len(batch) < size or not batch
                or (pages.total is not None and len(pages.items) >= pages.total))
        if done:
            if pages.total is None:  # no total in the answers: every record was read
                pages.total = len(pages.items)
            return pages
        index += 1


def _typed(value: int, spec: PageSpec) -> int | str:
    return str(value) if spec.as_strings else value


def _as_int(value: Any, fallback: int | None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return fallback
