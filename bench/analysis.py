"""Benchmark: decay analysis after a single edit, against a full-file radon pass.

On the first 5,000 lines of the standard library's ``_pydecimal`` (cut back to the last
top-level statement that keeps the file parseable) carrying 200 AI regions (functions and
methods spread over the file), one line is inserted inside one method. The file sits in a
workspace made of the standard library's top-level modules (its own ``_pydecimal.py`` left
out), indexed once before the rounds, so every rule runs as in the server, duplicate-helper
included. Measured in the same run, each the median of ``--repeat`` rounds:

* ``edit_to_findings``: the analysis pass that follows the edit (code units updated,
  changed regions re-measured, every rule run on all 200 regions with the workspace index,
  conventions reused for the unchanged part of the file) -- what the server publishes first;
* ``edit_to_findings_no_index``: the same pass without the index (duplicate-helper not run);
* ``full_learn``: the pass that follows it for large files, re-learning the module's
  conventions from the whole text (off the keystroke path as well; with the index);
* ``radon_full``: ``cc_visit`` + ``mi_visit`` on the whole file.

Target: ``edit_to_findings / radon_full <= 0.25``. Run: ``python bench/analysis.py``.
"""

from __future__ import annotations

import _pydecimal
import argparse
import ast
import json
import shutil
import statistics
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from radon.complexity import cc_visit
from radon.metrics import mi_visit

from aidecay.analysis.engine import AnalysisEngine, DocumentSnapshot
from aidecay.analysis.index.workspace import WorkspaceIndex
from aidecay.analysis.units import find_units
from aidecay.core.settings import Settings
from factories import region_state  # noqa: E402

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


def workspace(folder: Path, text: str) -> tuple[Path, WorkspaceIndex, int, float]:
    """The standard library's top-level modules and the bench file, indexed; the files
    indexed and the seconds the index took to build."""
    lib = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(lib.glob("*.py")):
        if path.name != "_pydecimal.py":
            shutil.copy(path, folder / path.name)
    target = folder / "_pydecimal.py"
    target.write_text(text)
    index = WorkspaceIndex(folder)
    began = time.perf_counter()
    files = index.build()
    return target, index, files, time.perf_counter() - began


def snapshot(text, spans, version, baselines=None, path=None) -> DocumentSnapshot:
    regions = tuple(
        region_state(
            start, end, id=f"r{i}", created_at=CREATED, baseline=(baselines or {}).get(f"r{i}")
        )
        for i, (start, end) in enumerate(spans)
    )
    uri = path.as_uri() if path else "file:///bench/_pydecimal.py"
    return DocumentSnapshot(uri, str(path) if path else None, text, version, regions, CREATED)


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
    fast, bare, full, radon = [], [], [], []
    findings = 0
    with tempfile.TemporaryDirectory(prefix="aidecay-bench-analysis-") as folder:
        path, index, files, index_s = workspace(Path(folder), text)
        for _ in range(args.repeat):
            engine, plain = AnalysisEngine(), AnalysisEngine()
            first = engine.analyze(snapshot(text, spans, 1, path=path), settings, index)
            plain.analyze(snapshot(text, spans, 1, path=path), settings)
            new, new_spans = edited(text, spans)
            snap = snapshot(new, new_spans, 2, dict(first.measurements), path)
            t0 = time.perf_counter()
            result = engine.analyze(snap, settings, index, learn=False)
            fast.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            plain.analyze(snap, settings, learn=False)
            bare.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            engine.analyze(snap, settings, index, learn=True)
            full.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            cc_visit(new)
            mi_visit(new, True)
            radon.append(time.perf_counter() - t0)
            findings = len(result.findings)
    numbers = {
        "lines": text.count("\n"),
        "regions": len(spans),
        "workspace_files": files,
        "indexed_definitions": len(index),
        "index_build_s": index_s,
        "findings_after_edit": findings,
        "edit_to_findings_s": statistics.median(fast),
        "edit_to_findings_no_index_s": statistics.median(bare),
        "full_learn_s": statistics.median(full),
        "radon_full_s": statistics.median(radon),
    }
    numbers["ratio"] = numbers["edit_to_findings_s"] / numbers["radon_full_s"]
    numbers["ratio_no_index"] = numbers["edit_to_findings_no_index_s"] / numbers["radon_full_s"]
    numbers["ratio_with_learning"] = numbers["full_learn_s"] / numbers["radon_full_s"]
    ms = {k: numbers[k] * 1000 for k in numbers if k.endswith("_s")}
    print(
        f"{numbers['lines']} lines, {numbers['regions']} regions, one edit inside one method; "
        f"workspace of {files} files ({len(index)} definitions) indexed in "
        f"{numbers['index_build_s']:.1f} s\n"
        f"  analysis edit -> findings : {ms['edit_to_findings_s']:8.1f} ms (with the index)\n"
        f"  the same, no index        : {ms['edit_to_findings_no_index_s']:8.1f} ms\n"
        f"  follow-up pass (relearn)  : {ms['full_learn_s']:8.1f} ms\n"
        f"  radon cc + mi, whole file : {ms['radon_full_s']:8.1f} ms\n"
        f"  ratio                     : {numbers['ratio']:.3f}  (target <= 0.25)\n"
        f"  ratio without the index   : {numbers['ratio_no_index']:.3f}\n"
        f"  ratio incl. relearn pass  : {numbers['ratio_with_learning']:.3f}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(numbers, indent=2))
    return 0 if numbers["ratio"] <= 0.25 else 1


if __name__ == "__main__":
    sys.exit(main())
