"""Edit grouping against a reference model: a change starts a new edit of its region exactly
when the author differs, the pause exceeds the gap, or a save came in between."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from aidecay.core.edits import EditGrouper, net_size

GAP_MS = 5_000
REGIONS = ("r1", "r2", "r3")
AUTHORS = ("human", "agent")


@dataclass(frozen=True)
class ChangeOp:
    region: str
    author: str
    pause_ms: int
    inserted: int
    deleted: int


@dataclass(frozen=True)
class SaveOp:
    pause_ms: int


@dataclass(frozen=True)
class IdleOp:  # a flush: ends the edits idle for longer than the gap
    pause_ms: int


pauses = st.one_of(st.integers(0, 2_000), st.integers(2_000, 12_000))
changes = st.builds(
    ChangeOp,
    st.sampled_from(REGIONS),
    st.sampled_from(AUTHORS),
    pauses,
    st.integers(0, 20),
    st.integers(0, 20),
)
operations = st.lists(
    st.one_of(changes, changes, changes, st.builds(SaveOp, pauses), st.builds(IdleOp, pauses)),
    max_size=60,
)


def reference(ops) -> list[tuple]:
    """Edits as (region, author, first, last, changes, inserted, deleted), in start order."""
    now = 0
    edits: list[list] = []
    last: dict[str, list] = {}  # region -> its latest edit
    saved_since: set[str] = set()
    for op in ops:
        now += op.pause_ms
        if isinstance(op, SaveOp):
            saved_since.update(last)
            continue
        if isinstance(op, IdleOp):
            continue
        previous = last.get(op.region)
        joins = (
            previous is not None
            and previous[1] == op.author
            and now - previous[3] <= GAP_MS
            and op.region not in saved_since
        )
        if joins:
            previous[3] = now
            previous[4] += 1
            previous[5] += op.inserted
            previous[6] += op.deleted
        else:
            edit = [op.region, op.author, now, now, 1, op.inserted, op.deleted]
            edits.append(edit)
            last[op.region] = edit
            saved_since.discard(op.region)
    return [tuple(e) for e in edits]


def grouped(ops) -> list[tuple]:
    closed = []
    grouper = EditGrouper(lambda: GAP_MS, lambda edit, *_: closed.append(edit))
    now = 0
    started = []
    for op in ops:
        now += op.pause_ms
        if isinstance(op, SaveOp):
            grouper.close_all(list(grouper.open), lambda rid: None)
        elif isinstance(op, IdleOp):
            grouper.close_idle(now, lambda rid: None)
        else:
            edit, fresh = grouper.change(op.region, op.author, now, op.inserted, op.deleted)
            if fresh:
                started.append(edit)
    return [
        (e.region_id, e.author, e.started_ms, e.ended_ms, e.changes, e.inserted, e.deleted)
        for e in started
    ]


@settings(max_examples=300, deadline=None)
@given(operations)
def test_grouping_matches_the_reference_model(ops):
    assert grouped(ops) == reference(ops)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_net_size_is_one_replaced_span(before, after):
    inserted, deleted = net_size(before, after)
    assert 0 <= inserted <= len(after) and 0 <= deleted <= len(before)
    assert len(after) - inserted == len(before) - deleted  # the unchanged part is shared
    prefix = next(
        (k for k in range(min(len(before), len(after))) if before[k] != after[k]),
        min(len(before), len(after)),
    )
    assert after[:prefix] == before[:prefix]
    if before == after:
        assert (inserted, deleted) == (0, 0)
