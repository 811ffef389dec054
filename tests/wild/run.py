"""Run the wild corpus through the real server and print false alarms and recall per code.

    python tests/wild/run.py [--quick] [--json OUT] [--project NAME ...]

Controls: sampled human functions, each marked unchanged as an AI region (``aidecay/markRegion``)
in its project, with the project folder as the workspace; every aidecay diagnostic on one is a
false alarm unless ``manifest.json`` holds a reviewer's verdict for it. Mutations: decayed
AI-written variants inserted next to real code (``mutations.py``); recall is the share whose
expected code is reported. One server per project, many marks per server.
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

from mutations import Mutation, generate, modules_of  # noqa: E402
from sources import (  # noqa: E402
    CorpusUnavailable,
    Function,
    Project,
    cache_dir,
    fetch,
    load_manifest,
    projects,
    sample_controls,
)
from stdio_client import ServerError, WildClient  # noqa: E402

from aidecay.core.settings import DIAGNOSTIC_CODES  # noqa: E402

CODES = DIAGNOSTIC_CODES
#: Files this long get a fast analysis pass and then a full one (``INLINE_LEARN_CHARS``).
BIG_FILE = 60_000
OPTIONS = {"heuristic": {"enabled": False}, "analysis": {"debounceMs": 10}}
#: Codes reported but not asserted by the wild test (none: every code meets its targets).
NOT_ASSERTED: frozenset[str] = frozenset()


@dataclass
class Outcome:
    kind: str
    key: str
    project: str
    expected: str | None = None
    family: str | None = None
    findings: list[dict] = field(default_factory=list)
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

    def control(self, root: Path, fn: Function) -> Outcome:
        outcome = Outcome("control", fn.key, fn.project)
        path = root / fn.path
        text = path.read_text(encoding="utf-8")
        uri = path.as_uri()
        version = self._next()
        self.client.open(uri, text, version)
        region = None
        try:
            region = self.client.mark(uri, version, fn.first, fn.last)
            diagnostics = self.client.diagnostics(uri, version, _passes(text))
            outcome.findings = _findings(diagnostics)
        except ServerError as exc:
            outcome.error = str(exc)
        finally:
            self._release(uri, region)
        return outcome

    def mutation(self, root: Path, m: Mutation) -> Outcome:
        outcome = Outcome("mutation", m.key, m.project, m.code, m.family)
        path = root / m.path
        text = path.read_text(encoding="utf-8")
        uri = path.as_uri()
        version = self._next()
        self.client.open(uri, text, version)
        region = None
        try:
            if m.text:
                version = self._next()
                self.client.change(uri, version, m.line, m.text)
                text = _insert(text, m.line, m.text)
            region = self.client.mark(uri, version, m.first, m.last)
            diagnostics = self.client.diagnostics(uri, version, _passes(text))
            for line, insert in m.steps:
                version = self._next()
                self.client.change(uri, version, line, insert)
                text = _insert(text, line, insert)
            if m.steps:
                diagnostics = self.client.diagnostics(uri, version, _passes(text))
            outcome.findings = _findings(diagnostics)
        except ServerError as exc:
            outcome.error = str(exc)
        finally:
            self._release(uri, region)
        return outcome


def _insert(text: str, line: int, insert: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(lines[:line]) + insert + "".join(lines[line:])


def run_project(
    project: Project, root: Path, controls: list[Function], mutations: list[Mutation]
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="aidecay-wild-") as tmp:
        client = WildClient(root, Path(tmp) / "wild.db", OPTIONS)
        try:
            client.wait_for_index()
            runner = Runner(client)
            for fn in controls:
                outcomes.append(runner.control(root, fn))
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
    manifest: dict, quick: bool, only: set[str] | None = None, log=print, jobs: int = 2
) -> dict:
    """Run the corpus (``jobs`` projects at a time, one server each); the figures and every
    outcome as a JSON-ready dict."""
    started = time.monotonic()
    cache = cache_dir()
    chosen = [p for p in projects(manifest) if not only or p.name in only]
    roots = {p.name: fetch(p, cache) for p in chosen}
    per = manifest["quick_controls_per_project" if quick else "controls_per_project"]
    count = manifest["quick_mutations_per_family" if quick else "mutations_per_family"]
    seed = manifest["seed"]
    modules = {p.name: modules_of(roots[p.name], p) for p in chosen}
    families = generate(modules, count, seed)
    # Parsing happens here, in one thread: CPython 3.11 before 3.11.9 can fail ast.parse in
    # concurrent threads ("AST constructor recursion depth mismatch").
    samples = {p.name: sample_controls(roots[p.name], p, per, seed) for p in chosen}

    def one(project: Project) -> list[Outcome]:
        root = roots[project.name]
        controls = samples[project.name]
        mine = [m for ms in families.values() for m in ms if m.project == project.name]
        t0 = time.monotonic()
        found = run_project(project, root, controls, mine)
        log(
            f"{project.name}: {len(controls)} controls, {len(mine)} mutations in "
            f"{time.monotonic() - t0:.1f} s"
        )
        return found

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        outcomes = [o for found in pool.map(one, chosen) for o in found]
    return summarize(manifest, outcomes, time.monotonic() - started)


def summarize(manifest: dict, outcomes: list[Outcome], seconds: float) -> dict:
    accepted = {(v["key"], v["code"]) for v in manifest.get("verdicts", ())}
    controls = [o for o in outcomes if o.kind == "control" and not o.error]
    false_alarms: Counter[str] = Counter()
    reviewed: Counter[str] = Counter()
    for o in controls:
        for code in {f["code"] for f in o.findings}:
            if (o.key, code) in accepted:
                reviewed[code] += 1
            else:
                false_alarms[code] += 1
    mutations = [o for o in outcomes if o.kind == "mutation" and not o.error]
    recall: dict[str, dict[str, float]] = {}
    for code in CODES:
        mine = [o for o in mutations if o.expected == code]
        if mine:
            hits = sum(any(f["code"] == code for f in o.findings) for o in mine)
            recall[code] = {"detected": hits, "total": len(mine), "recall": hits / len(mine)}
    n = len(controls) or 1
    return {
        "controls": len(controls),
        "mutations": len(mutations),
        "errors": [asdict(o) for o in outcomes if o.error],
        "false_alarms": {c: false_alarms[c] for c in CODES},
        "false_alarms_per_100": {c: 100 * false_alarms[c] / n for c in CODES},
        "total_false_alarms_per_100": 100 * sum(false_alarms.values()) / n,
        "reviewed_findings": dict(reviewed),
        "recall": recall,
        "seconds": round(seconds, 1),
        "outcomes": [asdict(o) for o in outcomes],
    }


def table(result: dict) -> str:
    rows = [
        f"controls: {result['controls']}, mutations: {result['mutations']}, "
        f"errors: {len(result['errors'])}, {result['seconds']} s",
        "| code | false alarms per 100 controls | recall on mutations |",
        "|---|---|---|",
    ]
    for code in CODES:
        fa = result["false_alarms_per_100"][code]
        r = result["recall"].get(code)
        shown = f"{r['recall']:.2f} ({r['detected']} of {r['total']})" if r else "–"
        rows.append(f"| `{code}` | {fa:.1f} ({result['false_alarms'][code]}) | {shown} |")
    rows.append(f"| all codes | {result['total_false_alarms_per_100']:.1f} | |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer controls and mutations")
    parser.add_argument("--json", type=Path, help="write every outcome and figure here")
    parser.add_argument("--project", action="append", help="only these projects")
    parser.add_argument("--jobs", type=int, default=2, help="projects run at a time")
    parser.add_argument("--show", action="store_true", help="print every false alarm and miss")
    args = parser.parse_args(argv)
    try:
        result = evaluate(
            load_manifest(), args.quick, set(args.project or ()) or None, jobs=args.jobs
        )
    except CorpusUnavailable as exc:
        print(f"wild corpus unavailable: {exc}", file=sys.stderr)
        return 2
    if args.show:
        accepted = {(v["key"], v["code"]) for v in load_manifest().get("verdicts", ())}
        for o in result["outcomes"]:
            if o["kind"] == "control" and o["findings"]:
                for f in o["findings"]:
                    tag = "REVIEWED" if (o["key"], f["code"]) in accepted else "FA"
                    print(f"{tag} {o['key']} [{f['code']}] {f['message']}")
            elif o["kind"] == "mutation" and not any(
                f["code"] == o["expected"] for f in o["findings"]
            ):
                print(f"MISS {o['key']} -> {[f['code'] for f in o['findings']]} {o['error'] or ''}")
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
