"""The output folder of ``aidecay org replay``: each repository's files land atomically.

Layout (docs/org.md): ``repos.parquet``, one folder per table partitioned by repository
(``regions/repo=NAME/part-0.parquet``), ``_dataset.json`` (schema version), and ``_state/``
(one JSON row per repository, and the folders used while writing). Readers (DuckDB, Spark,
pyarrow) skip names starting with ``_``.

A repository's results are written to ``_state/staging/…``, then that folder is renamed to
``_state/pending/NAME`` — the commit point — and its files are moved into the tables (each
move an atomic rename), its row last. A run killed at any moment leaves complete files only:
opening the dataset again discards staging folders and finishes pending ones.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from aidecay import __version__
from aidecay.org.extra import OrgError
from aidecay.org.schema import OPTIONAL, PARTITION, REPOS, SCHEMA_VERSION, TABLES
from aidecay.org.task import TaskResult

PART = "part-0.parquet"
#: Tables a dataset may have (the ones every repository gets, then the optional ones).
ALL_TABLES = (*TABLES, *OPTIONAL)
DATASET_FILE = "_dataset.json"


def write_parquet(data: pa.Table, target: Path) -> None:
    """Write ``data`` next to ``target`` and rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        pq.write_table(data, tmp, compression="zstd")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(data: dict, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Dataset:
    """One output folder; ``open`` it before anything else."""

    def __init__(self, root: Path, kind: str = "replay") -> None:
        self.root = root
        self.kind = kind
        self.state = root / "_state"
        self.rows: dict[str, dict] = {}

    def open(self) -> dict[str, dict]:
        """Create or check the folder, finish what a killed run left; the stored rows."""
        self._check_marker()
        for folder in ("rows", "pending", "staging"):
            (self.state / folder).mkdir(parents=True, exist_ok=True)
        for leftover in (self.state / "staging").iterdir():
            shutil.rmtree(leftover, ignore_errors=True)
        for path in sorted((self.state / "rows").glob("*.json")):
            self.rows[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        for pending in sorted((self.state / "pending").iterdir()):
            self._apply(pending.name)
        self.write_repos()
        return self.rows

    def _check_marker(self) -> None:
        marker = self.root / DATASET_FILE
        if marker.is_file():
            found = json.loads(marker.read_text(encoding="utf-8"))
            if found.get("schemaVersion") != SCHEMA_VERSION or found.get("kind") != self.kind:
                raise OrgError(
                    f"{self.root} holds a {found.get('kind')} dataset of schema version "
                    f"{found.get('schemaVersion')}; this aidecay writes {self.kind} datasets "
                    f"of version {SCHEMA_VERSION}: choose another folder"
                )
            return
        if self.root.is_dir() and any(self.root.iterdir()):
            raise OrgError(
                f"{self.root} is not empty and holds no aidecay dataset ({DATASET_FILE}); "
                "choose a new or empty folder"
            )
        self.root.mkdir(parents=True, exist_ok=True)
        about = {"schemaVersion": SCHEMA_VERSION, "kind": self.kind}
        write_json({**about, "createdBy": f"aidecay {__version__}"}, marker)

    def commit(self, result: TaskResult, row: dict) -> None:
        """Land one repository's tables and row atomically, and ``repos.parquet``."""
        staging = Path(tempfile.mkdtemp(prefix=f"{result.name}.", dir=self.state / "staging"))
        for name, data in result.tables.items():
            (staging / f"{name}.parquet").write_bytes(data)
        write_json({**row, "tables": sorted(result.tables)}, staging / "row.json")
        pending = self.state / "pending" / result.name
        shutil.rmtree(pending, ignore_errors=True)
        os.rename(staging, pending)  # the commit point
        self._apply(result.name)

    def _apply(self, name: str) -> None:
        """Move a committed repository's files into place (again, after a kill: every step
        can be repeated), then ``repos.parquet``, then its row; the pending folder last."""
        pending = self.state / "pending" / name
        if not (pending / "row.json").is_file():  # applied already, killed before the cleanup
            shutil.rmtree(pending, ignore_errors=True)
            return
        row = json.loads((pending / "row.json").read_text(encoding="utf-8"))
        if row["status"] != "unchanged":
            for table in ALL_TABLES:
                source = pending / f"{table}.parquet"
                target = self.root / table / f"{PARTITION}={name}" / PART
                if table in row["tables"]:
                    if source.is_file():  # else moved before a kill
                        target.parent.mkdir(parents=True, exist_ok=True)
                        os.replace(source, target)
                elif target.is_file():  # an earlier result's table this one does not have
                    target.unlink()
                    with contextlib.suppress(OSError):
                        target.parent.rmdir()
        self.rows[name] = row
        self.write_repos()
        os.replace(pending / "row.json", self.state / "rows" / f"{name}.json")
        shutil.rmtree(pending, ignore_errors=True)

    def write_repos(self) -> None:
        records = [
            {field: row.get(field) for field in REPOS.names} for _, row in sorted(self.rows.items())
        ]
        write_parquet(pa.Table.from_pylist(records, schema=REPOS), self.root / "repos.parquet")
