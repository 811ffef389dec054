"""Docstring conventions: presence on non-trivial public functions and structured style."""

from __future__ import annotations

from textwrap import dedent

import pytest

from aidecay.analysis.conventions import DOCSTRING, check_conventions
from aidecay.analysis.conventions.docstrings import docstring_style
from factories import AI, compose


def docstrings(source: str, spans, region, **kwargs):
    return [f for f in check_conventions(source, spans, region, **kwargs) if f.code == DOCSTRING]


REPORT_BUILDER = '''\
    """Build CSV sales reports from order records."""

    import csv
    import io
    from collections import defaultdict
    from decimal import Decimal


    def load_orders(path):
        """Read order rows from a CSV export.

        Args:
            path: Location of the export file.

        Returns:
            A list of dicts, one per order line.
        """
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            rows = [dict(row) for row in reader]
        return rows


    def group_by_region(orders):
        """Group order rows by their sales region.

        Args:
            orders: Order rows as returned by ``load_orders``.

        Returns:
            A mapping of region name to its order rows.
        """
        grouped = defaultdict(list)
        for order in orders:
            region = order.get("region") or "unknown"
            grouped[region].append(order)
        return dict(grouped)


    def region_totals(grouped):
        """Sum the revenue of each region.

        Args:
            grouped: Output of ``group_by_region``.

        Returns:
            A mapping of region name to total revenue.
        """
        totals = {}
        for region, orders in grouped.items():
            amounts = (Decimal(order["amount"]) for order in orders)
            totals[region] = sum(amounts, Decimal("0"))
        return totals


    def render_csv(totals):
        """Render region totals as CSV text.

        Args:
            totals: Mapping of region to revenue.

        Returns:
            The CSV document as a string.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["region", "revenue"])
        for region, total in sorted(totals.items()):
            writer.writerow([region, f"{total:.2f}"])
        return buffer.getvalue()


    def build_report(path):
        """Build the full regional revenue report.

        Args:
            path: Location of the order export.

        Returns:
            The report as CSV text.
        """
        orders = load_orders(path)
        grouped = group_by_region(orders)
        totals = region_totals(grouped)
        return render_csv(totals)


    def _money(value):
        return f"{value:.2f}"
'''

UNDOCUMENTED_TOP_CUSTOMERS = AI("""

    def top_customers(orders, limit=10):
        spend = defaultdict(Decimal)
        for order in orders:
            spend[order["customer"]] += Decimal(order["amount"])
        ranked = sorted(spend.items(), key=lambda item: item[1], reverse=True)
        return ranked[:limit]
""")

GOOGLE_TOP_CUSTOMERS = AI('''

    def top_customers(orders, limit=10):
        """Rank customers by total spend.

        Args:
            orders: Order rows.
            limit: How many customers to keep.

        Returns:
            (customer, spend) pairs, biggest spender first.
        """
        spend = defaultdict(Decimal)
        for order in orders:
            spend[order["customer"]] += Decimal(order["amount"])
        ranked = sorted(spend.items(), key=lambda item: item[1], reverse=True)
        return ranked[:limit]
''')

REST_TOP_CUSTOMERS = AI('''

    def top_customers(orders, limit=10):
        """Rank customers by total spend.

        :param orders: Order rows.
        :param limit: How many customers to keep.
        :returns: (customer, spend) pairs, biggest spender first.
        """
        spend = defaultdict(Decimal)
        for order in orders:
            spend[order["customer"]] += Decimal(order["amount"])
        ranked = sorted(spend.items(), key=lambda item: item[1], reverse=True)
        return ranked[:limit]
''')


@pytest.mark.parametrize(
    ("doc", "style"),
    [
        ("Load rows.\n\nArgs:\n    path: where.\n\nReturns:\n    rows.\n", "Google"),
        ("Load rows.\n\nParameters\n----------\npath : str\n    where.\n", "NumPy"),
        ("Load rows.\n\n:param path: where.\n:rtype: list\n", "reST"),
        ("Load rows.\n\n@param path: where.\n@return: rows.\n", "Epytext"),
        ("Load rows from the export, skipping blank lines.", "plain"),
        ("Load rows.\n\nNote: the args are validated later.\n", "plain"),
    ],
)
def test_docstring_style(doc, style):
    assert docstring_style(doc) == style


def test_missing_docstring_among_documented_functions_is_flagged():
    source, spans = compose(REPORT_BUILDER, UNDOCUMENTED_TOP_CUSTOMERS)
    findings = docstrings(source, spans, spans[0])
    assert len(findings) == 1
    finding = findings[0]
    assert source[finding.start : finding.end] == "top_customers"
    assert finding.message == (
        "function 'top_customers' has no docstring; 5 of 5 comparable public functions "
        "in this module have one"
    )
    assert finding.evidence == {
        "name": "top_customers",
        "documented": 5,
        "total": 5,
        "scope": "module",
    }


def test_documented_region_is_not_flagged():
    source, spans = compose(REPORT_BUILDER, GOOGLE_TOP_CUSTOMERS)
    assert docstrings(source, spans, spans[0]) == []


def test_short_and_private_helpers_need_no_docstring():
    source, spans = compose(
        REPORT_BUILDER,
        AI("""

        def order_count(orders):
            return len(orders)


        def _rank_customers(spend, limit):
            ranked = sorted(spend.items(), key=lambda item: item[1], reverse=True)
            top = ranked[:limit]
            names = [customer for customer, _ in top]
            return names
        """),
    )
    assert docstrings(source, spans, spans[0]) == []


def test_other_structured_style_is_flagged():
    source, spans = compose(REPORT_BUILDER, REST_TOP_CUSTOMERS)
    findings = docstrings(source, spans, spans[0])
    assert len(findings) == 1
    finding = findings[0]
    assert source[finding.start : finding.end].startswith('"""Rank customers by total spend.')
    assert source[finding.start : finding.end].endswith('"""')
    assert finding.message == (
        "docstring of 'top_customers' is reST-style; this module writes Google-style "
        "docstrings (5 of 5 structured docstrings)"
    )


def test_plain_summary_in_google_module_is_accepted():
    source, spans = compose(
        REPORT_BUILDER,
        AI('''

        def top_customers(orders, limit=10):
            """Rank customers by total spend, biggest spender first."""
            spend = defaultdict(Decimal)
            for order in orders:
                spend[order["customer"]] += Decimal(order["amount"])
            ranked = sorted(spend.items(), key=lambda item: item[1], reverse=True)
            return ranked[:limit]
        '''),
    )
    assert docstrings(source, spans, spans[0]) == []


NUMPY_STATS = '''\
    """Descriptive statistics over sensor readings."""

    import math


    def mean(values):
        """Arithmetic mean.

        Parameters
        ----------
        values : list of float
            Readings.

        Returns
        -------
        float
        """
        total = sum(values)
        count = len(values)
        return total / count


    def variance(values):
        """Population variance.

        Parameters
        ----------
        values : list of float
            Readings.
        """
        centre = mean(values)
        squares = [(v - centre) ** 2 for v in values]
        return sum(squares) / len(squares)


    def stdev(values):
        """Population standard deviation.

        Parameters
        ----------
        values : list of float
            Readings.
        """
        spread = variance(values)
        root = math.sqrt(spread)
        return root
'''


def test_google_docstring_in_numpy_module_is_flagged():
    source, spans = compose(
        NUMPY_STATS,
        AI('''

        def zscores(values):
            """Standard scores of the readings.

            Args:
                values: Readings.

            Returns:
                One z-score per reading.
            """
            centre = mean(values)
            spread = stdev(values)
            return [(v - centre) / spread for v in values]
        '''),
    )
    findings = docstrings(source, spans, spans[0])
    assert [f.evidence["style"] for f in findings] == ["Google"]
    assert "this module writes NumPy-style docstrings (3 of 3 structured docstrings)" in (
        findings[0].message
    )


def test_mostly_undocumented_module_does_not_demand_docstrings():
    human = '''\
        import csv


        def read_rows(path):
            """Read all rows."""
            with open(path) as handle:
                rows = list(csv.reader(handle))
            return rows


        def write_rows(path, rows):
            with open(path, "w") as handle:
                writer = csv.writer(handle)
                writer.writerows(rows)
            return len(rows)


        def dedupe_rows(rows):
            seen = set()
            unique = []
            for row in rows:
                if tuple(row) not in seen:
                    seen.add(tuple(row))
                    unique.append(row)
            return unique


        def strip_rows(rows):
            cleaned = []
            for row in rows:
                cleaned.append([cell.strip() for cell in row])
            return cleaned
        '''
    source, spans = compose(human, UNDOCUMENTED_TOP_CUSTOMERS)
    assert docstrings(source, spans, spans[0]) == []


def test_too_few_documented_functions_is_no_convention():
    source, spans = compose(
        '''\
        from collections import defaultdict
        from decimal import Decimal


        def total_revenue(orders):
            """Sum of all order amounts.

            Args:
                orders: Order rows.
            """
            amounts = [Decimal(o["amount"]) for o in orders]
            total = sum(amounts, Decimal("0"))
            return total
        ''',
        UNDOCUMENTED_TOP_CUSTOMERS,
    )
    assert docstrings(source, spans, spans[0]) == []


def test_undocumented_ai_functions_do_not_lower_the_norm():
    ai_parts = [
        AI(f'''

        def {name}(orders):
            picked = []
            for order in orders:
                if order["status"] == "{name.split("_")[0]}":
                    picked.append(order)
            return picked
        ''')
        for name in (
            "open_orders",
            "closed_orders",
            "held_orders",
            "voided_orders",
            "shipped_orders",
            "returned_orders",
        )
    ]
    source, spans = compose(REPORT_BUILDER, *ai_parts)
    findings = docstrings(source, spans, spans[3])
    assert [f.evidence["name"] for f in findings] == ["voided_orders"]
    assert "5 of 5" in findings[0].message


def test_sibling_modules_provide_the_norm():
    module, spans = compose(
        """\
        from .report import build_report
        """,
        UNDOCUMENTED_TOP_CUSTOMERS,
    )
    assert docstrings(module, spans, spans[0]) == []
    findings = docstrings(module, spans, spans[0], siblings=[dedent(REPORT_BUILDER)])
    assert len(findings) == 1
    assert "5 of 5 comparable public functions in this package have one" in findings[0].message


def test_syntax_error_elsewhere_in_file():
    broken = (
        REPORT_BUILDER
        + '''

    def export_pdf(totals):
        """Render totals as PDF (unfinished)."""
        pages = [render_page(region for region in totals]
    '''
    )
    source, spans = compose(broken, UNDOCUMENTED_TOP_CUSTOMERS, REST_TOP_CUSTOMERS)
    assert [f.evidence.get("style") for f in docstrings(source, spans, spans[0])] == [None]
    assert [f.evidence.get("style") for f in docstrings(source, spans, spans[1])] == ["reST"]


def test_overrides_and_methods_of_foreign_subclasses():
    documented = "".join(
        f'''
    def {name}(self, value):
        """{name.title()} the value."""
        checked = self.check(value)
        stored = self.store(checked)
        self.notify(stored)
        return stored
'''
        for name in ("load", "save", "update", "remove", "restore")
    )
    source = (
        "class Repository:\n"
        + documented
        + """

class CachedRepository(Repository):
    def load(self, value):
        cached = self.cache.get(value)
        if cached is None:
            cached = super().load(value)
        self.cache[value] = cached
        return cached


class Handler(socketserver.BaseRequestHandler):
    def handle_request(self, value):
        checked = self.check(value)
        stored = self.store(checked)
        self.notify(stored)
        return stored
"""
    )
    override = source.index("    def load(self, value):\n        cached")
    foreign = source.index("    def handle_request")
    spans = [(override, foreign), (foreign, len(source))]
    found = [f for f in check_conventions(source, spans, spans[0]) if f.code == DOCSTRING]
    assert found == []  # overrides Repository.load, documented there
    found = [f for f in check_conventions(source, spans, spans[1]) if f.code == DOCSTRING]
    # Handler's base is from elsewhere; its module documents 5 of 5 methods: still judged.
    assert [f.evidence["name"] for f in found] == ["handle_request"]


SHORT_READER = """

    def read_into(buffer, source, progress):
        count = source.readinto(buffer)
        progress.advance(len(buffer), done=count)
        return count
"""


def test_a_reformat_does_not_make_a_short_function_comparable():
    """Three logical lines need no docstring, however a formatter spreads them (the wild
    corpus's tuning set: rich's ``_Reader.readinto`` was judged once its call was spread
    one argument per line)."""
    spread = SHORT_READER.replace(
        "progress.advance(len(buffer), done=count)",
        "progress.advance(\n            len(buffer),\n            done=count,\n        )",
    )
    assert spread.count("\n") == SHORT_READER.count("\n") + 3
    for text in (SHORT_READER, spread):
        source, spans = compose(REPORT_BUILDER, AI(text))
        assert docstrings(source, spans, spans[0]) == []
    # one logical line more and the same function is judged, spread or not
    longer = spread.replace("        return count", "        source.close()\n        return count")
    source, spans = compose(REPORT_BUILDER, AI(longer))
    assert [f.evidence["name"] for f in docstrings(source, spans, spans[0])] == ["read_into"]
