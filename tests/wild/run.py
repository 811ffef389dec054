"""Run the wild corpus through the real server: false alarms and recall per code, per set.

    python tests/wild/run.py [--quick] [--json OUT] [--set NAME] [--project NAME ...]

Two sets of projects (``manifest.json``): the tuning set, on which thresholds and idioms were
chosen, and the held-out set, never used to choose anything. Controls: sampled human
functions, each marked unchanged as an AI region (``aidecay/markRegion``) in its project,
with the project folder as the workspace, checked, then edited harmlessly (a comment, a local
renamed, a call reformatted) and checked again; every aidecay diagnostic on one is a false
alarm unless ``manifest.json`` holds a reviewer's verdict for it. Mutations: decayed
AI-written variants (``mutations.py``, ``edits.py``); recall is the share whose expected code
is reported. One server per project, many marks per server.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from controls import Control, sample_controls  # noqa: E402
from edits import Edit, Mutation, apply  # noqa: E402
from mutations import generate, modules_of  # noqa: E402
from sources import (  # noqa: E402
    SETS,
    CorpusUnavailable,
    Project,
    cache_dir,
    fetch,
    load_manifest,
    projects,
)
from stdio_client import ServerError, WildClient  # noqa: E402

from aidecay.core.settings import DIAGNOSTIC_CODES  # noqa: E402

CODES = DIAGNOSTIC_CODES
#: Files this long get a fast analysis pass and then a full one (``INLINE_LEARN_CHARS``).
BIG_FILE = 60_000
OPTIONS = {"heuristic": {"enabled": False}, "analysis": {"debounceMs": 10}}


@dataclass
class Outcome:
    kind: str
    key: str
    project: str
    expected: str | None = None
    family: str | None = None
    findings: list[dict] = field(default_factory=list)
    #: controls: the findings after the harmless edits (``findings``: unchanged)
    edited_findings: list[dict] = field(default_factory=list)
    edits: int = 0
    error: str | None = None


def _passes(text: str) -> int:
    return 2 if len(text) > BIG_FILE else 1


def _findings(diagnostics: list[dict]) -> list[dict]:
    return [
        {"code": d.get("code"), "line": d["range"]["start"]["line"], "message": d["message"]}
        for d in diagnostics
        if d.get("source") == "aidecay"
    ]


class Runner:
    """One server for one project; documents get increasing versions across the run."""

    def __init__(self, client: WildClient) -> None:
        self.client = client
        self.version = 0

    def _next(self) -> int:
        self.version += 1
        return self.version

    def _release(self, uri: str, region: str | None) -> None:
        """Unmark the region and close the document, whatever happened before."""
        try:
            if region:
                self.client.unmark(region)
        finally:
            self.client.close_document(uri)

    def _edit(self, uri: str, text: str, steps: tuple[Edit, ...]) -> tuple[str, int]:
        """Send ``steps`` one ``didChange`` each; the text and version after the last."""
        for step in steps:
            self.client.change(uri, self._next(), step)
            text = apply(text, step)
        return text, self.version

    def control(self, root: Path, control: Control) -> Outcome:
        fn = control.fn
        outcome = Outcome("control", fn.key, fn.project, edits=len(control.edits))
        path = root / fn.path
        text = path.read_text(encoding="utf-8")
        uri = path.as_uri()
        version = self._next()
        self.client.open(uri, text, version)
        region = None
        try:
            region = self.client.mark(uri, version, fn.first, fn.last)
            outcome.findings = _findings(self.client.diagnostics(uri, version, _passes(text)))
            if control.edits:
                text, version = self._edit(uri, text, control.edits)
                diagnostics = self.client.diagnostics(uri, version, _passes(text))
                outcome.edited_findings = _findings(diagnostics)
        except ServerError as exc:
            outcome.error = str(exc)
        finally:
            self._release(uri, region)
        return outcome

    def mutation(self, root: Path, m: Mutation) -> Outcome:
        outcome = Outcome("mutation", m.key, m.project, m.code, m.family, edits=len(m.steps))
        path = root / m.path
        text = path.read_text(encoding="utf-8")
        uri = path.as_uri()
        version = self._next()
        self.client.open(uri, text, version)
        region = None
        try:
            if m.text:
                text, version = self._edit(uri, text, ((m.line, 0, m.line, 0, m.text),))
            region = self.client.mark(uri, version, m.first, m.last)
            diagnostics = self.client.diagnostics(uri, version, _passes(text))
            if m.steps:
                text, version = self._edit(uri, text, m.steps)
                diagnostics = self.client.diagnostics(uri, version, _passes(text))
            outcome.findings = _findings(diagnostics)
        except ServerError as exc:
            outcome.error = str(exc)
        finally:
            self._release(uri, region)
        return outcome


def run_project(
    project: Project, root: Path, controls: list[Control], mutations: list[Mutation]
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="aidecay-wild-") as tmp:
        client = WildClient(root, Path(tmp) / "wild.db", OPTIONS)
        try:
            client.wait_for_index()
            runner = Runner(client)
            for control in controls:
                outcomes.append(runner.control(root, control))
            for m in mutations:
                outcomes.append(runner.mutation(root, m))
        except ServerError as exc:  # the server stopped answering: the rest did not run
            done = {o.key for o in outcomes}
            outcomes += [
                Outcome(kind, item.key, project.name, error=f"not run: {exc}")
                for kind, items in (("control", controls), ("mutation", mutations))
                for item in items
                if item.key not in done
            ]
        finally:
            client.close()
    return outcomes


def evaluate(
    manifest: dict,
    quick: bool,
    only: set[str] | None = None,
    log=print,
    jobs: int = 2,
    sets: tuple[str, ...] = SETS,
) -> dict:
    """Run the corpus (``jobs`` projects at a time, one server each); per set, the figures
    and every outcome, as a JSON-ready dict."""
    started = time.monotonic()
    cache = cache_dir()
    chosen = {
        name: [p for p in projects(manifest, name) if not only or p.name in only] for name in sets
    }
    every = [p for ps in chosen.values() for p in ps]
    roots = {p.name: fetch(p, cache) for p in every}
    per = manifest["quick_controls_per_project" if quick else "controls_per_project"]
    count = manifest["quick_mutations_per_family" if quick else "mutations_per_family"]
    seed = manifest["seed"]
    # Parsing happens here, in one thread: CPython 3.11 before 3.11.9 can fail ast.parse in
    # concurrent threads ("AST constructor recursion depth mismatch").
    mutations: list[Mutation] = []
    samples: dict[str, list[Control]] = {}
    for ps in chosen.values():
        modules = {p.name: modules_of(roots[p.name], p) for p in ps}
        mutations += [m for ms in generate(modules, count, seed).values() for m in ms]
        samples.update({name: sample_controls(mods, per, seed) for name, mods in modules.items()})

    def one(project: Project) -> list[Outcome]:
        controls = samples[project.name]
        mine = [m for m in mutations if m.project == project.name]
        t0 = time.monotonic()
        found = run_project(project, roots[project.name], controls, mine)
        log(
            f"{project.name}: {len(controls)} controls, {len(mine)} mutations in "
            f"{time.monotonic() - t0:.1f} s"
        )
        return found

    # The largest projects first, so the last thread does not start one alone at the end.
    ordered = sorted(every, key=lambda p: -len(samples[p.name]) - _size(roots[p.name]))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        outcomes = [o for found in pool.map(one, ordered) for o in found]
    result = {
        name: summarize(manifest, [o for o in outcomes if o.project in {p.name for p in ps}])
        for name, ps in chosen.items()
    }
    return {"sets": result, "seconds": round(time.monotonic() - started, 1)}


def _size(root: Path) -> int:
    """A rough measure of the project's size (its Python files), to order the work."""
    return sum(1 for _ in root.rglob("*.py"))


def false_alarm_codes(outcome: dict, accepted: set[tuple[str, str]]) -> dict[str, set[str]]:
    """Per code of a control: ``unchanged`` and/or ``edited`` (where it was reported), less
    the reviewed findings."""
    found: dict[str, set[str]] = {}
    for stage, key in (("unchanged", "findings"), ("edited", "edited_findings")):
        for f in outcome[key]:
            if (outcome["key"], f["code"]) not in accepted:
                found.setdefault(f["code"], set()).add(stage)
    return found


def summarize(manifest: dict, outcomes: list[Outcome]) -> dict:
    """False alarms per code (a control counts once per code, unchanged or edited), recall
    per code, and every outcome."""
    accepted = {(v["key"], v["code"]) for v in manifest.get("verdicts", ())}
    rows = [asdict(o) for o in outcomes]
    controls = [o for o in rows if o["kind"] == "control" and not o["error"]]
    false_alarms: Counter[str] = Counter()
    stages: Counter[tuple[str, str]] = Counter()
    reviewed: Counter[str] = Counter()
    for o in controls:
        for code, where in false_alarm_codes(o, accepted).items():
            false_alarms[code] += 1
            stages.update((code, stage) for stage in where)
        every = {f["code"] for f in o["findings"] + o["edited_findings"]}
        reviewed.update(code for code in every if (o["key"], code) in accepted)
    mutations = [o for o in rows if o["kind"] == "mutation" and not o["error"]]
    recall: dict[str, dict[str, float]] = {}
    for code in CODES:
        mine = [o for o in mutations if o["expected"] == code]
        if mine:
            hits = sum(any(f["code"] == code for f in o["findings"]) for o in mine)
            recall[code] = {"detected": hits, "total": len(mine), "recall": hits / len(mine)}
    n = len(controls) or 1
    return {
        "projects": sorted({o["project"] for o in rows}),
        "controls": len(controls),
        "edited_controls": sum(o["edits"] > 0 for o in controls),
        "mutations": len(mutations),
        "errors": [o for o in rows if o["error"]],
        "false_alarms": {c: false_alarms[c] for c in CODES},
        "false_alarms_unchanged": {c: stages[(c, "unchanged")] for c in CODES},
        "false_alarms_edited": {c: stages[(c, "edited")] for c in CODES},
        "false_alarms_per_100": {c: 100 * false_alarms[c] / n for c in CODES},
        "total_false_alarms_per_100": 100 * sum(false_alarms.values()) / n,
        "reviewed_findings": dict(reviewed),
        "recall": recall,
        "outcomes": rows,
    }


def _cells(summary: dict, code: str) -> str:
    fa = summary["false_alarms_per_100"][code]
    r = summary["recall"].get(code)
    shown = f"{r['recall']:.2f} ({r['detected']} of {r['total']})" if r else "–"
    return f"{fa:.1f} ({summary['false_alarms'][code]}) | {shown}"


def table(result: dict) -> str:
    """The figures of every set side by side, as a Markdown table."""
    sets = result["sets"]
    head = " | ".join(f"{name}: false alarms per 100 controls | {name}: recall" for name in sets)
    rows = [
        "; ".join(
            f"{name}: {s['controls']} controls ({s['edited_controls']} edited), "
            f"{s['mutations']} mutations, {len(s['errors'])} errors"
            for name, s in sets.items()
        )
        + f"; {result['seconds']} s",
        f"| code | {head} |",
        "|---" * (1 + 2 * len(sets)) + "|",
    ]
    for code in CODES:
        rows.append(f"| `{code}` | " + " | ".join(_cells(s, code) for s in sets.values()) + " |")
    total = " | ".join(f"{s['total_false_alarms_per_100']:.1f} | " for s in sets.values())
    rows.append(f"| all codes | {total.rstrip(' |')} |")
    return "\n".join(rows)


def show(result: dict, manifest: dict) -> None:
    """Every false alarm and every miss."""
    accepted = {(v["key"], v["code"]) for v in manifest.get("verdicts", ())}
    for name, summary in result["sets"].items():
        for o in summary["outcomes"]:
            if o["kind"] == "control":
                for stage, key in (("unchanged", "findings"), ("edited", "edited_findings")):
                    for f in o[key]:
                        tag = "REVIEWED" if (o["key"], f["code"]) in accepted else "FA"
                        print(f"{name} {tag} ({stage}) {o['key']} [{f['code']}] {f['message']}")
            elif not any(f["code"] == o["expected"] for f in o["findings"]):
                codes = [f["code"] for f in o["findings"]]
                print(f"{name} MISS {o['key']} -> {codes} {o['error'] or ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer controls and mutations")
    parser.add_argument("--json", type=Path, help="write every outcome and figure here")
    parser.add_argument("--set", action="append", choices=SETS, help="only these sets")
    parser.add_argument("--project", action="append", help="only these projects")
    parser.add_argument("--jobs", type=int, default=2, help="projects run at a time")
    parser.add_argument("--show", action="store_true", help="print every false alarm and miss")
    args = parser.parse_args(argv)
    manifest = load_manifest()
    try:
        result = evaluate(
            manifest,
            args.quick,
            set(args.project or ()) or None,
            jobs=args.jobs,
            sets=tuple(args.set or SETS),
        )
    except CorpusUnavailable as exc:
        print(f"wild corpus unavailable: {exc}", file=sys.stderr)
        return 2
    if args.show:
        show(result, manifest)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
