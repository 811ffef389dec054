"""Rows of the live tables as the store writes and reads them: events, document snapshots,
regions (whole rows, counters only, positions), and the SQL that writes them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

from aidecay.core.regions import Region, Status


@dataclass(frozen=True)
class Event:
    """One thing that happened to a region."""

    id: str
    region_id: str
    uri: str
    at: str
    version: int | None
    kind: str  # created | edit | deleted | unmarked | reviewed
    author: str  # human | external | an origin
    inserted: int = 0
    deleted: int = 0
    rule: str | None = None
    text_start: int | None = None  # where the inserted text landed (document offsets)
    text_end: int | None = None


@dataclass(frozen=True)
class Snapshot:
    uri: str
    text: str
    version: int | None
    updated_at: str


def _quoted(names: list[str]) -> list[str]:
    return [f'"{name}"' for name in names]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_REGION_COLUMNS = [f.name for f in fields(Region)]
_EVENT_COLUMNS = [f.name for f in fields(Event)]
REPLACE_REGION = (
    f"insert or replace into regions ({', '.join(_quoted(_REGION_COLUMNS))})"
    f" values ({', '.join('?' * len(_REGION_COLUMNS))})"
)
INSERT_EVENT = (
    f"insert or ignore into events ({', '.join(_quoted(_EVENT_COLUMNS))})"
    f" values ({', '.join('?' * len(_EVENT_COLUMNS))})"
)


# The status apart: it is indexed, and setting an indexed column rewrites the index's page
# even to the same value (a typing flush would write two pages instead of one).
_COUNTER_COLUMNS = [
    name
    for name in _REGION_COLUMNS
    if name not in ("id", "uri", "start", "end", "original_text", "status")
]
UPDATE_COUNTERS = (
    f"update regions set {', '.join(f'{_quoted([n])[0]} = ?' for n in _COUNTER_COLUMNS)}"
    " where id = ?"
)
UPDATE_STATUS = "update regions set status = ? where id = ? and status is not ?"


def counter_values(region: Region) -> tuple:
    return (*(getattr(region, name) for name in _COUNTER_COLUMNS), region.id)


def status_values(region: Region) -> tuple:
    return region.status.value, region.id, region.status.value


def region_values(region: Region) -> tuple:
    return tuple(
        region.status.value if name == "status" else getattr(region, name)
        for name in _REGION_COLUMNS
    )


def event_values(event: Event) -> tuple:
    return tuple(getattr(event, name) for name in _EVENT_COLUMNS)


def region_from_row(row: dict) -> Region:
    values = dict(row)
    values["status"] = Status(values["status"])
    for key in ("edit_count", "chars_inserted", "chars_deleted", "change_count", "sittings"):
        values[key] = values[key] or 0
    values["original_text"] = values["original_text"] or ""
    return Region(**values)
