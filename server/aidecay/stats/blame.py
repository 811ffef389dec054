"""``aidecay blame``: each line of a file with the AI region it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aidecay.core.anchoring import SpanMapper
from aidecay.core.text import UTF32, Position, TextDocument
from aidecay.core.uris import path_to_uri
from aidecay.stats.query import Dataset
from aidecay.stats.scope import at


@dataclass(frozen=True)
class BlameLine:
    number: int
    text: str
    region: dict | None


def age(created_at: str, now: datetime) -> str:
    """A short age: 42s, 5m, 3h, 12d, 8w."""
    seconds = max(0, int((now - at(created_at)).total_seconds()))
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= 2 * size or (unit == "m" and seconds >= size):
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def regions_now(data: Dataset, uri: str, text: str) -> list[tuple[int, int, dict]]:
    """Live regions of ``uri`` as offsets in ``text`` (mapped from the stored snapshot)."""
    live = [r for r in data.regions if r["uri"] == uri and r["status"] == "live"]
    snapshot = (data.documents.get(uri) or {}).get("text")
    if snapshot is None or snapshot == text:
        return [(r["start"], r["end"], r) for r in live if r["end"] <= len(text)]
    mapper = SpanMapper(snapshot, text)
    found = []
    for region in live:
        mapped = mapper.map_span(region["start"], region["end"])
        if mapped.alive:
            found.append((mapped.start, mapped.end, region))
    return found


def blame(data: Dataset, path: Path, text: str) -> list[BlameLine]:
    doc = TextDocument(text, None, UTF32)
    spans = sorted(regions_now(data, path_to_uri(path), text), key=lambda s: s[0])
    lines = []
    for number in range(doc.line_count):
        if number == doc.line_count - 1 and not doc.line_text(number) and number:
            break  # the empty "line" after a final line break
        start = doc.offset_at(Position(number, 0))[0]
        end = start + len(doc.line_text(number))
        owner = next((r for s, e, r in spans if s < max(end, start + 1) and start < e), None)
        lines.append(BlameLine(number + 1, doc.line_text(number), owner))
    return lines
