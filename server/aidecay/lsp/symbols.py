"""Region JSON extras: ``symbol`` (named by parso) and ``metrics`` (complexity then → now)."""

from __future__ import annotations

from aidecay.analysis.symbols import complexity_change
from aidecay.core.regions import Region


def document_text(ls, uri: str) -> str:
    """The open document's text, else the last text the server stored for it."""
    entry = ls.session.tracker.documents.get(uri)
    if entry is not None:
        return entry.doc.text
    snapshot = ls.session.store.load_snapshot(uri)
    return snapshot.text if snapshot else ""


SymbolJob = tuple[str, str, int, int] | None


def symbol_jobs(ls, regions: list[Region]) -> list[SymbolJob]:
    """What naming each region needs (uri, text, start, end), read now on the event loop so
    that the parsing may run in a thread; None for files that are not Python."""
    texts: dict[str, str] = {}
    jobs: list[SymbolJob] = []
    for region in regions:
        if region.uri.startswith("file:") and not region.uri.endswith((".py", ".pyi")):
            jobs.append(None)
            continue
        if region.uri not in texts:
            texts[region.uri] = document_text(ls, region.uri)
        jobs.append((region.uri, texts[region.uri], region.start, region.end))
    return jobs


def region_symbols(ls, regions: list[Region]) -> list[str | None]:
    """For each region, the function or class it covers or sits in (None: module level)."""
    return ls.symbols.symbols(symbol_jobs(ls, regions))


def region_metrics(ls, regions: list[Region]) -> list[dict | None]:
    """``{"complexityBaseline", "complexityCurrent"}`` of each region's worst function, from
    the last analysis of its open document (None: closed, or not measured yet)."""
    analysis = ls.session.analysis
    found: list[dict | None] = []
    for region in regions:
        result = analysis.results.get(region.uri)
        current = result.measurements.get(region.id) if result else None
        change = complexity_change(None, ls.session.record.baseline(region.id), current)
        found.append(
            None
            if change is None
            else {"complexityBaseline": change[0], "complexityCurrent": change[1]}
        )
    return found
