"""Lifecycle and settings: initialize, configuration pull and push, shutdown."""

from __future__ import annotations

import logging
from pathlib import Path

from lsprotocol import types

from aidecay.core.uris import uri_to_path
from aidecay.lsp.convert import plain
from aidecay.lsp.features.progress import IndexProgress

log = logging.getLogger(__name__)

SECTION = "aidecay"


def register(server) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls, params: types.InitializeParams) -> None:
        session = ls.start_session(plain(params.initialization_options))
        session.set_encoding(str(ls.workspace.position_encoding or "utf-16"))

    @server.feature(types.INITIALIZED)
    async def initialized(ls, params: types.InitializedParams) -> None:
        await _register_file_watcher(ls)
        await pull_configuration(ls)
        ls.session.analysis.on_index_progress = IndexProgress(ls).update
        await ls.session.analysis.start_index(workspace_root(ls))

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls, params: types.DidChangeConfigurationParams) -> None:
        settings = plain(params.settings)
        if isinstance(settings, dict) and SECTION in settings:
            ls.session.configure(settings[SECTION])
        else:
            await pull_configuration(ls)
        ls.session.analysis.schedule_all()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls, params: None) -> None:
        ls.close_session()

    @server.feature(types.EXIT)
    def exit_(ls, params: None) -> None:
        ls.close_session()


def workspace_root(ls) -> Path | None:
    """The first workspace folder (or the root URI), as a local path."""
    folders = ls.workspace.folders
    uri = next(iter(folders.values())).uri if folders else ls.workspace.root_uri
    path = uri_to_path(uri) if uri else None
    return Path(path) if path else None


async def pull_configuration(ls) -> None:
    """Ask the client for the ``aidecay`` section, when it can answer."""
    workspace = ls.client_capabilities.workspace
    if not (workspace and workspace.configuration):
        return
    try:
        (section,) = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
        )
    except Exception as exc:  # noqa: BLE001 - a client that fails to answer keeps the defaults
        log.warning("could not read the client's aidecay settings: %s", exc)
        return
    if section is not None:
        ls.session.configure(plain(section))


async def _register_file_watcher(ls) -> None:
    """Watch files so edits made outside the editor re-anchor tracked regions."""
    workspace = ls.client_capabilities.workspace
    watched = workspace and workspace.did_change_watched_files
    if not (watched and watched.dynamic_registration):
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern="**/*")]
    )
    try:
        await ls.client_register_capability_async(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="aidecay-watch",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=options,
                    )
                ]
            )
        )
    except Exception as exc:  # noqa: BLE001
        log.warning("could not register a file watcher: %s", exc)
