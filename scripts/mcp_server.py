#!/usr/bin/env python3
"""Serve the pack's scripts over MCP (stdio) to Claude Desktop, Cursor, VS Code, OpenClaw or
any MCP client.

A tool is a script: named after it (list_devices, capture_pic, acs_control, get_video_url...),
its input schema generated from the script's own parser (the long options with underscores:
page_size, all_doors), its result the script's JSON envelope, as structured content and as
JSON text. Each call runs the script as a subprocess, exactly as from a shell, with this
server's environment: give the MCP client the two credential variables
(HIK_CONNECT_TEAM_OPENAPI_APP_KEY, HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY) for it.
Destructive tools carry destructiveHint and still need their confirmations (yes, all_doors).

  mcp_server.py                          the everyday tools (lib/hct/mcp_tools.py COMPACT)
  mcp_server.py --modules Person,Vehicle    plus every script of those modules
  mcp_server.py --modules all            every script (long-running services excepted)
  mcp_server.py --list                   print the tool list as JSON and exit
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import bootstrap

bootstrap.ensure(("mcp",))  # the SDK too (requirements.txt); else .venv or DEPENDENCY_MISSING

import argparse
import json

from hct import mcp_tools

INSTRUCTIONS = (
    "Tools for a Hik-Connect for Teams (HikCentral Connect) account: devices, cameras, doors, "
    "snapshots, video, alarms, persons, vehicles, attendance. Every result is the script's "
    "envelope: success, message, data; on failure errorCode and hint (read the hint). "
    "Lists take page, page_size or all. A flag a description names (--page-size) is the "
    "property with underscores (page_size). Tools marked destructive change the real world: "
    "ask the user before yes (deletes) or all_doors (every door).")


def tool_listing(tools: list) -> list:
    import mcp.types as types

    return [types.Tool(
        name=tool.name, description=tool.description, input_schema=tool.input_schema,
        annotations=types.ToolAnnotations(read_only_hint=tool.read_only,
                                          destructive_hint=tool.destructive,
                                          open_world_hint=True))
        for tool in tools]


def serve(tools: list, timeout: float) -> None:
    import anyio
    import mcp.types as types
    from mcp.server import Server
    from mcp.server.stdio import stdio_server

    listing = tool_listing(tools)
    by_name = {tool.name: tool for tool in tools}

    async def list_tools(_context, _params) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listing)

    async def call_tool(_context, params) -> types.CallToolResult:
        tool = by_name.get(params.name)
        if tool is None:
            from mcp.shared.exceptions import MCPError

            raise MCPError(types.INVALID_PARAMS, f"unknown tool {params.name!r}")
        envelope = await anyio.to_thread.run_sync(
            mcp_tools.run, tool, params.arguments or {}, timeout)
        text = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))
        return types.CallToolResult(content=[types.TextContent(text=text)],
                                    structured_content=envelope,
                                    is_error=envelope.get("success") is not True)

    server = Server("hik-connect-team-skills", instructions=INSTRUCTIONS,
                    on_list_tools=list_tools, on_call_tool=call_tool)

    async def main() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(main)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", default="",
                        help="comma list of modules whose every script becomes a tool ("
                             + ", ".join(mcp_tools.module_names()) + "), or all")
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds a tool call may take before it is stopped (default 300)")
    parser.add_argument("--list", action="store_true",
                        help="print the tool list (as clients see it) as JSON and exit")
    args = parser.parse_args()
    modules = [item.strip() for item in args.modules.split(",") if item.strip()]
    try:
        tools = mcp_tools.build_tools(mcp_tools.select_scripts(modules), strict=False)
    except ValueError as error:
        parser.error(str(error))
    if args.list:
        listing = [item.model_dump(by_alias=True, exclude_none=True)
                   for item in tool_listing(tools)]
        print(json.dumps({"tools": listing}, ensure_ascii=False, indent=2))
        return 0
    serve(tools, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
