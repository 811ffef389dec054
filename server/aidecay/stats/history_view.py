"""A region's history as a person reads it: edits grouped by sitting, with text snapshots."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from aidecay.core.edits import SNAPSHOTS_PER_REGION, Edit, from_ms
from aidecay.store.edits import EditRow


@dataclass(frozen=True)
class EditView:
    """One edit for display (an open one carries its live numbers)."""

    id: int
    at: str
    ended_at: str
    author: str
    inserted: int
    deleted: int
    changes: int
    open: bool
    before_text: int | None
    after_text: int | None
    started_ms: int
    ended_ms: int


def edit_views(rows: list[EditRow], open_edit: Edit | None) -> list[EditView]:
    """Stored edits, with the open one (if any) taking its in-memory state."""
    views = []
    for row in rows:
        if open_edit is not None and open_edit.row_id == row.id:
            views.append(
                EditView(
                    row.id,
                    from_ms(open_edit.started_ms),
                    from_ms(open_edit.ended_ms),
                    open_edit.author,
                    open_edit.inserted,
                    open_edit.deleted,
                    open_edit.changes,
                    True,
                    row.before_text,
                    None,
                    open_edit.started_ms,
                    open_edit.ended_ms,
                )  # fmt: skip
            )
            continue
        views.append(
            EditView(
                row.id,
                row.at,
                row.ended_at,
                row.author,
                row.inserted,
                row.deleted,
                row.changes,
                row.open,
                row.before_text,
                None if row.open else row.after_text,
                row.started_ms,
                row.ended_ms,
            )  # fmt: skip
        )
    return views


def sittings(edits: list[EditView], gap_ms: int) -> list[dict[str, Any]]:
    """Edits grouped by sitting (less than ``gap_ms`` apart), oldest first, as protocol JSON."""
    groups: list[list[EditView]] = []
    for edit in edits:
        if groups and edit.started_ms - groups[-1][-1].ended_ms < gap_ms:
            groups[-1].append(edit)
        else:
            groups.append([edit])
    return [
        {
            "startedAt": group[0].at,
            "endedAt": group[-1].ended_at,
            "editCount": len(group),
            "inserted": sum(e.inserted for e in group),
            "deleted": sum(e.deleted for e in group),
            "edits": [edit_json(e) for e in group],
        }
        for group in groups
    ]


def edit_json(edit: EditView) -> dict[str, Any]:
    return {
        "id": edit.id,
        "at": edit.at,
        "endedAt": edit.ended_at,
        "author": edit.author,
        "inserted": edit.inserted,
        "deleted": edit.deleted,
        "changes": edit.changes,
        "open": edit.open,
        "beforeTextId": edit.before_text,
        "afterTextId": edit.after_text,
    }


def latest_snapshots(edits: list[EditView], keep: int = SNAPSHOTS_PER_REGION) -> list[EditView]:
    """Only the ``keep`` latest edits keep their text ids (older ones: counts only)."""
    cut = max(0, len(edits) - keep)
    return [replace(e, before_text=None, after_text=None) for e in edits[:cut]] + edits[cut:]


def text_ids(edits: list[EditView]) -> set[int]:
    return {t for e in edits for t in (e.before_text, e.after_text) if t is not None}
