"""The `aidecay` command itself: --version, serve over TCP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

from aidecay import __version__


def test_version():
    out = subprocess.run(
        [sys.executable, "-m", "aidecay", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"aidecay {__version__}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_over_tcp(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aidecay",
            "serve",
            "--tcp",
            f"127.0.0.1:{port}",
            "--db",
            str(tmp_path / "t.db"),
        ],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline, "server did not listen"
                time.sleep(0.1)
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {}},
            }
        )
        conn.sendall(f"Content-Length: {len(body)}\r\n\r\n{body}".encode())
        data = b""
        while b'"id": 1' not in data and b'"id":1' not in data:
            chunk = conn.recv(65536)
            assert chunk, "connection closed"
            data += chunk
        assert b'"name": "aidecay"' in data or b'"name":"aidecay"' in data
        conn.close()
    finally:
        server.kill()
        server.wait()


def test_serve_rejects_a_malformed_tcp_address():
    out = subprocess.run(
        [sys.executable, "-m", "aidecay", "serve", "--tcp", "nonsense"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2 and "HOST:PORT" in out.stderr


async def test_serve_accepts_the_stdio_flag_clients_add(tmp_path):
    from helpers import running_server

    async with running_server(tmp_path / "s.db", extra_args=["--stdio"]) as client:
        assert client.init_result.server_info.name == "aidecay"
