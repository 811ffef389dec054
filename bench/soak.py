"""Soak: a working day at a person's pace through a real client over stdio, memory sampled
per process (issue 20 item 2).

The workspace: a 3,000-line module of 300 human functions each followed by an AI-marked one
(``bench/limits.py``'s file) and 150 standard-library modules beside it (so the index and
its pool of processes have work). Every minute, in a loop:

* typing bursts of 10-40 keys at 10 keys/s into an AI function (a comment typed at the end
  of one of its lines, or the one typed before deleted key by key), each followed by a pause
  until the diagnostics of what was typed are published and 1-4 s more;
* a save (the text written to disk, ``didSave``) every 30 s;
* a new AI function pasted below another one and marked (``aidecay/markRegion``) once a
  minute.

Every 10 s the resident memory of each process is sampled: the server, its analysis child,
the index pool (while it exists). Reported over the second half of the run: each process's
RSS growth per minute (a least-squares slope) and the tree's; the analysis child's peak
against its bound (``analysis.memoryLimitMb``, when the version has it); the work done.
Goal: the tree grows by at most 0.5 MiB per minute over the second half.

Run: ``python bench/soak.py --minutes 60`` (``--minutes 5`` to check it works; ``--server
PATH`` a checkout's ``server`` folder to soak another version, e.g. cbc6468's; ``--json``).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "wild"))

from stdio_client import WildClient  # noqa: E402

from index import stdlib_files  # noqa: E402
from index_server import is_helper, process_tree, rss_kib  # noqa: E402
from limits import mark_lines, quiet, typed_file  # noqa: E402

OPTIONS = {"heuristic": {"enabled": False}}
SAMPLE_S = 10.0
NEW_FUNCTION = """def addedHelper{n}(leftValue, rightValue):
    totalValue = leftValue + rightValue
    for stepValue in range({n}):
        totalValue += stepValue
    return totalValue
"""


class Sampler:
    """RSS of the server, its analysis child and the index pool every ``SAMPLE_S``."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.began = time.monotonic()
        self.samples: list[dict[str, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            roles = {"server": 0, "child": 0, "pool": 0}
            for pid, depth in process_tree(self.pid).items():
                if depth and is_helper(pid):
                    continue
                roles[("server", "child", "pool")[min(depth, 2)]] += rss_kib(pid)
            minute = (time.monotonic() - self.began) / 60
            sample = {"minute": round(minute, 3)}
            sample.update({k: round(v / 1024, 2) for k, v in roles.items()})
            sample["tree"] = round(sum(roles.values()) / 1024, 2)
            self.samples.append(sample)
            if self._stop.wait(SAMPLE_S):
                return

    def stop(self) -> list[dict[str, float]]:
        self._stop.set()
        self._thread.join()
        return self.samples


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (x, y) points."""
    if len(points) < 2:
        return 0.0
    xs, ys = zip(*points, strict=True)
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def workspace(root: Path) -> tuple[Path, list[tuple[int, int]]]:
    """The soaked module and 150 standard-library modules beside it."""
    lib = Path(stdlib_files()[0]).parent
    for source in [p for p in stdlib_files() if p.parent == lib][:150]:
        target = root / "lib" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    text, spans = typed_file()
    path = root / "app" / "module.py"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path, spans


class Person:
    """Edits one document the way a person does (see the module docstring)."""

    def __init__(self, client: WildClient, path: Path, spans: list[tuple[int, int]]) -> None:
        self.client, self.path, self.uri = client, path, path.as_uri()
        self.lines = path.read_text().split("\n")
        self.functions = [first for first, _ in spans]  # first lines of the AI functions
        self.typed: dict[int, int] = {}  # line -> characters typed at its end
        self.version = 1
        self.rng = random.Random(20)
        self.counts = {"keys": 0, "bursts": 0, "saves": 0, "marks": 0}

    def change(self, line: int, start: int, end: int, text: str) -> None:
        self.version += 1
        old = self.lines[line]
        self.lines[line] = old[:start] + text + old[end:]
        span = {
            "start": {"line": line, "character": start},
            "end": {"line": line, "character": end},
        }
        self.client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [{"range": span, "text": text}],
            },
        )

    def burst(self) -> None:
        line = self.rng.choice(self.functions) + 2  # inside the body
        typed = self.typed.pop(line, 0)
        if typed:  # delete what was typed there before, key by key
            for _ in range(typed):
                end = len(self.lines[line])
                self.change(line, end - 1, end, "")
                self.counts["keys"] += 1
                time.sleep(0.1)
        else:
            comment = "  # " + "".join(self.rng.choice("abcdefgh ") for _ in range(30))
            count = self.rng.randint(10, 36)
            for char in comment[:count]:
                end = len(self.lines[line])
                self.change(line, end, end, char)
                self.counts["keys"] += 1
                time.sleep(0.1)
            self.typed[line] = count
        self.counts["bursts"] += 1
        self.client.diagnostics(self.uri, self.version, timeout=600)
        with self.client._cond:  # keep the client's own memory flat: the latest publish only
            del self.client.publishes[self.uri][:-1]
            del self.client.logs[:-20]
        time.sleep(self.rng.uniform(1.0, 4.0))

    def save(self) -> None:
        self.path.write_text("\n".join(self.lines))
        self.client.notify("textDocument/didSave", {"textDocument": {"uri": self.uri}})
        self.counts["saves"] += 1

    def new_region(self) -> None:
        """Paste a new AI function after an existing one and mark it."""
        n = self.counts["marks"]
        after = self.rng.choice(self.functions) + 5  # the blank line after a function
        code = "\n" + NEW_FUNCTION.format(n=n + 1)
        self.version += 1
        position = {"line": after, "character": 0}
        self.client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [{"range": {"start": position, "end": position}, "text": code}],
            },
        )
        added = code.count("\n")
        self.lines[after:after] = code.split("\n")[:-1]
        self.functions = [f + added if f >= after else f for f in self.functions]
        self.typed = {k + added if k >= after else k: v for k, v in self.typed.items()}
        first = after + 1
        self.client.request(
            "aidecay/markRegion",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "range": {
                    "start": {"line": first, "character": 0},
                    "end": {"line": first + added - 1, "character": 0},
                },
                "origin": "agent",
            },
        )
        self.functions.append(first)
        self.counts["marks"] += 1


def soak(server: Path | None, minutes: float, work: Path) -> dict:
    path, spans = workspace(work / "ws")
    env = {"PYTHONPATH": str(server)} if server else None
    client = WildClient(path.parent.parent, work / "soak.db", OPTIONS, env=env)
    sampler = Sampler(client.process.pid)
    person = Person(client, path, spans)
    try:
        client.open(person.uri, path.read_text(), 1)
        mark_lines(client, person.uri, spans)
        quiet(client, person.uri, 3.0)
        began = time.monotonic()
        next_save, next_mark = began + 30, began + 60
        while time.monotonic() - began < minutes * 60:
            person.burst()
            now = time.monotonic()
            if now >= next_save:
                person.save()
                next_save += 30
            if now >= next_mark:
                person.new_region()
                next_mark += 60
    finally:
        samples = sampler.stop()
        client.close()
    return {"minutes": minutes, **person.counts, **summary(samples), "samples": samples}


def summary(samples: list[dict[str, float]]) -> dict:
    """Growth per minute over the second half, per process and for the tree; peaks."""
    end = samples[-1]["minute"]
    half = [s for s in samples if s["minute"] >= end / 2]
    out: dict = {}
    for role in ("server", "child", "pool", "tree"):
        out[f"{role}_mib_per_min"] = round(slope([(s["minute"], s[role]) for s in half]), 3)
        out[f"{role}_peak_mib"] = max(s[role] for s in samples)
        out[f"{role}_end_mib"] = samples[-1][role]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=60.0, help="how long to edit")
    parser.add_argument("--server", help="a checkout's server folder (default: this one)")
    parser.add_argument("--json", help="also write the figures (and samples) to this file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aidecay-soak-"))
    try:
        figures = soak(Path(args.server).resolve() if args.server else None, args.minutes, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps({k: v for k, v in figures.items() if k != "samples"}, indent=2))


if __name__ == "__main__":
    main()
