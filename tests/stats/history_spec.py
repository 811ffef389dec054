"""A scripted git history with known answers: every region, when its lines die, and the
reference figures computed from the spec alone (not from aidecay)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scripted import CLAUDE_TRAILER, DAY, T0, ScriptedRepo

CURSOR = ("Cursor Agent", "cursoragent@cursor.com")
HEAD_DAY = 120


@dataclass
class Spec:
    """One region: a function in its own file, written on ``born`` (a day) by ``group``
    (``claude``, ``cursor`` or ``human``); ``deaths``: (day, body lines deleted so far is the
    running sum; more than ``body`` deletes the file); ``grow``: the day
    a person adds four branches to it (four human lines; complexity +4)."""

    name: str
    group: str
    folder: str
    born: int
    body: int
    deaths: list[tuple[int, int]] = field(default_factory=list)
    grow: int | None = None

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}.py"

    @property
    def lines(self) -> int:
        return self.body + 2  # the def and return lines

    def text(self, dead: int, grown: bool) -> str:
        rows = [f"def {self.name}(x):"]
        if grown:
            rows += [f"    if x == {k}:\n        return {k}" for k in range(4)]
        rows += [f"    value_{self.name}_{k} = x + {k}" for k in range(dead, self.body)]
        rows.append(f"    return value_{self.name}_{self.body - 1}" if dead < self.body else "")
        return "\n".join(r for r in rows if r) + "\n"


def specs() -> list[Spec]:
    found = []
    for k in range(13):  # claude: deaths early, late, or a whole region deleted
        deaths = [[(k + 2, 1)], [(k + 20, 2)], [], [(k + 5, 7)]][k % 4]
        found.append(Spec(f"claude_{k}", "claude", ("app", "lib")[k % 2], k, 4, deaths))
    for k in range(11):  # cursor: more rework within 14 days
        deaths = [[(k + 1, 2)], [(k + 3, 1), (k + 40, 1)], []][k % 3]
        found.append(Spec(f"cursor_{k}", "cursor", ("app", "lib")[k % 2], k + 1, 4, deaths))
    for k in range(12):  # human
        deaths = [[], [(k + 25, 1)], [(k + 9, 1)]][k % 3]
        found.append(Spec(f"human_{k}", "human", ("app", "lib")[k % 2], k, 4, deaths))
    found[0].grow = found[4].grow = 50  # two claude functions gain four branches
    return found


def build(root: Path) -> ScriptedRepo:
    """Commit the history day by day, one commit per event."""
    repo = ScriptedRepo(root)
    events = []
    for spec in specs():
        events.append((spec.born, "born", spec))
        dead = 0
        for day, count in spec.deaths:
            dead += count
            events.append((day, "death", spec, dead))
        if spec.grow is not None:
            events.append((spec.grow, "grow", spec))
    state: dict[str, tuple[int, bool]] = {}
    for n, (day, kind, spec, *rest) in enumerate(sorted(events, key=lambda e: (e[0], e[2].name))):
        when = day + n / 1000  # one commit after the other, the same day
        if kind == "born":
            state[spec.name] = (0, False)
            message, who = f"add {spec.name}", ("Ann Human", "ann@example.com")
            if spec.group == "claude":
                message += CLAUDE_TRAILER
            elif spec.group == "cursor":
                who = CURSOR
            repo.commit(message, {spec.path: spec.text(0, False)}, day=when, who=who)
            continue
        dead, grown = state[spec.name]
        if kind == "death":
            dead = rest[0]
        else:
            grown = True
        state[spec.name] = (dead, grown)
        gone = dead > spec.body  # the whole function (its file) deleted
        repo.commit(
            f"edit {spec.name}", {spec.path: None if gone else spec.text(dead, grown)}, day=when
        )
    repo.commit("last", {"docs/last.py": "LAST = 1\n"}, day=HEAD_DAY)
    return repo


def birth_time(spec: Spec) -> int:
    return int(T0 + spec.born * DAY)
