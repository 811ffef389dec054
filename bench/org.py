"""Benchmark: ``aidecay org replay`` over real agent-built repositories, with the ``local``
engine at 1 and 2 workers and the ``ray`` engine at 2 workers, in one run; then a projection
to 1,000 and 10,000 repositories on N workers from the measured per-repository costs.

The repositories (``REPOS``, pinned): public Python projects whose histories carry agent
commits (Claude Code, aider, Copilot, Codex, Cursor, OpenHands trailers and authors). Get
them with ``git clone --bare https://github.com/OWNER/NAME`` into one folder per repository
(``--clones DIR``: ``DIR/NAME`` or ``DIR/NAME.git``), or, on the team's machines, with the
``fetch`` tool, whose bare mirrors land in ``/work/.mirror/OWNER+NAME/repo`` (``--mirror``, the
default). Either way the bench makes a local bare clone of each (hard links, no network) under
``--work`` with HEAD detached at the pinned commit, so every run sees the same histories.

Run: ``python bench/org.py [--mirror DIR | --clones DIR] [--work DIR] [--only a,b]
[--configs local:1,local:2,ray:2] [--rounds R] [--json OUT]``. Each configuration replays all
repositories into a fresh dataset through the same driver as ``aidecay org replay``
(``aidecay.org.run.replay_all``), in this process. Reported per configuration: wall time (engine
start included), per-repository seconds (inside the task), the overhead per task (seconds from
submission to result, as the driver sees them, minus the seconds inside the task: process or Ray
worker start, pickling, scheduling) and peak memory per worker process (its ``ru_maxrss``).
Rounds rotate the order of the configurations; the results of every configuration are checked
to be identical per repository. The projection simulates the driver's first-come scheduling of
repositories drawn (with replacement) from the measured per-repository costs (CPU time in the
first configuration: what a dedicated core spends), plus each configuration's measured median
overhead per task, on N identical workers; docs/org.md states the assumptions.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This file is named org.py: with bench/ first on sys.path, `import pickle` would import it
# (pickle tries `org.python.core`, for Jython).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]
sys.path.insert(0, str(ROOT / "server"))

from aidecay.org import engine, run  # noqa: E402
from aidecay.org.sources import Source  # noqa: E402

#: (owner/name, pinned commit); fetched 2026-12-07.
REPOS = [
    ("Aider-AI/aider", "5dc9490bb35f9729ef2c95d00a19ccd30c26339c"),
    ("All-Hands-AI/OpenHands", "156d0686c46aafb0fa9d291da6421fb6f64dddc0"),
    ("PrefectHQ/fastmcp", "743ddffd0a0722858a1eec6ebf93b9e315d75b96"),
    ("anthropics/claude-agent-sdk-python", "e8bde60164f9ef820068ec36ffe6b7be6bd8fd26"),
    ("browser-use/browser-use", "85ddbfedf609166b2d2c76c3d80506649fee82a9"),
    ("git-ai-project/git-ai", "55a1d728fb968fff90c5050470d6bd5d629967c6"),
    ("huggingface/smolagents", "e3a5b8994b301983b91c0325546e9dc82eab8cf0"),
    ("modelcontextprotocol/python-sdk", "57394b0548d1e2dc2dce8d67d84985769df3b8bb"),
    ("openai/openai-agents-python", "7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7"),
    ("pydantic/pydantic-ai", "4fda38988f2939fa6ea9cdefcf120693e10ef491"),
    ("pydantic/logfire", "e484a6b53a0df3062d304ce258573e387cf3140a"),
    ("simonw/datasette", "481df7ff6d78a8ccf919984d27f27201b081bd53"),
    ("simonw/llm", "f3f4f29c6e5e623c3776cbf6455dda2345638214"),
    ("simonw/sqlite-utils", "56dd09702fdb9e899f577ffd51693c1f2176cb08"),
]
PROJECT_SIZES = (1_000, 10_000)
WORKER_COUNTS = (2, 8, 32, 128, 512)
SIMULATIONS = 200


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def _found(owner_name: str, mirror: Path | None, clones: Path | None) -> Path | None:
    owner, name = owner_name.split("/")
    candidates = []
    if clones:
        candidates += [clones / name, clones / f"{name}.git"]
    if mirror:
        candidates += [
            mirror / f"{owner}+{name}" / "repo",
            mirror / f"{owner}+{name}" / "repo/.git",
        ]
    return next((c for c in candidates if (c / "HEAD").is_file() or (c / ".git").exists()), None)


def prepare(args: argparse.Namespace) -> list[Source]:
    """A local bare clone of each repository, HEAD detached at its pin."""
    work = args.work / "repos"
    work.mkdir(parents=True, exist_ok=True)
    sources, missing = [], []
    for owner_name, pin in REPOS:
        name = owner_name.split("/")[1]
        if args.only and name not in args.only:
            continue
        target = work / f"{name}.git"
        if not target.is_dir():
            found = _found(owner_name, args.mirror, args.clones)
            if found is None:
                missing.append(owner_name)
                continue
            _git("clone", "--quiet", "--bare", "--local", str(found), str(target))
        _git("--git-dir", str(target), "update-ref", "--no-deref", "HEAD", pin)
        sources.append(Source(name, str(target), False))
    if missing:
        sys.exit(
            "missing repositories: "
            + ", ".join(missing)
            + "; clone them with `git clone --bare https://github.com/OWNER/NAME` into a folder "
            "and pass --clones FOLDER (or fetch them and pass --mirror)"
        )
    return sources


def measure(sources: list[Source], config: str, out: Path) -> dict:
    kind, workers = config.split(":")
    shutil.rmtree(out, ignore_errors=True)
    started: dict[str, float] = {}

    def make() -> engine.Engine:
        begin = time.monotonic()
        made = engine.create(kind, int(workers), None, run.Options().memory_mib)
        started["engine"] = time.monotonic() - begin
        return made

    results = []
    begin = time.monotonic()
    outcome = run.replay_all(sources, out, make, run.Options(), on_result=results.append)
    wall = time.monotonic() - begin
    rows = {
        r.name: {
            "status": r.status,
            "error": r.error,
            "commits": r.commits,
            "seconds": round(r.seconds, 2),
            "cpuSeconds": r.cpu_seconds,
            "overhead": round(r.latency - r.seconds, 3),
            "peakRssMiB": r.peak_rss_mib,
            "worker": r.worker,
        }
        for r in results
    }
    peaks: dict[int, float] = {}
    for r in results:
        peaks[r.worker] = max(peaks.get(r.worker, 0.0), r.peak_rss_mib or 0.0)
    overheads = [row["overhead"] for row in rows.values()]
    return {
        "config": config,
        "wall": round(wall, 1),
        "engineStart": round(started.get("engine", 0.0), 2),
        "ok": outcome.count("ok"),
        "failed": outcome.count("failed"),
        "taskSeconds": round(sum(r["seconds"] for r in rows.values()), 1),
        "taskCpuSeconds": round(sum(r["cpuSeconds"] for r in rows.values()), 1),
        "overheadMedian": round(statistics.median(overheads), 3),
        "overheadMean": round(statistics.fmean(overheads), 3),
        "peakRssPerWorkerMiB": sorted(peaks.values(), reverse=True),
        "repos": rows,
    }


def identical(outs: list[Path]) -> bool:
    """The regions, cohorts and commits tables are the same in every dataset."""
    import pyarrow.parquet as pq

    first = outs[0]
    for table in ("regions", "cohorts", "commits"):
        for part in sorted((first / table).glob("repo=*/part-0.parquet")):
            reference = pq.read_table(part)
            for other in outs[1:]:
                if not pq.read_table(other / part.relative_to(first)).equals(reference):
                    return False
    return True


def simulate(costs: list[float], overhead: float, repos: int, workers: int, seed: int) -> float:
    """Makespan of the driver's scheduling: each repository (in list order) goes to the worker
    that frees first."""
    rng = random.Random(seed)
    free = [0.0] * workers
    for _ in range(repos):
        heapq.heappush(free, heapq.heappop(free) + rng.choice(costs) + overhead)
    return max(free)


def projection(costs: list[float], overhead: float) -> list[dict]:
    rows = []
    for repos in PROJECT_SIZES:
        for workers in WORKER_COUNTS:
            spans = sorted(
                simulate(costs, overhead, repos, workers, seed) for seed in range(SIMULATIONS)
            )
            rows.append(
                {
                    "repos": repos,
                    "workers": workers,
                    "median": round(spans[len(spans) // 2]),
                    "p95": round(spans[int(len(spans) * 0.95)]),
                    "floor": round(repos * (statistics.fmean(costs) + overhead) / workers),
                }
            )
    return rows


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.1f} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--clones", type=Path)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "results" / "org")
    parser.add_argument("--only", type=lambda s: set(s.split(",")))
    parser.add_argument("--configs", default="local:1,local:2,ray:2")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "org.json")
    args = parser.parse_args()
    sources = prepare(args)
    configs = args.configs.split(",")
    print(f"{len(sources)} repositories; configurations {', '.join(configs)}", flush=True)
    runs: list[dict] = []
    outs: list[Path] = []
    for round_ in range(args.rounds):
        order = configs[round_ % len(configs) :] + configs[: round_ % len(configs)]
        for config in order:
            out = args.work / f"out-{config.replace(':', '-')}-{round_}"
            found = measure(sources, config, out)
            runs.append(found)
            outs.append(out)
            print(
                f"{config:8} wall {found['wall']:7.1f} s (engine start {found['engineStart']} s)"
                f"  tasks {found['taskSeconds']:7.1f} s (CPU {found['taskCpuSeconds']:.1f} s)"
                f"  overhead/task median "
                f"{found['overheadMedian']:.3f} s  peak RSS/worker "
                f"{', '.join(f'{p:.0f}' for p in found['peakRssPerWorkerMiB'])} MiB"
                f"  ok {found['ok']} failed {found['failed']}",
                flush=True,
            )
    same = identical(outs)
    print(f"identical results in every configuration: {same}")
    print(f"\n{'repository':28} {'commits':>8} {'CPU':>8}" + "".join(f" {c:>10}" for c in configs))
    for source in sources:
        cells = []
        for config in configs:
            seconds = [r["repos"][source.name]["seconds"] for r in runs if r["config"] == config]
            cells.append(f" {statistics.median(seconds):9.1f}s")
        first = runs[0]["repos"][source.name]
        print(
            f"{source.name:28} {first['commits'] or 0:>8} {first['cpuSeconds']:7.1f}s"
            + "".join(cells)
        )
    # Per-repository cost on a dedicated core: the CPU time of each task (wall time on this
    # shared machine measures the other jobs too).
    costs = [
        row["cpuSeconds"]
        for r in runs
        if r["config"] == configs[0]
        for row in r["repos"].values()
        if row["status"] == "ok"
    ]
    table = {}
    for config in configs:
        overhead = statistics.median(
            [row["overhead"] for r in runs if r["config"] == config for row in r["repos"].values()]
        )
        table[config] = projection(costs, max(0.0, overhead))
    print(
        f"\nprojection from the CPU time per repository in {configs[0]} (mean "
        f"{statistics.fmean(costs):.1f} s, max {max(costs):.1f} s), plus each configuration's "
        f"median overhead per task, {SIMULATIONS} simulations:"
    )
    for config, rows in table.items():
        for row in rows:
            print(
                f"  {config:8} {row['repos']:>6} repos on {row['workers']:>4} workers: median "
                f"{_hours(row['median'])}, p95 {_hours(row['p95'])} (perfect split "
                f"{_hours(row['floor'])})"
            )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"runs": runs, "identical": same, "projection": table}, indent=1) + "\n"
    )
    print(f"results: {args.json}")


if __name__ == "__main__":
    main()
