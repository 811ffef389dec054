"""The demo's last act: the decay diagnostics the server published, and what each means."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

#: One sentence per diagnostic code (docs/diagnostics.md has the full rules).
MEANINGS = {
    "complexity-growth": (
        "a function the AI wrote has become harder to follow since it was inserted: more "
        "branches and loops, so more paths to test (radon cyclomatic complexity)"
    ),
    "maintainability-drop": (
        "the AI code's maintainability index fell: it grew longer and denser without "
        "gaining structure"
    ),
    "churn": (
        "much of the code the AI wrote has been replaced or deleted (or changed over many "
        "sittings): it may not have fitted the problem"
    ),
    "naming-divergence": "the AI code names things in a style the rest of the file does not use",
    "docstring-divergence": (
        "the AI code documents functions differently from (or less than) the rest of the file"
    ),
    "type-hint-divergence": "the AI code uses type hints differently from the rest of the file",
    "error-handling-divergence": (
        "the AI code handles errors in a way the human code of the file never does "
        "(bare except, swallowed exceptions, print instead of logging)"
    ),
    "duplicate-helper": (
        "the AI re-implemented a helper that already exists elsewhere in the workspace"
    ),
}

SEVERITIES = {1: "error", 2: "warning", 3: "information", 4: "hint"}


def meaning(code: str) -> str:
    """What a diagnostic code tells the user, in one sentence."""
    return MEANINGS.get(code, "see docs/diagnostics.md")


def aidecay_diagnostics(diagnostics: list[dict]) -> list[dict]:
    """The diagnostics of aidecay (``source: "aidecay"``), in line order."""
    ours = [d for d in diagnostics if d.get("source") == "aidecay"]
    return sorted(ours, key=lambda d: (d["range"]["start"]["line"], str(d.get("code"))))


def show(console: Console, diagnostics: list[dict], regions: list[dict]) -> None:
    """Each diagnostic as an editor shows it, with what its code means."""
    console.rule("[bold]4. Decay diagnostics the server published")
    if not diagnostics:
        console.print(
            "  The server published no decay diagnostics for these regions (analysis off, or "
            "nothing decayed)."
        )
        return
    origins = {r["id"]: r["origin"] for r in regions}
    explained: set[str] = set()
    for d in diagnostics:
        code = str(d.get("code"))
        region = (d.get("data") or {}).get("regionId") or ""
        severity = SEVERITIES.get(d.get("severity") or 0, "?")
        where = f" in the {origins.get(region, '?')} region {region[:8]}" if region else ""
        console.print(
            f"\n  [bold]{code}[/] ({severity}) at line {d['range']['start']['line'] + 1}{where}"
        )
        console.print("    ", Text(d["message"]), sep="")
        if code not in explained:
            explained.add(code)
            console.print("    [dim]means:[/] ", Text(meaning(code)), sep="")
    console.print(
        "\n  In an editor these are squiggles and Problems entries, each with quick fixes: mark "
        "the region as reviewed (accept it as it is now), unmark it, or show its history."
    )
