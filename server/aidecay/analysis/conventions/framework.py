"""Names dictated by frameworks and the standard library rather than by the module's author."""

from __future__ import annotations

import re

# fmt: off
_FRAMEWORK_NAMES = frozenset((
    # unittest / Django test cases
    "setUp", "tearDown", "setUpClass", "tearDownClass", "setUpModule", "tearDownModule",
    "setUpTestData", "asyncSetUp", "asyncTearDown", "runTest", "shortDescription",
    "countTestCases", "defaultTestResult",
    # xml.sax content handlers
    "startElement", "endElement", "startElementNS", "endElementNS", "startDocument",
    "endDocument", "startPrefixMapping", "endPrefixMapping", "setDocumentLocator",
    "ignorableWhitespace", "processingInstruction", "skippedEntity",
    # logging handlers and formatters
    "handleError", "makeRecord", "getMessage", "formatTime", "formatException", "formatStack",
    "usesTime", "createLock",
    # Qt item models and widgets
    "sizeHint", "minimumSizeHint", "rowCount", "columnCount", "headerData", "setData",
    "hasChildren", "canFetchMore", "fetchMore", "mimeData", "mimeTypes", "dropMimeData",
    "supportedDropActions", "roleNames", "eventFilter", "initializeGL", "paintGL", "resizeGL",
))
_NEUTRAL_BASES = frozenset((
    "object", "Generic", "Protocol", "ABC", "NamedTuple", "TypedDict",
    "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag",
))
# fmt: on
_FRAMEWORK_PATTERN = re.compile(r"(?:visit|depart|leave|enter)_\w+|do_[A-Z]+")
_EVENT_HANDLER = re.compile(r"[a-z]+(?:[A-Z][a-z]*)*Event")


def framework_reason(name: str, foreign_class: bool) -> str | None:
    """Why a function/method name is dictated by a framework, if it is.

    ``foreign_class``: the method belongs to a class with a base defined elsewhere.
    """
    if name in _FRAMEWORK_NAMES or _FRAMEWORK_PATTERN.fullmatch(name):
        return "framework hook"
    if foreign_class and _EVENT_HANDLER.fullmatch(name):
        return "framework event handler"
    return None


def is_neutral_base(name: str) -> bool:
    """Bases that impose no method names (object, Protocol, Enum, exceptions...)."""
    return name in _NEUTRAL_BASES or name.endswith(("Error", "Exception", "Warning"))
