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
import ast
import json
import os
import random
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASE_COMMIT = "4bcb809"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from lsp_stdio import StdioClient  # noqa: E402

# -- the generated workspace ---------------------------------------------------------------


def workspace_text(regions: int) -> str:
    """Whole standard-library modules (that parse, without ``__future__`` imports), joined
    until the text has three lines per region."""
    lib = Path(sysconfig.get_paths()["stdlib"])
    parts, lines = [], 0
    for path in sorted(lib.glob("*.py")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "__future__" in text or "\r" in text:
            continue
        try:
            ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        parts.append(text if text.endswith("\n") else text + "\n")
        lines += text.count("\n")
        if lines >= 3 * regions + 10:
            break
    return "".join(parts)


def region_lines(regions: int) -> list[tuple[int, int]]:
    """Region ``k`` covers lines ``3k`` and ``3k + 1``."""
    return [(3 * k, 3 * k + 2) for k in range(regions)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


# -- the version before --------------------------------------------------------------------


def baseline_checkout(path: str | None) -> Path:
    if path:
        return Path(path).resolve()
    target = Path(tempfile.gettempdir()) / "aidecay-base"
    if not (target / "server" / "aidecay").is_dir():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(target), BASE_COMMIT],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def env_for(checkout: Path, tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(checkout / "server"),
        "AIDECAY_DB": str(tmp / "env.db"),
    }


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


# -- in-process sections (run under each version's PYTHONPATH) -----------------------------


def inproc_pass(regions: int) -> dict:
    from aidecay.analysis.engine import AnalysisEngine, DocumentSnapshot
    from aidecay.core.settings import Settings

    try:
        from aidecay.analysis.rules.model import RegionState
    except ImportError:  # the version before (no rules package)
        from aidecay.analysis.decay import RegionState

    text = workspace_text(regions)
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def states(shift_at: int | None = None) -> tuple:
        found = []
        for k, (a, b) in enumerate(region_lines(regions)):
            s, e = starts[a], starts[b]
            if shift_at is not None:
                s, e = s + (s > shift_at), e + (e > shift_at)
            found.append(
                RegionState(
                    f"r{k}",
                    s,
                    e,
                    "agent",
                    None,
                    None,
                    "2026-01-01T00:00:00Z",
                    0,
                    0,
                    e - s,
                    None,
                    None,
                    None,
                )  # fmt: skip
            )
        return tuple(found)

    engine, settings = AnalysisEngine(), Settings()
    snap = DocumentSnapshot(
        "file:///big_module.py", None, text, 1, states(), "2026-01-02T00:00:00Z"
    )
    began = time.perf_counter()
    engine.analyze(snap, settings, None, learn=True)
    cold = time.perf_counter() - began
    middle = snap.regions[len(snap.regions) // 2]
    pos = middle.start + 4
    edited = text[:pos] + "x" + text[pos:]
    snap2 = DocumentSnapshot(
        "file:///big_module.py", None, edited, 2, states(pos), "2026-01-02T00:00:01Z"
    )
    began = time.perf_counter()
    engine.analyze(snap2, settings, None, learn=False)
    fast = time.perf_counter() - began
    began = time.perf_counter()
    engine.analyze(snap2, settings, None, learn=True)
    relearn = time.perf_counter() - began
    return {"cold_s": cold, "edit_fast_s": fast, "edit_learn_s": relearn}


def _write_bytes() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("write_bytes:"):
            return int(line.split()[1])
    return 0


def inproc_flush(regions: int, keystrokes: int) -> dict:
    from aidecay.core.settings import parse_settings
    from aidecay.core.text import Position

    try:
        from aidecay.store.database import Store
        from aidecay.tracking.tracker import Change, Tracker
    except ImportError:  # the version before the layers (issue 14)
        from aidecay.core.store import Store
        from aidecay.core.tracker import Change, Tracker

    tmp = Path(tempfile.mkdtemp(prefix="aidecay-flush-"))
    text = workspace_text(regions)
    db = tmp / "flush.db"
    store = Store(str(db))
    settings, _ = parse_settings({"heuristic": {"enabled": False}})
    tracker = Tracker(store, settings)
    uri = (tmp / "big_module.py").as_uri()
    tracker.open(uri, text, 1)
    for a, b in region_lines(regions):
        tracker.mark(uri, Position(a, 0), Position(b, 0), "agent")
    tracker.flush()
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lines = text.split("\n")
    rng = random.Random(5)
    flushes: list[float] = []
    size_before = db.stat().st_size
    written_before = _write_bytes()
    for k in range(keystrokes):
        start, _ = rng.choice(region_lines(regions))
        col = len(lines[start])
        lines[start] += "x"
        tracker.change(uri, 2 + k, [Change("x", Position(start, col), Position(start, col))])
        if k % 7 == 6:  # typing pace: ~7 keystrokes per one-second flush
            began = time.perf_counter()
            tracker.flush()
            flushes.append((time.perf_counter() - began) * 1000)
    tracker.flush()
    written = _write_bytes() - written_before
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    grown = db.stat().st_size - size_before
    store.close()
    return {
        "flush_p50_ms": statistics.median(flushes),
        "flush_max_ms": max(flushes),
        "db_bytes_per_keystroke": grown / keystrokes,
        "disk_bytes_per_keystroke": written / keystrokes,
    }


def inproc(section: str, regions: int, keystrokes: int) -> None:
    result = inproc_pass(regions) if section == "pass" else inproc_flush(regions, keystrokes)
    print(json.dumps(result))


def run_inproc(checkout: Path, section: str, args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="aidecay-scale-"))
    out = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--inproc",
            section,
            "--regions",
            str(args.regions),
            "--keystrokes",
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
    parser.add_argument("--inproc", help=argparse.SUPPRESS)
    args = parser.parse_args()
    quick = args.quick
    args.regions = args.regions or (1000 if quick else 5000)
    args.keystrokes = args.keystrokes or (80 if quick else 400)
    args.flush_keystrokes = args.flush_keystrokes or (70 if quick else 700)
    args.memory_edits = args.memory_edits or (1500 if quick else 6000)
    if args.inproc:
        inproc(args.inproc, args.regions, args.flush_keystrokes)
        return 0

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
