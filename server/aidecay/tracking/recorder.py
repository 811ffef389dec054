"""What gets written when something happens to a region: its counters, its edits, an event.

Raw content changes are folded into *edits* (``edits.EditGrouper``); region counters count
edits and sittings, and characters as the net size of each closed edit.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from aidecay.core.edits import Edit, EditGrouper, to_ms
from aidecay.core.regions import Region, Status, Touch
from aidecay.store.database import Event, Store

HUMAN = "human"
EXTERNAL = "external"


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return HUMAN


@dataclass(frozen=True)
class Keystroke:
    """One change folded into a region's edit, kept for re-attribution by a following mark."""

    region_id: str
    key: str
    author: str
    version: int | None
    text_start: int | None
    text_end: int | None
    inserted: int
    deleted: int


class History:
    """Queues region state, edits and events in the store; never touches the disk itself."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], str],
        *,
        edit_gap_ms: Callable[[], int] = lambda: 5_000,
        sitting_gap_ms: Callable[[], int] = lambda: 30 * 60_000,
        text_of: Callable[[Region], str | None] = lambda region: None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.sitting_gap_ms = sitting_gap_ms
        self.text_of = text_of
        self.edits = EditGrouper(edit_gap_ms, self._closed)
        self._regions: dict[str, Region] = {}  # regions with an open edit

    # -- events ----------------------------------------------------------------------------

    def _event(
        self,
        region: Region,
        kind: str,
        author: str,
        version: int | None,
        inserted: int = 0,
        deleted: int = 0,
        rule: str | None = None,
        span: tuple[int | None, int | None] = (None, None),
        at: str | None = None,
    ) -> Event:
        event = Event(
            new_id(), region.id, region.uri, at or self.clock(), version, kind, author,
            inserted, deleted, rule, *span,
        )  # fmt: skip
        self.store.queue_event(event)
        self.store.queue_counters(region)
        return event

    # -- edits -----------------------------------------------------------------------------

    def _current(self, region_id: str) -> str | None:
        region = self._regions.get(region_id)
        return None if region is None else self.text_of(region)

    def _fold(
        self,
        region: Region,
        author: str,
        now: str,
        inserted: int,
        deleted: int,
        before: Callable[[], str | None],
    ) -> Edit:
        at_ms = to_ms(now)
        fresh_sitting = not region.last_edited_at or (
            at_ms - to_ms(region.last_edited_at) >= self.sitting_gap_ms()
        )
        edit, fresh = self.edits.change(
            region.id, author, at_ms, inserted, deleted,
            key=new_id(), before=before, current=self._current,
        )  # fmt: skip
        self._regions[region.id] = region
        if fresh:
            region.edit_count += 1
            region.sittings += int(fresh_sitting)
        region.change_count += 1
        region.chars_inserted += inserted
        region.chars_deleted += deleted
        region.last_edited_at = now
        self.store.queue_edit(edit)
        self.store.queue_counters(region)
        return edit

    def _closed(self, edit: Edit, raw_inserted: int, raw_deleted: int) -> None:
        """Counters move from the raw characters typed to the edit's net size."""
        region = self._regions.pop(edit.region_id, None)
        if region is not None:
            region.chars_inserted += edit.inserted - raw_inserted
            region.chars_deleted += edit.deleted - raw_deleted
            self.store.queue_counters(region)
        self.store.queue_edit(edit)

    def close_edits(self, regions, *, idle_only: bool = False) -> None:
        """End the open edits of ``regions`` (a save or a close), or those idle past the gap."""
        if idle_only:
            self.edits.close_idle(to_ms(self.clock()), self._current)
        else:
            self.edits.close_all([r.id for r in regions], self._current)

    @property
    def open_edits(self) -> int:
        return len(self.edits.open)

    def open_edit(self, region_id: str) -> Edit | None:
        return self.edits.open.get(region_id)

    # -- what happened ---------------------------------------------------------------------

    def touched(
        self,
        touch: Touch,
        version: int | None,
        author: str,
        span: tuple[int, int],
        before: Callable[[], str | None] = lambda: None,
    ) -> Keystroke | None:
        """A change reached a region (rules 3 to 5); None when its text was left intact."""
        region, now = touch.region, self.clock()
        if touch.died:
            self.edits.close(region.id, "")
            region.status, region.deleted_at = Status.DELETED, now
            region.last_edited_at = now
            self._event(
                region, "deleted", author, version, touch.inserted, touch.deleted, touch.rule,
                span, now,
            )  # fmt: skip
            return None
        if not touch.edited:
            return None  # moved by a covering change, text intact
        edit = self._fold(region, author, now, touch.inserted, touch.deleted, before)
        assert edit.last_change is not None
        return Keystroke(
            region.id, edit.last_change[0], author, version, *span, touch.inserted, touch.deleted
        )

    def created(self, region: Region, version: int | None) -> None:
        self._event(
            region, "created", region.origin, version, len(region.original_text), 0, "mark",
            (region.start, region.end), region.created_at,
        )  # fmt: skip
        self.store.queue_region(region)

    def relabeled(self, region: Region, version: int | None) -> None:
        """A precise report replaced the bulk-insert heuristic's guess for the same text."""
        self._event(
            region,
            "relabeled",
            region.origin,
            version,
            rule="mark",
            span=(region.start, region.end),
        )

    def written_by(
        self,
        region: Region,
        origin: str,
        a: int,
        b: int,
        version: int | None,
        recent: list[Keystroke],
    ) -> None:
        """Text ``[a, b)`` inside ``region`` was written by ``origin``.

        A human change of the same document version over that text (the change a completion
        or agent made, reported before its mark) is re-attributed; otherwise this is a new
        change by ``origin``.
        """
        now = self.clock()
        for k, stroke in enumerate(recent):
            if (
                stroke.region_id == region.id
                and stroke.author == HUMAN
                and stroke.text_start is not None
                and stroke.text_start < b
                and a < (stroke.text_end or 0)
            ):
                del recent[k]
                whole = self.edits.take_last(region.id, stroke.key)
                if whole is not None:  # the edit was that change alone: relabel it
                    whole.author = origin
                    self.store.queue_edit(whole)
                    return
                region.change_count -= 1
                region.chars_inserted -= stroke.inserted
                region.chars_deleted -= stroke.deleted
                self._fold(region, origin, now, stroke.inserted, stroke.deleted, lambda: None)
                return
        self._fold(region, origin, now, b - a, 0, lambda: None)

    def unmarked(self, region: Region) -> None:
        self.edits.close(region.id, self.text_of(region))
        now = self.clock()
        region.status, region.deleted_at = Status.UNMARKED, now
        self._event(region, "unmarked", HUMAN, None, at=now)

    def reviewed(self, region: Region, reviewer: str | None = None) -> None:
        self.edits.close(region.id, self.text_of(region))
        now = self.clock()
        region.reviewed_at, region.reviewed_by = now, reviewer or current_user()
        self._event(region, "reviewed", region.reviewed_by, None, at=now)

    def unreviewed(self, region: Region, previous: Event | None) -> None:
        """The last review is undone: the one before it (if any) stands again."""
        region.reviewed_at = previous.at if previous else None
        region.reviewed_by = previous.author if previous else None
        self._event(region, "unreviewed", current_user(), None)


def standing_reviews(events: list[Event]) -> list[Event]:
    """The ``reviewed`` events not undone by a later ``unreviewed`` one, oldest first."""
    stack: list[Event] = []
    for event in sorted(events, key=lambda e: e.at):
        if event.kind == "reviewed":
            stack.append(event)
        elif event.kind == "unreviewed" and stack:
            stack.pop()
    return stack
