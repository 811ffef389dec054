"""Naming conventions: learned from human code only, AI regions flagged when they diverge."""

from __future__ import annotations

from textwrap import dedent

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aidecay.analysis.conventions import (
    NAMING,
    ConventionSettings,
    ConventionThresholds,
    Corpus,
    check_conventions,
    check_region,
    learn_all,
)
from aidecay.analysis.conventions.naming import learn_naming, naming_verdict
from aidecay.analysis.conventions.styles import classify_style
from aidecay.core.settings import NamingThresholds, Norm
from factories import AI, compose


def naming(source: str, spans, region, **kwargs):
    return [f for f in check_conventions(source, spans, region, **kwargs) if f.code == NAMING]


def flagged(source: str, findings) -> list[str]:
    return [source[f.start : f.end] for f in findings]


CONFIG_LOADER = '''\
    """Load and validate the service configuration."""

    import json
    import logging
    import os
    from pathlib import Path

    logger = logging.getLogger(__name__)

    DEFAULT_CONFIG_PATH = Path("/etc/service/config.json")
    ENV_PREFIX = "SERVICE_"
    MAX_CONFIG_SIZE = 1_000_000
    REQUIRED_KEYS = ("name", "listen_port", "database_url")


    class ConfigError(Exception):
        """Raised when the configuration is unusable."""


    class ConfigLoader:
        """Reads JSON configuration files and overlays environment variables."""

        def __init__(self, search_paths, env_prefix=ENV_PREFIX):
            self.search_paths = list(search_paths)
            self.env_prefix = env_prefix

        def find_config(self):
            for candidate_path in self.search_paths:
                if candidate_path.exists():
                    return candidate_path
            raise ConfigError("no configuration file found")

        def read_config(self, config_path):
            raw_text = config_path.read_text(encoding="utf-8")
            if len(raw_text) > MAX_CONFIG_SIZE:
                raise ConfigError(f"{config_path} is too large")
            return json.loads(raw_text)

        def apply_env_overrides(self, settings):
            merged_settings = dict(settings)
            for env_name, env_value in os.environ.items():
                if env_name.startswith(self.env_prefix):
                    setting_key = env_name[len(self.env_prefix):].lower()
                    merged_settings[setting_key] = env_value
            return merged_settings

        def load(self):
            config_path = self.find_config()
            settings = self.apply_env_overrides(self.read_config(config_path))
            validate_settings(settings)
            return settings


    def validate_settings(settings):
        missing_keys = [key for key in REQUIRED_KEYS if key not in settings]
        if missing_keys:
            raise ConfigError(f"missing keys: {', '.join(missing_keys)}")


    def coerce_port(raw_port):
        port_number = int(raw_port)
        if not 0 < port_number < 65536:
            raise ConfigError(f"invalid port {raw_port}")
        return port_number


    def load_default_config():
        loader = ConfigLoader([DEFAULT_CONFIG_PATH])
        return loader.load()
'''

CAMEL_HELPER = AI("""

    def parseConfigOverrides(rawOverrides, separatorChar="="):
        parsedOverrides = {}
        for overrideLine in rawOverrides.splitlines():
            keyPart, _, valuePart = overrideLine.partition(separatorChar)
            parsedOverrides[keyPart.strip()] = valuePart.strip()
        return parsedOverrides
""")

SNAKE_HELPER = AI("""

    def parse_config_overrides(raw_overrides, separator="="):
        parsed_overrides = {}
        for override_line in raw_overrides.splitlines():
            key_part, _, value_part = override_line.partition(separator)
            parsed_overrides[key_part.strip()] = value_part.strip()
        return parsed_overrides
""")


@pytest.mark.parametrize(
    ("name", "style"),
    [
        ("load_config", "snake_case"),
        ("_private_helper", "snake_case"),
        ("parseConfig", "camelCase"),
        ("getHTTPResponse", "camelCase"),
        ("ConfigLoader", "PascalCase"),
        ("HTTPClient", "PascalCase"),
        ("MAX_RETRIES", "UPPER_CASE"),
        ("load", "lowercase word"),
        ("URL", "uppercase word"),
        ("visit_FunctionDef", "mixed-case"),
        ("__init__", None),
        ("_", None),
        ("i", None),
        ("x1", None),
    ],
)
def test_classify_style(name, style):
    assert classify_style(name) == style


def test_camel_case_helper_in_snake_case_module_is_flagged():
    source, spans = compose(CONFIG_LOADER, CAMEL_HELPER)
    findings = naming(source, spans, spans[0])

    names = flagged(source, findings)
    assert names == [
        "parseConfigOverrides",
        "rawOverrides",
        "separatorChar",
        "parsedOverrides",
        "overrideLine",
        "keyPart",
        "valuePart",
    ]
    by_name = dict(zip(names, findings, strict=True))
    assert by_name["parseConfigOverrides"].message == (
        "function name 'parseConfigOverrides' is camelCase; "
        "this module names functions and methods in snake_case (6 of 6)"
    )
    # One-word names (``loader``) fit every style and are not counted as evidence.
    # candidate_path, raw_text, merged_settings, env_name, ... port_number, loader
    assert by_name["parsedOverrides"].message == (
        "variable name 'parsedOverrides' is camelCase; "
        "this module names local variables in snake_case (9 of 9)"
    )
    assert by_name["parsedOverrides"].evidence == {
        "kind": "variable",
        "name": "parsedOverrides",
        "style": "camelCase",
        "expected": "snake_case",
        "matching": 9,
        "total": 9,
        "scope": "module",
        "same_style": 0,
    }
    for finding in findings:
        assert spans[0][0] <= finding.start < finding.end <= spans[0][1]


def test_messages_carry_exact_counts():
    source, spans = compose(CONFIG_LOADER, CAMEL_HELPER)
    findings = {source[f.start : f.end]: f for f in naming(source, spans, spans[0])}
    argument = findings["rawOverrides"]
    # search_paths, env_prefix, config_path, raw_port: four arguments prove a style (one-word
    # ones prove nothing), too few on their own, so local variables are pooled with them.
    assert argument.message == (
        "argument name 'rawOverrides' is camelCase; this module names arguments and local "
        "variables in snake_case (13 of 13)"
    )


def test_matching_region_is_not_flagged():
    source, spans = compose(CONFIG_LOADER, SNAKE_HELPER)
    assert naming(source, spans, spans[0]) == []


def test_too_few_samples_means_no_convention():
    source, spans = compose(
        """\
        import json


        def read_settings(settings_path):
            with open(settings_path) as handle:
                return json.load(handle)
        """,
        CAMEL_HELPER,
    )
    assert naming(source, spans, spans[0]) == []
    lowered = ConventionSettings(
        thresholds=ConventionThresholds(naming=NamingThresholds(norm=Norm(min_samples=1)))
    )
    assert "parseConfigOverrides" in flagged(
        source, naming(source, spans, spans[0], settings=lowered)
    )


def test_mixed_human_conventions_are_not_enforced():
    source, spans = compose(
        """\
        def load_users(db):
            return db.query("users")


        def loadGroups(db):
            return db.query("groups")


        def save_user(db, user):
            db.insert("users", user)


        def saveGroup(db, group):
            db.insert("groups", group)


        def delete_user(db, user):
            db.delete("users", user)


        def deleteGroup(db, group):
            db.delete("groups", group)
        """,
        AI("""

        def findUserGroups(db, user):
            return [g for g in loadGroups(db) if user in g.members]
        """),
    )
    assert "findUserGroups" not in flagged(source, naming(source, spans, spans[0]))


def test_ai_code_does_not_count_towards_the_norm():
    human = """\
        def fetch_orders(client):
            return client.get("/orders")


        def fetch_invoices(client):
            return client.get("/invoices")


        def fetch_customers(client):
            return client.get("/customers")


        def cancel_order(client, order_id):
            return client.post(f"/orders/{order_id}/cancel")


        def refund_invoice(client, invoice_id):
            return client.post(f"/invoices/{invoice_id}/refund")
        """
    ai_parts = [
        AI(f"""

        def sync{entity}s(client):
            return client.get("/{entity.lower()}s?sync=1")


        def export{entity}Report(client):
            return client.get("/{entity.lower()}s/report")
        """)
        for entity in ("Order", "Invoice", "Customer", "Shipment")
    ]
    source, spans = compose(human, *ai_parts)
    # 8 camelCase AI functions vs 5 snake_case human ones: the human ones still set the norm.
    findings = naming(source, spans, spans[1])
    assert flagged(source, findings) == ["syncInvoices", "exportInvoiceReport"]
    assert "snake_case (5 of 5)" in findings[0].message

    as_if_human = learn_naming(Corpus.of(source))
    assert naming_verdict(as_if_human, "function", NamingThresholds()) is None


def test_framework_overrides_are_not_flagged():
    source, spans = compose(
        CONFIG_LOADER,
        AI("""

        import ast
        import unittest
        from http.server import BaseHTTPRequestHandler


        class NameCollector(ast.NodeVisitor):
            def __init__(self):
                self.seen_names = set()

            def visit_Name(self, node):
                self.seen_names.add(node.id)
                self.generic_visit(node)

            def visit_FunctionDef(self, node):
                self.seen_names.add(node.name)
                self.generic_visit(node)


        class HealthHandler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.end_headers()


        class ConfigLoaderTest(unittest.TestCase):
            def setUp(self):
                self.loader = ConfigLoader([DEFAULT_CONFIG_PATH])

            def tearDown(self):
                self.loader = None

            @classmethod
            def setUpClass(cls):
                cls.fixture_dir = "fixtures"

            def test_find_config(self):
                for i, x in enumerate(self.loader.search_paths):
                    assert x is not None, i
        """),
    )
    assert naming(source, spans, spans[0]) == []


def test_camel_methods_of_foreign_subclass_allowed_when_human_code_does_it():
    human = (
        CONFIG_LOADER
        + """

    from PySide6.QtCore import QAbstractTableModel


    class SettingsTableModel(QAbstractTableModel):
        def __init__(self, settings):
            super().__init__()
            self.rows = sorted(settings.items())

        def rowCount(self, parent=None):
            return len(self.rows)

        def columnCount(self, parent=None):
            return 2

        def refreshRows(self, settings):
            self.beginResetModel()
            self.rows = sorted(settings.items())
            self.endResetModel()

        def row_for_key(self, key):
            return next(i for i, row in enumerate(self.rows) if row[0] == key)

        def export_rows(self):
            return list(self.rows)


    class SettingsHistory:
        def __init__(self):
            self.snapshots = []

        def record_snapshot(self, settings):
            self.snapshots.append(dict(settings))

        def latest_snapshot(self):
            return self.snapshots[-1] if self.snapshots else None

        def diff_snapshots(self, older, newer):
            return {key: newer[key] for key in newer if older.get(key) != newer[key]}

        def clear_history(self):
            self.snapshots.clear()
    """
    )
    ai_region = AI("""

    class OverridesTableModel(QAbstractTableModel):
        def __init__(self, overrides):
            super().__init__()
            self.overrides = overrides

        def rowCount(self, parent=None):
            return len(self.overrides)

        def clearOverrides(self):
            self.beginResetModel()
            self.overrides = {}
            self.endResetModel()


    class OverrideStore:
        def __init__(self):
            self.values = {}

        def resetValues(self):
            self.values.clear()
    """)
    source, spans = compose(human, ai_region)
    names = flagged(source, naming(source, spans, spans[0]))
    # The Qt subclass follows the human Qt subclass; the plain class does not.
    assert names == ["resetValues"]

    without_human_qt, spans2 = compose(CONFIG_LOADER, ai_region)
    assert flagged(without_human_qt, naming(without_human_qt, spans2, spans2[0])) == [
        "clearOverrides",
        "resetValues",
    ]


def test_names_imported_from_elsewhere_are_not_flagged():
    source, spans = compose(
        CONFIG_LOADER,
        AI("""

        from legacy_settings import loadLegacyConfig, retryPolicy

        loadLegacyConfig = retryPolicy(attempts=3)(loadLegacyConfig)
        """),
    )
    assert naming(source, spans, spans[0]) == []


def test_class_and_module_level_names():
    source, spans = compose(
        CONFIG_LOADER,
        """

        class SecretResolver:
            pass


        class VaultClient:
            pass


        class EnvironmentReader:
            pass


        RETRY_LIMIT = 3
        """,
        AI("""

        defaultTimeoutSeconds = 30
        _resolved_cache = {}
        ResolverMap = dict[str, SecretResolver]


        class secret_cache:
            pass
        """),
    )
    findings = {source[f.start : f.end]: f for f in naming(source, spans, spans[0])}
    assert set(findings) == {"defaultTimeoutSeconds", "secret_cache"}
    assert "UPPER_CASE or snake_case (5 of 5)" in findings["defaultTimeoutSeconds"].message
    assert findings["secret_cache"].message == (
        "class name 'secret_cache' is snake_case; this module names classes in PascalCase (5 of 5)"
    )


def test_sibling_modules_provide_a_package_convention():
    module, spans = compose(
        """\
        from .loader import ConfigLoader


        def reload_config(loader):
            return loader.load()
        """,
        CAMEL_HELPER,
    )
    sibling = dedent(CONFIG_LOADER)
    assert naming(module, spans, spans[0]) == []

    findings = naming(module, spans, spans[0], siblings=[sibling])
    function = next(f for f in findings if f.evidence["name"] == "parseConfigOverrides")
    assert "this package names functions and methods in snake_case (7 of 7)" in function.message
    assert function.evidence["scope"] == "package"


def test_syntax_error_elsewhere_in_file():
    broken = (
        CONFIG_LOADER
        + """

    def half_written(settings:
        return settings[
    """
    )
    source, spans = compose(broken, CAMEL_HELPER)
    names = flagged(source, naming(source, spans, spans[0]))
    assert "parseConfigOverrides" in names and "parsedOverrides" in names


def test_learn_once_check_many_regions_and_disable():
    source, spans = compose(CONFIG_LOADER, CAMEL_HELPER, "\n\nVERSION = 2\n", SNAKE_HELPER)
    learned = learn_all(source, spans)
    first = [f for f in check_region(learned, spans[0]) if f.code == NAMING]
    second = [f for f in check_region(learned, spans[1]) if f.code == NAMING]
    assert len(first) == 7 and second == []
    off = ConventionSettings(disabled=frozenset({NAMING}))
    assert [f for f in check_region(learned, spans[0], off) if f.code == NAMING] == []


def test_offsets_survive_unicode_and_crlf():
    human = "# Configuración — módulo\r\n" + dedent(CONFIG_LOADER).replace("\n", "\r\n")
    human += "RETRY_LIMIT = 3\r\n"
    ai_text = '\r\n\r\nlabel = "café"; maxRetries = 3\r\n\r\ndef déjàVu(): return "ü"\r\n'
    source = human + ai_text
    span = (len(human), len(source))
    names = flagged(source, naming(source, [span], span))
    assert names == ["maxRetries", "déjàVu"]


@pytest.mark.parametrize(
    "source",
    [
        "",
        "\x00\x00",
        "def (:\n\tclass",
        "class A(:\n    def m(self):\n        return (\n",
        "é" * 50,
    ],
)
def test_never_raises_on_garbage(source):
    spans = [(0, len(source))]
    assert check_conventions(source, spans, spans[0]) == []
    assert check_conventions(source, [], (0, len(source)), siblings=[source, "x ="]) == []


def test_one_word_names_prove_no_style():
    source, spans = compose(
        """\
        def load(path):
            return open(path).read()


        def parse(text):
            return text.split()


        def render(items):
            return ", ".join(items)


        def save(path, text):
            open(path, "w").write(text)


        def sortKeys(mapping):
            return sorted(mapping)
        """,
        AI("""

        def build_index(rows):
            return {row[0]: row for row in rows}
        """),
    )
    # Four one-word names fit both snake_case and camelCase: only one name proves a style.
    assert naming(source, spans, spans[0]) == []


def test_class_methods_set_the_convention_for_their_class():
    source, _ = compose(
        """\
        def read_config(path):
            return open(path).read()


        def write_config(path, text):
            open(path, "w").write(text)


        def parse_config(text):
            return dict(line.split("=", 1) for line in text.splitlines())


        def merge_configs(first, second):
            return {**first, **second}


        def dump_config(config):
            return "\\n".join(f"{k}={v}" for k, v in config.items())


        class LineReceiver:
            def dataReceived(self, data):
                self.buffer += data

            def lineReceived(self, line):
                self.lines.append(line)

            def connectionMade(self):
                self.buffer = b""

            def connectionLost(self, reason):
                self.lines.clear()

            def sendLine(self, line):
                self.transport.write(line + b"\\r\\n")
        """,
    )
    ai = (
        "\n    def clearLineBuffer(self):\n        self.buffer = b''\n"
        "\n    def send_lines(self, lines):\n        for line in lines:\n"
        "            self.sendLine(line)\n"
    )
    spans = [(len(source), len(source) + len(ai))]
    source += ai
    findings = naming(source, spans, spans[0])
    assert flagged(source, findings) == ["send_lines"]
    assert findings[0].message == (
        "method name 'send_lines' is snake_case; this class names methods in camelCase (5 of 5)"
    )


def test_private_helpers_are_not_judged_by_the_public_api():
    public = "".join(
        f"\n\ndef parse{name}(text):\n    return _split_tokens(text)\n"
        for name in ("Number", "String", "Keyword", "Operator", "Comment", "Literal")
    )
    source, spans = compose(
        "def _split_tokens(text):\n    return text.split()\n" + public,
        AI("""

        def _join_tokens(tokens):
            return " ".join(tokens)
        """),
    )
    assert naming(source, spans, spans[0]) == []


words = st.sampled_from(["load", "save", "parse", "render", "merge", "split", "count", "check"])


@given(
    explicit=st.lists(st.tuples(words, words), max_size=9, unique=True),
    one_word=st.lists(words, max_size=6, unique=True),
)
def test_a_convention_needs_five_names_that_prove_a_style(explicit, one_word):
    """Reference model: the camelCase AI function is flagged iff at least five human
    function names are snake_case with two words (one-word names prove nothing)."""
    human = [f"{a}_{b}_items" for a, b in explicit] + list(one_word)
    source = "".join(f"def {name}(x):\n    return x\n\n\n" for name in human)
    ai = "def mergeAllItems(x):\n    return x\n"
    span = (len(source), len(source) + len(ai))
    found = flagged(source + ai, naming(source + ai, [span], span))
    assert ("mergeAllItems" in found) == (len(explicit) >= 5)
