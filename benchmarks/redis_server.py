"""A Redis server for the lookup benchmark's peer: Debian's package (installed with
apt-get when absent, as the tests' PostgreSQL is), on loopback only, nothing written
to disk, stopped at the end."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from postgres_server import apt_install, free_port


def _binary() -> str:
    """The server's program, installing Debian's ``redis-server`` first when absent."""
    found = shutil.which("redis-server")
    if not found:
        apt_install("redis-server")
        found = shutil.which("redis-server")
        if not found:
            raise RuntimeError("apt-get installed redis-server, but it was not found")
    return found


@contextmanager
def server() -> Iterator[tuple[str, int]]:
    """A running server's host and port; stopped (and its folder removed) afterwards."""
    folder = tempfile.mkdtemp(prefix="provenance-redis-")
    port = free_port()
    process = subprocess.Popen(
        [
            *(_binary(), "--bind", "127.0.0.1", "--port", str(port), "--dir", folder),
            *("--save", "", "--appendonly", "no", "--protected-mode", "yes"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("redis-server did not start")
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
