"""``aidecay export``: regions, events, metrics and findings in a stable, versioned schema.

The schema (field names and JSON types) is ``FIELDS``; docs/cli.md documents it and
tests/cli/golden/export_schema.json pins it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from aidecay.stats.query import Dataset
from aidecay.stats.scope import Scope, display_path, line_count, line_of

SCHEMA_VERSION = 1
FORMATS = ("json", "jsonl", "csv")

FIELDS: dict[str, dict[str, str]] = {
    "region": {
        "id": "string",
        "path": "string",
        "origin": "string",
        "tool": "string|null",
        "model": "string|null",
        "status": "string",
        "createdAt": "string",
        "lastEditedAt": "string|null",
        "deletedAt": "string|null",
        "reviewedAt": "string|null",
        "editCount": "integer",
        "charsInserted": "integer",
        "charsDeleted": "integer",
        "startLine": "integer|null",
        "endLine": "integer|null",
        "originalLines": "integer",
        "originalChars": "integer",
        "currentChars": "integer",
    },
    "event": {
        "id": "string",
        "regionId": "string",
        "path": "string",
        "at": "string",
        "version": "integer|null",
        "kind": "string",
        "author": "string",
        "inserted": "integer",
        "deleted": "integer",
        "rule": "string|null",
    },
    "metric": {
        "id": "string",
        "regionId": "string",
        "path": "string",
        "at": "string",
        "version": "integer|null",
        "kind": "string",
        "mi": "number|null",
        "halsteadVolume": "number|null",
        "sloc": "integer|null",
        "maxCc": "integer|null",
        "functions": "object|null",
    },
    "finding": {
        "regionId": "string",
        "path": "string",
        "code": "string",
        "message": "string|null",
        "severity": "string|null",
        "firstSeenAt": "string|null",
        "lastSeenAt": "string|null",
        "active": "boolean",
    },
}
TABLES = {"region": "regions", "event": "events", "metric": "metrics", "finding": "findings"}


def build(
    data: Dataset, scope: Scope, *, absolute: bool = False, root: Path | None = None
) -> dict[str, Any]:
    """The export document: a header plus one list per record type.

    Paths are relative to the scope's workspace, else to ``root``, unless ``absolute``.
    """
    base = scope.workspace or root

    def path(uri: str) -> str:
        return display_path(uri, base, absolute)

    regions = [r for r in data.regions if scope.includes(r, unmarked=True)]
    ids = {r["id"] for r in regions}
    document = {
        "schemaVersion": SCHEMA_VERSION,
        "generatedAt": scope.now_text,
        "since": scope.since_text,
        "workspace": str(base) if base else None,
        "absolutePaths": absolute,
        "regions": [_region(r, data, path) for r in regions],
        "events": [_event(e, path) for e in data.events if e["region_id"] in ids],
        "metrics": [_metric(m, path) for m in data.metrics if m["region_id"] in ids],
        "findings": [_finding(f, path) for f in data.findings if f["region_id"] in ids],
    }
    return document


def _region(row: dict, data: Dataset, path) -> dict[str, Any]:
    live = row["status"] == "live"
    text = (data.documents.get(row["uri"]) or {}).get("text")
    start_line = end_line = None
    if live and text is not None and row["end"] <= len(text):
        start_line, end_line = line_of(text, row["start"]), line_of(text, row["end"])
    original = row["original_text"] or ""
    return {
        "id": row["id"],
        "path": path(row["uri"]),
        "origin": row["origin"],
        "tool": row["tool"],
        "model": row["model"],
        "status": row["status"],
        "createdAt": row["created_at"],
        "lastEditedAt": row["last_edited_at"],
        "deletedAt": row["deleted_at"],
        "reviewedAt": row["reviewed_at"],
        "editCount": row["edit_count"] or 0,
        "charsInserted": row["chars_inserted"] or 0,
        "charsDeleted": row["chars_deleted"] or 0,
        "startLine": start_line,
        "endLine": end_line,
        "originalLines": line_count(original),
        "originalChars": len(original),
        "currentChars": (row["end"] - row["start"]) if live else 0,
    }


def _event(row: dict, path) -> dict[str, Any]:
    return {
        "id": row["id"],
        "regionId": row["region_id"],
        "path": path(row["uri"]),
        "at": row["at"],
        "version": row["version"],
        "kind": row["kind"],
        "author": row["author"],
        "inserted": row["inserted"] or 0,
        "deleted": row["deleted"] or 0,
        "rule": row["rule"],
    }


def _metric(row: dict, path) -> dict[str, Any]:
    functions = row.get("functions")
    if isinstance(functions, str):
        try:
            functions = json.loads(functions)
        except ValueError:
            functions = None
    return {
        "id": str(row["id"]),
        "regionId": row["region_id"],
        "path": path(row["uri"]),
        "at": row["at"],
        "version": row.get("version"),
        "kind": row["kind"],
        "mi": row.get("mi"),
        "halsteadVolume": row.get("halstead_volume"),
        "sloc": row.get("sloc"),
        "maxCc": row.get("max_cc"),
        "functions": functions if isinstance(functions, dict) else None,
    }


def _finding(row: dict, path) -> dict[str, Any]:
    return {
        "regionId": row["region_id"],
        "path": path(row["uri"]),
        "code": row["code"],
        "message": row.get("message"),
        "severity": None if row.get("severity") is None else str(row["severity"]),
        "firstSeenAt": row.get("first_seen_at"),
        "lastSeenAt": row.get("last_seen_at"),
        "active": bool(row.get("active")),
    }


def header(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in TABLES.values()}


def records(document: dict[str, Any]):
    """(record type, record) in the documented order: regions, events, metrics, findings."""
    for kind, table in TABLES.items():
        for record in document[table]:
            yield kind, record


def render(document: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        lines = [json.dumps({"record": "header", **header(document)}, ensure_ascii=False)]
        lines += [
            json.dumps({"record": kind, **record}, ensure_ascii=False)
            for kind, record in records(document)
        ]
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        return _csv(document)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")


def csv_columns() -> list[str]:
    columns = ["schemaVersion", "record"]
    for fields in FIELDS.values():
        columns += [name for name in fields if name not in columns]
    return columns


def _csv(document: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_columns(), lineterminator="\n")
    writer.writeheader()
    for kind, record in records(document):
        row = {"schemaVersion": document["schemaVersion"], "record": kind}
        for key, value in record.items():
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, dict):
                value = json.dumps(value, sort_keys=True)
            row[key] = "" if value is None else value
        writer.writerow(row)
    return out.getvalue()
