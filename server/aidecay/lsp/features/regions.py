"""The custom requests of docs/protocol.md (mark, unmark, list, history) and the payload of
the ``aidecay/regionsChanged`` notification."""

from __future__ import annotations

import asyncio
from typing import Any

from pygls.exceptions import JsonRpcInvalidParams

from aidecay.lsp.convert import event_info, json_object, position_from_json, region_info
from aidecay.lsp.symbols import region_metrics, region_symbols, symbol_jobs
from aidecay.stats import history_view
from aidecay.tracking.recorder import standing_reviews
from aidecay.tracking.tracker import TrackingError

MARK_REGION = "aidecay/markRegion"
UNMARK_REGION = "aidecay/unmarkRegion"
LIST_REGIONS = "aidecay/listRegions"
REGION_HISTORY = "aidecay/regionHistory"


def register(server) -> None:
    @server.feature(MARK_REGION)
    def mark_region(ls, params: Any) -> dict:
        args = json_object(params)
        document = json_object(args.get("textDocument"), "textDocument")
        span = json_object(args.get("range"), "range")
        ls.session.gate.settle(_string(document, "uri"))  # a re-anchoring in flight: finish it
        try:
            start = position_from_json(span.get("start"), "range.start")
            end = position_from_json(span.get("end"), "range.end")
            created = ls.session.tracker.mark(
                _string(document, "uri"),
                start,
                end,
                _string(args, "origin"),
                _optional_string(args, "tool"),
                _optional_string(args, "model"),
                document.get("version"),
            )
        except (ValueError, TrackingError) as exc:
            raise JsonRpcInvalidParams(str(exc)) from exc
        if created:  # a burst of marks: one pass after the debounce
            ls.session.regions_changed(_string(document, "uri"))
        return {"created": _infos(ls, created)}

    @server.feature(UNMARK_REGION)
    def unmark_region(ls, params: Any) -> dict:
        region = ls.session.tracker.unmark(_string(json_object(params), "id"))
        if region is not None:
            ls.session.regions_changed(region.uri)
        return {"region": _infos(ls, [region])[0] if region else None}

    @server.feature(LIST_REGIONS)
    async def list_regions(ls, params: Any) -> dict:
        args = json_object(params)
        document = args.get("textDocument")
        uri = (
            _string(json_object(document, "textDocument"), "uri") if document is not None else None
        )
        await ls.session.gate.wait(uri)  # a document being re-anchored: its regions after
        tracker = ls.session.tracker
        regions = tracker.list_regions(uri, bool(args.get("includeDeleted", False)))
        seq = tracker.deltas.listed(uri, [(r.uri, r.id) for r in regions if r.live])
        # Everything is read now; only naming (parsing files) waits in a thread.
        jobs = symbol_jobs(ls, regions)
        infos = _infos(ls, regions, [None] * len(regions))
        names = await asyncio.to_thread(ls.symbols.symbols, jobs)
        for info, name in zip(infos, names, strict=True):
            info["symbol"] = name
        return {"regions": infos, "seq": seq}

    @server.feature(REGION_HISTORY)
    def history(ls, params: Any) -> dict:
        return region_history(ls, _string(json_object(params), "id"))


def changed_payload(ls, uri: str) -> tuple[dict, list[dict], list]:
    """``aidecay/regionsChanged`` params: what changed in ``uri``'s regions since the client
    was last told (see docs/protocol.md); with the created rows still to be named and their
    naming jobs (parsing, which the caller runs off the event loop). Changed rows carry no
    ``symbol``: naming them would re-parse the file on every burst of typing."""
    tracker = ls.session.tracker
    entry = tracker.documents.get(uri)
    live = list(entry.regions) if entry is not None else tracker.list_regions(uri)
    delta = tracker.deltas.take(uri, [r.id for r in live])
    by_id = {r.id: r for r in live} if delta.created or delta.changed else {}
    created = [by_id[rid] for rid in delta.created]
    changed = _infos(ls, [by_id[rid] for rid in delta.changed], [None] * len(delta.changed))
    for row in changed:  # typing rarely renames a function: the client keeps the last name
        del row["symbol"]
    rows = _infos(ls, created, [None] * len(created))
    payload = {
        "uri": uri,
        "seq": delta.seq,
        "complete": delta.complete,
        "created": rows,
        "changed": changed,
        "removed": delta.removed,
        "shifts": [{"line": s.line, "delta": s.delta} for s in delta.shifts],
    }
    return payload, rows, symbol_jobs(ls, created)


def region_history(ls, region_id: str) -> dict:
    """The region and its events (also the result of the ``aidecay.showHistory`` command)."""
    found = ls.session.tracker.history(region_id)
    if found is None:
        raise JsonRpcInvalidParams(f"no region with id {region_id!r}")
    region, events = found
    tracker = ls.session.tracker
    edits = history_view.latest_snapshots(
        history_view.edit_views(
            tracker.store.load_edits(region_id), tracker.recorder.open_edit(region_id)
        )
    )
    gap_ms = int(ls.session.settings.thresholds.sitting_gap_minutes * 60_000)
    texts = tracker.store.load_texts(history_view.text_ids(edits))
    return {
        "region": _infos(ls, [region])[0],
        "events": [event_info(e) for e in events],
        "sittings": history_view.sittings(edits, gap_ms),
        "texts": [{"id": k, "text": v} for k, v in sorted(texts.items())],
        "currentText": tracker.region_text(region),
        "reviews": [{"at": e.at, "by": e.author} for e in standing_reviews(events)],
    }


def _infos(ls, regions: list, symbols: list | None = None) -> list[dict]:
    ranges = ls.session.tracker.ranges(regions)
    metrics = region_metrics(ls, regions)
    if symbols is None:
        symbols = region_symbols(ls, regions)
    return [
        region_info(r, *span, symbol=name, metrics=m)
        for r, span, name, m in zip(regions, ranges, symbols, metrics, strict=True)
    ]


def _string(args: dict, key: str) -> str:
    value = args.get(key)
    if not isinstance(value, str) or not value:
        raise JsonRpcInvalidParams(f"{key} must be a non-empty string")
    return value


def _optional_string(args: dict, key: str) -> str | None:
    value = args.get(key)
    if value is not None and not isinstance(value, str):
        raise JsonRpcInvalidParams(f"{key} must be a string")
    return value
