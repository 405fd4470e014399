"""Bulk add-or-update of persons from a CSV file (import_persons.py).

Requests, the fewest the guide allows:
- one persons/list pass (100 per page, the guide's maximum) builds an index by personCode,
  the employee No. the platform keeps unique: there is no search by personCode, and one pass
  replaces a search per row;
- a new person: one persons/quick/add (basic information, face picture and PIN together),
  plus one persons/updatecards when the row has cards (cards cannot go into quick/add);
- an existing person: only what differs from the index: persons/update (basic information),
  persons/photo (a photo cannot be compared, so it is sent whenever the row has one),
  persons/updatepincode, persons/updatecards. An unchanged row costs no request.
A row that fails (a bad cell, a platform error) is reported with its row number, errorCode
and hint, and the import goes on. The client keeps the 5 requests/second limit.
"""

from __future__ import annotations

import argparse
import csv
import os
from dataclasses import dataclass, field
from datetime import datetime

from hct import cli, person, results
from hct.errors import HCTError, InvalidArgument

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

CARD_SEPARATOR = ";"
COLUMNS: dict[str, Callable[[str], Any]] = {
    "personCode": person.person_code, "firstName": person.first_name,
    "lastName": person.last_name, "gender": person.gender, "groupId": person.group_id,
    "phone": person.phone, "email": person.email, "description": person.description,
    "startDate": person.iso_time, "endDate": person.iso_end_time, "photo": str,
    "pinCode": person.pin_code, "cardNo": str}
BASIC = ("groupId", "firstName", "lastName", "gender", "phone", "email", "description",
         "startDate", "endDate")


@dataclass
class Row:
    number: int  # the line of the CSV file (the header is line 1)
    values: dict[str, Any]
    photo: str | None = None
    photo_info: dict[str, Any] | None = None
    cards: list[str] = field(default_factory=list)


# ---- reading and checking the file (no request) -------------------------------------------

def read_rows(path: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, {canonical column: cell}) of every non-empty data row."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if not header:
                raise InvalidArgument(f"{path} is empty: the first row must name the fields.")
            columns = _columns(header)
            rows = []
            for values in reader:
                if not any(cell.strip() for cell in values):
                    continue
                if any(cell.strip() for cell in values[len(columns):]):
                    raise InvalidArgument(f"line {reader.line_num} has more cells than the "
                                          "header names fields (a comma inside a cell needs "
                                          "quotes).")
                cells = {column: value.strip()
                         for column, value in zip(columns, values, strict=False)
                         if value.strip()}
                rows.append((reader.line_num, cells))
    except OSError as error:
        raise InvalidArgument(f"cannot read {path}: {error.strerror or error}.") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise InvalidArgument(f"{path} is not a UTF-8 CSV file: {error}.") from None
    if not rows:
        raise InvalidArgument(f"{path} has no data rows.")
    return rows


def _columns(header: list[str]) -> list[str]:
    names = {name.lower(): name for name in COLUMNS}
    columns, unknown = [], []
    for cell in header:
        name = names.get(cell.strip().lower())
        if name is None:
            unknown.append(cell)
        columns.append(name or "")
    if unknown:
        raise InvalidArgument(f"unknown column(s) {', '.join(map(repr, unknown))}; the columns "
                              f"are {', '.join(COLUMNS)}.")
    if "personCode" not in columns:
        raise InvalidArgument("the CSV needs a personCode column (the employee No.).")
    if len(set(columns)) != len(columns):
        raise InvalidArgument("a column is named twice in the header.")
    return columns


def parse_row(number: int, cells: dict[str, str], directory: str) -> Row:
    """The checked values of one row; InvalidArgument names the bad cell."""
    values: dict[str, Any] = {}
    for column, cell in cells.items():
        try:
            values[column] = COLUMNS[column](cell)
        except (argparse.ArgumentTypeError, ValueError) as error:
            raise InvalidArgument(f"{column}: {error}") from None
    if "personCode" not in values:
        raise InvalidArgument("personCode is empty.")
    row = Row(number, values)
    photo = values.pop("photo", None)
    if photo:
        from hct.face_photo import encode_face_photo

        row.photo, row.photo_info = encode_face_photo(os.path.join(directory, photo))
    cards = [part.strip() for part in values.pop("cardNo", "").split(CARD_SEPARATOR)
             if part.strip()]
    if len(cards) > person.MAX_CARDS:
        raise InvalidArgument(f"cardNo: at most {person.MAX_CARDS} cards per person.")
    try:
        row.cards = [person.card_no(card) for card in cards]
    except argparse.ArgumentTypeError as error:
        raise InvalidArgument(f"cardNo: {error}") from None
    if len(set(row.cards)) != len(row.cards):
        raise InvalidArgument("cardNo: the same card is given twice.")
    return row


# ---- the import ---------------------------------------------------------------------------

def import_persons(client: Any, args: argparse.Namespace) -> cli.Result:
    raw_rows = read_rows(args.csv)  # file errors: exit 2 before any request
    directory = os.path.dirname(os.path.abspath(args.csv))
    person.chosen_department(client, args)  # --department NAME: exit 2 before any change
    index, index_requests = person.person_index(client)
    cli.progress(f"{len(index)} person(s) on the platform ({index_requests} persons/list "
                 f"request(s)); importing {len(raw_rows)} row(s)")
    reports: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, cells in raw_rows:
        before = client.requests_sent
        report: dict[str, Any] = {"row": number, "personCode": cells.get("personCode", "")}
        try:
            row = parse_row(number, cells, directory)
            code = row.values["personCode"]
            if code in seen:
                raise InvalidArgument(f"personCode {code} appears in an earlier row.",
                                      error_code="DUPLICATE_ROW",
                                      hint="Each person may appear once in the file.")
            seen.add(code)
            report.update(_apply(client, row, index, args.group_id, dry_run=args.dry_run))
        except HCTError as error:
            if isinstance(error, InvalidArgument) and error.hint == InvalidArgument.default_hint:
                error.hint = ("Fix this cell in the CSV file (see the column list in "
                              "import_persons.py --help) and run the file again.")
            report.update(_failed(error))
        report["requests"] = client.requests_sent - before
        reports.append(report)
        cli.progress(_line(report))
    return _summary(args.csv, reports, index_requests, client.requests_sent, args.dry_run,
                    only_failed=args.only_failed)


def _failed(error: HCTError) -> dict[str, Any]:
    entry: dict[str, Any] = {"action": "failed", "errorCode": error.error_code,
                             "message": error.message, "hint": error.hint}
    if isinstance(error, results.ItemsFailed) and isinstance(error.data, dict):
        response = error.data.get("response")
        entry["personId"] = response.get("personId") if isinstance(response, dict) else None
        entry["failed"] = error.data.get("failed")
    return entry


def _line(report: dict[str, Any]) -> str:
    what = report["action"]
    detail = (f"{report.get('errorCode')}: {report.get('message')}" if what == "failed"
              else report.get("personId") or "")
    return (f"row {report['row']}: {what} {report['personCode']} {detail} "
            f"({report['requests']} request(s))")


def _apply(client: Any, row: Row, index: dict[str, dict[str, Any]], default_group: str | None,
           *, dry_run: bool) -> dict[str, Any]:
    """--group-id is the department of NEW persons without a groupId cell: an existing person
    moves only when its row names a groupId."""
    existing = index.get(row.values["personCode"])
    if existing is None:
        if default_group and "groupId" not in row.values:
            row.values["groupId"] = default_group
        return _add(client, row, index, dry_run)
    return _update(client, row, existing, dry_run)


def _add(client: Any, row: Row, index: dict[str, dict[str, Any]],
         dry_run: bool) -> dict[str, Any]:
    values = row.values
    missing = [name for name in ("groupId", "firstName") if not values.get(name)]
    if missing:
        raise InvalidArgument(f"a new person needs {' and '.join(missing)}"
                              f"{' (or --group-id)' if 'groupId' in missing else ''}.")
    base = person.person_body(argparse.Namespace(
        group_id=values["groupId"], person_code=values["personCode"],
        first_name=values["firstName"], last_name=values.get("lastName", ""),
        gender=values.get("gender", person.GENDERS["unknown"]), phone=values.get("phone"),
        email=values.get("email"), description=values.get("description"),
        start=values.get("startDate"), end=values.get("endDate")))
    done = ["person"] + (["photo"] if row.photo else []) + (
        ["pinCode"] if values.get("pinCode") else []) + (["cardNo"] if row.cards else [])
    if dry_run:
        return {"action": "would add", "changes": done}
    body = person.quick_add_body(base, pin=values.get("pinCode"), photo=row.photo,
                                 access_levels=[])
    data = client.post(person.PERSONS_QUICK_ADD, body) or {}
    person_id = str(data.get("personId") or "")
    index[values["personCode"]] = {"personInfo": {**base, "personId": person_id}}
    results.check([], {"personId": person_id}, what="parts of the quick add",
                  extra_failures=person.quick_add_failures(data), message="")
    if row.cards:
        _send_cards(client, person_id, [], row.cards)
    return {"action": "added", "personId": person_id, "changes": done}


def _update(client: Any, row: Row, existing: dict[str, Any], dry_run: bool) -> dict[str, Any]:
    info = existing.get("personInfo") or {}
    person_id = str(info.get("personId") or "")
    values = row.values
    changes = {name: values[name] for name in BASIC
               if name in values and not _same(name, values[name], info.get(name))}
    pin = values.get("pinCode")
    pin_changed = bool(pin) and existing.get("pinCode") != pin
    current_cards = [card for card in existing.get("cardList") or [] if isinstance(card, dict)]
    cards_changed = bool(row.cards) and sorted(row.cards) != sorted(
        str(card.get("cardNo")) for card in current_cards)
    done = sorted(changes) + (["photo"] if row.photo else []) + (
        ["pinCode"] if pin_changed else []) + (["cardNo"] if cards_changed else [])
    action = "updated" if done else "unchanged"
    if dry_run:
        return {"action": f"would {action[:-1]}" if done else action, "personId": person_id,
                "changes": done}
    if changes:
        client.post(person.PERSONS_UPDATE, person.update_body(existing, person_id, changes))
    if row.photo:
        client.post(person.PERSONS_PHOTO, {"personId": person_id, "photoData": row.photo})
    if pin_changed:
        client.post(person.PIN_UPDATE, {"personId": person_id, "pinCode": pin})
    if cards_changed:
        _send_cards(client, person_id, current_cards, row.cards)
    return {"action": action, "personId": person_id, "changes": done}


def _same(name: str, wanted: Any, current: Any) -> bool:
    if name in ("startDate", "endDate"):
        return _instant(wanted) == _instant(current)
    if name == "gender":
        return str(wanted) == str(current)
    return str(wanted) == str(current or "")


def _instant(value: Any) -> float | None:
    text = person.from_platform_time(value)
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def _send_cards(client: Any, person_id: str, current: list[dict[str, Any]],
                numbers: list[str]) -> None:
    """The row's cards become the person's cards: kept ones are sent with their id."""
    by_number = {str(card.get("cardNo")): str(card.get("id", "")) for card in current}
    card_list = [{"id": by_number[number], "cardNo": number} if by_number.get(number)
                 else {"cardNo": number} for number in numbers]
    data = client.post(person.CARDS_UPDATE, {"personId": person_id, "cardList": card_list})
    person.credential_result(data or {}, "cardFailed", person_id, "cards", card_list)


def _summary(path: str, reports: list[dict[str, Any]], index_requests: int, total: int,
             dry_run: bool, *, only_failed: bool = False) -> cli.Result:
    """The report; with failed rows an ItemsFailed (exit 1, errorCode ITEMS_FAILED: the
    rows' own codes are in data.results)."""
    counts: dict[str, int] = {}
    for report in reports:
        counts[report["action"]] = counts.get(report["action"], 0) + 1
    failed = [report for report in reports if report["action"] == "failed"]
    data = {"file": path, "dryRun": dry_run, "rows": len(reports), "counts": counts,
            "requests": {"total": total, "personsList": index_requests,
                         "perPerson": round(total / len(reports), 3)},
            "results": failed if only_failed else reports}
    message = (f"{len(reports)} row(s): " + ", ".join(f"{count} {action}"
                                                      for action, count in counts.items())
               + f"; {total} request(s) ({data['requests']['perPerson']} per person).")
    if failed:
        codes = sorted({str(report["errorCode"]) for report in failed})
        raise results.ItemsFailed(
            f"{message} Row codes: {', '.join(codes)}.", error_code=results.MIXED_CODES,
            hint="Each failed row in data.results carries its errorCode and hint. Fix those "
                 "rows and run the same file again: persons already imported are updated, "
                 "not duplicated.", data=data)
    return cli.Result(message, data, rows=reports)
