# ruff: noqa: E501 - the tangled scenarios keep their over-long lines on purpose
"""Scenarios for complexity-growth, maintainability-drop and churn.

``«`` and ``»`` delimit the AI region (they are removed before analysis); ``before`` is the
file when the region was inserted (its baseline), ``after`` the file now.
"""

from __future__ import annotations

from .model import Scenario

INVENTORY_BEFORE = '''"""Stock levels for the warehouse service."""

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class Item:
    sku: str
    price: int
    quantity: int
    discount: int = 0


def load_items(rows):
    return [Item(r["sku"], int(r["price"]), int(r["quantity"])) for r in rows]


«def total_price(items):
    total = 0
    for item in items:
        total += item.price * item.quantity
    return total»


def restock(item, amount):
    item.quantity += amount
    log.info("restocked %s by %d", item.sku, amount)
'''

INVENTORY_GROWN = INVENTORY_BEFORE.replace(
    """«def total_price(items):
    total = 0
    for item in items:
        total += item.price * item.quantity
    return total»""",
    """«def total_price(items, customer=None):
    if not items:
        return 0
    total = 0
    for item in items:
        if item.quantity <= 0:
            continue
        price = item.price
        if item.discount and customer is not None and customer.is_member:
            price -= item.discount
        total += price * item.quantity
    if total > 10000:
        total = int(total * 0.95)
    elif customer is not None and customer.coupon:
        total -= customer.coupon
    return max(total, 0)»""",
)

INVENTORY_RENAMED = INVENTORY_BEFORE.replace(
    """    total = 0
    for item in items:
        total += item.price * item.quantity
    return total»""",
    """    subtotal = 0
    for item in items:
        subtotal += item.price * item.quantity
    log.debug("subtotal for %d items: %d", len(items), subtotal)
    return subtotal»""",
)

INVENTORY_REWRITTEN = INVENTORY_BEFORE.replace(
    """    total = 0
    for item in items:
        total += item.price * item.quantity
    return total»""",
    """    costs = map(lambda entry: entry.price * entry.quantity, items)
    return sum(costs)»""",
)

INVENTORY_TWO_BRANCHES = INVENTORY_BEFORE.replace(
    """    total = 0
    for item in items:
        total += item.price * item.quantity
    return total»""",
    """    total = 0
    for item in items:
        if item.quantity > 0:
            total += (item.price - item.discount) * item.quantity
    return total»""",
)

CONFIG_BEFORE = '''"""Command-line options for the export tool."""

import argparse
import os


def build_parser():
    parser = argparse.ArgumentParser(prog="export")
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--output")
    parser.add_argument("--since")
    return parser


«def resolve_options(args, env=os.environ):
    options = {"format": args.format}
    if args.output:
        options["output"] = args.output
    elif env.get("EXPORT_OUTPUT"):
        options["output"] = env["EXPORT_OUTPUT"]
    else:
        options["output"] = "-"
    if args.since:
        options["since"] = args.since
    if env.get("EXPORT_COMPRESS") == "1":
        options["compress"] = True
    if options["format"] == "json" and options["output"].endswith(".csv"):
        raise SystemExit("json output to a .csv file")
    return options»
'''

CONFIG_CROSSED = CONFIG_BEFORE.replace(
    """    if env.get("EXPORT_COMPRESS") == "1":
        options["compress"] = True""",
    """    if env.get("EXPORT_COMPRESS") == "1" or args.output and args.output.endswith(".gz"):
        options["compress"] = True
    if env.get("EXPORT_LIMIT"):
        options["limit"] = int(env["EXPORT_LIMIT"])
    if env.get("EXPORT_DELIMITER") and options["format"] == "csv":
        options["delimiter"] = env["EXPORT_DELIMITER"]""",
)

REPORT_BEFORE = '''"""Monthly sales report."""


«def summarize(sales):
    """Total and average per region."""
    totals = {}
    for sale in sales:
        totals[sale.region] = totals.get(sale.region, 0) + sale.amount
    count = len(sales) or 1
    return totals, sum(totals.values()) / count»
'''

REPORT_TANGLED = '''"""Monthly sales report."""


«def summarize(sales, currency=None, rates=None, skip_refunds=True, by_month=False):
    totals = {}
    months = {}
    for sale in sales:
        amount = sale.amount if not currency else sale.amount * (rates or {}).get(currency, 1.0)
        if skip_refunds and amount < 0: continue
        key = (sale.region, sale.date.month) if by_month else sale.region
        totals[key] = totals.get(key, 0) + amount
        months[sale.date.month] = months.get(sale.date.month, 0) + (amount if amount > 0 else -amount * 0.5)
    count = len([s for s in sales if not skip_refunds or s.amount >= 0]) or 1
    avg = sum(totals.values()) / count if count else 0.0
    trend = [months.get(m, 0) - months.get(m - 1, 0) for m in range(2, 13)] if by_month else []
    return totals, avg, trend, max(trend or [0]) / (min(trend or [1]) or 1)»
'''

REPORT_DOCUMENTED = REPORT_BEFORE.replace(
    '''    """Total and average per region."""''',
    '''    """Total and average per region.

    Refunds count as negative sales; the average is over all sales, refunds included.
    """
    # An empty month reports zeros rather than failing.''',
)

PARSER_BEFORE = '''"""Parse key=value lines."""


«def parse_pairs(text):
    pairs = {}
    for line in text.splitlines():
        key, _, value = line.partition("=")
        pairs[key.strip()] = value.strip()
    return pairs»
'''

PARSER_BROKEN_UP = '''"""Parse key=value lines."""


«def parse_pairs(text, sep="=", comment="#", strict=False, lower=False, dedupe=True):
    pairs = {}
    for n, line in enumerate(text.splitlines()):
        if not line.strip() or line.lstrip().startswith(comment): continue
        if sep not in line:
            if strict: raise ValueError(f"line {n}: no {sep!r} in {line!r}")
            continue
        key, _, value = line.partition(sep)
        key = key.strip().lower() if lower else key.strip()
        if dedupe and key in pairs and pairs[key] != value.strip(): raise ValueError(f"line {n}: {key} again")
        pairs[key] = value.strip().strip('"').strip("'") if value.strip()[:1] in "'\\"" else value.strip()
    return pairs»
'''

DAY = "2024-05-0{}T{:02d}:00:00.000Z"


def _times(*pairs: tuple[int, int]) -> tuple[str, ...]:
    return tuple(DAY.format(day, hour) for day, hour in pairs)


SCENARIOS = [
    Scenario(
        "inventory: total_price grown with discounts and coupons",
        INVENTORY_GROWN,
        {"complexity-growth", "maintainability-drop"},
        before=INVENTORY_BEFORE,
        edits=9,
    ),
    Scenario(
        "export options: resolve_options crosses the complexity limit",
        CONFIG_CROSSED,
        {"complexity-growth"},
        before=CONFIG_BEFORE,
        edits=3,
    ),
    Scenario(
        "inventory: variable renamed and a debug log added",
        INVENTORY_RENAMED,
        set(),
        before=INVENTORY_BEFORE,
        edits=4,
    ),
    Scenario(
        "inventory: one guard added (CC +1)",
        INVENTORY_TWO_BRANCHES,
        set(),
        before=INVENTORY_BEFORE,
        edits=2,
    ),
    Scenario(
        "sales report: summarize tangled with options and one-liners",
        REPORT_TANGLED,
        # 5 of the AI's 7 lines rewritten, 49 % of its characters replaced: churn too.
        {"complexity-growth", "maintainability-drop", "churn"},
        before=REPORT_BEFORE,
        edits=12,
    ),
    Scenario(
        "pairs parser: grown flags, one-line ifs, no docs",
        PARSER_BROKEN_UP,
        {"complexity-growth", "maintainability-drop"},
        before=PARSER_BEFORE,
        edits=8,
    ),
    Scenario(
        "sales report: documentation added",
        REPORT_DOCUMENTED,
        set(),
        before=REPORT_BEFORE,
        edits=2,
    ),
    Scenario(
        "churn: edited in six sittings over four days",
        INVENTORY_RENAMED,
        {"churn"},
        before=INVENTORY_BEFORE,
        edits=8,
        edit_times=_times((1, 9), (1, 14), (2, 10), (2, 16), (3, 11), (4, 9), (4, 9)),
    ),
    Scenario(
        "churn: its body rewritten in one sitting",
        INVENTORY_REWRITTEN,
        {"churn"},
        before=INVENTORY_BEFORE,
        edits=30,
        edit_times=_times((1, 9), (1, 9)),
    ),
    Scenario(
        "churn: two sittings of small fixes",
        INVENTORY_RENAMED,
        set(),
        before=INVENTORY_BEFORE,
        edits=4,
        edit_times=_times((1, 9), (1, 9), (3, 15), (3, 15)),
    ),
    Scenario(
        "churn: many keystrokes in one sitting, modest size",
        INVENTORY_TWO_BRANCHES,
        set(),
        before=INVENTORY_BEFORE,
        edits=40,
        edit_times=tuple(f"2024-05-01T09:{m:02d}:00.000Z" for m in range(0, 40)),
    ),
]
