"""``aidecay export``: golden schema, the three formats, relative paths, atomic output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from clihelp import run_cli

GOLDEN = Path(__file__).parent / "golden" / "export_schema.json"
JSON_TYPES = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "object": dict,
    "null": type(None),
}


def _conforms(value, spec: str) -> bool:
    kinds = [JSON_TYPES[k] for k in spec.split("|")]
    if isinstance(value, bool) and "boolean" not in spec:
        return False
    return isinstance(value, tuple(t for k in kinds for t in (k if isinstance(k, tuple) else (k,))))


def test_json_export_matches_the_golden_schema(recorded):
    golden = json.loads(GOLDEN.read_text())
    done = run_cli("export", "--format", "json", "--db", str(recorded.db), cwd=recorded.workspace)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["schemaVersion"] == golden["schemaVersion"] == 1
    assert set(document) == set(golden["header"]) | set(golden["records"].values())
    for field, spec in golden["header"].items():
        assert _conforms(document[field], spec), field
    assert len(document["regions"]) == 4 and len(document["events"]) >= 6
    for kind, table in golden["records"].items():
        for record in document[table]:
            assert list(record) == list(golden["fields"][kind]), kind
            for field, spec in golden["fields"][kind].items():
                assert _conforms(record[field], spec), (kind, field, record[field])


def test_schema_module_matches_golden():
    from aidecay.stats import export

    golden = json.loads(GOLDEN.read_text())
    assert golden["fields"] == export.FIELDS
    assert export.csv_columns() == golden["csvColumns"]


def test_paths_are_relative_unless_asked(recorded):
    rel = json.loads(run_cli("export", "--db", str(recorded.db), cwd=recorded.workspace).stdout)
    assert {r["path"] for r in rel["regions"]} == {"pkg/mod.py", "pkg/helpers.py"}
    absolute = json.loads(
        run_cli(
            "export", "--absolute-paths", "--db", str(recorded.db), cwd=recorded.workspace
        ).stdout
    )
    assert {r["path"] for r in absolute["regions"]} == {
        str(recorded.module.resolve()),
        str(recorded.helpers.resolve()),
    }
    live = [r for r in rel["regions"] if r["status"] == "live" and r["path"] == "pkg/mod.py"]
    assert [(r["startLine"], r["endLine"]) for r in live] == [(6, 8), (11, 13)]


def test_jsonl_and_csv(recorded, tmp_path):
    out = tmp_path / "history.jsonl"
    done = run_cli("export", "--format", "jsonl", "--out", str(out), "--db", str(recorded.db))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[0]["record"] == "header" and lines[0]["schemaVersion"] == 1
    assert {"region", "event"} <= {line["record"] for line in lines[1:]} <= set(golden_kinds())
    assert [p.name for p in tmp_path.iterdir()] == ["history.jsonl"]  # no temp file left
    table = run_cli("export", "--format", "csv", "--db", str(recorded.db)).stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    golden = json.loads(GOLDEN.read_text())
    assert list(rows[0]) == golden["csvColumns"]
    assert sum(r["record"] == "region" for r in rows) == 4
    assert all(r["schemaVersion"] == "1" for r in rows)


def test_failed_export_writes_nothing(tmp_path):
    out = tmp_path / "out.json"
    done = run_cli("export", "--out", str(out), "--db", str(tmp_path / "missing.db"))
    assert done.returncode == 1
    assert "no aidecay database" in done.stderr
    assert list(tmp_path.iterdir()) == []


def golden_kinds() -> list[str]:
    return list(json.loads(GOLDEN.read_text())["records"])
