"""``aidecay export``: regions, events, metrics and findings in a stable, versioned schema.

The schema (field names and JSON types) is ``FIELDS``; docs/cli.md documents it and
tests/cli/golden/export_schema.json pins it.
"""

from __future__ import annotations

import csv
import io
import json
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from aidecay.core.text import LINE_BREAK
from aidecay.stats.query import Dataset, iter_edit_rows, iter_replayed_edits
from aidecay.stats.scope import Scope, display_path, line_count

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
        "reviewedBy": "string|null",
        "editCount": "integer",
        "sittings": "integer",
        "changeCount": "integer",
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
        "changes": "integer",
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


@dataclass
class Export:
    """An export being written: its header and where each record type comes from."""

    data: Dataset
    scope: Scope
    base: Path | None
    absolute: bool
    header: dict[str, Any]
    regions: list[dict]

    def path(self, uri: str) -> str:
        return display_path(uri, self.base, self.absolute)

    def records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(record type, record) in the documented order, read as they stream."""
        ids = {r["id"]: r["uri"] for r in self.regions}
        paths: dict[str, str] = {}

        def path(uri: str) -> str:
            found = paths.get(uri)
            if found is None:
                found = paths[uri] = self.path(uri)
            return found

        lines: dict = {}
        for row in self.regions:
            yield "region", _region(row, self.data, path, lines)
        for event in self.data.events:
            if event["region_id"] in ids:
                yield "event", _event(event, path)
        for row in iter_edit_rows(self.data, ordered=True):
            uri = ids.get(row[1])
            if uri is not None:
                yield "event", _edit(row, path(uri), "edits" in self.data.tables)
        for event in iter_replayed_edits(self.data):
            if event["region_id"] in ids:
                yield "event", _event(event, path)
        for metric in self.data.metrics:
            if metric["region_id"] in ids:
                yield "metric", _metric(metric, path)
        for finding in self.data.findings:
            if finding["region_id"] in ids:
                yield "finding", _finding(finding, path)


def build(
    data: Dataset, scope: Scope, *, absolute: bool = False, root: Path | None = None
) -> Export:
    """The export: a header plus records of each type, streamed when written.

    Paths are relative to the scope's workspace, else to ``root``, unless ``absolute``.
    """
    base = scope.workspace or root
    header = {
        "schemaVersion": SCHEMA_VERSION,
        "generatedAt": scope.now_text,
        "since": scope.since_text,
        "workspace": str(base) if base else None,
        "absolutePaths": absolute,
    }
    regions = [r for r in data.regions if scope.includes(r, unmarked=True)]
    return Export(data, scope, base, absolute, header, regions)


def _line_ends(data: Dataset, uri: str, cache: dict[str, list[int] | None]) -> list[int] | None:
    """Where each line break of the stored text of ``uri`` ends (computed once per file)."""
    if uri not in cache:
        text = (data.documents.get(uri) or {}).get("text")
        cache[uri] = None if text is None else [m.end() for m in LINE_BREAK.finditer(text)]
        cache["<length>" + uri] = [len(text)] if text is not None else None
    return cache[uri]


def _region(row: dict, data: Dataset, path, lines: dict) -> dict[str, Any]:
    live = row["status"] == "live"
    ends = _line_ends(data, row["uri"], lines)
    start_line = end_line = None
    length = (lines.get("<length>" + row["uri"]) or [0])[0]
    if live and ends is not None and row["end"] <= length:
        start_line = bisect_right(ends, row["start"]) + 1
        end_line = bisect_right(ends, row["end"]) + 1
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
        "reviewedBy": row.get("reviewed_by"),
        "editCount": row["edit_count"] or 0,
        "sittings": row.get("sittings") or 0,
        "changeCount": row.get("change_count") or row["edit_count"] or 0,
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
        "changes": 0,
    }


def _edit(row: tuple, path: str, grouped: bool) -> dict[str, Any]:
    """An edit (from the edits table, or a v2 keystroke event) as an ``event`` record."""
    ident, region_id, author, at, inserted, deleted, changes, _ = row
    return {
        "id": f"edit-{ident}" if grouped else ident,
        "regionId": region_id,
        "path": path,
        "at": at,
        "version": None,
        "kind": "edit",
        "author": author,
        "inserted": inserted or 0,
        "deleted": deleted or 0,
        "rule": None,
        "changes": changes or 1,
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


def write(export: Export, fmt: str, out: TextIO) -> None:
    """Write ``export`` to ``out`` in ``fmt``, record by record."""
    if fmt == "json":
        _json(export, out)
    elif fmt == "jsonl":
        encode = json.JSONEncoder(ensure_ascii=False).encode
        out.write(encode({"record": "header", **export.header}) + "\n")
        prefixes = {kind: f'{{"record": "{kind}", ' for kind in TABLES}
        for kind, record in export.records():
            out.write(prefixes[kind] + encode(record)[1:] + "\n")
    elif fmt == "csv":
        _csv(export, out)
    else:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")


def render(export: Export, fmt: str) -> str:
    """The whole export as one string (for the server's ``aidecay/export``)."""
    out = io.StringIO()
    write(export, fmt, out)
    return out.getvalue()


def _json(export: Export, out: TextIO) -> None:
    """One JSON document, written one record at a time (one record per line)."""
    out.write("{\n")
    for key, value in export.header.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    kinds = list(TABLES)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    pending = iter(export.records())
    item = next(pending, None)
    for n, kind in enumerate(kinds):
        out.write(f'  "{TABLES[kind]}": [')
        count = 0
        while item is not None and item[0] == kind:
            text = encode(item[1])
            out.write(("\n    " if count == 0 else ",\n    ") + text)
            count += 1
            item = next(pending, None)
        out.write("\n  ]" if count else "]")
        out.write(",\n" if n < len(kinds) - 1 else "\n")
    out.write("}\n")


def csv_columns() -> list[str]:
    columns = ["schemaVersion", "record"]
    for fields in FIELDS.values():
        columns += [name for name in fields if name not in columns]
    return columns


def _csv(export: Export, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=csv_columns(), lineterminator="\n")
    writer.writeheader()
    for kind, record in export.records():
        row = {"schemaVersion": export.header["schemaVersion"], "record": kind}
        for key, value in record.items():
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, dict):
                value = json.dumps(value, sort_keys=True)
            row[key] = "" if value is None else value
        writer.writerow(row)
