"""Helpers: a real MCP client (the SDK's) against ``aidecay mcp`` started as a subprocess
over stdio, on copies of real projects nobody here wrote (the wild corpus's cached sdists)."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import time
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

pytest.importorskip("mcp", reason="aidecay[mcp] is not installed")

from mcp import Client, StdioServerParameters  # noqa: E402

WILD = Path(__file__).parents[1] / "wild"
sys.path.insert(0, str(WILD))

from sources import SETS, CorpusUnavailable, cache_dir, fetch, load_manifest, projects  # noqa: E402


def wild_project(name: str):
    """(extracted folder, Project) of a wild-corpus project; skipped when it is neither
    cached nor downloadable."""
    manifest = load_manifest()
    project = next(p for which in SETS for p in projects(manifest, which) if p.name == name)
    try:
        return fetch(project, cache_dir()), project
    except CorpusUnavailable as exc:
        pytest.skip(f"wild corpus unavailable (package index unreachable?): {exc}")


def copy_project(name: str, into: Path) -> tuple[Path, object]:
    """A writable copy of a wild project's folder under ``into``."""
    source, project = wild_project(name)
    target = into / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".complete"))
    return target, project


@asynccontextmanager
async def mcp_server(*roots: Path, db: Path, cwd: Path | None = None):
    """``aidecay mcp --root ... --db ...`` as a subprocess, with the SDK's client."""
    args = ["-P", "-m", "aidecay", "mcp", "--db", str(db)]
    for root in roots:
        args += ["--root", str(root)]
    params = StdioServerParameters(command=sys.executable, args=args, cwd=str(cwd or db.parent))
    async with Client(params) as client:
        yield client


async def call(client: Client, name: str, **arguments) -> dict:
    """A tool's structured result; fails the test on an error result."""
    result = await client.call_tool(name, arguments)
    assert not result.is_error, result.content[0].text if result.content else result
    assert result.structured_content is not None
    return result.structured_content


async def refused(client: Client, name: str, **arguments) -> str:
    """The message of a tool's error result."""
    result = await client.call_tool(name, arguments)
    assert result.is_error, result.structured_content
    return result.content[0].text


async def until_indexed(client: Client, timeout: float = 120.0) -> dict:
    """Wait until every root's index is complete; returns the last index status."""
    deadline = time.monotonic() + timeout
    while True:
        status = (await call(client, "find_helper", description="index status probe"))["index"]
        if status["ready"]:
            return status
        assert time.monotonic() < deadline, f"index not ready after {timeout} s: {status}"
        await asyncio.sleep(0.5)


def snapshot_of(tools) -> list[dict]:
    """What a tool list promises: names, descriptions, input and output schemas."""
    return [
        {
            "name": t.name,
            "description": t.description,
            "input_schema": t.input_schema,
            "output_schema": t.output_schema,
            "annotations": t.annotations.model_dump(by_alias=True, exclude_none=True)
            if t.annotations
            else None,
        }
        for t in sorted(tools, key=lambda t: t.name)
    ]


def dumps(value) -> str:
    return json.dumps(value, indent=1, sort_keys=True) + "\n"
