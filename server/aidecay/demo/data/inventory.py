"""Stock levels for a small shop: load, adjust and report."""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class Item:
    sku: str
    name: str
    quantity: int
    reorder_level: int


def load_items(path: Path) -> list[Item]:
    """Read items from a CSV file with a header row."""
    with path.open(newline="") as handle:
        return [
            Item(row["sku"], row["name"], int(row["quantity"]), int(row["reorder_level"]))
            for row in csv.DictReader(handle)
        ]


def adjust(items: list[Item], sku: str, delta: int) -> None:
    """Change the quantity of one item; quantities never go below zero."""
    for item in items:
        if item.sku == sku:
            item.quantity = max(0, item.quantity + delta)
            log.info("adjusted %s by %d", sku, delta)
            return
    raise KeyError(sku)
