#!/usr/bin/env python3
"""Which script calls which endpoint of the guide, derived from the code and written down.

For every script under modules/*/scripts/ the generator follows, statically (ast), what the
script references in lib/ (functions, classes, module constants, through imports and
re-exports) and collects the reachable "/api/hccgw/..." strings, with constants folded:
f"{BASE}/devices/get", BASE + "/device/{deviceId}/refresh", TEMPLATE.format(...). A string
names a catalogued path when they agree segment by segment; a "{placeholder}" on either side
stands for any one segment, so ".../accesslevel/person/{operation}" reaches person/add,
/delete and /modify, and DEVICE_REFRESH.format(deviceId=...) reaches device/{deviceId}/refresh.

It writes the "scripts" field of every entry of lib/hct/data/endpoints.json (nothing else of
the entry changes) and docs/ENDPOINTS.md, the same map as a table grouped by guide section.

  gen_endpoint_map.py            write both files
  gen_endpoint_map.py --check    exit 1, naming the file, when either is not what the code says

The walk over-approximates on purpose: a referenced class counts whole (any of its methods
may run), and a function counts when it is referenced, not only when it is called (handlers
are passed around as values). The map says "reachable through the script", not "called on
every run". What ast cannot see (a path read from data or built from run-time values) goes
into EXTRA_CALLS below, and a reach no run can take into EXCLUDED_CALLS, each with its reason.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / "lib"
CATALOG = LIB / "hct" / "data" / "endpoints.json"
DOC = ROOT / "docs" / "ENDPOINTS.md"
SCRIPT_GLOB = "modules/*/scripts/*.py"
API = "/api/hccgw/"
# An API path inside a longer string: after a base URL placeholder, inside a message.
API_PATH = re.compile(r"/api/hccgw/[^\s\"'`|,;()<>?#]*")
TOKEN_PATH = "/api/hccgw/platform/v1/token/get"

# Calls the static walk cannot see, as (script, catalogued path, why): a path the code hides
# from ast. Empty today. An entry whose script or path does not exist stops the generator.
EXTRA_CALLS: tuple[tuple[str, str, str], ...] = ()
PERSON_SCRIPTS = "modules/Hik-Connect_Team_Person/scripts/"
# Reaches the walk finds but no run can take, as (script, catalogued path, why): a data
# object carries several paths and the code the script runs reads only one of them. An
# entry the walk no longer finds stops the generator, so the table stays as small as it can.
EXCLUDED_CALLS: tuple[tuple[str, str, str], ...] = (
    (PERSON_SCRIPTS + "collect_card.py", "/api/hccgw/person/v1/persons/updatecards",
     "person.CARDS also carries the update path; collect_cmd reads only kind.collect_path"),
    (PERSON_SCRIPTS + "collect_fingerprint.py", "/api/hccgw/person/v1/persons/updatefingers",
     "person.FINGERS also carries the update path; collect_cmd reads only kind.collect_path"),
)

# Chapter 5 of the V2.14.0 guide, second-level headings; 4.17 is the V2.15.0 webhook chapter.
SECTION_TITLES = {
    "4.17": "Webhook push (V2.15.0)",
    "5.1": "System-Related Services",
    "5.2": "Resource-Related Services",
    "5.3": "Alarm-Related Services",
    "5.4": "Message-Related Services",
    "5.5": "Video-Related Services",
    "5.6": "Video Intercom Services",
    "5.7": "Access Control Services",
    "5.8": "Person-Related Services",
    "5.9": "On-Board Monitoring Services",
    "5.10": "Attendance Services",
    "5.11": "Maintenance Services",
}

# A resolved name: a module (name, None) or one top-level definition of it (module, name).
Target = tuple[str, str | None]


@dataclass
class Module:
    name: str
    tree: ast.Module
    # top-level name -> what defines it: a def/class node, or the value of an assignment
    top: dict[str, ast.AST] = field(default_factory=dict)
    # local name -> (source module, attribute or None when the name is the module itself)
    imports: dict[str, Target] = field(default_factory=dict)


def module_name(path: Path, lib: Path = LIB) -> str:
    """lib/hct/resource.py -> hct.resource, lib/hct/__init__.py -> hct, lib/x.py -> x."""
    parts = list(path.relative_to(lib).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def top_level_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements of the module level, including those inside if/try blocks
    (`if TYPE_CHECKING:`, optional imports) that still define module-level names."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.If):
            yield from top_level_statements(statement.body + statement.orelse)
        elif isinstance(statement, ast.Try):
            handlers = [line for handler in statement.handlers for line in handler.body]
            yield from top_level_statements(
                statement.body + handlers + statement.orelse + statement.finalbody)


def assigned_names(statement: ast.stmt) -> Iterator[tuple[str, ast.expr]]:
    if isinstance(statement, ast.Assign):
        for target in statement.targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    yield name.id, statement.value
    elif (isinstance(statement, ast.AnnAssign) and statement.value is not None
          and isinstance(statement.target, ast.Name)):
        yield statement.target.id, statement.value


def import_source(module: str, node: ast.ImportFrom) -> str:
    """The absolute module an ImportFrom reads from. The pack imports absolutely; a relative
    import is read against the module's own package (enough for `from . import x`)."""
    if not node.level:
        return node.module or ""
    package = module.split(".")[: -node.level]
    return ".".join([*package, *([node.module] if node.module else [])])


def load_module(name: str, path: Path) -> Module:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = Module(name, tree)
    for statement in top_level_statements(tree.body):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            module.top[statement.name] = statement
        for assigned, value in assigned_names(statement):
            module.top[assigned] = value
    # Imports anywhere in the file: the pack imports lib modules inside functions to keep
    # `--help` fast, and those lazy imports are exactly the edges the map must follow.
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    module.imports[alias.asname] = (alias.name, None)
                else:
                    head = alias.name.split(".")[0]
                    module.imports[head] = (head, None)
        elif isinstance(node, ast.ImportFrom):
            source = import_source(name, node)
            for alias in node.names:
                module.imports[alias.asname or alias.name] = (source, alias.name)
    return module


@dataclass
class Scan:
    strings: set[str] = field(default_factory=set)
    refs: set[Target] = field(default_factory=set)


class Index:
    """The lib/ modules, and what any definition of them references."""

    def __init__(self, root: Path = ROOT) -> None:
        self.root = root
        self.modules: dict[str, Module] = {}
        for path in sorted((root / "lib").rglob("*.py")):
            name = module_name(path, root / "lib")
            self.modules[name] = load_module(name, path)
        self._scans: dict[Target, Scan] = {}

    def add_script(self, path: Path) -> str:
        name = f"script:{path.relative_to(self.root).as_posix()}"
        self.modules[name] = load_module(name, path)
        return name

    # ---- names --------------------------------------------------------------------------

    def resolve(self, module: str, name: str, depth: int = 0) -> Target | None:
        """What `name` means in `module`: a known module or a top-level definition; None for
        anything outside lib/ (the standard library, third-party packages) or a local."""
        source = self.modules.get(module)
        if source is None or depth > 20:
            return None
        if name in source.top:
            return (module, name)
        if f"{module}.{name}" in self.modules:  # a submodule reached as package.attribute
            return (f"{module}.{name}", None)
        if name not in source.imports:
            return None
        origin, attribute = source.imports[name]
        if attribute is None:
            return (origin, None) if origin in self.modules else None
        if f"{origin}.{attribute}" in self.modules:
            return (f"{origin}.{attribute}", None)
        return self.resolve(origin, attribute, depth + 1)  # follows re-exports

    def resolve_expr(self, module: str, expr: ast.expr) -> Target | None:
        """A Name or a dotted Attribute chain (`hct.resource.DEVICES_GET`)."""
        if isinstance(expr, ast.Name):
            return self.resolve(module, expr.id)
        if isinstance(expr, ast.Attribute):
            base = self.resolve_expr(module, expr.value)
            if base is None:
                return None
            if base[1] is None:
                return self.resolve(base[0], expr.attr)
            return base  # an attribute of a class or constant: the definition itself
        return None

    def definition(self, target: Target) -> ast.AST | None:
        module, name = target
        return None if name is None else self.modules[module].top.get(name)

    # ---- constant folding -----------------------------------------------------------------

    def fold(self, module: str, expr: ast.AST, depth: int = 0) -> str | None:
        """The string an expression evaluates to when the code fixes it; run-time parts of an
        f-string or a concatenation stay as "{expression}" placeholders."""
        if depth > 20:
            return None
        if isinstance(expr, ast.Constant):
            return expr.value if isinstance(expr.value, str) else None
        if isinstance(expr, ast.JoinedStr):
            return "".join(self._fold_part(module, part, depth) for part in expr.values)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left = self.fold(module, expr.left, depth + 1)
            right = self.fold(module, expr.right, depth + 1)
            if left is None and right is None:
                return None
            return (left if left is not None else "{" + ast.unparse(expr.left) + "}") + (
                right if right is not None else "{" + ast.unparse(expr.right) + "}")
        if isinstance(expr, (ast.Name, ast.Attribute)):
            target = self.resolve_expr(module, expr)
            value = self.definition(target) if target else None
            return self.fold(target[0], value, depth + 1) if isinstance(value, ast.expr) else None
        if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)
                and expr.func.attr in ("format", "format_map")):
            return self.fold(module, expr.func.value, depth + 1)  # the template itself
        return None

    def _fold_part(self, module: str, part: ast.expr, depth: int) -> str:
        if isinstance(part, ast.FormattedValue):
            value = self.fold(module, part.value, depth + 1)
            return value if value is not None else "{" + ast.unparse(part.value) + "}"
        value = self.fold(module, part, depth + 1)
        return value or ""

    # ---- references -----------------------------------------------------------------------

    def scan(self, module: str, node: ast.AST) -> Scan:
        """The API strings a piece of code holds and the lib definitions it references."""
        found = Scan()
        self._visit(module, node, found, record=True)
        return found

    def _visit(self, module: str, node: ast.AST, found: Scan, record: bool) -> None:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return  # a docstring: prose about endpoints, not a call
        if isinstance(node, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot))
                                                 for op in node.ops):
            # `kind is CARDS` tells objects apart without reading them: no edge to the paths
            # CARDS carries (calls among the operands still count).
            for operand in (node.left, *node.comparators):
                if not isinstance(operand, (ast.Name, ast.Attribute)):
                    self._visit(module, operand, found, record)
            return
        if isinstance(node, ast.expr):
            if isinstance(node, (ast.Constant, ast.JoinedStr, ast.BinOp, ast.Name,
                                 ast.Attribute, ast.Call)):
                text = self.fold(module, node)
                if text is not None:
                    if record:
                        found.strings.update(api_paths(text))
                    # The parts that made the string are not strings of their own (BASE is a
                    # prefix, not an endpoint), but they may still call into lib.
                    record = False
            if isinstance(node, (ast.Name, ast.Attribute)):
                target = self.resolve_expr(module, node)
                if target is not None:
                    if target[1] is not None and self.fold(module, node) is None:
                        found.refs.add(target)
                    return
        for child in ast.iter_child_nodes(node):
            self._visit(module, child, found, record)

    def scan_target(self, target: Target) -> Scan:
        if target not in self._scans:
            definition = self.definition(target)
            self._scans[target] = Scan() if definition is None else self.scan(
                target[0], definition)
        return self._scans[target]

    def reachable_strings(self, module: str) -> set[str]:
        """Every API string a module (a script) can reach through lib/."""
        root = self.scan(module, self.modules[module].tree)
        strings, seen, queue = set(root.strings), set(), list(root.refs)
        while queue:
            target = queue.pop()
            if target in seen:
                continue
            seen.add(target)
            found = self.scan_target(target)
            strings |= found.strings
            queue.extend(found.refs - seen)
        return strings

    def code_strings(self) -> Iterator[tuple[str, str]]:
        """(module, API path) for every API path written in the code of the loaded modules
        (docstrings are prose: the test reads them with a regex)."""
        for name, module in self.modules.items():
            for text in sorted(self.scan(name, module.tree).strings):
                yield name, text


# ---- paths -------------------------------------------------------------------------------

def api_paths(text: str) -> list[str]:
    """The API paths a string holds: "{base}/api/hccgw/x/v1/y" -> ["/api/hccgw/x/v1/y"]."""
    return [match.rstrip(".:") for match in API_PATH.findall(text)]


def _segment_pattern(segment: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(segment)) + r"\Z")


def segments_agree(code: str, catalogued: str) -> bool:
    if code == catalogued:
        return True
    if "{" in code and _segment_pattern(code).match(catalogued):
        return True
    return "{" in catalogued and bool(_segment_pattern(catalogued).match(code))


def path_matches(code: str, catalogued: str) -> bool:
    """A path written in code (concrete or with placeholders) names a catalogued path."""
    mine, theirs = code.split("/"), catalogued.split("/")
    return len(mine) == len(theirs) and all(map(segments_agree, mine, theirs))


def is_prefix(code: str, catalogued: str) -> bool:
    """A base a path is built from ("/api/hccgw/resource/v1"), ending on a segment."""
    mine, theirs = code.rstrip("/").split("/"), catalogued.split("/")
    return len(mine) < len(theirs) and all(map(segments_agree, mine, theirs[: len(mine)]))


def known_path(code: str, catalog: Iterable[dict]) -> bool:
    """Catalogued, or a base of catalogued paths: what an API string in the pack may be.
    A base cannot be told from a truncated path by its text alone; the map tells them apart,
    as a truncated path a script sends reaches no endpoint."""
    return any(path_matches(code, entry["path"]) or is_prefix(code, entry["path"])
               for entry in catalog)


# ---- the map -----------------------------------------------------------------------------

def script_paths(root: Path = ROOT) -> list[Path]:
    return sorted(path for path in root.glob(SCRIPT_GLOB) if not path.name.startswith("_"))


def load_catalog() -> list[dict]:
    return json.loads(CATALOG.read_text(encoding="utf-8"))


def endpoint_map(catalog: list[dict]) -> dict[str, list[str]]:
    """catalogued path -> the scripts (relative to the root) that reach it."""
    index = Index()
    scripts: dict[str, set[str]] = {entry["path"]: set() for entry in catalog}
    for path in script_paths():
        relative = path.relative_to(ROOT).as_posix()
        for text in index.reachable_strings(index.add_script(path)):
            for entry in catalog:
                if path_matches(text, entry["path"]):
                    scripts[entry["path"]].add(relative)
    # Every script reaches token/get through HCTOpenClient, but the client connects lazily:
    # it asks for a token only before a call, so a script that calls nothing else (the
    # journal, the receiver, pre_check) never sends it.
    calling = set().union(*(found for path, found in scripts.items() if path != TOKEN_PATH))
    scripts[TOKEN_PATH] &= calling
    for script, catalogued, _why in EXTRA_CALLS:
        if not (ROOT / script).is_file() or catalogued not in scripts:
            raise SystemExit(f"EXTRA_CALLS: {script} -> {catalogued} names nothing that exists")
        scripts[catalogued].add(script)
    for script, catalogued, _why in EXCLUDED_CALLS:
        if script not in scripts.get(catalogued, ()):
            raise SystemExit(f"EXCLUDED_CALLS: the walk no longer finds {script} -> "
                             f"{catalogued}; drop the entry")
        scripts[catalogued].discard(script)
    return {path: sorted(found) for path, found in scripts.items()}


def catalog_text(catalog: list[dict], mapping: dict[str, list[str]]) -> str:
    entries = [{**entry, "scripts": mapping[entry["path"]]} for entry in catalog]
    return json.dumps(entries, indent=1, ensure_ascii=False)  # the file's own formatting


def chapter(section: str) -> str:
    """The chapter a section belongs to: 5.2.1 -> 5.2, "4.17 (V2.15.0)" -> 4.17."""
    number = section.split()[0]
    return ".".join(number.split(".")[:2])


def scripts_cell(path: str, scripts: list[str]) -> str:
    if path == TOKEN_PATH and scripts:
        return (f"every script that calls another endpoint ({len(scripts)}): the shared "
                "client fetches the token before its first call")
    if not scripts:
        return "**none**"
    # Links relative to docs/, labelled "Module/script.py" to keep the column narrow.
    return "<br>".join(
        f"[{script.removeprefix('modules/Hik-Connect_Team_').replace('/scripts/', '/')}]"
        f"(../{script})" for script in scripts)


def markdown(catalog: list[dict], mapping: dict[str, list[str]]) -> str:
    covered = sum(1 for entry in catalog if mapping[entry["path"]])
    lines = [
        "# Endpoints of the developer guide and the scripts that call them",
        "",
        "Generated by `scripts/gen_endpoint_map.py` from the code: do not edit by hand; run",
        "`.venv/bin/python scripts/gen_endpoint_map.py` after changing a script or `lib/`.",
        "A script is named `Module/script.py` for `modules/Hik-Connect_Team_Module/scripts/`;",
        "the same map is the `scripts` field of `lib/hct/data/endpoints.json`. Any endpoint",
        "can also be called directly with `scripts/hct_api.py METHOD PATH --body JSON`.",
        "",
        f"{covered} of {len(catalog)} endpoints are reachable through a module script.",
    ]
    by_chapter: dict[str, list[dict]] = {}  # in the catalog's order: chapter 5, then 4.17
    for entry in catalog:
        by_chapter.setdefault(chapter(entry["section"]), []).append(entry)
    for number, entries in by_chapter.items():
        lines += ["", f"## {number} {SECTION_TITLES.get(number, '')}".rstrip(), "",
                  "| section | method | path | title | scripts |", "|---|---|---|---|---|"]
        for entry in entries:
            title = entry["title"].replace("|", "\\|")
            lines.append(f"| {entry['section']} | {entry['method']} | `{entry['path']}` | "
                         f"{title} | {scripts_cell(entry['path'], mapping[entry['path']])} |")
    return "\n".join(lines) + "\n"


def outputs() -> dict[Path, str]:
    catalog = [{key: value for key, value in entry.items() if key != "scripts"}
               for entry in load_catalog()]
    mapping = endpoint_map(catalog)
    return {CATALOG: catalog_text(catalog, mapping), DOC: markdown(catalog, mapping)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 when a generated file is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("out of date (run scripts/gen_endpoint_map.py): " + ", ".join(stale),
              file=sys.stderr)
        return 1
    for name in stale:
        print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
