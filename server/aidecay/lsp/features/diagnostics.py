"""Decay findings as LSP diagnostics: published with the document version, or pulled."""

from __future__ import annotations

import logging
from pathlib import Path

from lsprotocol import types

from aidecay.analysis.engine import AnalysisResult
from aidecay.analysis.rules.model import DecayFinding
from aidecay.lsp.convert import plain

log = logging.getLogger(__name__)

SOURCE = "aidecay"
DOCS_URL = "https://github.com/aidecay/aidecay/blob/main/docs/diagnostics.md"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def register(server) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False
        ),
    )
    async def pull(
        ls, params: types.DocumentDiagnosticParams
    ) -> types.FullDocumentDiagnosticReport:
        runner = ls.session.analysis
        uri = params.text_document.uri
        result = runner.results.get(uri)
        if result is None and ls.session.settings.analysis.enabled:
            result = await runner.analyze_now(uri)
        items = to_diagnostics(result) if result is not None else []
        return types.FullDocumentDiagnosticReport(items=items)


def pull_supported(ls) -> bool:
    document = ls.client_capabilities.text_document
    return bool(document and document.diagnostic)


def on_result(ls, uri: str, result: AnalysisResult) -> None:
    """Publish (push clients) or ask the client to pull again (pull clients)."""
    if pull_supported(ls):
        workspace = ls.client_capabilities.workspace
        if workspace and workspace.diagnostics and workspace.diagnostics.refresh_support:
            ls.workspace_diagnostic_refresh(None)
        return
    publish(ls, uri, to_diagnostics(result), result.version)


def publish(ls, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
    )


def clear(ls, uri: str) -> None:
    if not pull_supported(ls):
        publish(ls, uri, [], None)


def to_diagnostics(result: AnalysisResult) -> list[types.Diagnostic]:
    """The result's findings as LSP diagnostics: ranges and severities as the pass decided."""
    return [_diagnostic(finding) for finding in result.findings if finding.range is not None]


def _diagnostic(finding: DecayFinding) -> types.Diagnostic:
    (start_line, start_char), (end_line, end_char) = finding.range
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=Path(item.path).as_uri(),
                range=types.Range(
                    start=types.Position(item.start_line, 0),
                    end=types.Position(item.end_line + 1, 0),
                ),
            ),
            message=item.message,
        )
        for item in finding.related
    ]
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(start_line, start_char), end=types.Position(end_line, end_char)
        ),
        message=finding.message,
        severity=SEVERITY[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=f"{DOCS_URL}#{finding.code}"),
        source=SOURCE,
        related_information=related or None,
        data={"regionId": finding.region_id},
    )


def region_id_of(diagnostic: types.Diagnostic) -> str | None:
    """The region an aidecay diagnostic belongs to (from its ``data``)."""
    if diagnostic.source != SOURCE:
        return None
    data = plain(diagnostic.data)
    if isinstance(data, dict) and isinstance(data.get("regionId"), str):
        return data["regionId"]
    return None
