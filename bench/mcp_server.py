"""Benchmark: ``aidecay mcp`` answering agents, through the SDK's client over stdio.

Workspace: real code, generated: the interpreter's standard library (``Lib``, about 1,800
files) plus the wild corpus's cached sdists (``tests/wild``) up to ``--files`` (2,000) Python
files, copied into a temporary folder. The server shares one database with the index, which
is built (and persisted) once before measuring, as the language server leaves it.

* **per tool, index built**: ``conventions`` (a random module), ``find_helper`` (a real
  function of another module renamed and with a statement added, as an agent's near-copy;
  every fourth query a description only) and ``check_code`` (a module with such a near-copy
  appended), ``--samples`` each; p50/p95 of the client-side round trip.
* **peer, same run, alternating per sample**: a plain ``parso`` parse of the same module in a
  child process kept alive for it (the cheapest pass any analysis of that file makes), so
  the ratio says what an answer costs beyond reading the file once.
* **first answer after start**: a fresh server process on the persisted index, timed from
  spawning it to its first ``conventions`` and first ``find_helper`` answer (and whether that
  one was partial), ``--starts`` times.

Targets (issue 16): p95 <= 300 ms per tool with the index built; first answer <= 3 s.
Run: ``python bench/mcp_server.py`` (needs ``aidecay[mcp]``); ``--quick`` for a short run;
results in ``bench/results/mcp_server.json``. (Not ``bench/mcp.py``: a file named ``mcp.py``
in a folder on ``sys.path`` shadows the SDK.)
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import json
import random
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from mcp import Client, StdioServerParameters

REPO = Path(__file__).resolve().parents[1]
WILD = REPO / "tests" / "wild"
RESULTS = REPO / "bench" / "results" / "mcp_server.json"
PEER = r"""
import sys, time, parso
for line in sys.stdin:
    text = open(line.strip(), encoding="utf-8", errors="replace").read()
    start = time.perf_counter()
    parso.parse(text)
    print((time.perf_counter() - start) * 1000, flush=True)
"""


def workspace(target: Path, files: int) -> list[Path]:
    """Copy the standard library and cached sdists into ``target`` up to ``files`` files."""
    if target.exists():
        shutil.rmtree(target)
    lib = Path(sysconfig.get_paths()["stdlib"])
    sources = [("stdlib", lib)]
    sys.path.insert(0, str(WILD))
    from sources import cache_dir

    sources += sorted((p.name, p) for p in (cache_dir() / "src").glob("*") if p.is_dir())
    copied: list[Path] = []
    for name, folder in sources:
        for path in sorted(folder.rglob("*.py")):
            if len(copied) >= files:
                return copied
            if "site-packages" in path.parts or path.stat().st_size > 400_000:
                continue
            out = target / name / path.relative_to(folder)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out)
            copied.append(out)
    return copied


def functions(path: Path) -> list[str]:
    """Top-level functions of at least six statements, as source."""
    try:
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return []
    lines = text.splitlines(keepends=True)
    return [
        "".join(lines[n.lineno - 1 : n.end_lineno])
        for n in tree.body
        if isinstance(n, ast.FunctionDef) and len(n.body) >= 6 and not n.decorator_list
    ]


def near_copy(source: str, rng: random.Random) -> str:
    """An agent's near-copy: renamed, with a guard statement added."""
    tree = ast.parse(source)
    fn = tree.body[0]
    fn.name = f"{fn.name}_{rng.choice(['impl', 'helper', 'v2'])}"
    params = [a.arg for a in fn.args.args if a.arg not in ("self", "cls")]
    if params:
        guard = ast.parse(f"if {params[0]} is None:\n    raise TypeError('{params[0]}')")
        fn.body.insert(0, guard.body[0])
    return ast.unparse(tree) + "\n"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def server(root: Path, db: Path) -> StdioServerParameters:
    args = ["-P", "-m", "aidecay", "mcp", "--root", str(root), "--db", str(db)]
    return StdioServerParameters(command=sys.executable, args=args, cwd=tempfile.gettempdir())


async def call(client: Client, name: str, arguments: dict) -> tuple[float, dict]:
    start = time.perf_counter()
    result = await client.call_tool(name, arguments)
    took = (time.perf_counter() - start) * 1000
    if result.is_error:
        raise RuntimeError(f"{name} failed: {result.content[0].text}")
    return took, result.structured_content


async def build_index(root: Path, db: Path) -> float:
    start = time.perf_counter()
    async with Client(server(root, db)) as client:
        while True:
            _, found = await call(client, "find_helper", {"description": "probe"})
            if found["index"]["ready"]:
                return time.perf_counter() - start
            await asyncio.sleep(1)


def peer_time(peer: subprocess.Popen, path: Path) -> float:
    peer.stdin.write(f"{path}\n")
    peer.stdin.flush()
    return float(peer.stdout.readline())


async def per_tool(root: Path, db: Path, files: list[Path], samples: int, seed: int) -> dict:
    rng = random.Random(seed)
    with_functions = [
        (p, fs) for p in rng.sample(files, min(len(files), 600)) if (fs := functions(p))
    ]
    peer = subprocess.Popen(
        [sys.executable, "-c", PEER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    times: dict[str, list[float]] = {"conventions": [], "find_helper": [], "check_code": []}
    peers: list[float] = []
    async with Client(server(root, db)) as client:
        await call(client, "conventions", {"path": str(files[0])})  # warm the process
        for k in range(samples):
            module = rng.choice(files)
            peers.append(peer_time(peer, module))
            took, _ = await call(client, "conventions", {"path": str(module)})
            times["conventions"].append(took)
            source_path, sources = rng.choice(with_functions)
            copy = near_copy(rng.choice(sources), rng)
            query = {"code": copy} if k % 4 else {"description": copy.split("(")[0][4:]}
            took, _ = await call(client, "find_helper", {**query, "limit": 5})
            times["find_helper"].append(took)
            target, _ = rng.choice(with_functions)
            content = target.read_text(encoding="utf-8") + "\n\n" + copy
            peers.append(peer_time(peer, target))
            took, _ = await call(client, "check_code", {"path": str(target), "content": content})
            times["check_code"].append(took)
    peer.stdin.close()
    peer.wait()
    out = {
        name: {"p50_ms": pct(v, 0.5), "p95_ms": pct(v, 0.95), "samples": len(v)}
        for name, v in times.items()
    }
    out["peer_parso_parse"] = {"p50_ms": pct(peers, 0.5), "p95_ms": pct(peers, 0.95)}
    for name in times:
        out[name]["p95_vs_peer_p95"] = round(
            out[name]["p95_ms"] / out["peer_parso_parse"]["p95_ms"], 1
        )
    return out


async def first_answers(root: Path, db: Path, starts: int, sample: Path) -> list[dict]:
    found = []
    for _ in range(starts):
        start = time.perf_counter()
        async with Client(server(root, db)) as client:
            await call(client, "conventions", {"path": str(sample)})
            conventions_s = time.perf_counter() - start
            _, helper = await call(client, "find_helper", {"description": "parse a header"})
            helper_s = time.perf_counter() - start
            while not helper["index"]["ready"]:
                await asyncio.sleep(0.2)
                _, helper = await call(client, "find_helper", {"description": "parse a header"})
            found.append(
                {
                    "first_conventions_s": round(conventions_s, 2),
                    "first_find_helper_s": round(helper_s, 2),
                    "index_complete_s": round(time.perf_counter() - start, 2),
                }
            )
    return found


async def main_async(args: argparse.Namespace) -> dict:
    work = Path(tempfile.gettempdir()) / "aidecay-bench-mcp"
    root, db = work / "workspace", work / "bench.db"
    files = workspace(root, args.files)
    if db.exists():
        db.unlink()
    print(f"workspace: {len(files)} files in {root}", flush=True)
    built = await build_index(root, db)
    print(f"index built and persisted in {built:.1f} s", flush=True)
    tools = await per_tool(root, db, files, args.samples, args.seed)
    print(json.dumps(tools, indent=1), flush=True)
    starts = await first_answers(root, db, args.starts, files[len(files) // 2])
    print(json.dumps(starts, indent=1), flush=True)
    return {"files": len(files), "index_build_s": round(built, 1), "tools": tools, "starts": starts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--quick", action="store_true", help="400 files, 20 samples, 1 start")
    args = parser.parse_args()
    if args.quick:
        args.files, args.samples, args.starts = 400, 20, 1
    result = asyncio.run(main_async(args))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
