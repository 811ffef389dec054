// The profile and workspace of the code-server run: User settings, the Python files a person
// "wrote" before the session, planted modules (setup.mjs) and a git history with an agent's
// commit for `aidecay replay` (firstHour.mjs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as setup from './checks/setup.mjs';
import { gitWorkspace } from './checks/firstHour.mjs';
import { ORDERS } from './checks/churn.mjs';

/** The User settings of the fresh profile. */
export function profileSettings(python) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'editor.inlineSuggest.enabled': true,
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.suggestOnTriggerCharacters': false,
    'editor.wordBasedSuggestions': 'off',
    'editor.minimap.enabled': false,
    'editor.fontSize': 14,
    'window.commandCenter': false,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'aidecay.interpreter': python,
    'aidecay.capture.pasteAsAI': true,
    'aidecay.capture.aiExtensions': ['aidecay-e2e.fake-ai', 'github.copilot', 'github.copilot-chat'],
    'aidecay.trace.server': 'off',
  };
}

const APP = `"""A small command-line tool."""
import logging
import os

log = logging.getLogger(__name__)


def read_config(path):
    """Read the configuration file."""
    with open(path) as handle:
        return handle.read()


def parse_line(line):
    """Split a line into a key and a value."""
    key, _, value = line.partition("=")
    return key.strip(), value.strip()


def main():
    """Entry point."""
    print("hello")
`;
const HELPERS = `"""Helpers for files."""
import logging
import os

log = logging.getLogger(__name__)


def file_exists(file_path):
    """Whether the file exists."""
    return os.path.exists(file_path)


def read_text(file_path):
    """Read a text file."""
    try:
        with open(file_path) as handle:
            return handle.read()
    except OSError as error:
        log.warning("cannot read %s: %s", file_path, error)
        return ""


def line_count(file_path):
    """Count the lines of a file."""
    return len(read_text(file_path).splitlines())


def is_python(file_path):
    """Whether the file is a Python module."""
    return file_path.endswith(".py")


def base_dir(file_path):
    """The directory of a file."""
    return os.path.dirname(file_path)
`;

/**
 * Writes the profile's settings and the workspace's files; returns the folder whose files
 * mark an import of a planted module.
 */
export function makeWorkspace({ run, userData, workspace, python }) {
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(profileSettings(python), null, 2));
  writeFileSync(join(workspace, 'app.py'), APP);
  writeFileSync(join(workspace, 'helpers.py'), HELPERS);
  const markers = join(run, 'markers');
  setup.plantModules(workspace, markers);
  // A git repository with an agent's commit, for `aidecay replay` during the run.
  gitWorkspace(workspace, (name, text) => writeFileSync(join(workspace, name), text));
  // Not committed: the churn check marks its function as AI-written by hand.
  writeFileSync(join(workspace, 'orders.py'), ORDERS);
  return markers;
}
