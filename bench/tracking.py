"""Benchmark: region tracking cost per change, against a bare pygls server in the same run.

Replays a random edit trace (typing, deletions, new lines, small pastes) on a 5,000-line real
Python file (the standard library's ``_pydecimal``) carrying 500 AI regions, through the real
``aidecay serve`` over stdio, and the same trace through a bare pygls server that only syncs
text. Changes are sent alternately to both, each followed by a round-trip request, so both
are measured under the same machine load. Run: ``python bench/tracking.py [--changes N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import _pydecimal  # noqa: E402

from lsp_stdio import StdioClient  # noqa: E402

LINES = 5000
REGIONS = 500


def source_text() -> str:
    lines = Path(_pydecimal.__file__).read_text().splitlines(keepends=True)
    return "".join(lines[:LINES])


def random_change(lines: list[str], rng: random.Random) -> tuple[dict, str]:
    """A random edit as an LSP content change, applied to ``lines`` (which keep their ends)."""
    number = rng.randrange(len(lines))
    body = lines[number].rstrip("\n")
    col = rng.randint(0, len(body))
    kind = rng.random()
    if kind < 0.70:
        text, end = rng.choice("abcdefghijklmnopqrstuvwxyz_ (.)"), col
    elif kind < 0.85:
        text, end = "", min(len(body), col + rng.randint(1, 4))
    elif kind < 0.95:
        text, end = "\n" + " " * 8, col
    else:
        text, end = (
            "\n".join(f"    pasted_{rng.randrange(999)} = {k}" for k in range(rng.randint(2, 4)))
            + "\n",
            col,
        )
    change = {
        "range": {
            "start": {"line": number, "character": col},
            "end": {"line": number, "character": end},
        },
        "text": text,
    }
    replaced = body[:col] + text + body[end:] + ("\n" if lines[number].endswith("\n") else "")
    lines[number : number + 1] = replaced.splitlines(keepends=True) or [""]
    return change, text


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--pause-every",
        type=int,
        default=0,
        help="pause 0.3 s after every N changes, so analysis runs while typing resumes",
    )
    args = parser.parse_args()

    text = source_text()
    uri = "file:///bench/_pydecimal.py"
    tmp = Path(tempfile.mkdtemp(prefix="aidecay-bench-"))
    env = {**os.environ, "AIDECAY_DB": str(tmp / "env.db")}
    ours = StdioClient(
        [sys.executable, "-m", "aidecay", "serve", "--db", str(tmp / "bench.db")], env
    )
    bare = StdioClient([sys.executable, str(Path(__file__).parent / "bare_server.py")], env)
    for client in (ours, bare):
        client.initialize()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
        )

    # 500 regions of 5 lines, one every 10 lines (via the real protocol).
    for k in range(REGIONS):
        start = k * (LINES // REGIONS)
        response = ours.request(
            "aidecay/markRegion",
            {
                "textDocument": {"uri": uri},
                "range": {
                    "start": {"line": start, "character": 0},
                    "end": {"line": start + 5, "character": 0},
                },
                "origin": "agent",
            },
        )
        assert "result" in response, response
    live = len(
        ours.request("aidecay/listRegions", {"textDocument": {"uri": uri}})["result"]["regions"]
    )

    rng = random.Random(args.seed)
    lines = text.splitlines(keepends=True)
    timings: dict[str, list[float]] = {"aidecay": [], "bare pygls": []}
    for version in range(2, args.changes + 2):
        if args.pause_every and version % args.pause_every == 0:
            time.sleep(0.3)
        change, _ = random_change(lines, rng)
        message = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
        order = [("aidecay", ours), ("bare pygls", bare)]
        if version % 2:
            order.reverse()
        for name, client in order:
            began = time.perf_counter()
            client.notify("textDocument/didChange", message)
            client.request("bench/sync", None)  # unknown method: an error reply from both
            timings[name].append((time.perf_counter() - began) * 1000)

    final = ours.request("aidecay/listRegions", {"textDocument": {"uri": uri}})["result"]["regions"]
    for client in (ours, bare):
        client.close()

    rows = {
        name: {
            "p50_ms": statistics.median(v),
            "p99_ms": percentile(v, 0.99),
            "mean_ms": statistics.fmean(v),
        }
        for name, v in timings.items()
    }
    ratio = {k: rows["aidecay"][k] / rows["bare pygls"][k] for k in ("p50_ms", "p99_ms", "mean_ms")}
    print(
        f"{args.changes} changes on a {LINES}-line file;"
        f" regions at start {live}, at end {len(final)}"
    )
    print(f"{'server':<12}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
    for name, row in rows.items():
        print(f"{name:<12}{row['p50_ms']:>10.3f}{row['p99_ms']:>10.3f}{row['mean_ms']:>10.3f}")
    print(
        f"{'ratio':<12}{ratio['p50_ms']:>10.2f}{ratio['p99_ms']:>10.2f}{ratio['mean_ms']:>10.2f}"
        "   (target: p50 ratio <= 1.2)"
    )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "tracking.json").write_text(
        json.dumps(
            {"changes": args.changes, "regions": live, "rows": rows, "ratio": ratio}, indent=2
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
