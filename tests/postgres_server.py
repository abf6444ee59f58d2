"""A PostgreSQL server for the tests: Debian's packages (installed with apt-get when
absent), a cluster in a temporary folder, listening on loopback only, stopped and
removed afterwards. Nothing is downloaded but the packages."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_ROOT = Path("/usr/lib/postgresql")


def _binaries() -> Path | None:
    found = sorted(
        (p for p in _ROOT.glob("*/bin") if (p / "postgres").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return found[-1] if found else None


def apt_install(package: str) -> None:
    """Install one of Debian's packages with apt-get (as root), quietly."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError(
            f"{package} is not installed, and only root can install it with apt-get here: "
            f"apt-get install {package}"
        )
    quiet = {
        "stdout": subprocess.DEVNULL,
        "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    }
    subprocess.run(["apt-get", "update", "-q"], check=True, **quiet)  # type: ignore[call-overload]
    subprocess.run(["apt-get", "install", "-y", "-q", package], check=True, **quiet)  # type: ignore[call-overload]


def binaries() -> Path:
    """The folder of the server's programs, installing Debian's ``postgresql`` first
    when it is absent (as root)."""
    found = _binaries()
    if found is None:
        apt_install("postgresql")
        found = _binaries()
        if found is None:
            raise RuntimeError("apt-get installed postgresql, but its server was not found")
    return found


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_PREFIX = "provenance-pg-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop(bin_dir: Path, folder: Path, as_user: list[str]) -> None:
    pg_ctl = [*as_user, str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-w"]
    subprocess.run([*pg_ctl, "-m", "fast", "stop"], check=False, capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


def _stop_strays(bin_dir: Path, as_user: list[str]) -> None:
    """Stop the clusters of earlier sessions that were killed before they could stop
    them (their owner process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(_PREFIX + "*"):
        owner = folder / "owner"
        try:
            pid = int(owner.read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        if not _alive(pid):
            _stop(bin_dir, folder, as_user)


@contextmanager
def server() -> Iterator[str]:
    """A running server; its address, to the ``postgres`` database, as the user
    ``provenance`` (trusted on loopback: a throwaway cluster). A cluster that an
    earlier, killed session left running is stopped first."""
    bin_dir = binaries()
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    _stop_strays(bin_dir, as_user)
    folder = Path(tempfile.mkdtemp(prefix=_PREFIX))
    (folder / "owner").write_text(str(os.getpid()), encoding="ascii")
    data = folder / "data"
    if as_user:  # the server refuses to run as root: it runs as postgres
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    run = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "provenance", "--auth=trust"]
    subprocess.run([*as_user, *initdb, "-E", "UTF8", "--no-locale"], **run)  # type: ignore[call-overload]
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder}"
    pg_ctl = [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-w"]
    subprocess.run([*pg_ctl, "-o", options, "-l", str(folder / "log"), "start"], **run)  # type: ignore[call-overload]
    try:
        yield f"postgresql://provenance@127.0.0.1:{port}/postgres"
    finally:
        _stop(bin_dir, folder, as_user)
