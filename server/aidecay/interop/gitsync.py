"""``aidecay git-ai export|import``: aidecay regions <-> git-ai notes on ``refs/notes/ai``.

Git runs through ``vcs.git`` (subprocesses, never a shell). Every note is read and checked (or
computed) before anything is written, so a malformed note leaves the database and the notes
ref untouched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from aidecay.core.text import UTF32, Position, TextDocument
from aidecay.core.uris import path_to_uri, uri_to_path
from aidecay.stats import query
from aidecay.stats.scope import is_under, line_of
from aidecay.store.database import Store
from aidecay.tracking.tracker import Tracker
from aidecay.vcs import gitai
from aidecay.vcs.git import commits, file_at, repo_root, run, try_run
from aidecay.vcs.linemap import line_map

NOTES_REF = "ai"
Advance = Callable[..., None]


def _session(region: dict) -> tuple[str, str, str | None]:
    tool = region["tool"] or region["origin"]
    conversation = f"aidecay:{region['origin']}:{region['model'] or 'unknown'}"
    return gitai.session_hash(tool, conversation), tool, conversation


def build_notes(db: Path, repo: Path, rev: str, advance: Advance) -> dict[str, str]:
    """commit -> the note to write (merged with the note already there)."""
    root = repo_root(repo)
    data = query.load(db)
    by_path: dict[str, list[dict]] = defaultdict(list)
    for region in data.regions:
        path = uri_to_path(region["uri"])
        if region["status"] == "live" and path is not None and is_under(path, root):
            by_path[path.resolve().relative_to(root).as_posix()].append(region)
    notes = {}
    for commit in commits(root, rev):
        advance(text=f"commit {commit[:10]}")
        existing = try_run(root, "notes", f"--ref={NOTES_REF}", "show", commit)
        try:
            log = gitai.parse(existing) if existing else gitai.AuthorshipLog()
        except gitai.NoteError as exc:
            raise gitai.NoteError(
                f"the git-ai note of {commit[:12]} is malformed ({exc}); not overwriting it"
            ) from None
        changed = False
        for rel, regions in sorted(by_path.items()):
            content = file_at(root, commit, rel)
            snapshot = (data.documents.get(regions[0]["uri"]) or {}).get("text")
            if content is None or snapshot is None:
                continue
            mapping = line_map(snapshot, content)
            lines: dict[str, set[int]] = defaultdict(set)
            for region in regions:
                session, tool, conversation = _session(region)
                first, last = line_of(snapshot, region["start"]), line_of(snapshot, region["end"])
                hits = {mapping[n] for n in range(first, last + 1) if n in mapping}
                if hits:
                    lines[session] |= hits
                    log.prompts.setdefault(
                        session, gitai.prompt_record(tool, conversation, region["model"], 0)
                    )
            for session, found in lines.items():
                log.attestations.setdefault(rel, {})[session] = gitai.lines_to_ranges(found)
                changed = True
        if changed:
            _count_lines(log)
            log.metadata.setdefault("base_commit_sha", commit)
            log.metadata.setdefault("git_ai_version", "aidecay")
            notes[commit] = gitai.serialize(log)
    return notes


def _count_lines(log: gitai.AuthorshipLog) -> None:
    totals: dict[str, int] = defaultdict(int)
    for sessions in log.attestations.values():
        for session, ranges in sessions.items():
            totals[session] += sum(b - a + 1 for a, b in ranges)
    for session, record in log.prompts.items():
        if isinstance(record, dict) and str(record.get("agent_id", {}).get("id", "")).startswith(
            "aidecay:"
        ):
            record["total_additions"] = record["accepted_lines"] = totals[session]


def export_notes(db: Path, repo: Path, rev: str, advance: Advance) -> int:
    notes = build_notes(db, repo, rev, advance)
    root = repo_root(repo)
    for commit, note in notes.items():
        run(root, "notes", f"--ref={NOTES_REF}", "add", "-f", "-F", "-", commit, stdin=note)
    return len(notes)


def read_notes(
    repo: Path, rev: str, advance: Advance, warn: Callable[[str], None] | None = None
) -> list[tuple[str, gitai.AuthorshipLog]]:
    """The readable notes of ``rev``; a note that cannot be read is skipped with a warning."""
    found = []
    for commit in commits(repo, rev):
        advance(text=f"commit {commit[:10]}")
        text = try_run(repo, "notes", f"--ref={NOTES_REF}", "show", commit)
        if text:
            try:
                found.append((commit, gitai.parse(text)))
            except gitai.NoteError as exc:
                if warn is not None:
                    warn(f"skipping the git-ai note of {commit[:12]}: it is malformed ({exc})")
    return found


def import_notes(
    db: Path, repo: Path, rev: str, advance: Advance, warn: Callable[[str], None] | None = None
) -> int:
    """Create ``import`` regions for attested lines not yet covered; the number created."""
    root = repo_root(repo)
    notes = read_notes(root, rev, advance, warn)  # all parsed before anything is written
    plan: list[tuple[Path, int, int, str, str | None]] = []
    for commit, log in notes:
        for rel, sessions in log.attestations.items():
            path = root / rel
            then = file_at(root, commit, rel)
            if then is None or not path.is_file():
                continue
            try:
                now = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            mapping = line_map(then, now)
            for session, ranges in sessions.items():
                if gitai.is_human(session):
                    continue  # lines a human wrote
                agent = (log.describe(session) or {}).get("agent_id") or {}
                lines = {mapping[n] for a, b in ranges for n in range(a, b + 1) if n in mapping}
                for first, last in gitai.lines_to_ranges(lines):
                    plan.append(
                        (path, first, last, agent.get("tool") or "git-ai", agent.get("model"))
                    )
    return _apply(db, plan)


def _apply(db: Path, plan: list[tuple[Path, int, int, str, str | None]]) -> int:
    if not plan:
        return 0  # nothing to import: leave the database as it is (or absent)
    store = Store(db)
    try:
        tracker = Tracker(store, encoding=UTF32)
        created = 0
        for path, first, last, tool, model in plan:
            uri = path_to_uri(path)
            tracker.file_changed(uri)  # bring stored regions onto the file as it is now
            text = path.read_text(encoding="utf-8")
            doc = TextDocument(text, None, UTF32)
            covered = {
                n
                for r in store.load_regions(uri)
                for n in range(line_of(text, r.start), line_of(text, r.end) + 1)
            }
            wanted = {n for n in range(first, last + 1) if n <= doc.line_count} - covered
            for a, b in gitai.lines_to_ranges(wanted):
                end = Position(b - 1, len(doc.line_text(b - 1)))
                created += len(tracker.mark(uri, Position(a - 1, 0), end, "import", tool, model))
        return created
    finally:
        store.close()
