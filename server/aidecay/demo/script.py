"""The scripted session the demo replays: who edits what, in order."""

from __future__ import annotations

from dataclasses import dataclass

AGENT_FUNCTION = '''

def restock_report(items: list[Item]) -> list[str]:
    """Lines describing every item at or below its reorder level."""
    lines = []
    for item in items:
        if item.quantity <= item.reorder_level:
            lines.append(f"{item.sku}: {item.quantity} left")
    return lines
'''

COMPLETION = """

def total_units(items: list[Item]) -> int:
    return sum(item.quantity for item in items)
"""


@dataclass(frozen=True)
class Step:
    """Replace the first ``old`` after ``anchor`` with ``new``; ``mark`` reports it as AI."""

    who: str
    old: str
    new: str
    anchor: str = ""
    mark: str | None = None
    tool: str | None = None


SESSION = [
    Step(
        "agent",
        "    raise KeyError(sku)\n",
        "    raise KeyError(sku)\n" + AGENT_FUNCTION,
        mark="agent",
        tool="demo-agent",
    ),
    Step("you", "lines = []", "lines: list[str] = []", anchor="def restock_report"),
    Step(
        "you",
        "    for item in items:\n        if item.quantity",
        "    for item in sorted(items, key=lambda i: i.sku):\n        if item.quantity",
        anchor="def restock_report",
    ),
    Step("you", ' left")', ' left (reorder {item.reorder_level})")', anchor="def restock_report"),
    Step(
        "you",
        "(items: list[Item]) -> list[str]:",
        "(items: list[Item], include_zero: bool = True) -> list[str]:",
        anchor="def restock_report",
    ),
    Step(
        "you",
        "        if item.quantity <= item.reorder_level:\n",
        "        if item.quantity == 0 and not include_zero:\n            continue\n"
        "        if item.quantity <= item.reorder_level:\n",
        anchor="def restock_report",
    ),
    Step(
        "you",
        "    return lines\n",
        '    log.info("restock report: %d items", len(lines))\n    return lines\n',
        anchor="def restock_report",
    ),
    Step(
        "you",
        '            lines.append(f"{item.sku}: {item.quantity} left',
        "            if item.quantity == 0:\n"
        '                level = "out of stock"\n'
        "            elif item.quantity < item.reorder_level // 4:\n"
        '                level = "critical"\n'
        "            elif item.quantity < item.reorder_level // 2:\n"
        '                level = "low"\n'
        "            else:\n"
        '                level = "reorder"\n'
        '            lines.append(f"{item.sku}: {level}, {item.quantity} left',
        anchor="def restock_report",
    ),
    Step(
        "copilot",
        "    return lines\n",
        "    return lines\n" + COMPLETION,
        anchor="def restock_report",
        mark="inline-completion",
        tool="demo-completions",
    ),
]

#: Made on disk while no server runs: a new import above, and a change inside the region.
OUTSIDE_EDITS = [
    ("import csv\n", "import csv\nimport json\n"),
    ("lines: list[str] = []", "lines: list[str] = []  # newest first"),
]
