"""Benchmark: the last scale limits of issue 14 (typing's disk writes, a burst of 5,000 marks),
through the real server over stdio, against commit cbc6468 in the same run, the two versions
alternating sample by sample.

* ``typing``: a 3,000-line file of 300 human functions (snake_case, type hints,
  docstrings), each followed by an AI-marked one (camelCase, no hints: 600 findings), typed
  into at 10 keys/s the way a person does: a burst of 10-30 characters inside an AI
  function, a pause until its diagnostics are published and 0.5-2 s more, then another.
  ``disk_kib_per_key`` is what the server's process tree wrote to disk (``/proc/PID/io``
  ``write_bytes``: SQLite's WAL and checkpoints) per keystroke, the last flush included;
  ``db_growth_b_per_key`` the database files' growth. Goal: <= 5 KB per keystroke.
* ``marks``: a 15,000-line file, 5,000 regions marked one request after the other (two lines
  out of every three). ``marks_s`` is the marking; ``full_pass_s`` the time from the last
  mark's answer until the full pass publishes (the last ``publishDiagnostics`` before 15 s
  of quiet), and the CPU time the server and its analysis child spent meanwhile.
  Goal: <= 5 s.

Run: ``python bench/limits.py`` (``--quick``: fewer keystrokes, 1,000 marks; ``--only``;
``--rounds``; ``--baseline PATH`` a checkout of cbc6468, else one is made with
``git worktree add --detach``).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "wild"))

from stdio_client import WildClient  # noqa: E402

from index import BASE_COMMIT, alternate, base_checkout, report  # noqa: E402
from index_server import cpu_s, is_helper, process_tree  # noqa: E402
from scale_workspace import workspace_text  # noqa: E402

OPTIONS = {"heuristic": {"enabled": False}}
QUIET_S = 15.0


def tree_cpu(pid: int) -> dict[str, float]:
    """CPU seconds of the server (``pid``) and its analysis child so far."""
    found: dict[str, float] = {}
    for member, depth in process_tree(pid).items():
        if depth <= 1 and not is_helper(member):
            name = "server" if depth == 0 else "child"
            found[name] = found.get(name, 0.0) + cpu_s(member)
    return found


def write_bytes(pid: int) -> int:
    """Bytes the process tree of ``pid`` wrote to disk so far (its living processes)."""
    total = 0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/io") as io:
                for line in io:
                    if line.startswith("write_bytes:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total


def start(server: Path, text: str, name: str) -> tuple[WildClient, Path, str]:
    """A server on an empty folder holding one file ``name`` with ``text``, opened."""
    work = Path(tempfile.mkdtemp(prefix="aidecay-limits-"))
    path = work / "ws" / name
    path.parent.mkdir()
    path.write_text(text)
    client = WildClient(path.parent, work / "limits.db", OPTIONS, env={"PYTHONPATH": str(server)})
    client.open(path.as_uri(), text, 1)
    return client, work, path.as_uri()


def mark_lines(client: WildClient, uri: str, spans: list[tuple[int, int]]) -> None:
    """Mark each span of lines (0-based, inclusive); blank ones create nothing."""
    for first, last in spans:
        span = {"start": {"line": first, "character": 0}, "end": {"line": last + 1, "character": 0}}
        client.request(
            "aidecay/markRegion",
            {"textDocument": {"uri": uri, "version": 1}, "range": span, "origin": "agent"},
        )


HUMAN = '''def scale_values_{k}(values: list[float], factor: float = 2.0) -> list[float]:
    """Scale every value by ``factor``."""
    scaled = [value * factor for value in values]
    return [round(value, 3) for value in scaled]

'''
AGENT = """def mergeItems{k}(leftList, rightList):
    mergedList = list(leftList)
    for itemValue in rightList:
        mergedList.append(itemValue * {k})
    return mergedList
"""


def quiet(client: WildClient, uri: str, seconds: float, since: float | None = None) -> float:
    """Wait for publishes of ``uri`` to stop for ``seconds``; the time of the last one (at
    least one after ``since``)."""
    seen = len(client.publishes.get(uri, ())) if since is not None else 0
    last = since if since is not None else time.perf_counter()
    published = False
    while not (published and time.perf_counter() - last > seconds):
        count = len(client.publishes.get(uri, ()))
        if count > seen:
            seen, last, published = count, time.perf_counter(), True
        elif time.perf_counter() - last > 600:
            raise RuntimeError(f"no publish for {uri}")
        time.sleep(0.05)
    return last


def typed_file(pairs: int = 300) -> tuple[str, list[tuple[int, int]]]:
    """``pairs`` human functions (snake_case, hints, docstrings), each followed by an AI one
    (camelCase, neither): 10 lines a pair; the AI functions' line spans."""
    parts, spans = [], []
    for k in range(pairs):
        parts.append(HUMAN.format(k=k))
        spans.append((10 * k + 5, 10 * k + 9))
        parts.append(AGENT.format(k=k))
    return "".join(parts), spans


def typing(server: Path, keystrokes: int) -> dict:
    text, spans = typed_file()
    lines = text.split("\n")
    client, work, uri = start(server, text, "typed.py")
    try:
        mark_lines(client, uri, spans)
        quiet(client, uri, 3.0)  # the first analysis passes and their flush
        pid = client.process.pid
        size_before = sum(p.stat().st_size for p in work.glob("limits.db*"))
        written_before = write_bytes(pid)
        rng = random.Random(7)
        version, typed = 1, 0
        while typed < keystrokes:
            line = rng.choice(spans)[0] + 2  # in the loop: ``mergedList = ...``
            for _ in range(min(rng.randint(10, 30), keystrokes - typed)):
                char = rng.choice("abcdefghij_ ")
                version += 1
                position = {"line": line, "character": len(lines[line])}
                lines[line] += char
                client.notify(
                    "textDocument/didChange",
                    {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [
                            {"range": {"start": position, "end": position}, "text": char}
                        ],
                    },
                )
                typed += 1
                time.sleep(0.1)
            # A pause: the person reads the diagnostics of what they typed.
            client.diagnostics(uri, version, timeout=300)
            time.sleep(rng.uniform(0.5, 2.0))
        time.sleep(3)  # the last flush
        written = write_bytes(pid) - written_before
        grown = sum(p.stat().st_size for p in work.glob("limits.db*")) - size_before
    finally:
        client.close()
        shutil.rmtree(work, ignore_errors=True)
    return {
        "disk_kib_per_key": round(written / keystrokes / 1024, 2),
        "db_growth_b_per_key": round(grown / keystrokes, 1),
    }


def marks(server: Path, regions: int) -> dict:
    text = workspace_text(regions)
    client, work, uri = start(server, text, "marked.py")
    try:
        began = time.perf_counter()
        mark_lines(client, uri, [(3 * k, 3 * k + 1) for k in range(regions)])
        marked = time.perf_counter()
        cpu = tree_cpu(client.process.pid)
        last = quiet(client, uri, QUIET_S, marked)
        cpu = {k: round(v - cpu.get(k, 0.0), 2) for k, v in tree_cpu(client.process.pid).items()}
    finally:
        client.close()
        shutil.rmtree(work, ignore_errors=True)
    return {
        "marks_s": round(marked - began, 2),
        "full_pass_s": round(last - marked, 2),
        "server_cpu_s": cpu.get("server", 0.0),
        "child_cpu_s": cpu.get("child", 0.0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer keystrokes and marks")
    parser.add_argument("--rounds", type=int, default=2, help="samples per version")
    parser.add_argument("--only", choices=("typing", "marks"), help="one section")
    parser.add_argument("--baseline", help="a checkout of the base commit")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    versions = {"this": HERE.parent / "server", "base": base_checkout(args.baseline) / "server"}
    figures: dict = {"base_commit": BASE_COMMIT}
    if args.only in (None, "typing"):
        keys = 200 if args.quick else 600
        figures["typing"] = alternate(lambda s: typing(s, keys), versions, args.rounds)
    if args.only in (None, "marks"):
        count = 1000 if args.quick else 5000
        figures["marks"] = alternate(lambda s: marks(s, count), versions, args.rounds)
    report(figures, args.json)


if __name__ == "__main__":
    main()
