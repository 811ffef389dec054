"""``aidecay replay --validate``: the editor's analysis, run on history.

At every commit that touches an AI region (its birth, every later edit that leaves lines of
it), the file as it was at that commit goes through the live engine
(``analysis.engine.AnalysisEngine``: the same rules and thresholds, conventions learned from
the code outside every AI span of that file, sibling modules and duplicates from the tree of
that commit), with the region's state as the server would hold it then (age, edits and
sittings so far, the baseline measured at its birth). The validator records the commit at
which each diagnostic code first fired on each region; ``replay.validity`` turns that into
hazard ratios.

The tree follows the walk (oldest first, in topological order): on a side branch it may also
hold files the mainline changed meanwhile. Analysis results are cached by file content (a
blob analysed twice, e.g. after a revert, is parsed once) and only the regions a commit
touched are analysed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from aidecay.analysis.conventions.source import ParsedSource, parse_source
from aidecay.analysis.engine import AnalysisEngine, DocumentSnapshot
from aidecay.analysis.index import siblings as sibling_limits
from aidecay.analysis.index.workspace import WorkspaceIndex
from aidecay.analysis.rules.model import Measurement, RegionState
from aidecay.core.ai_text import compare, untouched
from aidecay.core.settings import Settings
from aidecay.replay.attribution import AI
from aidecay.replay.measure import MAX_CHARS
from aidecay.replay.patch import Patch
from aidecay.replay.results import iso
from aidecay.replay.walk import CommitInfo, RegionBirth, Walk

ReadBlob = Callable[[str], str | None]
SPAN_GAP = 10


class Tree:
    """The Python files of the commit being walked (path -> blob), their texts (cached by
    blob) and, for the engine, the parsed sibling modules of a file."""

    def __init__(self, root: Path, read_blob: ReadBlob, files: dict[str, str]) -> None:
        self.root = root.resolve()
        self.read_blob = read_blob
        self.files = dict(files)
        self._texts: OrderedDict[str, str | None] = OrderedDict()
        self._parsed: OrderedDict[str, ParsedSource] = OrderedDict()

    def text(self, blob: str) -> str | None:
        if blob in self._texts:
            self._texts.move_to_end(blob)
            return self._texts[blob]
        text = self.read_blob(blob)
        self._texts[blob] = text
        if len(self._texts) > 128:
            self._texts.popitem(last=False)
        return text

    def siblings(self, path: str | None) -> tuple[ParsedSource, ...]:
        """Up to ``MAX_FILES`` parsed ``.py`` files of the same folder (as the editor reads
        them from disk), never ``path`` itself."""
        if path is None:
            return ()
        own = Path(path).resolve().relative_to(self.root)
        folder = str(own.parent) if str(own.parent) != "." else ""
        found = []
        for name in sorted(self.files):
            head, _, base = name.rpartition("/")
            if head != folder or not base.endswith(".py") or name == str(own):
                continue
            parsed = self._parse(name, self.files[name])
            if parsed is not None:
                found.append(parsed)
                if len(found) >= sibling_limits.MAX_FILES:
                    break
        return tuple(found)

    def _parse(self, name: str, blob: str) -> ParsedSource | None:
        key = f"{blob}:{name}"
        if key in self._parsed:
            self._parsed.move_to_end(key)
            return self._parsed[key]
        text = self.text(blob)
        if text is None or len(text) > sibling_limits.MAX_BYTES:
            return None
        parsed = parse_source(text, str(self.root / name))
        self._parsed[key] = parsed
        if len(self._parsed) > 64:
            self._parsed.popitem(last=False)
        return parsed


class Validator:
    """Watches the walk (``walk.observer``); ``first[region][code]`` is the commit index at
    which ``code`` first fired on the AI region."""

    def __init__(self, walk: Walk, root: Path, read_blob: ReadBlob, files: dict[str, str]):
        self.walk = walk
        self.tree = Tree(root, read_blob, files)
        self.engine = AnalysisEngine(siblings=self.tree)
        self.index = WorkspaceIndex(self.tree.root)
        self.settings = Settings()
        self.first: dict[int, dict[str, int]] = {}
        self.analysed = 0  # file versions analysed
        self._baselines: dict[int, Measurement | None] = {}
        self._dirty: set[str] = set(files)
        walk.observer = self.observe

    def observe(self, info: CommitInfo, patches: list[Patch], touched: set[int]) -> None:
        for patch in patches:
            fd = patch.fd
            if fd.old_path and fd.old_path != fd.new_path:
                self.tree.files.pop(fd.old_path, None)
                self._dirty.add(fd.old_path)
            if fd.new_path and patch.new is not None and fd.new_blob:
                self.tree.files[fd.new_path] = fd.new_blob
                self._dirty.add(fd.new_path)
            elif fd.new_path:
                self.tree.files.pop(fd.new_path, None)
                self._dirty.add(fd.new_path)
        regions = self.walk.regions
        wanted = {r for r in touched if regions[r].attribution.group == AI}
        if info.merge or not wanted:
            return
        for patch in patches:
            if patch.new is not None and patch.fd.new_path and patch.fd.new_blob:
                self._file(info, patch, wanted)

    def _file(self, info: CommitInfo, patch: Patch, wanted: set[int]) -> None:
        assert patch.new is not None and patch.fd.new_path and patch.fd.new_blob
        line_region, regions = self.walk.lines.region, self.walk.regions
        numbers: dict[int, list[int]] = {}
        others: list[int] = []
        for number, line in enumerate(patch.new):
            region = line_region[line]
            if region in wanted:
                numbers.setdefault(region, []).append(number)
            elif region >= 0 and regions[region].attribution.group == AI:
                others.append(number)
        if not numbers:
            return
        spans = {region: _main_span(found) for region, found in numbers.items()}
        text = self.tree.text(patch.fd.new_blob)
        if text is None or len(text) > MAX_CHARS:
            return
        self._refresh_index(skip=patch.fd.new_path)
        starts = _line_starts(text)
        states = tuple(
            self._state(regions[r], _offsets(starts, text, a, b), info, text)
            for r, (a, b) in spans.items()
        )
        snap = DocumentSnapshot(
            (self.tree.root / patch.fd.new_path).as_uri(),
            str(self.tree.root / patch.fd.new_path),
            text,
            None,
            states,
            iso(info.time),
            other_ai=tuple(_offsets(starts, text, a, b) for a, b in _runs(others)),
        )
        result = self.engine.analyze(snap, self.settings, self.index)
        self.analysed += 1
        for state in states:
            region = int(state.id)
            if region not in self._baselines:
                self._baselines[region] = result.baselines.get(state.id) or (
                    result.measurements.get(state.id)
                )
        for finding in result.findings:
            self.first.setdefault(int(finding.region_id), {}).setdefault(finding.code, info.index)

    def _state(
        self, region: RegionBirth, span: tuple[int, int], info: CommitInfo, text: str
    ) -> RegionState:
        commits = self.walk.commits
        edits = region.edits
        baseline = self._baselines.get(region.index)
        # What is left of the AI's text, as the editor measures it (churn): its characters
        # replaced or deleted, not the diff traffic.
        kept = compare(region.text, text[span[0] : span[1]]) if edits else untouched(region.text)
        return RegionState(
            id=str(region.index),
            start=span[0],
            end=span[1],
            origin=region.attribution.origin,
            tool=region.attribution.tool,
            model=region.attribution.model,
            created_at=iso(commits[region.commit].time),
            edit_count=len(edits),
            chars_changed=kept.changed_chars,
            lines_changed=kept.changed_lines,
            original_size=len(region.text),
            last_edited_at=iso(commits[edits[-1].commit].time) if edits else None,
            reviewed_at=None,
            baseline=baseline,
            edit_times=tuple(iso(commits[e.commit].time) for e in edits),
            original_text=region.text if region.index not in self._baselines else None,
        )

    def _refresh_index(self, skip: str) -> None:
        """The duplicates index brought up to the current tree (files changed since), but for
        ``skip``: the file analysed, which duplicate-helper reads from its own text."""
        for path in self._dirty - {skip}:
            blob = self.tree.files.get(path)
            text = self.tree.text(blob) if blob else None
            if text is None:
                self.index.remove_file(self.tree.root / path)
            else:
                self.index.update_file(self.tree.root / path, text)
        self._dirty &= {skip}


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _offsets(starts: list[int], text: str, first: int, last: int) -> tuple[int, int]:
    """Offsets of lines ``first``..``last`` (0-based), without the last line's newline."""
    start = starts[first] if first < len(starts) else len(text)
    end = starts[last + 1] - 1 if last + 1 < len(starts) else len(text)
    return start, max(start, end)


def _main_span(numbers: list[int], gap: int = SPAN_GAP) -> tuple[int, int]:
    """(first, last) of the group of a region's lines that has the most of them, groups split
    where more than ``gap`` other lines come between (a block moved away from the rest of
    its region is analysed where most of it is)."""
    groups: list[list[int]] = []
    for number in numbers:
        if groups and number - groups[-1][-1] <= gap + 1:
            groups[-1].append(number)
        else:
            groups.append([number])
    best = max(groups, key=len)
    return best[0], best[-1]


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted line numbers as (first, last) runs of consecutive lines."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs
