"""Type-hint conventions: unannotated AI code among annotated human code, and the reverse."""

from __future__ import annotations

from aidecay.analysis.conventions import (
    TYPE_HINT,
    ConventionSettings,
    ConventionThresholds,
    check_conventions,
)
from aidecay.core.settings import TypeHintThresholds
from factories import AI, compose


def hints(source: str, spans, region, **kwargs):
    return [f for f in check_conventions(source, spans, region, **kwargs) if f.code == TYPE_HINT]


HTTP_CLIENT = '''\
    """Thin wrapper around requests for the billing API."""

    from __future__ import annotations

    from typing import Any

    import requests


    class BillingClient:
        """Authenticated client for the billing service."""

        def __init__(self, base_url: str, token: str, timeout: float = 10.0):
            self.base_url = base_url.rstrip("/")
            self.timeout = timeout
            self.session = requests.Session()
            self.session.headers["Authorization"] = f"Bearer {token}"

        def _url(self, path: str) -> str:
            return f"{self.base_url}/{path.lstrip('/')}"

        def get_json(self, path: str, **params: Any) -> dict[str, Any]:
            response = self.session.get(self._url(path), params=params, timeout=self.timeout)
            response.raise_for_status()
            return response.json()

        def post_json(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
            response = self.session.post(self._url(path), json=payload, timeout=self.timeout)
            response.raise_for_status()
            return response.json()

        def close(self) -> None:
            self.session.close()


    def list_invoices(client: BillingClient, customer_id: str) -> list[dict[str, Any]]:
        return client.get_json("invoices", customer=customer_id)["items"]


    def invoice_total(invoice: dict[str, Any]) -> float:
        return sum(line["amount"] for line in invoice["lines"])
'''

UNTYPED_FETCH = AI("""

    def fetch_invoice_pdf(client, invoice_id, save_to=None):
        response = client.session.get(client._url(f"invoices/{invoice_id}/pdf"))
        response.raise_for_status()
        if save_to:
            with open(save_to, "wb") as handle:
                handle.write(response.content)
        return response.content
""")

TYPED_FETCH = AI("""

    def fetch_invoice_pdf(
        client: BillingClient, invoice_id: str, save_to: str | None = None
    ) -> bytes:
        response = client.session.get(client._url(f"invoices/{invoice_id}/pdf"))
        response.raise_for_status()
        return response.content
""")


def test_unannotated_function_among_annotated_is_flagged():
    source, spans = compose(HTTP_CLIENT, UNTYPED_FETCH)
    findings = hints(source, spans, spans[0])
    assert len(findings) == 1
    finding = findings[0]
    assert source[finding.start : finding.end] == "fetch_invoice_pdf"
    assert finding.message == (
        "function 'fetch_invoice_pdf' has no type hints for parameters client, invoice_id, "
        "save_to and return type; 6 of 6 functions in this module annotate their parameters; "
        "6 of 6 functions in this module annotate their return type"
    )
    assert finding.evidence["unannotated"] == ["client", "invoice_id", "save_to"]
    assert finding.evidence["params_total"] == 6
    assert finding.evidence["returns_total"] == 6


def test_annotated_region_is_not_flagged():
    source, spans = compose(HTTP_CLIENT, TYPED_FETCH)
    assert hints(source, spans, spans[0]) == []


def test_self_and_init_return_are_not_required():
    source, spans = compose(
        HTTP_CLIENT,
        AI("""

        class RetryingBillingClient(BillingClient):
            def __init__(self, base_url: str, token: str, retries: int = 3):
                super().__init__(base_url, token)
                self.retries = retries

            @classmethod
            def from_env(cls, environ: dict[str, str]) -> RetryingBillingClient:
                return cls(environ["BILLING_URL"], environ["BILLING_TOKEN"])

            def get_json(self, path: str, **params: Any) -> dict[str, Any]:
                for attempt in range(self.retries):
                    try:
                        return super().get_json(path, **params)
                    except requests.ConnectionError:
                        if attempt == self.retries - 1:
                            raise
                raise RuntimeError("unreachable")
        """),
    )
    assert hints(source, spans, spans[0]) == []


def test_missing_return_annotation_only():
    source, spans = compose(
        HTTP_CLIENT,
        AI("""

        def void_invoice(client: BillingClient, invoice_id: str):
            return client.post_json(f"invoices/{invoice_id}/void", {})
        """),
    )
    findings = hints(source, spans, spans[0])
    assert len(findings) == 1
    assert findings[0].message == (
        "function 'void_invoice' has no type hints for return type; "
        "6 of 6 functions in this module annotate their return type"
    )


def test_partially_annotated_parameters():
    source, spans = compose(
        HTTP_CLIENT,
        AI("""

        def credit_note(client: BillingClient, invoice_id, reason: str) -> dict[str, Any]:
            return client.post_json("credit-notes", {"invoice": invoice_id, "reason": reason})
        """),
    )
    findings = hints(source, spans, spans[0])
    assert [f.evidence["unannotated"] for f in findings] == [["invoice_id"]]
    assert "no type hints for parameter invoice_id;" in findings[0].message


UNTYPED_SCRIPT = '''\
    """Nightly export of the billing ledger to the data warehouse."""

    import csv
    import datetime


    def ledger_path(day):
        return f"/data/ledger/{day:%Y-%m-%d}.csv"


    def read_ledger(path):
        with open(path, newline="") as handle:
            return list(csv.DictReader(handle))


    def normalise(row):
        row["amount"] = float(row["amount"])
        return row


    def filter_settled(rows):
        return [row for row in rows if row["status"] == "settled"]


    def upload(rows, warehouse):
        warehouse.insert_many("ledger", rows)


    def run(warehouse, day=None):
        day = day or datetime.date.today()
        rows = [normalise(row) for row in read_ledger(ledger_path(day))]
        upload(filter_settled(rows), warehouse)
'''

TYPED_HELPER = AI("""

    def summarise(rows: list[dict[str, float]]) -> dict[str, float]:
        totals: dict[str, float] = {}
        for row in rows:
            totals[row["account"]] = totals.get(row["account"], 0.0) + row["amount"]
        return totals
""")


def test_annotations_in_never_annotated_module_are_not_decay_by_default():
    source, spans = compose(UNTYPED_SCRIPT, TYPED_HELPER)
    assert hints(source, spans, spans[0]) == []
    noted = ConventionSettings(
        thresholds=ConventionThresholds(typehints=TypeHintThresholds(report_added=True))
    )
    findings = hints(source, spans, spans[0], settings=noted)
    assert len(findings) == 1
    assert findings[0].message == (
        "function 'summarise' is type-annotated; no function in this module uses type hints "
        "(0 of 6)"
    )
    assert findings[0].evidence["reverse"] is True


def test_reverse_needs_enough_samples():
    short_script = """\
        import csv


        def read_ledger(path):
            with open(path, newline="") as handle:
                return list(csv.DictReader(handle))


        def filter_settled(rows):
            return [row for row in rows if row["status"] == "settled"]
        """
    source, spans = compose(short_script, TYPED_HELPER)
    noted = ConventionSettings(
        thresholds=ConventionThresholds(typehints=TypeHintThresholds(report_added=True))
    )
    assert hints(source, spans, spans[0], settings=noted) == []


def test_untyped_region_in_untyped_module_is_fine():
    source, spans = compose(UNTYPED_SCRIPT, UNTYPED_FETCH)
    assert hints(source, spans, spans[0]) == []


def test_half_annotated_module_has_no_convention():
    source, spans = compose(
        """\
        def parse_amount(text: str) -> float:
            return float(text.replace(",", ""))


        def format_amount(value):
            return f"{value:,.2f}"


        def parse_currency(text: str) -> str:
            return text.strip().upper()[:3]


        def format_currency(code):
            return code.upper()
        """,
        UNTYPED_FETCH,
        TYPED_HELPER,
    )
    assert hints(source, spans, spans[0]) == []
    assert hints(source, spans, spans[1]) == []


def test_untyped_ai_code_does_not_weaken_the_norm():
    ai_parts = [
        AI(f"""

        def {verb}_invoice(client, invoice_id):
            return client.post_json(f"invoices/{{invoice_id}}/{verb}", {{}})
        """)
        for verb in ("send", "remind", "archive", "reopen", "dispute", "escalate", "settle")
    ]
    source, spans = compose(HTTP_CLIENT, *ai_parts)
    findings = hints(source, spans, spans[-1])
    assert [f.evidence["name"] for f in findings] == ["settle_invoice"]
    assert "6 of 6" in findings[0].message


def test_syntax_error_elsewhere_in_file():
    broken = (
        HTTP_CLIENT
        + """

    def refund(client: BillingClient, invoice_id: str) -> dict[str, Any]:
        return client.post_json(f"invoices/{invoice_id}/refund", {"amount":
    """
    )
    source, spans = compose(broken, UNTYPED_FETCH)
    findings = hints(source, spans, spans[0])
    assert [f.evidence["name"] for f in findings] == ["fetch_invoice_pdf"]
