"""What the tools share: the roots, the language server's database and index, one engine.

Tool calls arrive on worker threads; everything that touches the database or the analysis
engine runs under one lock, so calls are answered one at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from aidecay.analysis.engine import AnalysisEngine
from aidecay.analysis.index.definitions import decode_python
from aidecay.core.anchoring import SpanMapper
from aidecay.core.clock import utc_now
from aidecay.core.regions import Region
from aidecay.core.settings import Settings
from aidecay.core.uris import path_to_uri
from aidecay.store import Store

from .index import LiveIndex
from .roots import Place, Refused, Roots

#: Files larger than this are not read (as the index does).
MAX_FILE_BYTES = 1_000_000


class Workspace:
    """The roots, the database (shared with the language server) and the live indexes."""

    def __init__(
        self,
        roots: Roots,
        db_path: Path,
        *,
        settings: Settings | None = None,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.roots = roots
        self.db_path = db_path
        self.settings = settings or Settings()
        self.clock = clock
        self.lock = threading.RLock()
        self.store = Store(db_path)
        self.engine = AnalysisEngine()
        self.indexes = {root: LiveIndex(root, str(db_path)) for root in roots.paths}

    def start(self) -> None:
        """Begin loading (or building) every root's index in the background."""
        for live in self.indexes.values():
            live.start()

    def close(self) -> None:
        self.store.close()

    # -- the index -------------------------------------------------------------------------

    def index_of(self, place: Place) -> LiveIndex:
        live = self.indexes[place.root]
        live.refresh()
        return live

    def index_status(self) -> dict:
        """Whether every root's index is complete, and how far each got."""
        roots = [live.status() for live in self.indexes.values()]
        return {"ready": all(r["ready"] for r in roots), "roots": roots}

    # -- files and their regions -----------------------------------------------------------

    def read(self, place: Place) -> str | None:
        """The file's text, None when it does not exist; Refused when it cannot be read."""
        path = place.path
        if not path.exists():
            return None
        if not path.is_file():
            raise Refused(f"{place.relative} is not a file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise Refused(f"{place.relative} cannot be read ({exc.strerror})") from None
        if len(data) > MAX_FILE_BYTES:
            raise Refused(f"{place.relative} is larger than {MAX_FILE_BYTES} bytes")
        text = decode_python(data)
        if text is None or "\0" in text:
            raise Refused(f"{place.relative} is not text in a known encoding")
        return text

    def regions(self, path: Path, text: str) -> list[tuple[int, int, Region]]:
        """Live regions of ``path`` as offsets in ``text`` (mapped from the last text the
        database saw, when the file changed since); nothing is written."""
        uri = path_to_uri(path)
        with self.lock:
            stored = self.store.load_regions(uri)
            snapshot = self.store.load_snapshot(uri) if stored else None
        if snapshot is None or snapshot.text == text:
            return [(r.start, r.end, r) for r in stored if r.end <= len(text)]
        mapper = SpanMapper(snapshot.text, text)
        found = []
        for region in stored:
            mapped = mapper.map_span(region.start, region.end)
            if mapped.alive:
                found.append((mapped.start, mapped.end, region))
        return found
