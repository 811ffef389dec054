"""What the detectors learned, said back: rule, support, scope and examples per aspect."""

from __future__ import annotations

from textwrap import dedent

from aidecay.analysis.conventions import (
    NAMING,
    Corpus,
    check_region,
    describe,
    learn_all,
)
from aidecay.analysis.conventions.source import parse_source

HUMAN = dedent('''\
    """Invoice helpers."""

    import logging

    log = logging.getLogger(__name__)


    def load_invoice(store: dict, invoice_id: str) -> dict:
        """Fetch one invoice.

        Args:
            invoice_id: its key.
        """
        try:
            record = store[invoice_id]
        except KeyError:
            log.warning("no invoice %s", invoice_id)
            raise
        return dict(record)


    def total_due(lines: list) -> float:
        """Sum what is still owed.

        Args:
            lines: invoice lines.
        """
        amount = 0.0
        try:
            for line in lines:
                amount += line["price"] * line["qty"]
        except (KeyError, TypeError):
            log.exception("bad invoice line")
            raise
        return amount


    def late_fee(days: int) -> float:
        """Fee for a late payment.

        Args:
            days: days late.
        """
        if days <= 0:
            return 0.0
        fee = 2.5 * days
        return min(fee, 50.0)


    def format_total(amount: float) -> str:
        """Money as text.

        Args:
            amount: the sum.
        """
        cents = round(amount * 100)
        whole, rest = divmod(cents, 100)
        log.debug("formatting %s", amount)
        return f"{whole}.{rest:02d}"


    def save_invoice(store: dict, invoice: dict) -> None:
        """Store one invoice.

        Args:
            invoice: the invoice.
        """
        try:
            store[invoice["id"]] = invoice
        except TypeError:
            log.error("unhashable id")
            raise
        log.info("saved %s", invoice["id"])
''')

AI_CODE = dedent("""\


    def computeDiscount(rateValue, baseAmount):
        discountValue = rateValue * baseAmount
        try:
            return round(discountValue, 2)
        except:
            pass
        print(discountValue)
""")


def by_aspect(conventions):
    return {c.aspect: c for c in conventions}


def line_of(source: str, needle: str) -> int:
    return source[: source.index(needle)].count("\n") + 1


def test_rules_support_scope_and_examples_of_the_human_code():
    source = HUMAN + AI_CODE
    ai = [(len(HUMAN), len(source))]
    found = by_aspect(describe(learn_all(source, ai)))

    names = found["function names"]
    assert names.rule == "functions are named in snake_case"
    assert names.support == "5 of 5 functions"
    assert names.tally.scope == "module"
    assert [(e.symbol, e.line, e.path) for e in names.examples] == [
        ("load_invoice", line_of(source, "def load_invoice"), None),
        ("total_due", line_of(source, "def total_due"), None),
    ]
    assert found["docstrings"].rule == "public functions of 4+ logical lines have a docstring"
    assert found["docstrings"].support == "5 of 5 comparable public functions"
    assert found["docstring style"].rule == "docstrings are Google-style"
    assert found["parameter type hints"].support == "5 of 5 functions with parameters"
    assert found["return type hints"].rule == "return types are annotated"
    assert found["bare except"].rule is not None
    assert found["bare except"].examples[0].symbol == "except KeyError"
    assert found["print vs logging"].support == "5 of 5 print and logging calls"
    assert found["print vs logging"].examples[0].symbol == "log.warning()"


def test_ai_code_is_neither_support_nor_example():
    source = HUMAN + AI_CODE
    as_if_human = by_aspect(describe(learn_all(source, [])))
    assert as_if_human["function names"].support == "5 of 6 functions"
    assert as_if_human["bare except"].rule is None
    assert as_if_human["print vs logging"].rule is None


def test_described_rules_are_the_ones_checks_enforce():
    source = HUMAN + AI_CODE
    ai = (len(HUMAN), len(source))
    learned = learn_all(source, [ai])
    described = {c.code for c in describe(learned) if c.rule is not None}
    flagged = {f.code for f in check_region(learned, ai)}
    assert flagged <= described
    naming = next(f for f in check_region(learned, ai) if f.code == NAMING)
    rule = by_aspect(describe(learned))["function names"]
    assert (naming.evidence["matching"], naming.evidence["total"]) == (
        rule.tally.hits,
        rule.tally.total,
    )


def test_no_clear_convention_when_the_human_code_is_mixed_or_sparse():
    mixed = "def load_a():\n    pass\n\ndef loadB():\n    pass\n\ndef load_c():\n    pass\n"
    found = by_aspect(describe(learn_all(mixed, [])))
    assert found["function names"].rule is None
    assert found["function names"].examples == ()
    assert found["docstrings"].rule is None
    assert found["docstrings"].support == "0 of 0 comparable public functions"


def test_a_package_rule_names_the_sibling_it_comes_from():
    sibling = parse_source(HUMAN, "/repo/invoices/core.py")
    lonely = "def apply_credit(account, credit_amount):\n    return account - credit_amount\n"
    corpus = Corpus.of(lonely, [], [sibling])
    found = by_aspect(describe(learn_all(corpus.parsed, [], corpus.siblings)))
    names = found["function names"]
    assert names.tally.scope == "package"
    assert names.examples[0].path is None
    assert names.examples[0].symbol == "apply_credit"
    docs = found["docstrings"]
    assert docs.tally.scope == "package"
    assert docs.examples[0].path == "/repo/invoices/core.py"
    assert docs.examples[0].line == line_of(HUMAN, "def load_invoice")
