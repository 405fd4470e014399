"""scripts/mcp_server.py (issue 10 §4), driven by the official MCP SDK's own client over stdio
against the simulator: the tool list (names, schemas from the scripts' parsers, hints, size),
a read, and guarded actions without and with their confirmation.

The tool definitions themselves (every script becomes a tool, the compact set) are checked
in-process through lib/hct/mcp_tools.py."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import anyio
import pytest

from conftest import ROOT, environment_for
from hct import mcp_tools

SERVER = ROOT / "scripts/mcp_server.py"
TOOL_LIST_LIMIT = 60_000  # bytes of JSON: clients put the tool list in every prompt
CONTROL_PATH = "/api/hccgw/acs/v1/remote/control"
DELETE_PERSON_PATH = "/api/hccgw/person/v1/persons/delete"
EMPLOYEES = "378117915440051199"  # a demo department of the simulator


def test_the_compact_set_is_a_list_of_existing_everyday_scripts():
    scripts = mcp_tools.select_scripts([])

    assert len(mcp_tools.COMPACT) <= 25
    assert len(scripts) == len(mcp_tools.COMPACT)
    assert [path for path in scripts if not path.exists()] == []
    assert not {path.stem for path in scripts} & mcp_tools.SERVICES


def test_every_script_of_every_module_becomes_a_tool():
    tools = mcp_tools.build_tools(mcp_tools.select_scripts(["all"]))
    names = [tool.name for tool in tools]
    services = {path.stem for path in ROOT.glob("modules/*/scripts/*.py")} & mcp_tools.SERVICES

    assert len(names) == len(set(names))
    assert len(tools) == len(list(ROOT.glob("modules/*/scripts/[!_]*.py"))) - len(services)
    assert {"resource_alarm_input_status", "intercom_alarm_input_status"} <= set(names)
    for tool in tools:
        assert tool.input_schema["type"] == "object", tool.name
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name)
                   for name in tool.input_schema["properties"]), tool.name
        assert not {"format", "account"} & set(tool.input_schema["properties"])
        assert tool.description, tool.name


def test_a_schema_comes_from_the_scripts_own_parser():
    [tool] = mcp_tools.build_tools(
        [ROOT / "modules/Hik-Connect_Team_Alarm/scripts/webhook_manager.py"])
    properties = tool.input_schema["properties"]

    assert properties["command"]["enum"] == ["query", "save", "delete"]
    assert tool.input_schema["required"] == ["command"]
    assert properties["retries"]["type"] == "integer"
    assert properties["yes"]["type"] == "boolean"
    assert tool.command_line({"command": "save", "url": "https://example.com/hook",
                              "retries": 3}) == ["save", "--url=https://example.com/hook",
                                                 "--retries=3"]
    assert tool.destructive and not tool.read_only


class McpSession:
    """The SDK's client, talking to scripts/mcp_server.py over stdio."""

    def __init__(self, env: dict[str, str], *server_args: str) -> None:
        self.env, self.server_args = env, server_args

    def run(self, steps):
        """Open a session, give it to `steps` (an async function), return its result."""
        from mcp import ClientSession, StdioServerParameters, stdio_client

        async def main():
            parameters = StdioServerParameters(command=sys.executable,
                                               args=[str(SERVER), *self.server_args],
                                               env=self.env, cwd=self.env["HOME"])
            with open(Path(self.env["HOME"]) / "server.log", "w") as log:
                async with stdio_client(parameters, errlog=log) as (read, write), \
                        ClientSession(read, write) as session:
                    await session.initialize()
                    return await steps(session)

        return anyio.run(main)


@pytest.fixture
def mcp(sim, tmp_path) -> McpSession:
    return McpSession(environment_for(sim, tmp_path))


def envelope(result) -> dict:
    """The script's envelope: structured content, and the same as JSON text."""
    assert json.loads(result.content[0].text) == result.structured_content
    assert result.is_error is (result.structured_content["success"] is not True)
    return result.structured_content


def test_lists_the_compact_tools_with_their_schemas_and_hints(mcp):
    async def steps(session):
        return (await session.list_tools()).tools

    tools = {tool.name: tool for tool in mcp.run(steps)}
    listing = json.dumps([tool.model_dump(by_alias=True, exclude_none=True)
                          for tool in tools.values()])

    assert set(tools) == {path.stem for path in mcp_tools.select_scripts([])}
    assert len(listing.encode()) <= TOOL_LIST_LIMIT
    devices = tools["list_devices"]
    assert devices.input_schema["properties"]["page_size"]["type"] == "integer"
    assert devices.annotations.read_only_hint is True
    control = tools["acs_control"]
    assert control.input_schema["properties"]["all_doors"]["type"] == "boolean"
    assert control.input_schema["properties"]["door_id"]["type"] == "array"
    assert control.annotations.destructive_hint is True
    assert control.annotations.read_only_hint is False


def test_a_read_answers_the_scripts_envelope(mcp, sim):
    async def steps(session):
        return await session.call_tool("list_devices", {"page_size": 2})

    document = envelope(mcp.run(steps))

    assert document["success"] is True and len(document["data"]["device"]) == 2
    assert document["data"]["total"] == len(sim.sim.world.devices)
    [request] = sim.requests("/api/hccgw/resource/v1/devices/get")
    assert request["body"]["pageSize"] == 2


def test_input_that_breaks_the_schema_sends_nothing(mcp, sim):
    async def steps(session):
        return [await session.call_tool("list_devices", {"page_size": "two"}),
                await session.call_tool("list_devices", {"no_such_option": True})]

    documents = [envelope(result) for result in mcp.run(steps)]

    assert [document["errorCode"] for document in documents] == ["INVALID_ARGUMENT"] * 2
    assert sim.requests() == []


def test_door_control_needs_all_doors_to_touch_every_door(mcp, sim):
    async def steps(session):
        refused = await session.call_tool("acs_control", {"action": "close"})
        done = await session.call_tool("acs_control", {"action": "close", "all_doors": True})
        return refused, done

    refused, done = (envelope(result) for result in mcp.run(steps))

    assert refused["success"] is False and refused["errorCode"] == "INVALID_ARGUMENT"
    assert done["success"] is True
    [request] = sim.requests(CONTROL_PATH)
    assert request["body"]["remoteControl"]["elementlist"] == []


def test_a_delete_is_a_dry_run_until_yes(sim, tmp_path):
    """--modules adds a whole module; a delete without `yes` changes nothing."""
    mcp = McpSession(environment_for(sim, tmp_path), "--modules", "person")
    person = {"group_id": EMPLOYEES, "person_code": "E1001", "first_name": "Ana",
              "last_name": "Silva"}

    async def steps(session):
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        added = envelope(await session.call_tool("add_person", person))
        wanted = {"person_id": [added["data"]["personId"]]}
        dry = await session.call_tool("delete_person", wanted)
        done = await session.call_tool("delete_person", {**wanted, "yes": True})
        return tools, added, dry, done

    tools, added, dry, done = mcp.run(steps)

    assert tools["delete_person"].annotations.destructive_hint is True
    assert tools["add_person"].annotations.destructive_hint is False
    assert {"list_devices", "add_person", "import_persons"} <= set(tools)
    assert added["success"] is True
    assert envelope(dry)["data"]["dryRun"] is True
    assert envelope(done)["success"] is True
    [request] = sim.requests(DELETE_PERSON_PATH)
    assert request["body"] == {"personId": added["data"]["personId"]}
