"""Benchmark: decay analysis after a single edit, against a full-file radon pass.

On the first 5,000 lines of the standard library's ``_pydecimal`` (cut back to the last
top-level statement that keeps the file parseable) carrying 200 AI regions (functions and
methods spread over the file), one line is inserted inside one method. Measured in the same
run, each the median of ``--repeat`` rounds:

* ``edit_to_findings``: the analysis pass that follows the edit (code units updated,
  changed regions re-measured, every rule run on all 200 regions, conventions reused for the
  unchanged part of the file) -- what the server publishes first;
* ``full_learn``: the pass that follows it for large files, re-learning the module's
  conventions from the whole text (off the keystroke path as well);
* ``radon_full``: ``cc_visit`` + ``mi_visit`` on the whole file.

Target: ``edit_to_findings / radon_full <= 0.25``. Run: ``python bench/analysis.py``.
"""

from __future__ import annotations

import _pydecimal
import argparse
import ast
import json
import statistics
import sys
import time
from pathlib import Path

from radon.complexity import cc_visit
from radon.metrics import mi_visit

from aidecay.analysis.engine import AnalysisEngine, DocumentSnapshot
from aidecay.analysis.rules.model import RegionState
from aidecay.analysis.units import find_units
from aidecay.core.settings import Settings

LINES = 5000
REGIONS = 200
CREATED = "2024-05-01T09:00:00.000Z"


def source_text() -> str:
    lines = Path(_pydecimal.__file__).read_text().splitlines(keepends=True)[:LINES]
    while True:
        text = "".join(lines)
        try:
            ast.parse(text)
            return text
        except SyntaxError:
            lines.pop()


def regions_of(text: str) -> list[tuple[int, int]]:
    units = find_units(text)
    classes = {u.qualname for u in units if u.kind == "class"}
    functions = [u for u in units if u.kind != "class" and (u.parent in classes or not u.parent)]
    step = len(functions) / REGIONS
    return [(u.start, u.end) for u in (functions[int(i * step)] for i in range(REGIONS))]


def snapshot(text, spans, version, baselines=None) -> DocumentSnapshot:
    regions = tuple(
        RegionState(
            f"r{i}", start, end, "agent", None, None, CREATED, 0, 0, end - start, None, None,
            (baselines or {}).get(f"r{i}"),
        )
        for i, (start, end) in enumerate(spans)
    )  # fmt: skip
    return DocumentSnapshot("file:///bench/_pydecimal.py", None, text, version, regions, CREATED)


def edited(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """One line inserted at the top of the body of the region in the middle of the file."""
    start, end = spans[len(spans) // 2]
    body = text.index("\n", text.index("def ", start)) + 1
    while not text[body:].lstrip(" ").startswith(("if", "return", "self", "for", "a", "c")):
        body = text.index("\n", body) + 1
    indent = len(text[body:]) - len(text[body:].lstrip(" "))
    line = " " * indent + "if context is None:\n" + " " * (indent + 4) + "pass\n"
    new = text[:body] + line + text[body:]
    delta = len(line)
    shifted = [(s + (delta if s >= body else 0), e + (delta if e >= body else 0)) for s, e in spans]
    return new, shifted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    text = source_text()
    spans = regions_of(text)
    settings = Settings()
    fast, full, radon = [], [], []
    findings = 0
    for _ in range(args.repeat):
        engine = AnalysisEngine()
        first = engine.analyze(snapshot(text, spans, 1), settings)  # baselines, caches, learn
        new, new_spans = edited(text, spans)
        snap = snapshot(new, new_spans, 2, dict(first.measurements))
        t0 = time.perf_counter()
        result = engine.analyze(snap, settings, learn=False)
        fast.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        engine.analyze(snap, settings, learn=True)
        full.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        cc_visit(new)
        mi_visit(new, True)
        radon.append(time.perf_counter() - t0)
        findings = len(result.findings)
    numbers = {
        "lines": text.count("\n"),
        "regions": len(spans),
        "findings_after_edit": findings,
        "edit_to_findings_s": statistics.median(fast),
        "full_learn_s": statistics.median(full),
        "radon_full_s": statistics.median(radon),
    }
    numbers["ratio"] = numbers["edit_to_findings_s"] / numbers["radon_full_s"]
    numbers["ratio_with_learning"] = numbers["full_learn_s"] / numbers["radon_full_s"]
    print(
        f"{numbers['lines']} lines, {numbers['regions']} regions, one edit inside one method\n"
        f"  analysis edit -> findings : {numbers['edit_to_findings_s'] * 1000:8.1f} ms\n"
        f"  follow-up pass (relearn)  : {numbers['full_learn_s'] * 1000:8.1f} ms\n"
        f"  radon cc + mi, whole file : {numbers['radon_full_s'] * 1000:8.1f} ms\n"
        f"  ratio                     : {numbers['ratio']:.3f}  (target <= 0.25)\n"
        f"  ratio incl. relearn pass  : {numbers['ratio_with_learning']:.3f}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(numbers, indent=2))
    return 0 if numbers["ratio"] <= 0.25 else 1


if __name__ == "__main__":
    sys.exit(main())
