"""The pure parts of launch safety: path hardening, shadow detection, the safe argv."""

from __future__ import annotations

import types

from aidecay.safety import drop_working_directory, module_command, shadowed_modules


def test_the_working_directory_leaves_sys_path_in_every_spelling(tmp_path):
    here = str(tmp_path)
    path = ["", ".", here, here + "/", "/usr/lib/python3.11", str(tmp_path / "sub")]
    assert drop_working_directory(path, here) == ["/usr/lib/python3.11", str(tmp_path / "sub")]


def _module(name: str, file: str | None) -> types.ModuleType:
    module = types.ModuleType(name)
    if file is not None:
        module.__file__ = file
    return module


def test_shadowed_modules_are_stdlib_or_dependency_names_from_untrusted_places(tmp_path):
    lib, ws = tmp_path / "lib", tmp_path / "ws"
    modules = {
        "json": _module("json", str(lib / "json/__init__.py")),  # where it belongs
        "queue": _module("queue", str(ws / "queue.py")),  # planted
        "pygls.server": _module("pygls.server", str(ws / "pygls/server.py")),  # planted dep
        "orders": _module("orders", str(ws / "orders.py")),  # the user's own module: not ours
        "sys": _module("sys", None),  # built in
        "gone": None,
    }
    found = shadowed_modules(modules, [str(lib)], stdlib_names={"json", "queue", "sys"})
    assert found == [
        ("pygls.server", str(ws / "pygls/server.py")),
        ("queue", str(ws / "queue.py")),
    ]


def test_module_command_uses_safe_path_mode_or_drops_the_first_entry():
    assert module_command("aidecay", "py", (3, 12, 0)) == ["py", "-P", "-m", "aidecay"]
    old = module_command("aidecay", "py", (3, 10, 13))
    assert old[:2] == ["py", "-c"] and old[2].startswith("import sys; del sys.path[0];")
