"""Edits as a person counts them: raw content changes grouped per region.

Consecutive changes to one region by one author, with no pause longer than the edit gap and
no save in between, are one *edit*. Pure: no store, no LSP; times are integer milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from aidecay.core.clock import format_time, parse_time

#: A region text longer than this is not kept as a history snapshot.
SNAPSHOT_MAX_CHARS = 20_000
#: Only the latest this many edits of a region keep their before/after texts.
SNAPSHOTS_PER_REGION = 100


def to_ms(text: str) -> int:
    return int(parse_time(text).timestamp() * 1000)


def from_ms(ms: int) -> str:
    return format_time(datetime.fromtimestamp(ms / 1000, timezone.utc))


def net_size(before: str, after: str) -> tuple[int, int]:
    """Characters inserted and deleted between two texts (one changed span)."""
    limit = min(len(before), len(after))
    prefix = 0
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    return len(after) - prefix - suffix, len(before) - prefix - suffix


def snapshot_text(text: str | None) -> str | None:
    """The text if it is small enough to keep as a snapshot."""
    return text if text is not None and len(text) <= SNAPSHOT_MAX_CHARS else None


@dataclass(slots=True)
class Edit:
    """One edit of one region; ``open`` while more changes may join it."""

    region_id: str
    author: str
    started_ms: int
    ended_ms: int
    inserted: int = 0
    deleted: int = 0
    changes: int = 0
    before_text: str | None = None
    after_text: str | None = None
    open: bool = True
    #: Database row id once written (the store fills it in).
    row_id: int | None = None
    #: The last change folded in: (key, inserted, deleted), so it can be re-attributed.
    last_change: tuple[str, int, int] | None = None


class EditGrouper:
    """Folds changes into edits; ``on_close`` receives every edit that will not grow again,
    with the raw characters inserted and deleted that its net size replaced."""

    def __init__(
        self, gap_ms: Callable[[], int], on_close: Callable[[Edit, int, int], None]
    ) -> None:
        self.gap_ms = gap_ms
        self.on_close = on_close
        self.open: dict[str, Edit] = {}

    def continues(self, region_id: str, author: str, at_ms: int) -> bool:
        """Whether a change now would join the region's open edit."""
        edit = self.open.get(region_id)
        return (
            edit is not None
            and edit.author == author
            and 0 <= at_ms - edit.ended_ms <= self.gap_ms()
        )

    def change(
        self,
        region_id: str,
        author: str,
        at_ms: int,
        inserted: int,
        deleted: int,
        *,
        key: str = "",
        before: Callable[[], str | None] = lambda: None,
        current: Callable[[str], str | None] = lambda rid: None,
    ) -> tuple[Edit, bool]:
        """Fold one change in; returns the edit and whether it is a new one.

        ``before`` gives the region's text before this change (asked only for a new edit);
        ``current`` the text of a region now (asked when its open edit must close first).
        """
        if self.continues(region_id, author, at_ms):
            edit = self.open[region_id]
            fresh = False
        else:
            self.close(region_id, current(region_id))
            edit = Edit(region_id, author, at_ms, at_ms, before_text=snapshot_text(before()))
            self.open[region_id] = edit
            fresh = True
        edit.ended_ms = max(edit.ended_ms, at_ms)
        edit.inserted += inserted
        edit.deleted += deleted
        edit.changes += 1
        edit.last_change = (key, inserted, deleted)
        return edit, fresh

    def take_last(self, region_id: str, key: str) -> Edit | None:
        """Remove change ``key`` from the region's open edit (it is being re-attributed).

        Returns the edit when the change was its only one (the caller re-labels the whole
        edit), else None after subtracting it (the caller folds it in under its new author).
        """
        edit = self.open.get(region_id)
        if edit is None or edit.last_change is None or edit.last_change[0] != key:
            return None
        _, inserted, deleted = edit.last_change
        edit.last_change = None
        if edit.changes == 1:
            return edit
        edit.inserted -= inserted
        edit.deleted -= deleted
        edit.changes -= 1
        return None

    def close(self, region_id: str, after: str | None) -> Edit | None:
        edit = self.open.pop(region_id, None)
        if edit is None:
            return None
        edit.open = False
        edit.after_text = snapshot_text(after)
        raw = edit.inserted, edit.deleted
        if edit.before_text is not None and edit.after_text is not None:
            # one changed span drops typed-then-deleted noise; the raw sums bound edits at
            # two distant places (the span would count the text between them)
            inserted, deleted = net_size(edit.before_text, edit.after_text)
            edit.inserted, edit.deleted = min(inserted, raw[0]), min(deleted, raw[1])
        self.on_close(edit, *raw)
        return edit

    def close_idle(self, now_ms: int, current: Callable[[str], str | None]) -> list[Edit]:
        """Close edits whose last change is more than the gap ago."""
        idle = [rid for rid, e in self.open.items() if now_ms - e.ended_ms > self.gap_ms()]
        return [e for rid in idle if (e := self.close(rid, current(rid))) is not None]

    def close_all(self, region_ids, current: Callable[[str], str | None]) -> list[Edit]:
        """Close the open edits of these regions (a save, a close, a review)."""
        wanted = [rid for rid in region_ids if rid in self.open]
        return [e for rid in wanted if (e := self.close(rid, current(rid))) is not None]
