"""The history walk: one forward pass that keeps the owner of every line of every Python file.

Every line ever added gets an id; the state of a commit maps each path to the ids of its lines
in order. A commit's state is its (first) parent's state with the commit's ``-U0`` diff applied.
A merge is diffed against its first parent: the lines it adds are looked up in the other
parents' versions of the file (same text, in order), so a line written on a side branch keeps
the id, and the credit, of the branch commit that wrote it. Lines still unexplained are looked
up as blocks moved or copied from the parents' files, as ``git blame -M -C -C`` does
(``follow``, ``moves``); only what is left (new code, a conflict resolution) is born in the
commit. A line dies at the first commit that deletes it without moving it; lines still in the
state of HEAD are alive (censored at HEAD).

The walk groups the lines each commit adds into regions (a contiguous block with one
attribution and one enclosing function/class at birth), records every later commit that
touches a region, and samples radon CC of the AI regions at those commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from aidecay.replay import patch as patches
from aidecay.replay.attribution import AI, Attribution, classify
from aidecay.replay.diff import Commit, FileDiff
from aidecay.replay.follow import Follower, State
from aidecay.replay.lines import ALIVE, UNKNOWN_REGION, Lines, text_hash
from aidecay.replay.measure import FileMeasure, MeasureCache
from aidecay.replay.moves import GIT_SIZES, MoveSizes
from aidecay.replay.notes import LineEvidence
from aidecay.replay.patch import Patch

__all__ = ["ALIVE", "UNKNOWN_REGION", "CommitInfo", "Edit", "RegionBirth", "Walk"]
BLANK = text_hash("")


@dataclass
class CommitInfo:
    index: int
    sha: str
    time: int
    author: str
    email: str
    attribution: Attribution
    merge: bool
    added: int = 0  # lines born in this commit


@dataclass
class Edit:
    """One commit's change to a region (lines and characters)."""

    commit: int
    added: int = 0
    removed: int = 0
    added_chars: int = 0
    removed_chars: int = 0
    ai: bool = False


@dataclass
class RegionBirth:
    index: int
    commit: int
    path: str
    attribution: Attribution
    function: str
    first_line: int  # 1-based, in the birth commit's version
    lines: list[int] = field(default_factory=list)
    text: str = ""  # AI regions only: the lines as written
    edits: list[Edit] = field(default_factory=list)
    #: (commit index, qualname -> CC) at birth and at every commit that touched it (AI only);
    #: during the walk the values are ``CcBook`` keys, ``results.outcomes`` resolves them.
    samples: list[tuple[int, dict]] = field(default_factory=list)
    baseline: dict | None = None
    resolved: bool = False  # baseline and samples hold CC values (not CcBook keys) already
    #: MI, Halstead volume and SLOC of the text as written (AI regions still at HEAD)
    birth_mi: tuple | None = None
    #: A copied block: the commit that copied it (``commit`` is the one that wrote it)
    copied_at: int | None = None


class Walk:
    """Feed commits oldest first (``feed``); read ``commits``, ``regions`` and ``state``."""

    def __init__(
        self,
        children: dict[str, int],
        evidence: LineEvidence,
        read_blob: Callable[[str], str | None],
        initial_state: Callable[[str], dict[str, str]],
        patterns: Iterable = (),
        moves: MoveSizes = GIT_SIZES,
    ) -> None:
        self.children = dict(children)
        self.evidence = evidence
        self.read_blob = read_blob
        self.initial_state = initial_state  # sha -> {path: text} of a commit outside the walk
        self.patterns = list(patterns)
        self.commits: list[CommitInfo] = []
        self.regions: list[RegionBirth] = []
        self.lines = Lines()
        self.follower = Follower(self.lines, self._copied, moves)
        self.states: dict[str, State] = {}
        self.cache = MeasureCache()
        self._edited_now: set[int] = set()
        self._copies: dict[tuple[int, str], RegionBirth] = {}  # this commit's copied blocks
        #: Called after every commit with (commit, its patches, regions it touched: born or
        #: edited); ``replay.validate`` runs the editor's analysis from there.
        self.observer: Callable[[CommitInfo, list[Patch], set[int]], None] | None = None

    def _copied(self, source: int, line: int, path: str, index: int, text: str) -> None:
        """A copied line joins the copy of its block: a region of its own (so regions stay
        contiguous), credited to the commit that wrote the source, as git blame credits it."""
        key = (source, path)
        region = self._copies.get(key)
        if region is None or region.first_line + len(region.lines) != index + 1:
            src = self.regions[source]
            region = RegionBirth(
                len(self.regions), src.commit, path, src.attribution, src.function, index + 1
            )
            region.copied_at = len(self.commits) - 1
            self.regions.append(region)
            self._copies[key] = region
        region.lines.append(line)
        self.lines.region[line] = region.index
        if region.attribution.group == AI:
            region.text = f"{region.text}\n{text}" if region.text or len(region.lines) > 1 else text

    def _new_line(self, text: str, region: int, path: int) -> int:
        digest = text_hash(text)
        return self.lines.new(digest, region, path, indexed=digest != BLANK)

    # -- states -----------------------------------------------------------------------------

    def _parent_state(self, sha: str) -> State:
        state = self.states.get(sha)
        if state is None:  # outside the replayed range: its files, lines of unknown origin
            state = {}
            for path, text in self.initial_state(sha).items():
                where = self.lines.path_id(path)
                lines = text.split("\n")
                if lines and lines[-1] == "":
                    lines.pop()
                state[path] = [self._new_line(line, UNKNOWN_REGION, where) for line in lines]
            self.states[sha] = state
        return state

    def _release(self, sha: str) -> None:
        left = self.children.get(sha, 0) - 1
        self.children[sha] = left
        if left <= 0:
            self.states.pop(sha, None)

    def state(self, sha: str) -> State:
        return self.states[sha]

    # -- commits ----------------------------------------------------------------------------

    def feed(self, commit: Commit) -> None:
        info = CommitInfo(
            len(self.commits),
            commit.sha,
            commit.time,
            commit.author,
            commit.author_email,
            classify(commit, self.patterns),
            len(commit.parents) > 1,
        )
        self.commits.append(info)
        self._edited_now = set()
        self._copies = {}
        first_region = len(self.regions)
        parents = [self._parent_state(p) for p in commit.parents]
        first: State = parents[0] if parents else {}
        state: State = dict(first)
        others = parents[1:]
        applied = [patches.apply(first.get(fd.old_path or "", []), fd) for fd in commit.files]
        for p in applied:
            if p.fd.old_path:
                state.pop(p.fd.old_path, None)
        for p in applied:
            if p.new is not None and p.fd.new_path:
                state[p.fd.new_path] = p.new
        if others:
            for p in applied:
                self.follower.merged(p, others)
        reused = self.follower.moved(applied, parents) if parents else set()
        for p in applied:
            self._settle(info, p, reused)
        if info.merge:
            kept = {line for p in applied if p.new is not None for line in p.new}
            for p in applied:
                for line in p.removed:
                    if line not in kept:
                        self.lines.die(line, info.index)
            touched = {path for p in applied for path in (p.fd.old_path, p.fd.new_path) if path}
            self._drop_unmerged(info, state, first, others, touched, kept)
        self.states[commit.sha] = state
        self.cache.book.flush()
        if self.observer is not None:
            born = {r for r in range(first_region, len(self.regions))}
            self.observer(info, applied, born | self._edited_now)
        for parent in commit.parents:
            self._release(parent)

    def _drop_unmerged(
        self,
        info: CommitInfo,
        state: State,
        first: State,
        others: list[State],
        touched: set,
        kept_touched: set[int],
    ) -> None:
        """Lines of a side branch that did not make it into the merge die at the merge."""
        for other in others:
            for path, ids in other.items():
                if first.get(path) is ids and path not in touched:
                    continue
                kept = set(state.get(path, ()))
                for line in ids:
                    if line not in kept and line not in kept_touched:
                        self.lines.die(line, info.index)

    def _settle(self, info: CommitInfo, patch: Patch, reused: set[int]) -> None:
        """Edits of the regions the patch touched, births of its new lines, CC samples."""
        fd, new = patch.fd, patch.new
        if new is None:
            if not info.merge:
                gone = [line for line in patch.old if line not in reused]
                self._touch(info, gone, 0, gone, [""] * len(gone), [])
            return
        if new is patch.old:  # a rename without changes
            if fd.old_path != fd.new_path and fd.new_path:
                where = self.lines.path_id(fd.new_path)
                for line in new:
                    self.lines.path[line] = where
            return
        if not info.merge:
            for hunk, added in zip(patch.hunks, patch.born_texts()):
                pairs = zip(hunk.removed, hunk.removed_text)
                kept = [(line, text) for line, text in pairs if line not in reused]
                ids, texts = [line for line, _ in kept], [text for _, text in kept]
                self._touch(info, patch.old, hunk.position, ids, texts, added)
        if patch.born:
            self._births(info, fd, new, patch.born)
        if fd.old_path != fd.new_path and fd.new_path:
            where = self.lines.path_id(fd.new_path)
            for line in new:
                self.lines.path[line] = where
        if not info.merge:
            self._sample_touched(info, fd, new)

    def _touch(
        self,
        info: CommitInfo,
        old: list[int],
        pos: int,
        removed: list[int],
        removed_text: list[str],
        added_text: list[str],
    ) -> None:
        """Record the edit of every region this hunk deletes lines of, or inserts into."""
        ai = info.attribution.group == AI
        line_region = self.lines.region

        def edit(region: int) -> Edit:
            history = self.regions[region].edits
            if not history or history[-1].commit != info.index:
                history.append(Edit(info.index, ai=ai))
                self._edited_now.add(region)
            return history[-1]

        for k, line in enumerate(removed):
            self.lines.die(line, info.index)
            region = line_region[line]
            if region >= 0:
                change = edit(region)
                change.removed += 1
                change.removed_chars += len(removed_text[k]) + 1 if k < len(removed_text) else 1
        if added_text:
            target = line_region[removed[0]] if removed else None
            if target is None and 0 < pos < len(old):
                before, after = line_region[old[pos - 1]], line_region[old[pos]]
                target = before if before == after else None
            if target is not None and target >= 0:
                change = edit(target)
                change.added += len(added_text)
                change.added_chars += sum(len(t) + 1 for t in added_text)

    def _attributions(self, info: CommitInfo, path: str) -> Callable[[int], Attribution]:
        attested = self.evidence.commits.get(info.sha)
        if attested is None:
            return lambda number: info.attribution
        lines = attested.get(path, {})
        human = Attribution("human", origin="human", evidence=f"no attestation in {info.sha[:12]}")
        return lambda number: lines.get(number, human)

    def _measure(self, fd: FileDiff) -> FileMeasure:
        if not fd.new_blob:
            return FileMeasure()
        text = self.read_blob(fd.new_blob)
        return self.cache.get(fd.new_blob, text) if text is not None else FileMeasure()

    def _births(
        self, info: CommitInfo, fd: FileDiff, new: list[int], born: list[tuple[int, str]]
    ) -> None:
        assert fd.new_path is not None
        measured = self._measure(fd)
        attribution_of = self._attributions(info, fd.new_path)
        where = self.lines.path_id(fd.new_path)
        current: RegionBirth | None = None
        has_code = False  # blank lines join the block around them, never split it
        last_index = -2
        texts: list[str] = []
        for index, text in born:
            number = index + 1
            attribution = attribution_of(number)
            blank = not text.strip()
            function = current.function if blank and current else measured.enclosing(number)
            if (
                current is None
                or index != last_index + 1
                or attribution != current.attribution
                or (function != current.function and has_code)
            ):
                self._close(current, texts, measured)
                current = RegionBirth(
                    len(self.regions), info.index, fd.new_path, attribution, function, number
                )
                self.regions.append(current)
                texts, has_code = [], False
            if not blank and not has_code:
                current.function, has_code = function, True
            line = self._new_line(text, current.index, where)
            new[index] = line
            current.lines.append(line)
            texts.append(text)
            last_index = index
            info.added += 1
        self._close(current, texts, measured)

    def _close(self, region: RegionBirth | None, texts: list[str], measured: FileMeasure) -> None:
        if region is None:
            return
        last = region.first_line + len(region.lines) - 1
        region.baseline = measured.functions_in(region.first_line, last)
        if region.attribution.group == AI:
            region.text = "\n".join(texts)
            region.samples.append((region.commit, region.baseline))

    def _sample_touched(self, info: CommitInfo, fd: FileDiff, new: list[int]) -> None:
        """A CC sample of every AI region this commit edited that still has lines here."""
        wanted = {r for r in self._edited_now if self.regions[r].attribution.group == AI}
        if not wanted:
            return
        spans: dict[int, list[int]] = {}
        for number, line in enumerate(new, 1):
            region = self.lines.region[line] if line >= 0 else UNKNOWN_REGION
            if region in wanted:
                span = spans.setdefault(region, [number, number])
                span[1] = number
        if not spans:
            return
        measured = self._measure(fd)
        for region, (first, last) in spans.items():
            samples = self.regions[region].samples
            if samples and samples[-1][0] == info.index:
                continue
            samples.append((info.index, measured.functions_in(first, last)))
