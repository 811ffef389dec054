"""Benchmark: what aidecay costs at which size (issue 10), each figure against the version
before (commit 4bcb809) measured in the same run.

Generates its own workspace from the interpreter's standard library: one module of whole
standard-library files carrying ``--regions`` AI regions (two lines out of every three).
Sections:

* typing: p50/p99 per keystroke through the real server over stdio, with a client that
  behaves like the VS Code extension (the version before asks ``aidecay/listRegions {}``
  after every ``regionsChanged``; this one applies the deltas the notification carries);
  both servers run at once and each keystroke goes to one, then the other;
* full pass: the analysis engine over the whole file, cold, then after an edit (the fast
  pass and the pass that re-learns conventions), **without a workspace index** (the file's
  regions are not compared with other files, so duplicate-helper does not run; ``bench/index.py``
  measures the index and ``bench/analysis.py`` a pass with it);
* flush: one flush of the tracker after a keystroke; DB bytes and disk bytes written
  (``/proc/self/io``) per keystroke at typing pace (a flush every 7 keystrokes);
* memory: RSS growth per edit of the server's process tree (analysis child included) over
  stdio, analysis on (also a bare pygls server as the floor);
* history: ``stats``/``export`` on a 2M-event database (``bench/history_db.py``, when present);
* index: ``bench/index.py`` (when present).

The version before is checked out with ``git worktree add --detach /tmp/aidecay-base 4bcb809``
unless ``--baseline PATH`` names a checkout; its server runs with ``PYTHONPATH=PATH/server``.
Run: ``python bench/scale.py`` (full) or ``python bench/scale.py --quick``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from lsp_stdio import StdioClient  # noqa: E402
from scale_workspace import (  # noqa: E402
    baseline_checkout,
    env_for,
    percentile,
    region_lines,
    workspace_text,
)

# -- typing through the server -------------------------------------------------------------


class ExtensionLikeClient(StdioClient):
    """Reads notifications as they come and reacts like the extension: ``deltas`` applies
    what ``regionsChanged`` carries; otherwise it asks ``listRegions {}`` (not waiting)."""

    def __init__(self, command, env, deltas: bool) -> None:
        self.deltas = deltas
        self.view: dict[str, dict] = {}
        self.lists = 0
        super().__init__(command, env, handlers={"aidecay/regionsChanged": self._changed})

    def _changed(self, params: dict) -> None:
        if self.deltas and "created" in params:
            for rid in params["removed"]:
                self.view.pop(rid, None)
            for info in params["created"] + params["changed"]:
                self.view[info["id"]] = info
            return  # (line shifts: the extension moves its cached ranges; not timed here)
        self.lists += 1
        self.send_request("aidecay/listRegions", {}, wanted=False)  # fire and forget


def start_typing(checkout: Path, text: str, args, deltas: bool) -> tuple:
    """A server of ``checkout`` with the file open and its regions marked: (client, uri)."""
    tmp = Path(tempfile.mkdtemp(prefix="aidecay-scale-"))
    uri = (tmp / "big_module.py").as_uri()
    (tmp / "big_module.py").write_text(text)
    command = [sys.executable, "-m", "aidecay", "serve", "--db", str(tmp / "bench.db")]
    client = ExtensionLikeClient(command, env_for(checkout, tmp), deltas)
    client.initialize()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
    )
    for start, end in region_lines(args.regions):
        client.request(
            "aidecay/markRegion",
            {
                "textDocument": {"uri": uri},
                "range": {
                    "start": {"line": start, "character": 0},
                    "end": {"line": end, "character": 0},
                },
                "origin": "agent",
            },
        )
    client.request("aidecay/listRegions", {})  # the extension's first listing
    return client, uri


def typing(checkouts: dict[str, tuple[Path, bool]], text: str, args) -> dict:
    """Typing p50/p99 per keystroke for each checkout (name -> (checkout, applies deltas)):
    the same keystrokes, sent to each server in turn, so all see the same machine load."""
    started = {
        name: start_typing(path, text, args, deltas) for name, (path, deltas) in checkouts.items()
    }
    time.sleep(1.0)
    rng = random.Random(11)
    lines = text.split("\n")
    timings: dict[str, list[float]] = {name: [] for name in started}
    version = 1
    for _ in range(args.keystrokes):
        version += 1
        start, _end = rng.choice(region_lines(args.regions))
        line = start + rng.randrange(2)
        col = len(lines[line])
        new_text = "\n    " if rng.random() < 0.1 else rng.choice("abcxyz_ (")
        if new_text.startswith("\n"):
            lines[line : line + 1] = [lines[line], "    "]
        else:
            lines[line] += new_text
        change = {
            "range": {
                "start": {"line": line, "character": col},
                "end": {"line": line, "character": col},
            },
            "text": new_text,
        }
        for name, (client, uri) in started.items():
            began = time.perf_counter()
            client.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
            )
            client.request("bench/sync", None)  # unknown method: an error reply, in order
            timings[name].append((time.perf_counter() - began) * 1000)
        time.sleep(args.pace_ms / 1000)
    out = {}
    for name, (client, _uri) in started.items():
        out[name] = {
            "p50_ms": statistics.median(timings[name]),
            "p99_ms": percentile(timings[name], 0.99),
            "listings": client.lists,
        }
        client.close()
    return out


# -- server memory per edit ----------------------------------------------------------------


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and every process under it (the analysis child and its
    pool), in KiB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, ()))
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total += next((int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS:")), 0)
    return total


def memory(command: list[str], env: dict[str, str], edits: int, uri: str) -> float:
    """Bytes of RSS per edit of the server's process tree, analysis on, between a warm-up
    and ``edits`` more edits."""
    client = StdioClient(command, env)
    client.initialize({"analysis": {"enabled": True}})
    text = "".join(f"value_{k} = compute({k})\n" for k in range(400))
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
    )
    if "aidecay" in command:
        client.request(
            "aidecay/markRegion",
            {
                "textDocument": {"uri": uri},
                "range": {
                    "start": {"line": 0, "character": 0},
                    "end": {"line": 400, "character": 0},
                },
                "origin": "agent",
            },
        )

    def type_(first: int, count: int) -> None:
        for version in range(first, first + count):
            line = version % 400
            change = {
                "range": {
                    "start": {"line": line, "character": 0},
                    "end": {"line": line, "character": 0},
                },
                "text": "x",
            }
            client.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
            )
            if version % 50 == 0:
                client.request("bench/sync", None)
        client.request("bench/sync", None)
        time.sleep(1.5)  # let the flush run
        client.request("bench/sync", None)

    warmup = max(500, edits // 4)
    type_(2, warmup)
    before = rss_kib(client.process.pid)
    type_(2 + warmup, edits)
    after = rss_kib(client.process.pid)
    client.close()
    return (after - before) * 1024 / edits


# -- in-process sections (bench/scale_inproc.py, under each version's PYTHONPATH) --------


def run_inproc(checkout: Path, section: str, args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="aidecay-scale-"))
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "scale_inproc.py"),
            section,
            str(args.regions),
            str(args.flush_keystrokes),
        ],
        env=env_for(checkout, tmp),
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp,
    )
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- optional sections written by other helpers --------------------------------------------


def history_section(quick: bool) -> dict | str:
    if not (HERE / "history_db.py").exists():
        return "skipped: bench/history_db.py is not in this tree"
    command = [sys.executable, str(HERE / "history_db.py")] + (["--quick"] if quick else [])
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    return out.stdout.strip() or out.stderr.strip()


def index_section(quick: bool) -> dict | str:
    if not (HERE / "index.py").exists():
        return "skipped: bench/index.py is not in this tree"
    command = [sys.executable, str(HERE / "index.py")] + (["--quick"] if quick else [])
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    return out.stdout.strip() or out.stderr.strip()


# -- main ----------------------------------------------------------------------------------


def row(name: str, ours: float, before: float, unit: str, goal: str = "") -> str:
    ratio = ours / before if before else float("nan")
    return f"{name:<40}{ours:>12.3f}{before:>12.3f}{ratio:>8.3f}  {unit} {goal}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a minute or two")
    parser.add_argument("--baseline", help="a checkout of the version before (default: 4bcb809)")
    parser.add_argument("--regions", type=int, default=None)
    parser.add_argument("--keystrokes", type=int, default=None)
    parser.add_argument("--flush-keystrokes", type=int, default=None)
    parser.add_argument("--memory-edits", type=int, default=None)
    parser.add_argument("--pace-ms", type=float, default=60.0, help="pause between keystrokes")
    parser.add_argument(
        "--sections", default="typing,pass,flush,memory,history,index", help="comma-separated"
    )
    args = parser.parse_args()
    quick = args.quick
    args.regions = args.regions or (1000 if quick else 5000)
    args.keystrokes = args.keystrokes or (80 if quick else 400)
    args.flush_keystrokes = args.flush_keystrokes or (70 if quick else 700)
    args.memory_edits = args.memory_edits or (1500 if quick else 6000)

    sections = set(args.sections.split(","))
    ours_checkout, base_checkout = ROOT, baseline_checkout(args.baseline)
    results: dict = {"regions": args.regions, "baseline": str(base_checkout)}
    lines = [f"{'':<40}{'this':>12}{'before':>12}{'ratio':>8}"]
    text = workspace_text(args.regions)
    results["file_lines"] = text.count("\n")
    if "typing" in sections:
        both = typing({"this": (ours_checkout, True), "before": (base_checkout, False)}, text, args)
        ours, before = both["this"], both["before"]
        results["typing"] = both
        lines.append(row("typing p50 per keystroke", ours["p50_ms"], before["p50_ms"], "ms"))
        lines.append(
            row("typing p99 per keystroke", ours["p99_ms"], before["p99_ms"], "ms", "(goal ≤ 20)")
        )
    if "pass" in sections:
        ours, before = (
            run_inproc(ours_checkout, "pass", args),
            run_inproc(base_checkout, "pass", args),
        )
        results["pass"] = {"this": ours, "before": before}
        for key, label in (
            ("cold_s", "first pass, cold, no index"),
            ("edit_fast_s", "pass after an edit, no index"),
            ("edit_learn_s", "pass after an edit, relearned, no index"),
        ):
            if key in ours and key in before:
                lines.append(row(label, ours[key], before[key], "s", "(goal ≤ 5)"))
    if "flush" in sections:
        ours, before = (
            run_inproc(ours_checkout, "flush", args),
            run_inproc(base_checkout, "flush", args),
        )
        results["flush"] = {"this": ours, "before": before}
        for key, label, unit, goal in (
            ("flush_p50_ms", "flush after keystrokes, p50", "ms", "(goal ≤ 10)"),
            ("flush_max_ms", "flush after keystrokes, max", "ms", ""),
            ("db_bytes_per_keystroke", "DB bytes per keystroke", "B", "(goal ≤ 100)"),
            ("disk_bytes_per_keystroke", "disk bytes written per keystroke", "B", "(goal ≤ 5000)"),
        ):
            if key in ours and key in before:
                lines.append(row(label, ours[key], before[key], unit, goal))
    if "memory" in sections:
        tmp = Path(tempfile.mkdtemp(prefix="aidecay-mem-"))
        uri = (tmp / "typing.py").as_uri()
        serve = [sys.executable, "-m", "aidecay", "serve", "--db", str(tmp / "m.db")]
        ours = memory(serve, env_for(ours_checkout, tmp), args.memory_edits, uri)
        serve2 = [sys.executable, "-m", "aidecay", "serve", "--db", str(tmp / "m2.db")]
        before = memory(serve2, env_for(base_checkout, tmp), args.memory_edits, uri)
        bare = memory(
            [sys.executable, str(HERE / "bare_server.py")],
            env_for(ours_checkout, tmp),
            args.memory_edits,
            uri,
        )
        results["memory"] = {"this": ours, "before": before, "bare_pygls": bare}
        lines.append(row("memory per edit, analysis on", ours, before, "B", "(goal ≤ 200)"))
        lines.append(f"{'  bare pygls server (floor)':<40}{bare:>12.1f}")
    if "history" in sections:
        results["history"] = history_section(quick)
        lines.append(f"history: {results['history']}")
    if "index" in sections:
        results["index"] = index_section(quick)
        lines.append(f"index: {results['index']}")
    print(f"{args.regions} regions in one {results['file_lines']}-line file")
    print("\n".join(lines))
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "scale.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
