"""What was measured of the regions: complexity and maintainability (``metrics``) and the
decay findings (``findings``), attached to their fates.

Complexity "at birth" is the region's first baseline (else its earliest sample), "now" its
latest sample; complexity growth is the ``complexity-growth`` rule applied from one to the
other, as the editor and ``aidecay replay`` apply it. A maintainability index counts only
when both ends have one (replayed regions have it at birth only). Findings "at birth" were
raised on the AI's text as written (before its first edit); "now" are the active ones.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from aidecay.analysis.rules.complexity_growth import grew
from aidecay.core.settings import ThresholdSettings
from aidecay.stats.fate import LIVE, Fate
from aidecay.stats.query import SECONDS_SQL as _SECONDS

NONE: frozenset[str] = frozenset()


def attach(conn: sqlite3.Connection, tables: set[str], fates: Iterable[Fate]) -> None:
    by_id = {f.id: f for f in fates}
    if "metrics" in tables:
        _metrics(conn, by_id)
    if "findings" in tables:
        _findings(conn, {k: f for k, f in by_id.items() if f.source == LIVE})


def _metrics(conn: sqlite3.Connection, by_id: dict[str, Fate]) -> None:
    th = ThresholdSettings()
    sql = (
        "select region_id, kind, max_cc, mi, functions from metrics"
        " order by region_id, kind != 'baseline', at, rowid"
    )
    current, first, last = None, None, None
    for row in conn.execute(sql):
        if row[0] != current:
            _measured(by_id.get(current), first, last, th)
            current, first, last = row[0], row, None
        else:
            last = row  # the latest sample (baselines come first)
    _measured(by_id.get(current), first, last, th)


def _measured(fate: Fate | None, first, last, th: ThresholdSettings) -> None:
    if fate is None or first is None:
        return
    fate.mi_birth = first[3]
    if fate.source != LIVE:
        return  # replayed: complexity comes from the replay (replay_regions)
    if last is None:
        fate.cc_birth = first[2]
        return
    fate.cc_birth, fate.cc_now, fate.mi_now = first[2], last[2], last[3]
    if fate.mi_birth is None:
        fate.mi_now = None
    before, now = _functions(first[4]), _functions(last[4])
    if before is not None and now is not None:
        fate.grew = grew(before, now, th)


def _functions(text: str | None) -> dict[str, int] | None:
    try:
        found = json.loads(text) if text else None
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _findings(conn: sqlite3.Connection, by_id: dict[str, Fate]) -> None:
    birth: dict[str, set[str]] = defaultdict(set)
    now: dict[str, set[str]] = defaultdict(set)
    ever: dict[str, set[str]] = defaultdict(set)
    sql = f"select region_id, code, {_SECONDS.format('first_seen_at')}, active from findings"
    for region_id, code, seen, active in conn.execute(sql):
        fate = by_id.get(region_id)
        if fate is None or (seen is not None and seen > fate.end):
            continue
        ever[region_id].add(code)
        if fate.first_edit is None or (seen is not None and seen <= fate.first_edit):
            birth[region_id].add(code)
        if active and not fate.deleted:
            now[region_id].add(code)
    for region_id, fate in by_id.items():
        fate.findings_birth = frozenset(birth.get(region_id, NONE))
        fate.findings_now = frozenset(now.get(region_id, NONE))
        fate.findings_ever = frozenset(ever.get(region_id, NONE))


def samples(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[dict]]:
    """Every complexity sample of the regions ``ids``, oldest first."""
    found: dict[str, list[dict]] = {k: [] for k in ids}
    if not ids:
        return found
    sql = (
        "select region_id, at, max_cc, mi from metrics where region_id in"
        f" ({', '.join('?' * len(ids))}) order by at, rowid"
    )
    for region_id, at, cc, mi in conn.execute(sql, ids):
        found[region_id].append({"at": at, "maxCc": cc, "mi": mi})
    return found
