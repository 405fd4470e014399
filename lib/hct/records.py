"""Records sized for their reader: brief by default, whole or picked on request, files for bulk.

The first reader of a list is an agent that counts its context in bytes, so a list answers a
documented brief subset of each platform object (under the platform's own field names, plus
the ids the pack adds) unless asked otherwise:

  --detail full       the platform's whole objects
  --fields a,b.c      exactly these fields; dotted paths reach into nested objects
  --csv PATH          the records into a CSV file; stdout carries only the summary
  --output PATH       the records into a JSON file; stdout carries only the summary

A script declares its brief fields once (`add_options(parser, BRIEF)`) and answers through
`present(result, args, list_key)`; `paging.add_paging(..., brief=...)` and `paging.listed` do
both for the paged lists. Target files are checked when the arguments are parsed, before any
request. CSV cells that come from platform data never start a formula.
"""

from __future__ import annotations

import argparse
import os

from hct import cli

TYPE_CHECKING = False  # typing costs milliseconds that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

DETAILS = ("brief", "full")


def add_options(parser: argparse.ArgumentParser, brief: Sequence[str]) -> None:
    """--detail, --fields, --csv and --output, with the list's brief fields in the help."""
    group = parser.add_argument_group("records")
    group.add_argument("--detail", choices=DETAILS, default="brief",
                       help="brief (default: " + ", ".join(brief) + ") or full (the "
                            "platform's whole objects)")
    group.add_argument("--fields", type=field_list, metavar="A,B.C",
                       help="exactly these fields of each record (dotted paths reach into "
                            "nested objects); overrides --detail")
    group.add_argument("--csv", type=target_file, metavar="PATH",
                       help="write the records to this CSV file; stdout then carries only "
                            "the summary (count, path, columns)")
    group.add_argument("--output", type=target_file, metavar="PATH",
                       help="write the records to this JSON file; stdout then carries only "
                            "the summary")
    parser.set_defaults(_brief=tuple(brief))


def use_brief(args: argparse.Namespace, brief: Sequence[str]) -> None:
    """Another brief for this run: a filter can make fields of the usual brief say nothing
    new (every record of `list_devices.py --offline` is offline), and bytes count."""
    if hasattr(args, "_brief"):
        args._brief = tuple(brief)


# ---- argument types ----------------------------------------------------------------------

def field_list(text: str) -> tuple[str, ...]:
    """`a,b.c`: field names or dotted paths, each part letters, digits or _."""
    import re

    fields = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    bad = [field for field in fields
           if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", field)]
    if not fields or bad:
        raise argparse.ArgumentTypeError(
            f"invalid field list {text!r}: names like id,name,device.devInfo.serialNo")
    return fields


def target_file(text: str) -> str:
    """A file to write: not a folder, in a folder that exists and that we may write to, and
    not a file we may not replace. Checked while parsing, so nothing is sent when it fails."""
    path = os.path.abspath(os.path.expanduser(text.strip()))
    parent = os.path.dirname(path)
    if not text.strip() or os.path.isdir(path):
        raise argparse.ArgumentTypeError(f"{text!r} is a folder; give a file path")
    if not os.path.isdir(parent):
        raise argparse.ArgumentTypeError(f"the folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (
            os.path.exists(path) and not os.access(path, os.W_OK)):
        raise argparse.ArgumentTypeError(f"{path} cannot be written (permissions)")
    return path


target_file.__name__ = "file path"


# ---- shaping -----------------------------------------------------------------------------

def shape(records: Iterable[Any], args: argparse.Namespace) -> list[Any]:
    """The records as the arguments ask: picked fields, whole objects, or the brief ones."""
    items = list(records)
    fields = getattr(args, "fields", None)
    if not fields and getattr(args, "detail", "full") == "full":
        return items
    wanted = fields or getattr(args, "_brief", ())
    shaped = [pick(item, wanted) if isinstance(item, dict) else item for item in items]
    if fields and items and not any(shaped):
        cli.progress(f"warning: no record has any of the fields {', '.join(fields)}")
    return shaped


def pick(record: dict[str, Any], paths: Iterable[str]) -> dict[str, Any]:
    """The fields named by dotted paths, nested as in the record; absent ones are left out
    (a brief record spends no bytes on what the platform did not send)."""
    picked: dict[str, Any] = {}
    for path in paths:
        parts = path.split(".")
        value: Any = record
        for part in parts:
            if not isinstance(value, dict) or part not in value:
                break
            value = value[part]
        else:
            target = picked
            for part in parts[:-1]:
                target = target.setdefault(part, {})
            target[parts[-1]] = value
    return picked


def flatten(record: Any, prefix: str = "") -> dict[str, Any]:
    """One level of dotted keys for a table row or a CSV line: {"a": {"b": 1}} → {"a.b": 1};
    lists stay values (a cell shows them as JSON)."""
    if not isinstance(record, dict):
        return {prefix or "value": record}
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def present(result: cli.Result, args: argparse.Namespace, list_key: str) -> cli.Result:
    """A list's answer as the arguments ask: its records under `list_key` shaped, or written
    to the --csv/--output files with only their summary left in `data`."""
    data = result.data if isinstance(result.data, dict) else {list_key: result.data}
    shaped = shape(data.get(list_key) or [], args)
    targets = [(path, kind) for path, kind in ((getattr(args, "csv", None), "csv"),
                                              (getattr(args, "output", None), "json")) if path]
    if not targets:
        result.data = {**data, list_key: shaped}
        result.rows = [flatten(item) for item in shaped]
        return result
    rest = {key: value for key, value in data.items() if key != list_key}
    files = [write_csv(path, shaped) if kind == "csv"
             else write_json(path, {**rest, list_key: shaped}, list_key)
             for path, kind in targets]
    result.data = {**rest, "files": files}
    result.message = result.message.rstrip(".") + "; written to " + " and ".join(
        summary["path"] for summary in files) + "."
    result.rows = files
    return result


# ---- files -------------------------------------------------------------------------------

def write_csv(path: str, rows: Sequence[Any], columns: Sequence[str] = ()) -> dict[str, Any]:
    """Write rows (flattened to dotted columns: `columns` first, then any others in order of
    appearance) as UTF-8 CSV with a BOM for spreadsheets; every cell and header made safe.
    Returns the summary stdout shows."""
    import csv

    from hct.store import atomic_file

    flat = [flatten(row) for row in rows]
    names = list(dict.fromkeys([*columns, *(key for row in flat for key in row)]))
    with atomic_file(path, mode=created_file_mode(), suffix=".csv", encoding="utf-8-sig",
                     newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([safe_cell(name) for name in names])
        for row in flat:
            writer.writerow([safe_cell(row.get(name)) for name in names])
    return {"path": path, "format": "csv", "count": len(flat), "columns": names}


def write_json(path: str, document: dict[str, Any], list_key: str) -> dict[str, Any]:
    """Write the answer's data (its records under `list_key`) as one JSON document; the
    summary stdout shows."""
    import json

    from hct.store import atomic_file

    with atomic_file(path, mode=created_file_mode(), suffix=".json") as handle:
        json.dump(document, handle, ensure_ascii=False, separators=(",", ":"), default=str)
    records = document.get(list_key) or []
    columns = list(dict.fromkeys(key for row in records if isinstance(row, dict)
                                 for key in row))
    return {"path": path, "format": "json", "count": len(records), "columns": columns}


def created_file_mode() -> int:
    """The mode a new file gets under the user's umask (what `open` would give it)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet shows but never runs: text that starts a formula (after any
    leading spaces, or with a tab or line break) gets a leading apostrophe; nested values
    are JSON; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, dict, list)):
        return value if isinstance(value, (int, float)) else str(value)
    if isinstance(value, (dict, list)):
        import json

        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if (value[:1] in _FORMULA_STARTS or value.lstrip(" ")[:1] in _FORMULA_STARTS) and not (
            _is_number(value)):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower() not in ("nan", "inf", "-inf", "+inf")
