"""What gets written when something happens to a region: its counters and an event."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable

from aidecay.core.regions import Region, Status, Touch
from aidecay.core.store import Event, Store

HUMAN = "human"
EXTERNAL = "external"


def new_id() -> str:
    return uuid.uuid4().hex[:16]


class History:
    """Queues region state and events in the store; never touches the disk itself."""

    def __init__(self, store: Store, clock: Callable[[], str]) -> None:
        self.store = store
        self.clock = clock

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
        self.store.queue_region(region)
        return event

    def _count(self, region: Region, inserted: int, deleted: int, now: str) -> None:
        region.edit_count += 1
        region.chars_inserted += inserted
        region.chars_deleted += deleted
        region.last_edited_at = now

    def touched(
        self, touch: Touch, version: int | None, author: str, span: tuple[int, int]
    ) -> Event | None:
        """A change reached a region (rules 3 to 5); None when its text was left intact."""
        region, now = touch.region, self.clock()
        if touch.died:
            region.status, region.deleted_at, kind = Status.DELETED, now, "deleted"
        elif touch.edited:
            kind = "edit"
        else:
            self.store.queue_region(region)  # moved by a covering change, text intact
            return None
        self._count(region, touch.inserted, touch.deleted, now)
        return self._event(
            region, kind, author, version, touch.inserted, touch.deleted, touch.rule, span, now
        )

    def created(self, region: Region, version: int | None) -> None:
        self._event(
            region, "created", region.origin, version, len(region.original_text), 0, "mark",
            (region.start, region.end), region.created_at,
        )  # fmt: skip

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
        self, region: Region, origin: str, a: int, b: int, version: int | None, recent: list[Event]
    ) -> None:
        """Text ``[a, b)`` inside ``region`` was written by ``origin``.

        A human edit of the same document version over that text (the change a completion or
        agent made, reported before its mark) is re-attributed; otherwise this is a new edit.
        """
        for k, event in enumerate(recent):
            if (
                event.region_id == region.id
                and event.author == HUMAN
                and event.text_start is not None
                and event.text_start < b
                and a < (event.text_end or 0)
            ):
                self.store.queue_author(event.id, origin)
                recent[k] = dataclasses.replace(event, author=origin)
                return
        now = self.clock()
        self._count(region, b - a, 0, now)
        self._event(region, "edit", origin, version, b - a, 0, "mark", (a, b), now)

    def unmarked(self, region: Region) -> None:
        now = self.clock()
        region.status, region.deleted_at = Status.UNMARKED, now
        self._event(region, "unmarked", HUMAN, None, at=now)

    def reviewed(self, region: Region) -> None:
        now = self.clock()
        region.reviewed_at = now
        self._event(region, "reviewed", HUMAN, None, at=now)
