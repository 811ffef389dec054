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
        await start_index(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls, params: types.DidChangeConfigurationParams) -> None:
        settings = plain(params.settings)
        if isinstance(settings, dict) and SECTION in settings:
            ls.session.apply_settings(settings[SECTION], folders={})  # pushed: one for all
        else:
            await pull_configuration(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def did_change_workspace_folders(
        ls, params: types.DidChangeWorkspaceFoldersParams
    ) -> None:
        await pull_configuration(ls)
        await start_index(ls)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls, params: None) -> None:
        ls.close_session()

    @server.feature(types.EXIT)
    def exit_(ls, params: None) -> None:
        ls.close_session()


def workspace_folders(ls) -> list[str]:
    """The workspace folder URIs (or the root URI when the client sends no folders)."""
    folders = [folder.uri for folder in ls.workspace.folders.values()]
    root = ls.workspace.root_uri
    return folders or ([root] if root else [])


async def start_index(ls) -> None:
    """Index every workspace folder (again, when the folders change)."""
    paths = (uri_to_path(uri) for uri in workspace_folders(ls))
    roots = [Path(path) for path in paths if path is not None]
    await ls.session.analysis.start_index(roots, lambda: list(ls.session.tracker.documents))


async def pull_configuration(ls) -> None:
    """Ask the client for the ``aidecay`` section, and each workspace folder's, when it can."""
    workspace = ls.client_capabilities.workspace
    if not (workspace and workspace.configuration):
        return
    folders = [folder.uri for folder in ls.workspace.folders.values()]
    items = [types.ConfigurationItem(section=SECTION)]
    items += [types.ConfigurationItem(scope_uri=uri, section=SECTION) for uri in folders]
    try:
        sections = await ls.workspace_configuration_async(types.ConfigurationParams(items=items))
    except Exception as exc:  # noqa: BLE001 - a client that fails to answer keeps the defaults
        log.warning("could not read the client's aidecay settings: %s", exc)
        return
    if not sections or len(sections) != len(items):
        log.warning("the client answered %d settings for %d asked", len(sections or []), len(items))
        return
    ls.session.apply_settings(
        plain(sections[0]), folders=dict(zip(folders, map(plain, sections[1:]), strict=True))
    )


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
