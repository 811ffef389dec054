"""Keep workspace files out of the server's imports.

aidecay runs in every folder a developer opens, so it treats the folder as hostile: no file of it
may be imported by the server or by any process the server starts. ``python -m aidecay`` and
``python -c`` put the working directory first on ``sys.path``; :func:`harden_sys_path` takes it
off again before anything else is imported, :func:`shadowed_modules` finds standard-library or
dependency modules that were nevertheless loaded from somewhere else, and ``aidecay serve`` moves
to :func:`neutral_directory` so the processes it starts (the analysis child, its pool) do not
begin in the workspace either.

Only ``os`` and ``sys`` are imported at module level: both are loaded before any user code.
"""

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: nothing may be imported before the path is hardened
    from collections.abc import Iterable, Mapping
    from pathlib import Path
    from types import ModuleType

#: Top-level packages the server imports besides the standard library.
DEPENDENCIES = frozenset(
    {"aidecay", "attrs", "cattrs", "lsprotocol", "parso", "platformdirs", "pygls"}
    | {"radon", "rich", "sqlite_utils"}
    | {"mcp", "mcp_types", "pydantic", "pydantic_core", "anyio"}  # aidecay mcp
)

STDLIB_NAMES = frozenset(getattr(sys, "stdlib_module_names", ()))


def _real(path: str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return path


def drop_working_directory(path: "Iterable[str]", cwd: str) -> "list[str]":
    """``path`` without the entries that mean the working directory ('' , '.', ``cwd``)."""
    here = _real(cwd)
    return [entry for entry in path if entry not in ("", ".") and _real(entry) != here]


def harden_sys_path() -> None:
    """Remove the working directory from ``sys.path`` (``python -m`` and ``-c`` put it first)."""
    try:
        cwd = os.getcwd()
    except OSError:  # the folder was deleted under us: nothing can be imported from it
        cwd = ""
    sys.path[:] = drop_working_directory(sys.path, cwd)


def trusted_directories() -> "list[str]":
    """Where standard-library and dependency modules may legitimately come from."""
    import site
    import sysconfig
    from pathlib import Path

    paths = sysconfig.get_paths()
    dirs = [paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib") if key in paths]
    dirs += site.getsitepackages() if hasattr(site, "getsitepackages") else []
    if getattr(site, "ENABLE_USER_SITE", False):
        dirs.append(site.getusersitepackages())
    own_root = Path(__file__).resolve().parent.parent  # aidecay's own source or install root
    dirs.append(str(own_root))
    return [_real(d) for d in dirs if d]


def _inside(path: str, directories: "Iterable[str]") -> bool:
    return any(path == d or path.startswith(d.rstrip(os.sep) + os.sep) for d in directories)


def shadowed_modules(
    modules: "Mapping[str, ModuleType | None]",
    trusted: "Iterable[str]",
    stdlib_names: "Iterable[str]" = STDLIB_NAMES,
) -> "list[tuple[str, str]]":
    """(name, file) of loaded standard-library or dependency modules from outside ``trusted``."""
    guarded = set(stdlib_names) | DEPENDENCIES
    trusted = [_real(d) for d in trusted]
    found = []
    for name, module in list(modules.items()):
        if name.partition(".")[0] not in guarded or module is None:
            continue
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or not file:
            continue  # built-in, frozen without a file, or a namespace package
        real = _real(file)
        if not _inside(real, trusted):
            found.append((name, real))
    return sorted(found)


def shadowing_message(found: "list[tuple[str, str]]") -> str:
    shown = ", ".join(f"'{name}' from {file}" for name, file in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    return (
        f"aidecay: refusing to run: modules it depends on were loaded from outside Python's "
        f"library folders: {shown}{more}. A folder on sys.path (the working directory or "
        f"PYTHONPATH) shadows them, and code from it has run. Start aidecay from another "
        f"directory, with `python -P -m aidecay serve` or the `aidecay` command, and check "
        f"PYTHONPATH."
    )


def neutral_directory() -> "Path":
    """A private folder to run in: aidecay's own data folder (created 0700)."""
    import platformdirs

    folder = platformdirs.user_data_path("aidecay", appauthor=False)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def module_command(
    module: str, python: str = sys.executable, version: "tuple[int, ...]" = sys.version_info
) -> "list[str]":
    """The argv that runs ``python -m module`` without the working directory on ``sys.path``.

    Python 3.11+ has safe-path mode (``-P``); on 3.10, ``-c`` code drops the working directory
    (its first entry) before importing anything else.
    """
    if tuple(version[:2]) >= (3, 11):
        return [python, "-P", "-m", module]
    bootstrap = (
        "import sys; del sys.path[0]; import runpy; "
        f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)"
    )
    return [python, "-c", bootstrap]
