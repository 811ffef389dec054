"""Benchmark: duplicate-helper on real packages nobody here wrote (false flags and recall).

For each pinned project (source distributions from the package index, cached like the wild
corpus's: ``$AIDECAY_WILD_CACHE`` or ``~/.cache/aidecay-wild``), the whole sdist is indexed
as a workspace (``WorkspaceIndex``), then:

* **every function** of the library (top-level functions and methods of its modules, tests,
  examples and docs left out) is checked by the rule itself (``duplicate_helper.find`` on a
  region covering just that function, in its own file) as if it were AI-written: the share
  flagged at similarity 0.7 (the default), 0.8 and 0.9;
* **mutated copies** of a seeded sample of ``--sample`` functions per project (function and
  locals renamed, comments dropped; then nothing else, one statement added, or one simple
  statement removed: ``tests/wild/mutations.near_copy``) are placed, each alone, in a new
  module of the project and checked the same way: recall per kind at 0.7 and 0.8, and how
  many copies the mutation left too small to be compared at all (never reported), and
  recall again without the copies that call their original's name (``super().name()``,
  ``json.dumps`` in a ``dumps``): the rule takes those for wrappers and never reports them.

Run: ``python bench/clones.py`` (``--project NAME`` to narrow, ``--json OUT``). Needs the
package index once (``pip download``), then runs from the cache.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "wild"))
sys.path.insert(0, str(HERE.parent / "tests"))

from mutations import modules_of, near_copy, render  # noqa: E402
from sources import Project, cache_dir, fetch  # noqa: E402

from aidecay.analysis.index.definitions import is_dunder  # noqa: E402
from aidecay.analysis.index.fingerprint import features_of_source  # noqa: E402
from aidecay.analysis.index.workspace import WorkspaceIndex  # noqa: E402
from aidecay.analysis.rules import duplicate_helper  # noqa: E402
from aidecay.analysis.units import find_units  # noqa: E402
from factories import region_state  # noqa: E402

PROJECTS = (
    Project("flask", "3.0.3", "src/flask", "web framework"),
    Project("werkzeug", "3.0.3", "src/werkzeug", "WSGI toolkit"),
    Project("click", "8.1.7", "src/click", "CLI toolkit"),
    Project("requests", "2.32.3", "src/requests", "HTTP library"),
    Project("attrs", "23.2.0", "src", "class decorators"),
    Project("jinja2", "3.1.4", "src/jinja2", "template engine"),
    Project("black", "24.4.2", "src", "code formatter"),
    Project("pytest", "8.2.2", "src", "test framework"),
    Project("rich", "13.7.1", "rich", "terminal rendering"),
)
THRESHOLDS = (0.7, 0.8, 0.9)
KINDS = ("renamed", "added", "removed-simple")
CREATED = "2026-01-01T00:00:00Z"
COPY_FILE = "aidecay_bench_copy.py"


def best_similarity(text: str, path: Path, unit, index: WorkspaceIndex, cache: dict) -> float:
    """The rule's best similarity for ``unit`` marked as a region (0.0: not reported at the
    lowest threshold)."""

    def cached(kind, key, compute):
        if (kind, key) not in cache:
            cache[(kind, key)] = compute()
        return cache[(kind, key)]

    region = region_state(unit.start, unit.end, id="bench", created_at=CREATED)
    found = duplicate_helper.find(text, str(path), region, [unit], index, min(THRESHOLDS), cached)
    return max((f.evidence["similarity"] for f in found), default=0.0)


def _rule_units(text: str):
    """The units the rule judges: top-level functions and methods of top-level classes."""
    return [
        u
        for u in find_units(text)
        if u.kind != "class" and (u.depth == 0 or (u.depth == 1 and u.kind == "method"))
    ]


def every_function(project: Project, root: Path, index: WorkspaceIndex) -> list[dict]:
    rows = []
    for module in modules_of(root, project):
        cache: dict = {}
        for unit in _rule_units(module.text):
            if is_dunder(unit.name):
                continue
            score = best_similarity(module.text, module.path, unit, index, cache)
            rows.append({"function": f"{module.rel}:{unit.qualname}", "similarity": score})
    return rows


def mutated_copies(project: Project, root: Path, index: WorkspaceIndex, sample: int):
    """Each sampled function's three copies, each checked alone in a new module."""
    modules = modules_of(root, project)
    pool = [
        (m, fn)
        for m in modules
        for fn, _cls in m.functions
        if not is_dunder(fn.name)
        and (f := features_of_source(ast.get_source_segment(m.text, fn) or "", fn.name))
        and f.candidate
    ]
    rng = random.Random(f"clones:{project.name}")
    chosen = rng.sample(pool, min(sample, len(pool)))
    path = root / COPY_FILE
    rows = []
    for module, fn in chosen:
        for kind in KINDS:
            clone = near_copy(fn, kind)
            if clone is None:
                continue
            text = render(clone)
            units = _rule_units(text)
            features = features_of_source(text, clone.name)
            row = {"function": f"{module.rel}:{fn.name}", "kind": kind, "similarity": 0.0}
            row["too_small"] = features is None or not features.candidate
            # a copy that calls its original's name (``super().name()``, ``json.dumps``) is
            # a wrapper of it to the rule, which never reports a wrapper
            row["calls_original"] = features is not None and fn.name in features.calls
            if units and not row["too_small"]:
                row["similarity"] = best_similarity(text, path, units[0], index, {})
            rows.append(row)
    return rows


def summarize(name: str, functions: list[dict], copies: list[dict]) -> dict:
    n = len(functions) or 1
    out = {"project": name, "functions": len(functions)}
    for t in THRESHOLDS:
        flagged = sum(r["similarity"] >= t for r in functions)
        out[f"flagged_at_{t}"] = flagged
        out[f"flagged_share_at_{t}"] = round(flagged / n, 4)
    out["copies"] = len(copies)
    out["too_small"] = sum(r["too_small"] for r in copies)
    out["calls_original"] = sum(r["calls_original"] for r in copies)
    for kind in KINDS:
        mine = [r for r in copies if r["kind"] == kind]
        out[f"{kind}_copies"] = len(mine)
        for t in THRESHOLDS[:2]:
            hits = sum(r["similarity"] >= t for r in mine)
            out[f"{kind}_recall_at_{t}"] = round(hits / len(mine), 4) if mine else None
            plain = [r for r in mine if not r["calls_original"]]
            hits = sum(r["similarity"] >= t for r in plain)
            out[f"{kind}_recall_non_wrappers_at_{t}"] = (
                round(hits / len(plain), 4) if plain else None
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", action="append", help="only these projects")
    parser.add_argument("--sample", type=int, default=85, help="functions copied per project")
    parser.add_argument("--json", type=Path, help="write every figure and flagged function")
    args = parser.parse_args(argv)
    chosen = [p for p in PROJECTS if not args.project or p.name in args.project]
    functions: list[dict] = []
    copies: list[dict] = []
    per_project = []
    started = time.monotonic()
    for project in chosen:
        root = fetch(project, cache_dir())
        (root / COPY_FILE).unlink(missing_ok=True)
        index = WorkspaceIndex(root)
        index.build()
        mine = every_function(project, root, index)
        theirs = mutated_copies(project, root, index, args.sample)
        per_project.append(summarize(project.name, mine, theirs))
        print(json.dumps(per_project[-1]), flush=True)
        functions += [{**r, "project": project.name} for r in mine]
        copies += [{**r, "project": project.name} for r in theirs]
    total = summarize("all", functions, copies)
    total["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(total, indent=1))
    if args.json:
        flagged = [r for r in functions if r["similarity"] >= min(THRESHOLDS)]
        missed = [r for r in copies if r["similarity"] < min(THRESHOLDS)]
        report = {"total": total, "projects": per_project, "flagged": flagged, "missed": missed}
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
