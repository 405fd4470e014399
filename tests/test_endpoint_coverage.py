"""Issue 5, full coverage: every endpoint of the guide is reachable through a script, every
API path the pack writes down is in the guide, the committed map (the `scripts` field of the
catalog and docs/ENDPOINTS.md) is what the code says, and every script is run against the
simulator by at least one test. The map itself comes from scripts/gen_endpoint_map.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import gen_endpoint_map as gen
import pytest

from conftest import ROOT

CATALOG = json.loads(gen.CATALOG.read_text(encoding="utf-8"))
SCRIPTS = gen.script_paths()
# Tests that touch every script generically (help, envelope) or none: they prove nothing about
# a script's behaviour against the simulator.
GENERIC_TESTS = {"test_contract_scripts.py", "test_endpoint_coverage.py"}
# A test function that takes the simulator or the script runner (which brings one).
SIMULATOR_TEST = re.compile(r"def test_\w+\([^)]*\b(?:sim|sim_factory|run)\b")


def endpoint(entry: dict) -> str:
    return f"{entry['method']} {entry['path']} ({entry['section']})"


# ---- the committed map ---------------------------------------------------------------------

def test_every_endpoint_has_a_script() -> None:
    missing = [endpoint(entry) for entry in CATALOG if not entry.get("scripts")]
    assert not missing, "endpoints no script reaches: " + "; ".join(missing)


def test_every_listed_script_exists() -> None:
    script_names = {path.relative_to(ROOT).as_posix() for path in SCRIPTS}
    wrong = sorted({script for entry in CATALOG for script in entry.get("scripts", [])
                    if script not in script_names or not (ROOT / script).is_file()})
    assert not wrong, f"listed scripts that are not scripts of a module: {wrong}"


def test_committed_map_is_what_the_code_says() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_endpoint_map.py"), "--check"],
        capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr


def test_the_catalog_keeps_its_guide_fields() -> None:
    """The generator owns `scripts` only: the fields the client reads stay as the guide has
    them, one entry per METHOD + path."""
    for entry in CATALOG:
        assert set(entry) == {"method", "path", "section", "service", "title", "read",
                              "source", "scripts"}, entry["path"]
    assert len({(entry["method"], entry["path"]) for entry in CATALOG}) == len(CATALOG)


# ---- paths the pack writes down ------------------------------------------------------------

def test_every_api_path_in_the_code_is_in_the_guide() -> None:
    index = gen.Index()
    for path in SCRIPTS:
        index.add_script(path)
    unknown = sorted(f"{module}: {text}" for module, text in index.code_strings()
                     if not gen.known_path(text, CATALOG))
    assert not unknown, f"API paths that are not in the guide's catalog: {unknown}"


def text_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*")
                  if path.is_file() and not {"__pycache__", "node_modules"} & set(path.parts))


def test_every_api_path_in_docstrings_skills_and_data_is_in_the_guide() -> None:
    """Prose counts too: a SKILL.md or a docstring that names a wrong path misleads an agent."""
    unknown = []
    for path in text_files("lib", "modules"):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary data names no path
        for number, line in enumerate(text.splitlines(), 1):
            unknown += [f"{path.relative_to(ROOT)}:{number}: {found}"
                        for found in gen.api_paths(line) if not gen.known_path(found, CATALOG)]
    assert not unknown, f"API paths that are not in the guide's catalog: {unknown}"


# ---- every script has a test against the simulator -----------------------------------------

def simulator_tests() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(ROOT.glob(
        "tests/test_*.py")) if path.name not in GENERIC_TESTS}


def covering_tests(script: Path, tests: dict[str, str]) -> list[str]:
    """Test files that run this script against the simulator: they name its module folder and
    its file (two modules have an alarm_input_status.py) and have a test taking `sim` or `run`."""
    name = re.compile(rf"\b{re.escape(script.name)}\b")
    folder = script.parent.parent.name
    return [test for test, text in tests.items()
            if folder in text and name.search(text) and SIMULATOR_TEST.search(text)]


def test_every_script_is_run_against_the_simulator_by_a_test() -> None:
    tests = simulator_tests()
    untested = [path.relative_to(ROOT).as_posix() for path in SCRIPTS
                if not covering_tests(path, tests)]
    assert not untested, f"scripts no test runs against the simulator: {untested}"


def test_a_script_named_only_in_another_module_does_not_count() -> None:
    script = ROOT / "modules/Hik-Connect_Team_Intercom/scripts/alarm_input_status.py"
    resource_only = {"test_x.py": 'S = "modules/Hik-Connect_Team_Resource/scripts/"\n'
                                  "def test_it(sim, run):\n    run(S + 'alarm_input_status.py')\n"}
    assert covering_tests(script, resource_only) == []
    assert covering_tests(ROOT / "modules/Hik-Connect_Team_Resource/scripts/alarm_input_status.py",
                    resource_only) == ["test_x.py"]


# ---- the checks themselves can fail --------------------------------------------------------

@pytest.mark.parametrize(("code", "catalogued", "expected"), [
    ("/api/hccgw/resource/v1/devices/get", "/api/hccgw/resource/v1/devices/get", True),
    ("/api/hccgw/resource/v1/device/ABC123/refresh",
     "/api/hccgw/resource/v1/device/{deviceId}/refresh", True),
    ("/api/hccgw/resource/v1/device/{device_id}/refresh",
     "/api/hccgw/resource/v1/device/{deviceId}/refresh", True),
    ("/api/hccgw/acspm/v1/accesslevel/person/{operation}",
     "/api/hccgw/acspm/v1/accesslevel/person/modify", True),
    ("/api/hccgw/resource/v1/device/get", "/api/hccgw/resource/v1/devices/get", False),
    ("/api/hccgw/resource/v1/device/A/B/refresh",
     "/api/hccgw/resource/v1/device/{deviceId}/refresh", False),
    ("/api/hccgw/alarm/v1/mq/messages", "/api/hccgw/alarm/v1/mq/messages/complete", False),
])
def test_path_matching(code: str, catalogued: str, expected: bool) -> None:
    assert gen.path_matches(code, catalogued) is expected


def test_only_catalogued_paths_and_their_bases_are_known() -> None:
    assert gen.known_path("/api/hccgw/resource/v1", CATALOG)  # a base paths are built from
    assert gen.known_path("/api/hccgw/", CATALOG)
    assert not gen.known_path("/api/hccgw/resource/v1/devices/list", CATALOG)
    assert not gen.known_path("/api/hccgw/resource/v2/devices/get", CATALOG)
    assert gen.api_paths("{self._base_url}/api/hccgw/platform/v1/token/get") == [
        "/api/hccgw/platform/v1/token/get"]
    assert gen.api_paths("POST /api/hccgw/alarm/v1/alarmlog.") == ["/api/hccgw/alarm/v1/alarmlog"]


DEMO_BASE = '''
ROOT_PATH = "/api/hccgw/demo/v1"
ITEMS_GET = f"{ROOT_PATH}/items/get"
ITEM_REFRESH = ROOT_PATH + "/item/{itemId}/refresh"
UNUSED = f"{ROOT_PATH}/unused"
QUEUES = {"a": ("/api/hccgw/demo/v1/q/messages", "/api/hccgw/demo/v1/q/complete")}
SPECIAL = ("/api/hccgw/demo/v1/special",)


def list_items(client):
    """POST /api/hccgw/demo/v1/docstring/only is prose, not a call."""
    return client.post(ITEMS_GET, {})


def refresh(client, item):
    return client.post(ITEM_REFRESH.format(itemId=item), {})


class Poller:
    def run(self, client):
        return client.post(QUEUES["a"][0], {})


def unused(client):
    return client.post(UNUSED, {})
'''
DEMO_OPS = '''
from hct.base import list_items


def handler(args, client):
    from hct import base  # lazy, as the pack imports lib modules

    if args is base.SPECIAL:  # an identity test reads nothing SPECIAL carries
        return None
    return list_items(client), base.refresh(client, args.id)


def poll(client):
    from hct.base import Poller

    return Poller().run(client)
'''


def test_the_walk_follows_imports_constants_and_classes(tmp_path: Path) -> None:
    """A synthetic pack: what each script reaches, through re-exports, lazy imports, folded
    f-strings, concatenation, .format templates, a whole class and a dict of paths; not
    through an `is` test."""
    (tmp_path / "lib" / "hct").mkdir(parents=True)
    (tmp_path / "lib" / "hct" / "__init__.py").write_text("")
    (tmp_path / "lib" / "hct" / "base.py").write_text(DEMO_BASE)
    (tmp_path / "lib" / "hct" / "ops.py").write_text(DEMO_OPS)
    scripts = tmp_path / "modules" / "Hik-Connect_Team_Demo" / "scripts"
    scripts.mkdir(parents=True)
    (scripts / "one.py").write_text("from hct.ops import handler\nrun(handler)\n")
    (scripts / "two.py").write_text("from hct import ops\nrun(lambda a, c: ops.poll(c))\n")
    index = gen.Index(tmp_path)
    assert index.reachable_strings(index.add_script(scripts / "one.py")) == {
        "/api/hccgw/demo/v1/items/get", "/api/hccgw/demo/v1/item/{itemId}/refresh"}
    assert index.reachable_strings(index.add_script(scripts / "two.py")) == {
        "/api/hccgw/demo/v1/q/messages", "/api/hccgw/demo/v1/q/complete"}
    written = {text for _module, text in index.code_strings()}
    assert "/api/hccgw/demo/v1/unused" in written  # checked against the guide even if unused
    assert "/api/hccgw/demo/v1/docstring/only" not in written
    assert "/api/hccgw/demo/v1" in written  # the base, which known_path accepts as a prefix


def test_check_mode_reports_a_stale_map_and_writing_repairs_it(tmp_path: Path,
                                                                monkeypatch) -> None:
    stale = [dict(entry, scripts=[]) for entry in CATALOG]
    catalog, doc = tmp_path / "endpoints.json", tmp_path / "ENDPOINTS.md"
    catalog.write_text(json.dumps(stale, indent=1, ensure_ascii=False), encoding="utf-8")
    doc.write_text(gen.DOC.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(gen, "CATALOG", catalog)
    monkeypatch.setattr(gen, "DOC", doc)
    assert gen.main(["--check"]) == 1
    assert json.loads(catalog.read_text(encoding="utf-8")) == stale  # --check changes nothing
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0
    assert json.loads(catalog.read_text(encoding="utf-8")) == CATALOG  # the committed map


def test_an_exclusion_the_walk_no_longer_finds_stops_the_generator(monkeypatch) -> None:
    script = "modules/Hik-Connect_Team_System/scripts/system_info.py"
    monkeypatch.setattr(gen, "EXCLUDED_CALLS", (
        (script, "/api/hccgw/resource/v1/areas/get", "system_info never reads areas"),))
    with pytest.raises(SystemExit, match="no longer finds"):
        gen.endpoint_map([{key: value for key, value in entry.items() if key != "scripts"}
                          for entry in CATALOG])
